// Node only: readFile on io_uring. Node's readFileHandle (lib/internal/fs/promises.js) is the model for what is
// read and returned: a regular file of known size is read in one read of that size (chunks of 512 KiB beyond
// 512 KiB), anything else (size 0, like /proc files, FIFOs, devices) in 64 KiB reads until one returns 0.
// Faster than Node by the shape of the ring traffic. On the default ring (direct descriptors, direct.ts):
// openat into a slot and two 64 KiB reads, linked, in one submit, no statx (readPathDirect). On other rings:
// statx(path) with the open, then, for a regular file up to 512 KiB, the read linked to the close
// (IOSQE_IO_HARDLINK: the close runs whatever the read did): two round trips where Node makes four threadpool
// hops (open, fstat, read, close).
import { IOSQE } from '../../ts/constants.ts';
import type { IoUring } from '../async/io-uring.ts';
import type { Statx } from '../async/statx.ts';
import { closeSlot, cPathIn, type Direct, installFd, openDirect, readFixed } from './direct.ts';
import { aggregate, asNode, checkAborted, fileTooLarge } from './errors.ts';
import type { CheckedPath } from './validate.ts';

/** Node's constants (lib/internal/fs/utils.js). */
export const kIoMaxLength = 2 ** 31 - 1,
  kReadFileBufferLength = 512 * 1024,
  kReadFileUnknownBufferLength = 64 * 1024;
const S_IFMT = 0o170000,
  S_IFREG = 0o100000;
const HARDLINKED = { link: true, sqeFlags: IOSQE.IO_HARDLINK };
const noop = (): void => {};

/** What readFile's options hold once checked. */
export interface ReadOptions {
  encoding?: BufferEncoding | 'buffer' | null | undefined;
  signal?: AbortSignal | undefined;
}

function finish(buf: Buffer, encoding: ReadOptions['encoding']): Buffer | string {
  return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
}

async function read(ring: IoUring, fd: number, buf: Uint8Array): Promise<number> {
  try {
    return await ring.read(fd, buf, -1);
  } catch (e) {
    throw asNode(e, 'read');
  }
}

/** Read the rest of `fd` from its position, knowing fstat's answer (Node's readFileHandle loop). `head`: bytes a
 *  chain already read from the start of the file (the direct path), as if by the loop's first reads. */
async function readRest(
  ring: IoUring,
  fd: number,
  st: Statx,
  o: ReadOptions,
  head: Buffer[] | null = null,
): Promise<Buffer | string> {
  const signal = o.signal;
  const size = (st.mode & S_IFMT) === S_IFREG ? st.size : 0;
  if (size > kIoMaxLength) throw fileTooLarge(size);
  if (size === 0) {
    // Unknown size: 64 KiB at a time until a read returns 0.
    const chunks: Buffer[] = [];
    let total = 0;
    if (head !== null) {
      for (const h of head) {
        if (h.length === 0) return finish(Buffer.concat(chunks, total), o.encoding);
        chunks.push(h);
        total += h.length;
      }
    }
    for (;;) {
      checkAborted(signal);
      const b = Buffer.allocUnsafeSlow(kReadFileUnknownBufferLength);
      const n = await read(ring, fd, b);
      if (n === 0) break;
      chunks.push(n === b.length ? b : b.subarray(0, n));
      total += n;
    }
    return finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total), o.encoding);
  }
  const buf = Buffer.allocUnsafeSlow(size);
  let total = 0;
  if (head !== null) {
    for (const h of head) {
      const k = Math.min(h.length, size - total);
      h.copy(buf, total, 0, k);
      total += k;
    }
    if (total === size || head[head.length - 1]!.length === 0)
      return finish(total === size ? buf : buf.subarray(0, total), o.encoding);
  }
  const chunked = size > kReadFileBufferLength;
  for (;;) {
    checkAborted(signal);
    const len = chunked ? Math.min(size - total, kReadFileBufferLength) : size - total;
    const n = await read(ring, fd, buf.subarray(total, total + len));
    total += n;
    // Node stops at EOF, at the size, or after a short read when it read the whole size at once.
    if (n === 0 || total === size || (!chunked && n !== len)) break;
  }
  return finish(total === size ? buf : buf.subarray(0, total), o.encoding);
}

async function fstat(ring: IoUring, fd: number): Promise<Statx> {
  try {
    return await ring.statx(fd);
  } catch (e) {
    throw asNode(e, 'fstat');
  }
}

/** FileHandle.readFile / readFile(filehandle): from the handle's position, fstat first (as Node). */
export async function readFd(ring: IoUring, fd: number, o: ReadOptions): Promise<Buffer | string> {
  checkAborted(o.signal);
  const st = await fstat(ring, fd);
  checkAborted(o.signal);
  return readRest(ring, fd, st, o);
}

async function close(ring: IoUring, fd: number): Promise<void> {
  try {
    await ring.closeFd(fd);
  } catch (e) {
    throw asNode(e, 'close');
  }
}

/** Node's handleFdClose: close after the operation either way; its error, or the close's. */
export async function withClose<T>(ring: IoUring, fd: number, op: Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await op;
  } catch (e) {
    try {
      await close(ring, fd);
    } catch (ce) {
      throw aggregate(ce, e);
    }
    throw e;
  }
  await close(ring, fd);
  return result;
}

/** readFile(path): open with statx(path) beside it, then the read linked to the close when the size allows. */
export async function readPath(ring: IoUring, p: CheckedPath, flags: number, o: ReadOptions): Promise<Buffer | string> {
  checkAborted(o.signal);
  const stP = ring.statx(p.arg);
  stP.catch(noop); // only a hint: the open's error is the one Node reports
  let fd: number;
  try {
    fd = await ring.open(p.arg, flags, 0o666);
  } catch (e) {
    throw asNode(e, 'open', p.text);
  }
  let st: Statx | null = null;
  try {
    st = await stP;
  } catch {}
  // The path's statx is the open file's unless the path was replaced in between: fstat when in doubt.
  if (st === null || (st.mode & S_IFMT) !== S_IFREG || st.size === 0 || st.size > kReadFileBufferLength || o.signal)
    return withClose(ring, fd, readFd(ring, fd, o));
  const size = st.size;
  const buf = Buffer.allocUnsafeSlow(size);
  const rd = ring.read(fd, buf, -1, HARDLINKED);
  const cl = ring.closeFd(fd);
  let n: number;
  try {
    n = await rd;
  } catch (e) {
    // The close ran anyway (hard link); report it as Node would: the read's error, or the close's with it.
    try {
      await cl;
    } catch (ce) {
      throw aggregate(asNode(ce, 'close'), asNode(e, 'read'));
    }
    throw asNode(e, 'read');
  }
  try {
    await cl;
  } catch (e) {
    throw asNode(e, 'close');
  }
  return finish(n === size ? buf : buf.subarray(0, n), o.encoding);
}

const settle = (p: Promise<unknown>): Promise<unknown> => p.then(noop, noop);

/**
 * readFile(path) on the default ring's direct descriptors: openat into a slot, a 64 KiB read and, hard-linked to
 * it, a second one, all in one submit: no fd, no statx. A second read that returns 0 means the first had all of
 * the file (for any kind of file: it is how Node's loop for files of unknown size ends), and a regular file of
 * known size would have been read whole by Node's single read too; then the slot is closed and the bytes are
 * copied out. Otherwise (a large file, a FIFO with more to come, an error on the second read) the file becomes a
 * normal fd (FIXED_FD_INSTALL) and Node's own steps go on from there: fstat, then the read loop after the bytes
 * already read. Falls back to readPath when no slot or region is free.
 */
export async function readPathDirect(
  ring: IoUring,
  d: Direct,
  p: CheckedPath,
  flags: number,
  o: ReadOptions,
): Promise<Buffer | string> {
  const slot = d.takeSlot();
  if (slot < 0) return readPath(ring, p, flags, o);
  const rg = d.takeRegion();
  if (rg === null) {
    d.giveSlot(slot);
    return readPath(ring, p, flags, o);
  }
  const op = openDirect(ring, cPathIn(d.pathArea(slot), p.arg), flags, 0o666, slot);
  const r1 = readFixed(ring, slot, rg.a, true);
  const r2 = readFixed(ring, slot, rg.b, false);
  try {
    await op;
  } catch (e) {
    // The reads were cancelled with the open; the slot stayed empty.
    await settle(r1);
    await settle(r2);
    d.giveRegion(rg);
    d.giveSlot(slot);
    throw asNode(e, 'open', p.text);
  }
  let n1 = -1,
    n2 = -1,
    err1: unknown = null,
    err2: unknown = null;
  try {
    n1 = await r1;
  } catch (e) {
    err1 = e;
  }
  try {
    n2 = await r2;
  } catch (e) {
    err2 = e;
  }
  if (err1 === null && n2 === 0) {
    const out = Buffer.allocUnsafeSlow(n1);
    rg.a.copy(out, 0, 0, n1);
    d.giveRegion(rg);
    await closeSlot(ring, d, slot, null);
    return finish(out, o.encoding);
  }
  if (err1 !== null) {
    // Node's first read failed the same way (EISDIR for a directory, ...): its error, after the close.
    d.giveRegion(rg);
    await closeSlot(ring, d, slot, asNode(err1, 'read'));
  }
  // More than the chain read, or the second read failed: on from a normal fd, as Node would go on.
  const head = [Buffer.from(rg.a.subarray(0, n1))];
  if (n2 > 0) head.push(Buffer.from(rg.b.subarray(0, n2)));
  d.giveRegion(rg);
  let fd = -1;
  try {
    fd = await installFd(ring, slot);
  } catch (e) {
    await closeSlot(ring, d, slot, asNode(e, 'open', p.text));
  }
  await closeSlot(ring, d, slot, null);
  const rest = async (): Promise<Buffer | string> => {
    const st = await fstat(ring, fd);
    if (err2 !== null) {
      // Node makes a second read only for a file of unknown size or one larger than the first read.
      const size = (st.mode & S_IFMT) === S_IFREG ? st.size : 0;
      if (size === 0 || size > n1) throw asNode(err2, 'read');
      head.push(Buffer.alloc(0));
    }
    return readRest(ring, fd, st, o, head);
  };
  return withClose(ring, fd, rest());
}
