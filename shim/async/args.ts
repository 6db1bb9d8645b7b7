// Node only: the argument conversions of the async IoUring's op methods, in the manner of Node's
// lib/internal/fs/promises.js: each turns one user argument into what the SQE holds (paths to NUL-terminated
// bytes, timespecs, iovec arrays, open flags, positions) and checks it on the way (TypeError for a wrong type,
// RangeError for a bad value, naming the op and the argument). Nothing here touches a ring; what is made here
// is pinned by the op's slot until its final CQE. Socket addresses: sockaddr.ts.
import { fileURLToPath } from 'node:url';
import { addressOf, byteLengthOf } from '../sys/memory.ts';
import { IOSQE } from '../../ts/constants.ts';
import type { BufferRing } from '../register/pbuf.ts';
import type { OpOptions } from './types.ts';

export const O_RDONLY = 0,
  O_WRONLY = 1,
  O_RDWR = 2,
  O_CREAT = 0o100,
  O_EXCL = 0o200,
  O_TRUNC = 0o1000,
  O_APPEND = 0o2000,
  O_SYNC = 0o4010000,
  O_CLOEXEC = 0o2000000;
export const AT_EMPTY_PATH = 0x1000,
  AT_SYMLINK_NOFOLLOW = 0x100,
  AT_REMOVEDIR = 0x200;

/** Node's string open flags ('r', 'w+', 'ax', ...) as O_* bits (libuv's table); read it through stringFlags. */
const STRING_FLAGS: Record<string, number> = {
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR,
  'rs+': O_RDWR | O_SYNC,
  'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

/** A Node flag string's O_* bits, or undefined for anything else (own keys only: not 'constructor'). */
export function stringFlags(flags: string): number | undefined {
  return Object.hasOwn(STRING_FLAGS, flags) ? STRING_FLAGS[flags] : undefined;
}

/** open flags: a Node flag string or O_* bits. O_CLOEXEC is added, as libuv does for every open. */
export function openFlags(op: string, flags: unknown): number {
  if (typeof flags === 'string') {
    const f = stringFlags(flags);
    if (f === undefined)
      throw new RangeError(
        `${op}: flags must be a Node open flag string ('r', 'w', 'a+', ...) or O_* bits, got ${JSON.stringify(flags)}`,
      );
    return (f | O_CLOEXEC) >>> 0;
  }
  return (int(op, 'flags', flags, 0, 0xffffffff) | O_CLOEXEC) >>> 0;
}

/** An integer in lo..hi, or TypeError / RangeError naming the op and argument. */
export function int(op: string, arg: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number')
    throw new TypeError(`${op}: ${arg} must be a number, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new RangeError(`${op}: ${arg} must be an integer in ${lo}..${hi}, got ${v}`);
  return v;
}

/** A file descriptor (0..2^31-1). */
export function fdArg(op: string, v: unknown, arg = 'fd'): number {
  return int(op, arg, v, 0, 0x7fffffff);
}

/** A directory fd: AT_FDCWD (-100) or an fd. */
export function dirfdArg(op: string, v: unknown, arg = 'dirfd'): number {
  if (v === -100) return -100;
  return int(op, arg, v, 0, 0x7fffffff);
}

/** A file position: a non-negative safe integer, or -1 / null / undefined for the current position. */
export function position(op: string, v: unknown): number {
  if (v === undefined || v === null || v === -1) return -1;
  if (typeof v === 'bigint') {
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new RangeError(`${op}: position must be in 0..2^53-1 or -1, got ${v}n`);
    return Number(v);
  }
  if (typeof v !== 'number') throw new TypeError(`${op}: position must be a number, bigint or null, got ${typeof v}`);
  if (!Number.isSafeInteger(v) || v < 0)
    throw new RangeError(`${op}: position must be an integer >= 0, or -1 / null for the current position, got ${v}`);
  return v;
}

/** A non-negative 64-bit length as a safe integer. */
export function length64(op: string, arg: string, v: unknown): number {
  if (typeof v === 'bigint') {
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new RangeError(`${op}: ${arg} must be in 0..2^53-1, got ${v}n`);
    return Number(v);
  }
  if (typeof v !== 'number')
    throw new TypeError(`${op}: ${arg} must be a number or bigint, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isSafeInteger(v) || v < 0)
    throw new RangeError(`${op}: ${arg} must be an integer in 0..2^53-1, got ${v}`);
  return v;
}

/** A Buffer / TypedArray / DataView the kernel reads or writes. Empty views have no address: refused. */
export function view(op: string, arg: string, v: unknown): ArrayBufferView {
  viewLength(op, arg, v);
  return v as ArrayBufferView;
}

/** {@link view}'s check; returns the view's byte length. */
export function viewLength(op: string, arg: string, v: unknown): number {
  if (!ArrayBuffer.isView(v))
    throw new TypeError(
      `${op}: ${arg} must be a Buffer, TypedArray or DataView, got ${v === null ? 'null' : typeof v}`,
    );
  const n = byteLengthOf(v);
  if (n > 0xffffffff) throw new RangeError(`${op}: ${arg} is larger than 4 GiB (${n} bytes)`);
  return n;
}

/** Data to write or send: bytes, or a string (UTF-8). */
export function data(op: string, arg: string, v: unknown): ArrayBufferView {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  return view(op, arg, v);
}

/** Address of a view; 0 for an empty one (the kernel is told 0 bytes and never touches it). */
export function addr(v: ArrayBufferView): number {
  return byteLengthOf(v) === 0 ? 0 : addressOf(v);
}

/** Address of a view of `n` bytes (its byteLengthOf, read once by the caller); 0 when empty. */
export function addrOf(v: ArrayBufferView, n: number): number {
  return n === 0 ? 0 : addressOf(v);
}

/** A path as a NUL-terminated Buffer (string, Buffer or file: URL), and its text for error messages. */
export function cpath(op: string, arg: string, p: unknown): { bytes: Buffer; text: string } {
  let text: string;
  let bytes: Buffer;
  if (typeof p === 'string') {
    text = p;
    bytes = Buffer.from(`${p}\0`, 'utf8');
  } else if (p instanceof URL) {
    if (p.protocol !== 'file:') throw new TypeError(`${op}: ${arg} URL must be a file: URL, got ${p.protocol}`);
    text = fileURLToPath(p);
    bytes = Buffer.from(`${text}\0`, 'utf8');
  } else if (Buffer.isBuffer(p) || p instanceof Uint8Array) {
    text = Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');
    bytes = Buffer.alloc(p.byteLength + 1);
    bytes.set(p);
  } else {
    throw new TypeError(`${op}: ${arg} must be a string, Buffer or file: URL, got ${p === null ? 'null' : typeof p}`);
  }
  if (bytes.indexOf(0) !== bytes.length - 1)
    throw new TypeError(`${op}: ${arg} must not contain NUL bytes, got ${JSON.stringify(text)}`);
  return { bytes, text };
}

/** A struct __kernel_timespec of `ms` milliseconds (fractions kept to the nanosecond). */
export function timespec(op: string, ms: unknown): Buffer {
  if (typeof ms !== 'number')
    throw new TypeError(`${op}: ms must be a number, got ${ms === null ? 'null' : typeof ms}`);
  if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER)
    throw new RangeError(`${op}: ms must be a finite number >= 0, got ${ms}`);
  const b = Buffer.alloc(16);
  const sec = Math.floor(ms / 1000);
  const nsec = Math.min(999_999_999, Math.round((ms - sec * 1000) * 1e6));
  b.writeUInt32LE(sec >>> 0, 0);
  b.writeUInt32LE(Math.floor(sec / 4294967296), 4);
  b.writeUInt32LE(nsec, 8);
  return b;
}

/** struct iovec[n] over `bufs` (16 bytes each: base, len). */
export function iovecs(op: string, bufs: unknown): { iov: Buffer; views: ArrayBufferView[] } {
  if (!Array.isArray(bufs))
    throw new TypeError(
      `${op}: buffers must be an array of Buffers / TypedArrays, got ${bufs === null ? 'null' : typeof bufs}`,
    );
  if (bufs.length === 0 || bufs.length > 1024)
    throw new RangeError(`${op}: buffers must hold 1..1024 views (IOV_MAX), got ${bufs.length}`);
  const iov = Buffer.alloc(16 * bufs.length);
  const views: ArrayBufferView[] = [];
  for (let i = 0; i < bufs.length; i++) {
    const v = view(op, `buffers[${i}]`, bufs[i]);
    views.push(v);
    const a = addr(v);
    iov.writeUInt32LE(a >>> 0, 16 * i);
    iov.writeUInt32LE(Math.floor(a / 4294967296), 16 * i + 4);
    iov.writeUInt32LE(v.byteLength, 16 * i + 8);
  }
  return { iov, views };
}

/** The options every op takes (`{ signal, link, timeout, sqeFlags }`), checked. */
export function checkOptions(op: string, o: OpOptions | undefined): void {
  if (o === undefined) return;
  if (o === null || typeof o !== 'object')
    throw new TypeError(`${op}: options must be an object, got ${o === null ? 'null' : typeof o}`);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal))
    throw new TypeError(`${op}: options.signal must be an AbortSignal`);
  if (o.link !== undefined && typeof o.link !== 'boolean') throw new TypeError(`${op}: options.link must be a boolean`);
  if (o.timeout !== undefined) timespec(`${op}: options.timeout`, o.timeout);
  if (o.sqeFlags !== undefined) {
    int(op, 'options.sqeFlags', o.sqeFlags, 0, IOSQE.ALL);
    if (o.sqeFlags & IOSQE.BUFFER_SELECT)
      throw new RangeError(`${op}: options.sqeFlags may not set BUFFER_SELECT (use recvMultishot / readMultishot)`);
  }
}

/** An optional integer option (`o.flags`, `o.count`): 0 when absent. */
export function optInt(op: string, arg: string, v: unknown): number {
  return v === undefined ? 0 : int(op, arg, v, 0, 0xffffffff);
}

/** A registered provided-buffer ring (recvMultishot / readMultishot). */
export function bufferRing(op: string, r: unknown): BufferRing {
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof (r as BufferRing).bgid !== 'number' ||
    typeof (r as BufferRing).recycle !== 'function'
  )
    throw new TypeError(
      `${op}: bufferRing must be a BufferRing (shim/register/pbuf.ts BufferRing.setup(ring, { entries, bgid }))`,
    );
  if (!(r as BufferRing).registered) throw new RangeError(`${op}: the buffer ring is unregistered`);
  return r as BufferRing;
}
