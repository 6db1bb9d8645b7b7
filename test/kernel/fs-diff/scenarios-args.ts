// Argument validation (Node's ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE and their messages),
// the errnos not covered elsewhere, and many operations at once (the tree they leave compared).
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { bytes, s, type Scenario } from './harness.ts';

const bad = <T>(v: unknown): T => v as T;

export const argScenarios: Scenario[] = [
  s('args: readFile path is an object', (fs) => fs.readFile(bad({}))),
  s('args: readFile path is undefined', (fs) => fs.readFile(bad(undefined))),
  s('args: readFile path with a NUL byte', (fs, d) => fs.readFile(join(d, 'a\0b'))),
  s('args: readFile unknown encoding', (fs, d) => fs.readFile(join(d, 'a.txt'), bad('utf-9'))),
  s('args: readFile options is a number', (fs, d) => fs.readFile(join(d, 'a.txt'), bad(5))),
  s('args: readFile bad flag', (fs, d) => fs.readFile(join(d, 'a.txt'), { flag: 'q' })),
  s('args: readFile signal is not a signal', (fs, d) => fs.readFile(join(d, 'a.txt'), { signal: bad({}) })),
  s('args: writeFile data is a number', (fs, d) => fs.writeFile(join(d, 'x'), bad(123))),
  s('args: writeFile data is a plain object', (fs, d) => fs.writeFile(join(d, 'x'), bad({ a: 1 }))),
  s('args: writeFile data is null', (fs, d) => fs.writeFile(join(d, 'x'), bad(null))),
  s('args: writeFile bad mode', (fs, d) => fs.writeFile(join(d, 'x'), 'x', { mode: bad('abc') })),
  s('args: writeFile mode out of range', (fs, d) => fs.writeFile(join(d, 'x'), 'x', { mode: 0o1777777 })),
  s('args: writeFile unknown encoding', (fs, d) => fs.writeFile(join(d, 'x'), 'x', bad({ encoding: 'bogus' }))),
  s('args: appendFile data is a boolean', (fs, d) => fs.appendFile(join(d, 'x'), bad(true))),
  s('args: open flags is an object', (fs, d) => fs.open(join(d, 'a.txt'), bad({}))),
  s('args: open unknown flag string', (fs, d) => fs.open(join(d, 'a.txt'), 'rw')),
  s('args: open mode is a bad string', (fs, d) => fs.open(join(d, 'n'), 'w', bad('9'))),
  s('args: open path is a number', (fs) => fs.open(bad(0))),
  s('args: stat path is an array', (fs) => fs.stat(bad(['x']))),
  s('args: stat options is a string', (fs, d) => fs.stat(join(d, 'a.txt'), bad('bigint'))),
  s('args: mkdir recursive is not a boolean', (fs, d) => fs.mkdir(join(d, 'n'), { recursive: bad('yes') })),
  s('args: mkdir mode is a bad string', (fs, d) => fs.mkdir(join(d, 'n'), bad('x'))),
  s('args: rm recursive is not a boolean', (fs, d) => fs.rm(join(d, 'sub'), { recursive: bad(1) })),
  s('args: rm maxRetries negative', (fs, d) => fs.rm(join(d, 'a.txt'), { maxRetries: -1 })),
  s('args: rmdir path is null', (fs) => fs.rmdir(bad(null))),
  s('args: unlink path is a number', (fs) => fs.unlink(bad(3))),
  s('args: rename dest is missing', (fs, d) => fs.rename(join(d, 'a.txt'), bad(undefined))),
  s('args: link dest is an object', (fs, d) => fs.link(join(d, 'a.txt'), bad({}))),
  s('args: symlink target is a number', (fs, d) => fs.symlink(bad(1), join(d, 's'))),
  s('args: copyFile mode is a string', (fs, d) => fs.copyFile(join(d, 'a.txt'), join(d, 'c'), bad('1'))),
  s('args: copyFile dest is missing', (fs, d) => fs.copyFile(join(d, 'a.txt'), bad(undefined))),
  s('args: truncate len is NaN', (fs, d) => fs.truncate(join(d, 'a.txt'), Number.NaN)),
  s('args: fh.read position is an object', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    try {
      return await fh.read(Buffer.alloc(2), 0, 2, bad({}));
    } finally {
      await fh.close();
    }
  }),
  s('args: fh.read offset is a string', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    try {
      return await fh.read(Buffer.alloc(2), bad('1'), 1, 0);
    } finally {
      await fh.close();
    }
  }),
  s('args: fh.write position is a string', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    try {
      return await fh.write(Buffer.from('x'), 0, 1, bad('0'));
    } finally {
      await fh.close();
    }
  }),
  s('args: fh.truncate len is a string', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'), 'r+');
    try {
      return await fh.truncate(bad('1'));
    } finally {
      await fh.close();
    }
  }),
  s('args: fh.readv position is a string', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    try {
      return await fh.readv([Buffer.alloc(2)], bad('1'));
    } finally {
      await fh.close();
    }
  }),
];

export const errnoScenarios: Scenario[] = [
  s('errno: ENAMETOOLONG on stat', (fs, d) => fs.stat(join(d, 'z'.repeat(256)))),
  s('errno: ENAMETOOLONG on a 4096+ byte path', (fs, d) => fs.readFile(join(d, 'a/'.repeat(2048), 'x'))),
  s('errno: ENOTDIR on unlink through a file', (fs, d) => fs.unlink(join(d, 'a.txt/x'))),
  s('errno: ELOOP on mkdir under a loop', (fs, d) => fs.mkdir(join(d, 'loop1/x'))),
  s('errno: EINVAL writing /proc/self/stat', (fs) => fs.writeFile('/proc/self/stat', 'x')),
  s('errno: EIO writing /proc/version', (fs) => fs.writeFile('/proc/version', 'x')),
  s('errno: ENOENT symlink into /proc/self', (fs) => fs.symlink('x', '/proc/self/fsdiff-x')),
  s('errno: EISDIR appending to / ', (fs) => fs.appendFile('/', 'x')),
  s('errno: EEXIST mkdir /', (fs) => fs.mkdir('/')),
  s('errno: EBUSY or EPERM rmdir of a mount point', (fs) => fs.rmdir('/proc')),
];

export const concurrentScenarios: Scenario[] = [
  s('concurrent: 100 writeFile then 100 readFile', async (fs, d) => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => fs.writeFile(join(d, `f${i}`), bytes(i * 37, i))));
    const back = await Promise.all(Array.from({ length: 100 }, (_, i) => fs.readFile(join(d, `f${i}`))));
    return back.map((b) => b.length);
  }),
  s('concurrent: 100 mixed ops', async (fs, d) => {
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      const p = join(d, `m${i % 20}`);
      if (i < 20) ops.push(fs.writeFile(p, `v${i}`));
      else if (i % 4 === 0) ops.push(fs.stat(join(d, 'a.txt')).then((st) => st.size));
      else if (i % 4 === 1) ops.push(fs.readFile(join(d, 'bin')).then((b) => b.length));
      else if (i % 4 === 2) ops.push(fs.mkdir(join(d, `dir${i}`)));
      else ops.push(fs.readFile(join(d, `missing${i}`)).catch((e) => e.code));
    }
    return Promise.all(ops);
  }),
  s('concurrent: 100 appends to one file (sizes)', async (fs, d) => {
    await Promise.all(Array.from({ length: 100 }, () => fs.appendFile(join(d, 'log'), '0123456789')));
    return (await fs.stat(join(d, 'log'))).size;
  }),
  s('concurrent: 100 positioned writes on one handle', async (fs, d) => {
    const fh = await fs.open(join(d, 'grid'), 'w+');
    try {
      await Promise.all(Array.from({ length: 100 }, (_, i) => fh.write(String(i % 10).repeat(4), i * 4)));
      return await Promise.all(Array.from({ length: 100 }, (_, i) => fh.read(Buffer.alloc(4), 0, 4, i * 4)));
    } finally {
      await fh.close();
    }
  }),
  s('concurrent: 100 copyFile and rename', async (fs, d) => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => fs.copyFile(join(d, 'bin'), join(d, `c${i}`))));
    await Promise.all(Array.from({ length: 50 }, (_, i) => fs.rename(join(d, `c${i}`), join(d, 'sub', `r${i}`))));
  }),
];

/** What uring/fs delegates to node:fs/promises (no io_uring op): present, and the same results. */
export const delegatedScenarios: Scenario[] = [
  // Every name of node:fs/promises, with the same kind of value (extra names are no difference for a drop-in).
  s('exports: every node:fs/promises name', async (fs) =>
    Object.keys(nodeFs)
      .filter((k) => typeof (fs as Record<string, unknown>)[k] !== typeof (nodeFs as Record<string, unknown>)[k])
      .sort(),
  ),
  s('exports: constants', async (fs) => fs.constants),
  s('readdir: with file types', async (fs, d) =>
    (await fs.readdir(d, { withFileTypes: true })).map((e) => `${e.name}:${e.isFile()}:${e.isDirectory()}`).sort(),
  ),
  s('readdir: recursive', async (fs, d) => (await fs.readdir(d, { recursive: true })).sort()),
  s('access: missing ENOENT', (fs, d) => fs.access(join(d, 'missing'))),
  s('access: existing', (fs, d) => fs.access(join(d, 'a.txt'), fs.constants.R_OK)),
  s('chmod then stat', async (fs, d) => {
    await fs.chmod(join(d, 'a.txt'), 0o600);
    return (await fs.stat(join(d, 'a.txt'))).mode;
  }),
  s('utimes then stat', async (fs, d) => {
    await fs.utimes(join(d, 'a.txt'), 1000, 2000);
    const st = await fs.stat(join(d, 'a.txt'));
    return [st.atimeMs, st.mtimeMs];
  }),
  s('readlink and realpath', async (fs, d) => [
    await fs.readlink(join(d, 'link')),
    await fs.realpath(join(d, 'dirlink')),
  ]),
  s('readlink: not a link EINVAL', (fs, d) => fs.readlink(join(d, 'a.txt'))),
  s('cp: recursive copy of a dir', (fs, d) => fs.cp(join(d, 'sub'), join(d, 'copy'), { recursive: true })),
  s('mkdtemp: prefix in the dir', async (fs, d) => {
    const made = await fs.mkdtemp(join(d, 'tmp-'));
    await fs.rename(made, join(d, 'made')); // its random name would differ between the two runs
    return made.length - d.length;
  }),
];
