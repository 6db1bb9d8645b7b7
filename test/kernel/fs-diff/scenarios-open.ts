// open: every string flag, numeric O_* combinations, modes, and the errnos of path resolution; each scenario
// opens, does one read or write to show what the flags allowed, and closes.
import { constants } from 'node:fs';
import { join } from 'node:path';
import { s, type Fs, type Scenario } from './harness.ts';

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NOFOLLOW, O_DIRECTORY, O_SYNC } = constants;

/** Opens `name` with `flags` (and `mode`), then tries a read and a write at position 0 and closes. */
async function probe(fs: Fs, d: string, name: string, flags: string | number, mode?: number): Promise<unknown> {
  const fh = await fs.open(join(d, name), flags, mode);
  const out: Record<string, unknown> = { fdIsNumber: typeof fh.fd === 'number' && fh.fd >= 0 };
  try {
    const r = await fh.read(Buffer.alloc(16), 0, 16, 0);
    out.read = r.buffer.subarray(0, r.bytesRead).toString('latin1');
  } catch (e) {
    out.read = (e as NodeJS.ErrnoException).code;
  }
  try {
    out.wrote = (await fh.write('W', 0)).bytesWritten;
  } catch (e) {
    out.wrote = (e as NodeJS.ErrnoException).code;
  }
  await fh.close();
  return out;
}

export const openScenarios: Scenario[] = [
  s("open: 'r'", (fs, d) => probe(fs, d, 'a.txt', 'r')),
  s('open: default flags', async (fs, d) => {
    const fh = await fs.open(join(d, 'a.txt'));
    const r = await fh.read();
    await fh.close();
    return r.bytesRead;
  }),
  s("open: 'rs' (synchronous)", (fs, d) => probe(fs, d, 'a.txt', 'rs')),
  s("open: 'r+'", (fs, d) => probe(fs, d, 'a.txt', 'r+')),
  s("open: 'rs+'", (fs, d) => probe(fs, d, 'a.txt', 'rs+')),
  s("open: 'r+' missing ENOENT", (fs, d) => probe(fs, d, 'missing', 'r+')),
  s("open: 'w' truncates", (fs, d) => probe(fs, d, 'a.txt', 'w')),
  s("open: 'w' creates", (fs, d) => probe(fs, d, 'new', 'w')),
  s("open: 'w+'", (fs, d) => probe(fs, d, 'a.txt', 'w+')),
  s("open: 'wx' on new", (fs, d) => probe(fs, d, 'new', 'wx')),
  s("open: 'wx' on existing EEXIST", (fs, d) => probe(fs, d, 'a.txt', 'wx')),
  s("open: 'xw' alias on existing EEXIST", (fs, d) => probe(fs, d, 'a.txt', 'xw')),
  s("open: 'wx+' on a dangling symlink EEXIST", (fs, d) => probe(fs, d, 'dangling', 'wx+')),
  s("open: 'a' appends whatever the position", (fs, d) => probe(fs, d, 'a.txt', 'a')),
  s("open: 'a+'", (fs, d) => probe(fs, d, 'a.txt', 'a+')),
  s("open: 'ax' on existing EEXIST", (fs, d) => probe(fs, d, 'a.txt', 'ax')),
  s("open: 'ax+' on new", (fs, d) => probe(fs, d, 'new', 'ax+')),
  s("open: 'as'", (fs, d) => probe(fs, d, 'a.txt', 'as')),
  s("open: 'as+'", (fs, d) => probe(fs, d, 'new', 'as+')),
  s("open: 'w' with mode 0o640", (fs, d) => probe(fs, d, 'new', 'w', 0o640)),
  s("open: 'w' of a directory EISDIR", (fs, d) => probe(fs, d, 'sub', 'w')),
  s("open: 'r' of a directory succeeds, read EISDIR", (fs, d) => probe(fs, d, 'sub', 'r')),
  s('open: numeric O_RDONLY', (fs, d) => probe(fs, d, 'a.txt', O_RDONLY)),
  s('open: numeric O_WRONLY|O_APPEND', (fs, d) => probe(fs, d, 'a.txt', O_WRONLY | O_APPEND)),
  s('open: numeric O_RDWR|O_CREAT|O_EXCL with mode', (fs, d) => probe(fs, d, 'new', O_RDWR | O_CREAT | O_EXCL, 0o600)),
  s('open: numeric O_RDWR|O_TRUNC|O_SYNC', (fs, d) => probe(fs, d, 'a.txt', O_RDWR | O_TRUNC | O_SYNC)),
  s('open: numeric O_NOFOLLOW on a symlink ELOOP', (fs, d) => probe(fs, d, 'link', O_RDONLY | O_NOFOLLOW)),
  s('open: numeric O_DIRECTORY on a file ENOTDIR', (fs, d) => probe(fs, d, 'a.txt', O_RDONLY | O_DIRECTORY)),
  s('open: numeric O_CREAT on a directory EISDIR', (fs, d) => probe(fs, d, 'sub', O_WRONLY | O_CREAT)),
  s('open: missing dirs ENOENT', (fs, d) => probe(fs, d, 'x/y/z', 'w')),
  s('open: a file as a dir ENOTDIR', (fs, d) => probe(fs, d, 'a.txt/x', 'r')),
  s('open: symlink loop ELOOP', (fs, d) => probe(fs, d, 'loop1', 'r')),
  s('open: name too long ENAMETOOLONG', (fs, d) => probe(fs, d, 'n'.repeat(256), 'w')),
  s('open: path too long ENAMETOOLONG', (fs, d) => probe(fs, d, 'd/'.repeat(2100), 'r')),
  s('open: empty path ENOENT', (fs) => fs.open('')),
  s('open: /proc/self/status writable as root?', (fs) => probe(fs, '/proc/self', 'status', 'r+')),
  s('open: read-only sysfs attribute r+ EACCES', (fs) =>
    probe(fs, '/sys/kernel/mm/transparent_hugepage', 'hpage_pmd_size', 'r+'),
  ),
];
