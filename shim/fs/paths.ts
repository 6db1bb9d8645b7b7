// Node only: node:fs/promises' functions on names, on io_uring: stat / lstat (statx), mkdir (mkdirat, with
// Node's recursive walk and return value), unlink, rmdir, rm, rename, link, symlink, truncate. Argument checks
// and errors as Node's; the rarely used forms whose checks are intricate (rm / rmdir options beyond
// { recursive, force }, rmdir's deprecated recursive mode, rm of a directory without `recursive`) go to
// node:fs/promises itself, so their errors are Node's own.
import * as fsp from 'node:fs/promises';
import type { BigIntStats, Stats } from 'node:fs';
import { join } from 'node:path';
import type { IoUring } from '../async/io-uring.ts';
import { asNode } from './errors.ts';
import { statStats } from './stat-op.ts';
import { toStats } from './stats.ts';
import { checkBoolean, checkInteger, checkPath, toMode, type Untyped } from './validate.ts';

const AT_SYMLINK_NOFOLLOW = 0x100;
const S_IFMT = 0o170000,
  S_IFDIR = 0o040000;

/** stat / lstat: statx of the path (with AT_SYMLINK_NOFOLLOW for lstat), as an fs.Stats or fs.BigIntStats. */
async function statPath(
  ring: IoUring,
  path: unknown,
  options: Untyped,
  flags: number,
  syscall: string,
): Promise<Stats | BigIntStats> {
  const p = checkPath(path);
  try {
    return options.bigint ? toStats(await ring.statx(p.arg, { flags }), true) : await statStats(ring, p.arg, flags);
  } catch (e) {
    throw asNode(e, syscall, p.text);
  }
}

/** stat(path, { bigint }). */
export function stat(ring: IoUring, path: unknown, options: Untyped = { bigint: false }): Promise<Stats | BigIntStats> {
  return statPath(ring, path, options, 0, 'stat');
}

/** lstat(path, { bigint }). */
export function lstat(
  ring: IoUring,
  path: unknown,
  options: Untyped = { bigint: false },
): Promise<Stats | BigIntStats> {
  return statPath(ring, path, options, AT_SYMLINK_NOFOLLOW, 'lstat');
}

function code(e: unknown): number {
  const n = (e as { errno?: unknown })?.errno;
  return typeof n === 'number' ? -Math.abs(n) : 0;
}

const ENOENT = -2,
  EEXIST = -17,
  ENOTDIR = -20;

// Node's MKDirpAsync: mkdir; on ENOENT the parent first; on EEXIST a directory is fine. Resolves the first
// directory made (as spelled from `path`), or undefined.
async function mkdirp(ring: IoUring, path: string | Buffer, mode: number, top: boolean): Promise<string | undefined> {
  try {
    await ring.mkdir(path, mode);
    return path.toString();
  } catch (e) {
    const c = code(e);
    if (c === ENOENT) {
      const s = path.toString();
      const cut = s.lastIndexOf('/');
      if (cut <= 0 && !(cut === 0 && s.length > 1)) throw e;
      const parent = cut === 0 ? '/' : s.slice(0, cut);
      const first = await mkdirp(ring, parent, mode, false);
      // Made by this call only if its own mkdir succeeded: concurrent calls each report the directories they
      // made, as Node's do.
      let made = true;
      try {
        await ring.mkdir(path, mode);
      } catch (e2) {
        if (code(e2) !== EEXIST) throw e2;
        await mustBeDir(ring, path, top, e2);
        made = false;
      }
      return first ?? (made ? s : undefined);
    }
    if (c === EEXIST) {
      await mustBeDir(ring, path, top, e);
      return undefined;
    }
    throw e;
  }
}

async function mustBeDir(ring: IoUring, path: string | Buffer, top: boolean, err: unknown): Promise<void> {
  let isDir = false;
  try {
    isDir = ((await ring.statx(path)).mode & S_IFMT) === S_IFDIR;
  } catch {}
  if (!isDir) throw top ? err : { name: 'UringError', errno: ENOTDIR };
}

/** mkdir(path, mode | { recursive, mode }). */
export async function mkdir(ring: IoUring, path: unknown, options?: unknown): Promise<string | undefined> {
  if (typeof options === 'number' || typeof options === 'string') options = { mode: options };
  const { recursive = false, mode = 0o777 } = (options || {}) as { recursive?: unknown; mode?: unknown };
  const p = checkPath(path);
  checkBoolean(recursive, 'options.recursive');
  const m = toMode(mode, 'mode', 0o777);
  try {
    if (recursive) return await mkdirp(ring, p.arg, m, true);
    await ring.mkdir(p.arg, m);
    return undefined;
  } catch (e) {
    throw asNode(e, 'mkdir', p.text);
  }
}

/** unlink(path). */
export async function unlink(ring: IoUring, path: unknown): Promise<void> {
  const p = checkPath(path);
  try {
    await ring.unlink(p.arg);
  } catch (e) {
    throw asNode(e, 'unlink', p.text);
  }
}

/** rmdir(path) (options: node:fs/promises, for its deprecated recursive mode and its checks). */
export async function rmdir(ring: IoUring, path: unknown, options?: unknown): Promise<void> {
  if (options !== undefined) return fsp.rmdir(path as string, options as never);
  const p = checkPath(path);
  try {
    await ring.rmdir(p.arg);
  } catch (e) {
    throw asNode(e, 'rmdir', p.text);
  }
}

function plainRmOptions(o: unknown): o is { recursive?: boolean; force?: boolean } {
  if (o === undefined) return true;
  if (o === null || typeof o !== 'object') return false;
  for (const k of Object.keys(o)) if (k !== 'recursive' && k !== 'force') return false;
  const { recursive, force } = o as Record<string, unknown>;
  return (
    (recursive === undefined || typeof recursive === 'boolean') && (force === undefined || typeof force === 'boolean')
  );
}

// Node's rimraf for a directory: its entries (readdir has no io_uring op), then the directory.
async function removeTree(ring: IoUring, dir: string): Promise<void> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (d) => {
      const child = join(dir, d.name);
      if (d.isDirectory()) return removeTree(ring, child);
      try {
        await ring.unlink(child);
      } catch (e) {
        if (code(e) !== ENOENT) throw asNode(e, 'unlink', child);
      }
    }),
  );
  try {
    await ring.rmdir(dir);
  } catch (e) {
    if (code(e) !== ENOENT) throw asNode(e, 'rmdir', dir);
  }
}

/** rm(path, { recursive, force }). */
export async function rm(ring: IoUring, path: unknown, options?: unknown): Promise<void> {
  const p = checkPath(path);
  if (!plainRmOptions(options) || typeof p.arg !== 'string') return fsp.rm(path as string, options as never);
  const { recursive = false, force = false } = options ?? {};
  let mode: number;
  try {
    mode = (await ring.statx(p.arg, { flags: AT_SYMLINK_NOFOLLOW })).mode;
  } catch (e) {
    if (force && code(e) === ENOENT) return;
    throw asNode(e, 'lstat', p.text);
  }
  if ((mode & S_IFMT) === S_IFDIR) {
    if (!recursive) return fsp.rm(path as string, options as never); // Node's ERR_FS_EISDIR SystemError
    return removeTree(ring, p.arg);
  }
  try {
    await ring.unlink(p.arg);
  } catch (e) {
    if (force && code(e) === ENOENT) return;
    throw asNode(e, 'unlink', p.text);
  }
}

/** rename(oldPath, newPath). */
export async function rename(ring: IoUring, oldPath: unknown, newPath: unknown): Promise<void> {
  const a = checkPath(oldPath, 'oldPath'),
    b = checkPath(newPath, 'newPath');
  try {
    await ring.rename(a.arg, b.arg);
  } catch (e) {
    throw asNode(e, 'rename', a.text, b.text);
  }
}

/** link(existingPath, newPath). */
export async function link(ring: IoUring, existingPath: unknown, newPath: unknown): Promise<void> {
  const a = checkPath(existingPath, 'existingPath'),
    b = checkPath(newPath, 'newPath');
  try {
    await ring.link(a.arg, b.arg);
  } catch (e) {
    throw asNode(e, 'link', a.text, b.text);
  }
}

/** symlink(target, path, type) (type only matters on Windows; a bad one goes to Node for its error). */
export async function symlink(ring: IoUring, target: unknown, path: unknown, type?: unknown): Promise<void> {
  if (typeof type === 'string' && type !== 'dir' && type !== 'file' && type !== 'junction')
    return fsp.symlink(target as string, path as string, type);
  const t = checkPath(target, 'target'),
    l = checkPath(path);
  try {
    await ring.symlink(t.arg, l.arg);
  } catch (e) {
    throw asNode(e, 'symlink', t.text, l.text);
  }
}

/** truncate(path, len = 0): open 'r+', ftruncate, close (as Node). */
export async function truncate(ring: IoUring, path: unknown, len: unknown = 0): Promise<void> {
  const p = checkPath(path);
  let fd: number;
  try {
    fd = await ring.open(p.arg, 'r+', 0o666);
  } catch (e) {
    throw asNode(e, 'open', p.text);
  }
  let err: unknown = null;
  try {
    checkInteger(len, 'len');
    await ring.ftruncate(fd, Math.max(0, len as number));
  } catch (e) {
    err = asNode(e, 'ftruncate');
  }
  try {
    await ring.closeFd(fd);
  } catch (e) {
    if (err === null) throw asNode(e, 'close');
  }
  if (err !== null) throw err;
}
