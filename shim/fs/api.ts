// Node only: the uring/fs API over one IoUring (or a function giving one: the default ring is made on first
// use). open / readFile / writeFile / appendFile are here (they share Node's option handling and the
// FileHandle); the rest by file: paths.ts, copy-file.ts.
import * as fsp from 'node:fs/promises';
import type { IoUring } from '../async/io-uring.ts';
import { copyFile } from './copy-file.ts';
import { aggregate, asNode, checkAborted } from './errors.ts';
import { FileHandle } from './file-handle.ts';
import { link, lstat, mkdir, rename, rm, rmdir, stat, symlink, truncate, unlink } from './paths.ts';
import { directOf } from './direct.ts';
import { readFd, readPath, readPathDirect } from './read-file.ts';
import { checkBoolean, checkPath, checkSignal, checkStringData, getOptions, toFlags, toMode } from './validate.ts';
import { isCustomIterable, kWriteFileMaxChunkSize, writeFd, writePathDirect } from './write-file.ts';

async function openFd(ring: IoUring, path: unknown, flags: unknown, mode: unknown): Promise<number> {
  const p = checkPath(path);
  const f = toFlags(flags);
  const m = toMode(mode, 'mode', 0o666);
  try {
    return await ring.open(p.arg, f, m);
  } catch (e) {
    throw asNode(e, 'open', p.text);
  }
}

async function closeAfter<T>(ring: IoUring, fd: number, op: Promise<T>): Promise<T> {
  let r: T;
  try {
    r = await op;
  } catch (e) {
    try {
      await ring.closeFd(fd);
    } catch (ce) {
      throw aggregate(asNode(ce, 'close'), e);
    }
    throw e;
  }
  try {
    await ring.closeFd(fd);
  } catch (e) {
    throw asNode(e, 'close');
  }
  return r;
}

async function syncThen<T>(ring: IoUring, fd: number, op: Promise<T>): Promise<T> {
  const r = await op;
  try {
    await ring.fsync(fd);
  } catch (e) {
    throw asNode(e, 'fsync');
  }
  return r;
}

/** Build the API over `getRing()` (called once per operation). */
export function makeFs(getRing: () => IoUring) {
  async function open(path: unknown, flags?: unknown, mode?: unknown): Promise<FileHandle> {
    const ring = getRing();
    return new FileHandle(ring, await openFd(ring, path, flags, mode));
  }

  async function readFile(path: unknown, options?: unknown): Promise<Buffer | string> {
    const o = getOptions(options, { flag: 'r' });
    const flag = o.flag || 'r';
    if (path instanceof FileHandle) return path.readFile(o);
    checkAborted(o.signal);
    const ring = getRing();
    const p = checkPath(path);
    const f = toFlags(flag);
    const d = o.signal ? undefined : directOf(ring);
    return d ? readPathDirect(ring, d, p, f, o) : readPath(ring, p, f, o);
  }

  async function writeFile(path: unknown, data: unknown, options?: unknown): Promise<void> {
    const o = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w', flush: false });
    const flag = o.flag || 'w';
    const flush = o.flush ?? false;
    checkBoolean(flush, 'options.flush');
    let d = data;
    if (!ArrayBuffer.isView(d) && !isCustomIterable(d)) {
      d = Buffer.from(checkStringData(d, 'data'), o.encoding || 'utf8');
    }
    checkSignal(o.signal, 'signal');
    if (path instanceof FileHandle) return path.writeFile(d, o);
    checkAborted(o.signal);
    const ring = getRing();
    const dt = flush || o.signal ? undefined : directOf(ring);
    if (dt !== undefined && ArrayBuffer.isView(d) && d.byteLength <= kWriteFileMaxChunkSize) {
      const p = checkPath(path);
      const f = toFlags(flag);
      const m = toMode(o.mode, 'mode', 0o666);
      const slot = dt.takeSlot();
      if (slot >= 0)
        return writePathDirect(ring, dt, slot, p, f, m, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    }
    const fd = await openFd(ring, path, flag, o.mode);
    let w = writeFd(ring, fd, d as ArrayBufferView, o.signal, o.encoding);
    if (flush) w = syncThen(ring, fd, w);
    return closeAfter(ring, fd, w);
  }

  function appendFile(path: unknown, data: unknown, options?: unknown): Promise<void> {
    try {
      const o = { ...getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' }) };
      o.flag ||= 'a';
      return writeFile(path, data, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  const r = getRing;
  return {
    open,
    readFile,
    writeFile,
    appendFile,
    copyFile: (src: unknown, dest: unknown, mode?: unknown) => copyFile(r(), src, dest, mode),
    stat: (path: unknown, options?: unknown) => stat(r(), path, options),
    lstat: (path: unknown, options?: unknown) => lstat(r(), path, options),
    mkdir: (path: unknown, options?: unknown) => mkdir(r(), path, options),
    rm: (path: unknown, options?: unknown) => rm(r(), path, options),
    rmdir: (path: unknown, options?: unknown) => rmdir(r(), path, options),
    unlink: (path: unknown) => unlink(r(), path),
    rename: (a: unknown, b: unknown) => rename(r(), a, b),
    link: (a: unknown, b: unknown) => link(r(), a, b),
    symlink: (t: unknown, p: unknown, type?: unknown) => symlink(r(), t, p, type),
    truncate: (path: unknown, len?: unknown) => truncate(r(), path, len),
    // No io_uring op for these: node:fs/promises' own.
    access: fsp.access,
    chmod: fsp.chmod,
    chown: fsp.chown,
    constants: fsp.constants,
    cp: fsp.cp,
    lchmod: fsp.lchmod,
    lchown: fsp.lchown,
    lutimes: fsp.lutimes,
    mkdtemp: fsp.mkdtemp,
    opendir: fsp.opendir,
    readdir: fsp.readdir,
    readlink: fsp.readlink,
    realpath: fsp.realpath,
    statfs: fsp.statfs,
    utimes: fsp.utimes,
    watch: fsp.watch,
  };
}

void readFd;
