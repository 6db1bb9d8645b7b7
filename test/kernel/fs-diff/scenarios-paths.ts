// The path operations: stat/lstat, mkdir, rm, rmdir, unlink, rename, link, symlink, truncate, copyFile, with
// their results, the tree they leave and their errors (which carry path and, for two-path ops, dest).
import { constants } from 'node:fs';
import { basename, join } from 'node:path';
import { rmSync } from 'node:fs';
import { s, withFifo, type Scenario } from './harness.ts';

const { COPYFILE_EXCL, COPYFILE_FICLONE, COPYFILE_FICLONE_FORCE } = constants;

export const pathScenarios: Scenario[] = [
  // stat / lstat
  s('stat: file', (fs, d) => fs.stat(join(d, 'a.txt'))),
  s('stat: directory', (fs, d) => fs.stat(join(d, 'sub'))),
  s('stat: bigint', (fs, d) => fs.stat(join(d, 'bin'), { bigint: true })),
  s('stat: follows a symlink', (fs, d) => fs.stat(join(d, 'link'))),
  s('stat: dangling symlink ENOENT', (fs, d) => fs.stat(join(d, 'dangling'))),
  s('stat: symlink loop ELOOP', (fs, d) => fs.stat(join(d, 'loop1'))),
  s('stat: missing ENOENT', (fs, d) => fs.stat(join(d, 'missing'))),
  s('stat: through a file ENOTDIR', (fs, d) => fs.stat(join(d, 'a.txt/x'))),
  s('stat: trailing slash on a file ENOTDIR', (fs, d) => fs.stat(`${join(d, 'a.txt')}/`)),
  s('stat: /dev/null (character device)', (fs) => fs.stat('/dev/null')),
  s('stat: FIFO', (fs, d) => fs.stat(join(d, 'fifo')), withFifo),
  s('stat: /proc/self/status', (fs) => fs.stat('/proc/self/status')),
  s('lstat: symlink', (fs, d) => fs.lstat(join(d, 'link'))),
  s('lstat: dangling symlink', (fs, d) => fs.lstat(join(d, 'dangling'), { bigint: true })),
  s('lstat: file', (fs, d) => fs.lstat(join(d, 'ro.txt'))),
  s('lstat: missing ENOENT', (fs, d) => fs.lstat(join(d, 'missing'))),
  s('lstat: loop ELOOP in the middle', (fs, d) => fs.lstat(join(d, 'loop1/x'))),
  // mkdir
  s('mkdir: new', (fs, d) => fs.mkdir(join(d, 'n'))),
  s('mkdir: mode', (fs, d) => fs.mkdir(join(d, 'n'), 0o700)),
  s('mkdir: mode in options', (fs, d) => fs.mkdir(join(d, 'n'), { mode: 0o750 })),
  s('mkdir: existing EEXIST', (fs, d) => fs.mkdir(join(d, 'sub'))),
  s('mkdir: over a file EEXIST', (fs, d) => fs.mkdir(join(d, 'a.txt'))),
  s('mkdir: parent missing ENOENT', (fs, d) => fs.mkdir(join(d, 'x/y'))),
  s('mkdir: recursive returns the first dir created', (fs, d) => fs.mkdir(join(d, 'x/y/z'), { recursive: true })),
  s('mkdir: recursive below an existing dir', (fs, d) => fs.mkdir(join(d, 'sub/deep/n1/n2'), { recursive: true })),
  s('mkdir: recursive on an existing dir', (fs, d) => fs.mkdir(join(d, 'sub/deep'), { recursive: true })),
  s('mkdir: recursive with mode', (fs, d) => fs.mkdir(join(d, 'm1/m2'), { recursive: true, mode: 0o711 })),
  s('mkdir: recursive through a file ENOTDIR', (fs, d) => fs.mkdir(join(d, 'a.txt/x/y'), { recursive: true })),
  s('mkdir: recursive on an existing file EEXIST', (fs, d) => fs.mkdir(join(d, 'a.txt'), { recursive: true })),
  s('mkdir: recursive through a dir symlink', (fs, d) => fs.mkdir(join(d, 'dirlink/n'), { recursive: true })),
  s('mkdir: recursive relative with ..', (fs, d) => fs.mkdir(join(d, 'sub/../q/r'), { recursive: true })),
  s('mkdir: name too long ENAMETOOLONG', (fs, d) => fs.mkdir(join(d, 'x'.repeat(300)))),
  s('mkdir: in /proc/self ENOENT', (fs) => fs.mkdir('/proc/self/fsdiff-x')),
  // rm
  s('rm: file', (fs, d) => fs.rm(join(d, 'a.txt'))),
  s('rm: missing ENOENT', (fs, d) => fs.rm(join(d, 'missing'))),
  s('rm: missing with force', (fs, d) => fs.rm(join(d, 'missing'), { force: true })),
  s('rm: directory without recursive ERR_FS_EISDIR', (fs, d) => fs.rm(join(d, 'sub'))),
  s('rm: empty directory without recursive', (fs, d) => fs.rm(join(d, 'emptydir'))),
  s('rm: directory recursive', (fs, d) => fs.rm(join(d, 'sub'), { recursive: true })),
  s('rm: recursive and force on missing', (fs, d) => fs.rm(join(d, 'nope/x'), { recursive: true, force: true })),
  s('rm: symlink to a dir removes the link only', (fs, d) => fs.rm(join(d, 'dirlink'), { recursive: true })),
  s('rm: dangling symlink', (fs, d) => fs.rm(join(d, 'dangling'))),
  s('rm: through a file ENOTDIR', (fs, d) => fs.rm(join(d, 'a.txt/x'))),
  s('rm: through a file ENOTDIR with force', (fs, d) => fs.rm(join(d, 'a.txt/x'), { force: true })),
  // rmdir
  s('rmdir: empty', (fs, d) => fs.rmdir(join(d, 'emptydir'))),
  s('rmdir: non-empty ENOTEMPTY', (fs, d) => fs.rmdir(join(d, 'sub'))),
  s('rmdir: a file ENOTDIR', (fs, d) => fs.rmdir(join(d, 'a.txt'))),
  s('rmdir: missing ENOENT', (fs, d) => fs.rmdir(join(d, 'missing'))),
  s('rmdir: a symlink to a dir ENOTDIR', (fs, d) => fs.rmdir(join(d, 'dirlink'))),
  s('rmdir: dot EINVAL', (fs, d) => fs.rmdir(`${join(d, 'emptydir')}/.`)),
  s('rmdir: /proc/self ENOTDIR (a symlink)', (fs) => fs.rmdir('/proc/self')),
  // unlink
  s('unlink: file', (fs, d) => fs.unlink(join(d, 'a.txt'))),
  s('unlink: symlink, not its target', (fs, d) => fs.unlink(join(d, 'link'))),
  s('unlink: directory (EISDIR, as the kernel says)', (fs, d) => fs.unlink(join(d, 'sub'))),
  s('unlink: missing ENOENT', (fs, d) => fs.unlink(join(d, 'missing'))),
  s('unlink: /proc/self/status EPERM (even as root)', (fs) => fs.unlink('/proc/self/status')),
  // rename
  s('rename: file', (fs, d) => fs.rename(join(d, 'a.txt'), join(d, 'moved.txt'))),
  s('rename: over an existing file', (fs, d) => fs.rename(join(d, 'a.txt'), join(d, 'ro.txt'))),
  s('rename: into a subdir', (fs, d) => fs.rename(join(d, 'a.txt'), join(d, 'sub/a.txt'))),
  s('rename: missing source ENOENT (path and dest)', (fs, d) => fs.rename(join(d, 'missing'), join(d, 'x'))),
  s('rename: dest dir missing ENOENT', (fs, d) => fs.rename(join(d, 'a.txt'), join(d, 'nodir/x'))),
  s('rename: dir onto a non-empty dir ENOTEMPTY', (fs, d) => fs.rename(join(d, 'emptydir'), join(d, 'sub'))),
  s('rename: dir onto an empty dir', (fs, d) => fs.rename(join(d, 'sub'), join(d, 'emptydir'))),
  s('rename: file onto a dir EISDIR', (fs, d) => fs.rename(join(d, 'a.txt'), join(d, 'sub'))),
  s('rename: dir onto a file ENOTDIR', (fs, d) => fs.rename(join(d, 'sub'), join(d, 'a.txt'))),
  s('rename: dir into itself EINVAL', (fs, d) => fs.rename(join(d, 'sub'), join(d, 'sub/deep/x'))),
  s('rename: a symlink', (fs, d) => fs.rename(join(d, 'dangling'), join(d, 'dangling2'))),
  s('rename: to itself', (fs, d) => fs.rename(join(d, 'a.txt'), join(d, 'a.txt'))),
  s('rename: across devices EXDEV (/tmp -> /dev/shm)', async (fs, d) => {
    const shm = `/dev/shm/${basename(d)}`;
    try {
      return await fs.rename(join(d, 'a.txt'), shm);
    } finally {
      rmSync(shm, { force: true });
    }
  }),
  // link
  s('link: new hard link', (fs, d) => fs.link(join(d, 'a.txt'), join(d, 'hard'))),
  s('link: existing dest EEXIST', (fs, d) => fs.link(join(d, 'a.txt'), join(d, 'ro.txt'))),
  s('link: missing source ENOENT', (fs, d) => fs.link(join(d, 'missing'), join(d, 'hard'))),
  s('link: a directory EPERM', (fs, d) => fs.link(join(d, 'sub'), join(d, 'hard'))),
  s('link: to a symlink links the symlink itself', (fs, d) => fs.link(join(d, 'dangling'), join(d, 'hard'))),
  s('link: across devices EXDEV', async (fs, d) => {
    const shm = `/dev/shm/${basename(d)}`;
    try {
      return await fs.link(join(d, 'a.txt'), shm);
    } finally {
      rmSync(shm, { force: true });
    }
  }),
  // symlink
  s('symlink: relative target', (fs, d) => fs.symlink('a.txt', join(d, 's'))),
  s('symlink: absolute target', (fs, d) => fs.symlink(join(d, 'sub'), join(d, 's'))),
  s('symlink: type dir', (fs, d) => fs.symlink('sub', join(d, 's'), 'dir')),
  s('symlink: type junction', (fs, d) => fs.symlink('sub', join(d, 's'), 'junction')),
  s('symlink: type file to a missing target', (fs, d) => fs.symlink('missing', join(d, 's'), 'file')),
  s('symlink: existing path EEXIST', (fs, d) => fs.symlink('x', join(d, 'a.txt'))),
  s('symlink: parent missing ENOENT', (fs, d) => fs.symlink('x', join(d, 'nodir/s'))),
  s('symlink: bad type ERR_INVALID_ARG_VALUE', (fs, d) => fs.symlink('x', join(d, 's'), 'bogus')),
  s('symlink: Buffer target', (fs, d) => fs.symlink(Buffer.from('a.txt'), join(d, 's'))),
  // truncate (path)
  s('truncate: shorter', (fs, d) => fs.truncate(join(d, 'a.txt'), 4)),
  s('truncate: longer', (fs, d) => fs.truncate(join(d, 'a.txt'), 50)),
  s('truncate: len omitted', (fs, d) => fs.truncate(join(d, 'a.txt'))),
  s('truncate: missing ENOENT', (fs, d) => fs.truncate(join(d, 'missing'), 1)),
  s('truncate: directory EISDIR', (fs, d) => fs.truncate(join(d, 'sub'), 0)),
  s('truncate: negative length', (fs, d) => fs.truncate(join(d, 'a.txt'), -3)),
  s('truncate: fractional length', (fs, d) => fs.truncate(join(d, 'a.txt'), 2.5)),
  s('truncate: string length ERR_INVALID_ARG_TYPE', (fs, d) => fs.truncate(join(d, 'a.txt'), '3' as never)),
  // copyFile
  s('copyFile: new dest', (fs, d) => fs.copyFile(join(d, 'bin'), join(d, 'copy'))),
  s('copyFile: overwrites an existing dest', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'sub/b.txt'))),
  s('copyFile: COPYFILE_EXCL on existing EEXIST', (fs, d) =>
    fs.copyFile(join(d, 'a.txt'), join(d, 'ro.txt'), COPYFILE_EXCL),
  ),
  s('copyFile: COPYFILE_EXCL on new', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'c'), COPYFILE_EXCL)),
  s('copyFile: COPYFILE_FICLONE falls back to a copy', (fs, d) =>
    fs.copyFile(join(d, 'a.txt'), join(d, 'c'), COPYFILE_FICLONE),
  ),
  s('copyFile: COPYFILE_FICLONE_FORCE (no reflink on this fs)', (fs, d) =>
    fs.copyFile(join(d, 'a.txt'), join(d, 'c'), COPYFILE_FICLONE_FORCE),
  ),
  s('copyFile: mode preserved', (fs, d) => fs.copyFile(join(d, 'ro.txt'), join(d, 'c'))),
  s('copyFile: missing source ENOENT', (fs, d) => fs.copyFile(join(d, 'missing'), join(d, 'c'))),
  s('copyFile: dest is a directory EISDIR', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'sub'))),
  s('copyFile: source is a directory', (fs, d) => fs.copyFile(join(d, 'sub'), join(d, 'c'))),
  s('copyFile: empty file', (fs, d) => fs.copyFile(join(d, 'empty'), join(d, 'c'))),
  s('copyFile: through a symlink', (fs, d) => fs.copyFile(join(d, 'link'), join(d, 'c'))),
  s('copyFile: onto itself', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'a.txt'))),
  s('copyFile: bad mode ERR_OUT_OF_RANGE', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'c'), 8)),
  s('copyFile: /proc/self/status (zero-size special file)', async (fs, d) => {
    await fs.copyFile('/proc/self/status', join(d, 'c'));
    return (await fs.stat(join(d, 'c'))).size > 0;
  }),
  s('copyFile: across devices (/tmp -> /dev/shm)', async (fs, d) => {
    const shm = `/dev/shm/${basename(d)}`;
    try {
      await fs.copyFile(join(d, 'bin'), shm);
      return (await fs.readFile(shm)).equals((await fs.readFile(join(d, 'bin'))) as Buffer);
    } finally {
      rmSync(shm, { force: true });
    }
  }),
];
