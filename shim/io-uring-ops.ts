// Node only: the argument conversions of the async IoUring (shim/io-uring.ts): paths to NUL-terminated bytes,
// socket addresses, timespecs, iovec arrays, open flags, and the parsed statx result. Every conversion checks
// its input (TypeError for a wrong type, RangeError for a bad value) and names the op; nothing here touches a
// ring. The memory made here is pinned by the IoUring until the op's final CQE.
import { isIPv4, isIPv6 } from 'node:net';
import { fileURLToPath } from 'node:url';
import { addressOf } from './memory.ts';

export const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000,
  O_APPEND = 0o2000, O_SYNC = 0o4010000, O_CLOEXEC = 0o2000000;
export const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;

/** Node's string open flags ('r', 'w+', 'ax', ...) as O_* bits (libuv's table). */
const STRING_FLAGS: Record<string, number> = {
  r: O_RDONLY, rs: O_RDONLY | O_SYNC, sr: O_RDONLY | O_SYNC, 'r+': O_RDWR, 'rs+': O_RDWR | O_SYNC, 'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY, wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL, xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR, 'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL, 'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY, ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL, xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC, sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR, 'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL, 'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC, 'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

/** open flags: a Node flag string or O_* bits. O_CLOEXEC is added, as libuv does for every open. */
export function openFlags(op: string, flags: unknown): number {
  if (typeof flags === 'string') {
    const f = STRING_FLAGS[flags];
    if (f === undefined) throw new RangeError(`${op}: flags must be a Node open flag string ('r', 'w', 'a+', ...) or O_* bits, got ${JSON.stringify(flags)}`);
    return (f | O_CLOEXEC) >>> 0;
  }
  return (int(op, 'flags', flags, 0, 0xffffffff) | O_CLOEXEC) >>> 0;
}

/** An integer in lo..hi, or TypeError / RangeError naming the op and argument. */
export function int(op: string, arg: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${arg} must be a number, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${op}: ${arg} must be an integer in ${lo}..${hi}, got ${v}`);
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
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${op}: position must be in 0..2^53-1 or -1, got ${v}n`);
    return Number(v);
  }
  if (typeof v !== 'number') throw new TypeError(`${op}: position must be a number, bigint or null, got ${typeof v}`);
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${op}: position must be an integer >= 0, or -1 / null for the current position, got ${v}`);
  return v;
}

/** A non-negative 64-bit length as a safe integer. */
export function length64(op: string, arg: string, v: unknown): number {
  if (typeof v === 'bigint') {
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${op}: ${arg} must be in 0..2^53-1, got ${v}n`);
    return Number(v);
  }
  if (typeof v !== 'number') throw new TypeError(`${op}: ${arg} must be a number or bigint, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${op}: ${arg} must be an integer in 0..2^53-1, got ${v}`);
  return v;
}

/** A Buffer / TypedArray / DataView the kernel reads or writes. Empty views have no address: refused. */
export function view(op: string, arg: string, v: unknown): ArrayBufferView {
  if (!ArrayBuffer.isView(v)) throw new TypeError(`${op}: ${arg} must be a Buffer, TypedArray or DataView, got ${v === null ? 'null' : typeof v}`);
  if (v.byteLength > 0xffffffff) throw new RangeError(`${op}: ${arg} is larger than 4 GiB (${v.byteLength} bytes)`);
  return v;
}

/** Data to write or send: bytes, or a string (UTF-8). */
export function data(op: string, arg: string, v: unknown): ArrayBufferView {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  return view(op, arg, v);
}

/** Address of a view; 0 for an empty one (the kernel is told 0 bytes and never touches it). */
export function addr(v: ArrayBufferView): number {
  return v.byteLength === 0 ? 0 : addressOf(v);
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
  if (bytes.indexOf(0) !== bytes.length - 1) throw new TypeError(`${op}: ${arg} must not contain NUL bytes, got ${JSON.stringify(text)}`);
  return { bytes, text };
}

/** A struct __kernel_timespec of `ms` milliseconds (fractions kept to the nanosecond). */
export function timespec(op: string, ms: unknown): Buffer {
  if (typeof ms !== 'number') throw new TypeError(`${op}: ms must be a number, got ${ms === null ? 'null' : typeof ms}`);
  if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) throw new RangeError(`${op}: ms must be a finite number >= 0, got ${ms}`);
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
  if (!Array.isArray(bufs)) throw new TypeError(`${op}: buffers must be an array of Buffers / TypedArrays, got ${bufs === null ? 'null' : typeof bufs}`);
  if (bufs.length === 0 || bufs.length > 1024) throw new RangeError(`${op}: buffers must hold 1..1024 views (IOV_MAX), got ${bufs.length}`);
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

/** A socket address: `{ address, port }` (IPv4 or IPv6), `{ path }` (AF_UNIX), or raw sockaddr bytes. */
export type SockAddr = { address: string; port: number; family?: 4 | 6 | 'IPv4' | 'IPv6'; flowinfo?: number; scopeid?: number } | { path: string } | ArrayBufferView;

export function sockaddr(op: string, a: unknown): Buffer {
  if (ArrayBuffer.isView(a)) {
    if (a.byteLength < 2 || a.byteLength > 128) throw new RangeError(`${op}: a raw sockaddr must be 2..128 bytes, got ${a.byteLength}`);
    return Buffer.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); // a copy: pinned, never changed
  }
  if (a === null || typeof a !== 'object') throw new TypeError(`${op}: address must be { address, port }, { path } or sockaddr bytes, got ${a === null ? 'null' : typeof a}`);
  const o = a as Record<string, unknown>;
  if (typeof o.path === 'string') {
    const p = Buffer.from(o.path, 'utf8');
    if (p.length > 107) throw new RangeError(`${op}: a unix socket path is at most 107 bytes, got ${p.length}`);
    const b = Buffer.alloc(2 + p.length + 1);
    b.writeUInt16LE(AF_UNIX, 0);
    p.copy(b, 2);
    return b;
  }
  if (typeof o.address !== 'string') throw new TypeError(`${op}: address.address must be a string IP address, got ${typeof o.address}`);
  const port = int(op, 'address.port', o.port, 0, 65535);
  const ip = o.address;
  const six = o.family === 6 || o.family === 'IPv6' || (o.family === undefined && isIPv6(ip));
  if (!six) {
    if (!isIPv4(ip)) throw new RangeError(`${op}: ${JSON.stringify(ip)} is not an IPv4 address`);
    const b = Buffer.alloc(16);
    b.writeUInt16LE(AF_INET, 0);
    b.writeUInt16BE(port, 2);
    ip.split('.').forEach((x, i) => b.writeUInt8(Number(x), 4 + i));
    return b;
  }
  if (!isIPv6(ip)) throw new RangeError(`${op}: ${JSON.stringify(ip)} is not an IPv6 address`);
  const b = Buffer.alloc(28);
  b.writeUInt16LE(AF_INET6, 0);
  b.writeUInt16BE(port, 2);
  b.writeUInt32BE(o.flowinfo === undefined ? 0 : int(op, 'address.flowinfo', o.flowinfo, 0, 0xffffffff), 4);
  ipv6Bytes(ip).copy(b, 8);
  b.writeUInt32LE(o.scopeid === undefined ? 0 : int(op, 'address.scopeid', o.scopeid, 0, 0xffffffff), 24);
  return b;
}

function ipv6Bytes(ip: string): Buffer {
  let s = ip.split('%')[0]!;
  const out = Buffer.alloc(16);
  const tail4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail4) {
    const v4 = tail4[1]!.split('.').map(Number);
    s = s.slice(0, -tail4[1]!.length) + `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const words = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  words.forEach((w, i) => out.writeUInt16BE(parseInt(w || '0', 16), 2 * i));
  return out;
}

/** A sockaddr (as the kernel wrote it) back to `{ family, address, port }`, or `{ family: 'unix', path }`. */
export function parseSockaddr(b: Uint8Array, len: number): { family: 'IPv4' | 'IPv6'; address: string; port: number } | { family: 'unix'; path: string } | undefined {
  if (len < 2) return undefined;
  const buf = Buffer.from(b.buffer, b.byteOffset, Math.min(len, b.byteLength));
  const fam = buf.readUInt16LE(0);
  if (fam === AF_INET && len >= 8) return { family: 'IPv4', address: [...buf.subarray(4, 8)].join('.'), port: buf.readUInt16BE(2) };
  if (fam === AF_INET6 && len >= 24) {
    const w: string[] = [];
    for (let i = 0; i < 8; i++) w.push(buf.readUInt16BE(8 + 2 * i).toString(16));
    return { family: 'IPv6', address: w.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::'), port: buf.readUInt16BE(2) };
  }
  if (fam === AF_UNIX) {
    const p = buf.subarray(2);
    const end = p.indexOf(0);
    return { family: 'unix', path: p.subarray(0, end < 0 ? p.length : end).toString('utf8') };
  }
  return undefined;
}

// ---- statx ----------------------------------------------------------------------------------------

export const STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800;
export const AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200;
const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFLNK = 0o120000, S_IFIFO = 0o010000,
  S_IFSOCK = 0o140000, S_IFCHR = 0o020000, S_IFBLK = 0o060000;
const TWO32 = 4294967296;

/** glibc's makedev as a number (exact for the device numbers Linux hands out). */
function makedev(major: number, minor: number): number {
  return ((major & 0xfff) << 8 | (minor & 0xff)) + (minor >>> 8) * 1048576 + (major >>> 12) * TWO32;
}

/** struct statx, parsed: numbers (64-bit fields are exact below 2^53), times in ms and as seconds + ns. */
export class Statx {
  /** STATX_* bits the kernel filled in. */
  mask = 0;
  dev = 0; ino = 0; mode = 0; nlink = 0; uid = 0; gid = 0; rdev = 0; size = 0; blksize = 0; blocks = 0;
  attributes = 0; attributesMask = 0;
  atimeMs = 0; mtimeMs = 0; ctimeMs = 0; birthtimeMs = 0;
  atimeNs = 0; mtimeNs = 0; ctimeNs = 0; birthtimeNs = 0;
  isFile(): boolean { return (this.mode & S_IFMT) === S_IFREG; }
  isDirectory(): boolean { return (this.mode & S_IFMT) === S_IFDIR; }
  isSymbolicLink(): boolean { return (this.mode & S_IFMT) === S_IFLNK; }
  isFIFO(): boolean { return (this.mode & S_IFMT) === S_IFIFO; }
  isSocket(): boolean { return (this.mode & S_IFMT) === S_IFSOCK; }
  isCharacterDevice(): boolean { return (this.mode & S_IFMT) === S_IFCHR; }
  isBlockDevice(): boolean { return (this.mode & S_IFMT) === S_IFBLK; }
}

export function parseStatx(b: Buffer): Statx {
  const s = new Statx();
  const u64 = (at: number) => b.readUInt32LE(at) + b.readUInt32LE(at + 4) * TWO32;
  const i64 = (at: number) => b.readUInt32LE(at) + b.readInt32LE(at + 4) * TWO32;
  s.mask = b.readUInt32LE(0);
  s.blksize = b.readUInt32LE(4);
  s.attributes = u64(8);
  s.nlink = b.readUInt32LE(16);
  s.uid = b.readUInt32LE(20);
  s.gid = b.readUInt32LE(24);
  s.mode = b.readUInt16LE(28);
  s.ino = u64(32);
  s.size = u64(40);
  s.blocks = u64(48);
  s.attributesMask = u64(56);
  const t = (at: number): [number, number] => {
    const sec = i64(at), ns = b.readUInt32LE(at + 8);
    return [sec * 1000 + ns / 1e6, ns];
  };
  [s.atimeMs, s.atimeNs] = t(64);
  [s.birthtimeMs, s.birthtimeNs] = t(80);
  [s.ctimeMs, s.ctimeNs] = t(96);
  [s.mtimeMs, s.mtimeNs] = t(112);
  s.rdev = makedev(b.readUInt32LE(128), b.readUInt32LE(132));
  s.dev = makedev(b.readUInt32LE(136), b.readUInt32LE(140));
  return s;
}
