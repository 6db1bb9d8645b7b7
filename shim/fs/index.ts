/**
 * `uring/fs`: node:fs/promises with io_uring underneath. The same functions, arguments, results and errors:
 * `import { readFile } from 'uring/fs'` in place of `'node:fs/promises'`. open (and every FileHandle read,
 * write, readv, writev, stat, truncate, sync, datasync, readFile, writeFile, close), readFile, writeFile,
 * appendFile, copyFile, stat, lstat, mkdir, rm, rmdir, unlink, rename, link, symlink and truncate are io_uring
 * ops on a ring of this thread's, made on first use (it never keeps the process alive); `createFs(ring)` gives
 * the same API over a ring of yours. What io_uring has no op for (readdir, access, chmod, ...) is
 * node:fs/promises' own, re-exported.
 * @module uring/fs
 */
import * as fsp from 'node:fs/promises';
import type { Mode, OpenMode, PathLike } from 'node:fs';
import type { IoUring } from '../async/io-uring.ts';
import { makeFs } from './api.ts';
import { defaultRing, fallbackReason } from './default-ring.ts';
import type { FileHandle } from './file-handle.ts';

export { FileHandle, type ReadResult, type WriteResult } from './file-handle.ts';

/** The uring/fs API: node:fs/promises' functions, `open` resolving uring/fs's FileHandle. */
export type UringFs = Omit<typeof fsp, 'open' | 'default'> & {
  /** open(path, flags = 'r', mode = 0o666): a FileHandle on the ring. */
  open(path: PathLike, flags?: OpenMode, mode?: Mode): Promise<FileHandle>;
};

/** The uring/fs API over `ring` (yours: its options, its lifetime). */
export function createFs(ring: IoUring): UringFs {
  return makeFs(() => ring) as unknown as UringFs;
}

const ringApi = makeFs(defaultRing) as unknown as UringFs;

/** The io_uring function, or node:fs/promises' where this thread has no io_uring (default-ring.ts). */
function pick<F>(ringFn: F, nodeFn: unknown): F {
  const onRing = ringFn as (...a: unknown[]) => unknown;
  const onNode = nodeFn as (...a: unknown[]) => unknown;
  return ((...a: unknown[]) => {
    try {
      return fallbackReason() === null ? onRing(...a) : onNode(...a);
    } catch (e) {
      return Promise.reject(e); // as an async function would: a setup failure other than "unavailable"
    }
  }) as F;
}

const api = {
  ...ringApi,
  open: pick(ringApi.open, fsp.open),
  readFile: pick(ringApi.readFile, fsp.readFile),
  writeFile: pick(ringApi.writeFile, fsp.writeFile),
  appendFile: pick(ringApi.appendFile, fsp.appendFile),
  copyFile: pick(ringApi.copyFile, fsp.copyFile),
  stat: pick(ringApi.stat, fsp.stat),
  lstat: pick(ringApi.lstat, fsp.lstat),
  mkdir: pick(ringApi.mkdir, fsp.mkdir),
  rm: pick(ringApi.rm, fsp.rm),
  rmdir: pick(ringApi.rmdir, fsp.rmdir),
  unlink: pick(ringApi.unlink, fsp.unlink),
  rename: pick(ringApi.rename, fsp.rename),
  link: pick(ringApi.link, fsp.link),
  symlink: pick(ringApi.symlink, fsp.symlink),
  truncate: pick(ringApi.truncate, fsp.truncate),
} as UringFs;

/** Why this thread's uring/fs runs on node:fs/promises (`URING_FS=node`, or io_uring unavailable: then the
 *  setup error, which says how to enable it), or null when it runs on io_uring. Decided on first use. */
export { fallbackReason };

/** node:fs/promises `open`: a FileHandle whose operations are io_uring ops. */
export const open: UringFs['open'] = api.open;
/** node:fs/promises `readFile` (on the default ring: open into a direct descriptor and two reads, linked, in
 *  one submit; on a ring of yours: statx + open, then the read linked to the close). */
export const readFile: typeof fsp.readFile = api.readFile;
/** node:fs/promises `writeFile` (on the default ring, up to 512 KiB of bytes: open, write and close linked). */
export const writeFile: typeof fsp.writeFile = api.writeFile;
/** node:fs/promises `appendFile`. */
export const appendFile: typeof fsp.appendFile = api.appendFile;
/** node:fs/promises `copyFile` (splices through pipes, two chains; FICLONE modes: Node's own). */
export const copyFile: typeof fsp.copyFile = api.copyFile;
/** node:fs/promises `stat` (statx): a real fs.Stats / fs.BigIntStats. */
export const stat: typeof fsp.stat = api.stat;
/** node:fs/promises `lstat` (statx, AT_SYMLINK_NOFOLLOW). */
export const lstat: typeof fsp.lstat = api.lstat;
/** node:fs/promises `mkdir` (mkdirat; recursive resolves the first directory made). */
export const mkdir: typeof fsp.mkdir = api.mkdir;
/** node:fs/promises `rm` (unlinkat / rmdir; readdir for recursive is Node's). */
export const rm: typeof fsp.rm = api.rm;
/** node:fs/promises `rmdir`. */
export const rmdir: typeof fsp.rmdir = api.rmdir;
/** node:fs/promises `unlink`. */
export const unlink: typeof fsp.unlink = api.unlink;
/** node:fs/promises `rename` (renameat). */
export const rename: typeof fsp.rename = api.rename;
/** node:fs/promises `link` (linkat). */
export const link: typeof fsp.link = api.link;
/** node:fs/promises `symlink` (symlinkat). */
export const symlink: typeof fsp.symlink = api.symlink;
/** node:fs/promises `truncate` (open, ftruncate, close). */
export const truncate: typeof fsp.truncate = api.truncate;

// No io_uring op for these: node:fs/promises' own.
export {
  access,
  chmod,
  chown,
  constants,
  cp,
  lchmod,
  lchown,
  lutimes,
  mkdtemp,
  opendir,
  readdir,
  readlink,
  realpath,
  statfs,
  utimes,
  watch,
} from 'node:fs/promises';

/** Everything above as one object, as node:fs/promises' default export. */
const all: UringFs = api;
export default all;
