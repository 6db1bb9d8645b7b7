// Node only: socket addresses for the async IoUring: `{ address, port }` / `{ path }` to sockaddr bytes (bind,
// connect) and sockaddr bytes the kernel wrote back to `{ family, address, port }` (accept, localAddress).
import { isIPv4, isIPv6 } from 'node:net';
import { getsockname } from '../sys/libc.ts';
import { fdArg, int } from './args.ts';

export const AF_UNIX = 1,
  AF_INET = 2,
  AF_INET6 = 10;

/** A socket address: `{ address, port }` (IPv4 or IPv6), `{ path }` (AF_UNIX), or raw sockaddr bytes. */
export type SockAddr =
  | { address: string; port: number; family?: 4 | 6 | 'IPv4' | 'IPv6'; flowinfo?: number; scopeid?: number }
  | { path: string }
  | ArrayBufferView;

export function sockaddr(op: string, a: unknown): Buffer {
  if (ArrayBuffer.isView(a)) {
    if (a.byteLength < 2 || a.byteLength > 128)
      throw new RangeError(`${op}: a raw sockaddr must be 2..128 bytes, got ${a.byteLength}`);
    return Buffer.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)); // a copy: pinned, never changed
  }
  if (a === null || typeof a !== 'object')
    throw new TypeError(
      `${op}: address must be { address, port }, { path } or sockaddr bytes, got ${a === null ? 'null' : typeof a}`,
    );
  const o = a as Record<string, unknown>;
  if (typeof o.path === 'string') {
    const p = Buffer.from(o.path, 'utf8');
    // A leading NUL names an abstract socket (as in node:net): every byte counts, no terminating NUL.
    const abstract = p.length > 0 && p[0] === 0;
    if (p.length > (abstract ? 108 : 107))
      throw new RangeError(`${op}: a unix socket path is at most ${abstract ? 108 : 107} bytes, got ${p.length}`);
    const b = Buffer.alloc(2 + p.length + (abstract ? 0 : 1));
    b.writeUInt16LE(AF_UNIX, 0);
    p.copy(b, 2);
    return b;
  }
  if (typeof o.address !== 'string')
    throw new TypeError(`${op}: address.address must be a string IP address, got ${typeof o.address}`);
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
    s = `${s.slice(0, -tail4[1]!.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? (s.split('::') as [string, string]) : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const words = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  words.forEach((w, i) => out.writeUInt16BE(parseInt(w || '0', 16), 2 * i));
  return out;
}

/** A sockaddr (as the kernel wrote it) back to `{ family, address, port }`, or `{ family: 'unix', path }`. */
export function parseSockaddr(
  b: Uint8Array,
  len: number,
): { family: 'IPv4' | 'IPv6'; address: string; port: number } | { family: 'unix'; path: string } | undefined {
  if (len < 2) return undefined;
  const buf = Buffer.from(b.buffer, b.byteOffset, Math.min(len, b.byteLength));
  const fam = buf.readUInt16LE(0);
  if (fam === AF_INET && len >= 8)
    return { family: 'IPv4', address: [...buf.subarray(4, 8)].join('.'), port: buf.readUInt16BE(2) };
  if (fam === AF_INET6 && len >= 24) {
    const w: string[] = [];
    for (let i = 0; i < 8; i++) w.push(buf.readUInt16BE(8 + 2 * i).toString(16));
    return {
      family: 'IPv6',
      address: w
        .join(':')
        .replace(/(^|:)0(:0)+(:|$)/, '::')
        .replace(/:{3,}/, '::'),
      port: buf.readUInt16BE(2),
    };
  }
  if (fam === AF_UNIX) {
    const p = buf.subarray(2);
    // An abstract name (leading NUL) is every byte of the address, NULs included: '\0name', as node:net writes it.
    if (p.length > 0 && p[0] === 0) return { family: 'unix', path: p.toString('utf8') };
    const end = p.indexOf(0);
    return { family: 'unix', path: p.subarray(0, end < 0 ? p.length : end).toString('utf8') };
  }
  return undefined;
}

/** A bound socket's own address, as node:net's `server.address()` gives it (AF_UNIX: `{ path }`). */
export type LocalAddress = { address: string; family: 'IPv4' | 'IPv6'; port: number } | { path: string };

/**
 * The local address of socket `fd` (getsockname(2)): `{ address, family, port }` (family 'IPv4' / 'IPv6'; after
 * binding port 0, the port the kernel chose), or `{ path }` for an AF_UNIX socket. A bad fd throws a UringError
 * (EBADF, ENOTSOCK; syscall 'getsockname'); an address family other than these a RangeError.
 */
export function localAddress(fd: number): LocalAddress {
  const b = getsockname(fdArg('localAddress', fd));
  const a = parseSockaddr(b, b.byteLength);
  if (a === undefined)
    throw new RangeError(
      `localAddress: fd ${fd} has an address of family ${b.byteLength >= 2 ? b[0]! | (b[1]! << 8) : 'none'}, not IPv4, IPv6 or unix`,
    );
  if (a.family === 'unix') return { path: a.path };
  return { address: a.address, family: a.family, port: a.port };
}
