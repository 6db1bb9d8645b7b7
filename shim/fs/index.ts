/**
 * `uring/fs`: node:fs/promises with io_uring underneath. The same functions, arguments, results and errors;
 * `import { readFile } from 'uring/fs'` instead of `'node:fs/promises'`.
 * @module uring/fs
 */
import * as fsp from 'node:fs/promises';
import type { IoUring } from '../async/io-uring.ts';

// SKELETON: everything delegates to node:fs/promises for now; the io_uring versions replace these.
export {
  access,
  appendFile,
  chmod,
  chown,
  constants,
  copyFile,
  cp,
  lchmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  mkdtemp,
  open,
  opendir,
  readFile,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  statfs,
  symlink,
  truncate,
  unlink,
  utimes,
  watch,
  writeFile,
} from 'node:fs/promises';

/** The uring/fs API over the caller's IoUring. */
export function createFs(_ring: IoUring): typeof fsp {
  return { ...fsp };
}

export default fsp;
