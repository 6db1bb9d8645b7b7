// Helpers of the socket and uring_cmd kernel tests (ops-net, ops-cmd, seed-bugs): sockaddr builders, a few
// libc calls the shim does not bind (getsockname, getsockopt, setsockopt, ioctl, epoll_create1), loopback TCP
// set up through the ring itself (socket, bind, listen, connect, accept ops), registered files / buffers and
// provided-buffer rings registered with raw io_uring_register calls.
//
// The Ring is synchronous, so every connection is made by queueing the connect and the accept together and
// waiting for both CQEs; nothing here uses Node's net module.
import * as assert from 'uvu/assert';
import koffi from 'koffi';
import { opTest, resName, type Cqe, type Ctx, type OpTestOptions } from './_ops.ts';
import { errnoName } from '../../ts/errors.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import { REGISTER } from '../../shim/sys/abi.ts';
import {
  close,
  mmap,
  munmap,
  view,
  AF_INET,
  AF_INET6,
  AF_UNIX,
  SOCK_STREAM,
  MAP_ANONYMOUS,
  MAP_PRIVATE,
  PROT_READ,
  PROT_WRITE,
} from '../../shim/sys/libc.ts';
import type { KernelBackend } from '../../shim/kernel/backend.ts';

export { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM };
export const SOCK_DGRAM = 2;
export const SOL_SOCKET = 1,
  SO_TYPE = 3,
  SO_RCVBUF = 8,
  SO_KEEPALIVE = 9,
  SO_SNDBUF = 7;
export const IPPROTO_TCP = 6,
  TCP_NODELAY = 1;
export const SHUT_RD = 0,
  SHUT_WR = 1,
  SHUT_RDWR = 2;
export const MSG_DONTWAIT = 0x40,
  MSG_WAITALL = 0x100;
export const SIOCINQ = 0x541b,
  SIOCOUTQ = 0x5411;
export const EPOLLIN = 1,
  EPOLLOUT = 4,
  EPOLL_CTL_ADD = 1,
  EPOLL_CTL_DEL = 2,
  EPOLL_CTL_MOD = 3;
export const CQE_F_BUFFER = 1,
  CQE_F_MORE = 2,
  CQE_F_NOTIF = 8;
export const IORING_RSRC_REGISTER_SPARSE = 1;

// ---- libc ----------------------------------------------------------------------------------------

interface NetLibc {
  getsockname: (fd: number, addr: Uint8Array, len: Int32Array) => number;
  getpeername: (fd: number, addr: Uint8Array, len: Int32Array) => number;
  getsockopt: (fd: number, level: number, name: number, val: Uint8Array, len: Int32Array) => number;
  setsockopt: (fd: number, level: number, name: number, val: Uint8Array, len: number) => number;
  ioctl: (fd: number, req: number, arg: Int32Array) => number;
  epoll_create1: (flags: number) => number;
  epoll_ctl: (epfd: number, op: number, fd: number, ev: Uint8Array) => number;
  epoll_wait: (epfd: number, evs: Uint8Array, max: number, timeout: number) => number;
  send: (fd: number, buf: Uint8Array, len: number, flags: number) => number;
  recv: (fd: number, buf: Uint8Array, len: number, flags: number) => number;
}

let lc: NetLibc | undefined;
function libc(): NetLibc {
  if (lc) return lc;
  const lib = koffi.load('libc.so.6');
  lc = {
    getsockname: lib.func('getsockname', 'int', ['int', 'void *', 'void *']),
    getpeername: lib.func('getpeername', 'int', ['int', 'void *', 'void *']),
    getsockopt: lib.func('getsockopt', 'int', ['int', 'int', 'int', 'void *', 'void *']),
    setsockopt: lib.func('setsockopt', 'int', ['int', 'int', 'int', 'void *', 'uint32_t']),
    ioctl: lib.func('ioctl', 'int', ['int', 'unsigned long', 'void *']),
    epoll_create1: lib.func('epoll_create1', 'int', ['int']),
    epoll_ctl: lib.func('epoll_ctl', 'int', ['int', 'int', 'int', 'void *']),
    epoll_wait: lib.func('epoll_wait', 'int', ['int', 'void *', 'int', 'int']),
    send: lib.func('send', 'long', ['int', 'void *', 'size_t', 'int']),
    recv: lib.func('recv', 'long', ['int', 'void *', 'size_t', 'int']),
  } as unknown as NetLibc;
  return lc;
}

function check(r: number, what: string): number {
  if (r < 0) throw new Error(`${what}: ${errnoName(koffi.errno())}`);
  return r;
}

/** getsockname(2) (or getpeername with peer) through libc: the raw sockaddr bytes. */
export function sockName(fd: number, peer = false): Buffer {
  const b = new Uint8Array(128);
  const len = new Int32Array([128]);
  check((peer ? libc().getpeername : libc().getsockname)(fd, b, len), peer ? 'getpeername' : 'getsockname');
  return Buffer.from(b.subarray(0, len[0]));
}

/** An int socket option through libc getsockopt(2). */
export function getIntOpt(fd: number, level: number, name: number): number {
  const v = new Uint8Array(4);
  const len = new Int32Array([4]);
  check(libc().getsockopt(fd, level, name, v, len), 'getsockopt');
  return new DataView(v.buffer).getInt32(0, true);
}

export function setIntOpt(fd: number, level: number, name: number, value: number): void {
  const v = new Uint8Array(4);
  new DataView(v.buffer).setInt32(0, value, true);
  check(libc().setsockopt(fd, level, name, v, 4), 'setsockopt');
}

/** ioctl(fd, req, &int) → the int (SIOCINQ / SIOCOUTQ). */
export function ioctlInt(fd: number, req: number): number {
  const v = new Int32Array(1);
  check(libc().ioctl(fd, req, v), 'ioctl');
  return v[0]!;
}

export function epollCreate(): number {
  return check(libc().epoll_create1(0o2000000), 'epoll_create1');
}

/** struct epoll_event: packed (12 bytes) on x86_64, 16 bytes (data aligned) elsewhere. */
export const EPOLL_EVENT_SIZE = process.arch === 'x64' ? 12 : 16;
const EPOLL_DATA_AT = process.arch === 'x64' ? 4 : 8;

/** `count` struct epoll_event, the first `events` / `data` set. */
export function epollEvents(count: number, events = 0, data = 0n): Uint8Array {
  const b = new Uint8Array(count * EPOLL_EVENT_SIZE);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, events, true);
  dv.setBigUint64(EPOLL_DATA_AT, data, true);
  return b;
}

/** Entry i of an epoll_event array. */
export function epollEventAt(b: Uint8Array, i: number): { events: number; data: bigint } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    events: dv.getUint32(i * EPOLL_EVENT_SIZE, true),
    data: dv.getBigUint64(i * EPOLL_EVENT_SIZE + EPOLL_DATA_AT, true),
  };
}

/** epoll_ctl(2) through libc. */
export function libcEpollCtl(epfd: number, op: number, fd: number, events: number, data: bigint): void {
  check(libc().epoll_ctl(epfd, op, fd, epollEvents(1, events, data)), 'epoll_ctl');
}

/** epoll_wait(2) through libc with timeout 0: the ready events. */
export function libcEpollPoll(epfd: number, max = 8): { events: number; data: bigint }[] {
  const b = epollEvents(max);
  const n = check(libc().epoll_wait(epfd, b, max, 0), 'epoll_wait');
  return Array.from({ length: n }, (_, i) => epollEventAt(b, i));
}

/** Non-blocking send(2) through libc; bytes sent, or -errno. */
export function libcSend(fd: number, buf: Uint8Array, flags = MSG_DONTWAIT): number {
  const r = libc().send(fd, buf, buf.length, flags);
  return r < 0 ? -koffi.errno() : r;
}

/** Non-blocking recv(2) through libc; bytes received (0 at EOF), or -errno (EAGAIN when nothing is there). */
export function libcRecv(fd: number, buf: Uint8Array, flags = MSG_DONTWAIT): number {
  const r = libc().recv(fd, buf, buf.length, flags);
  return r < 0 ? -koffi.errno() : r;
}

// ---- sockaddr ------------------------------------------------------------------------------------

/** struct sockaddr_in for 127.0.0.1 (or `ip`) and `port`: 16 bytes. */
export function sockaddrIn(port: number, ip = '127.0.0.1'): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(AF_INET, 0);
  b.writeUInt16BE(port, 2);
  ip.split('.').forEach((p, i) => {
    b[4 + i] = Number(p);
  });
  return b;
}

/** struct sockaddr_in6 for ::1 and `port`: 28 bytes. */
export function sockaddrIn6(port: number): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16LE(AF_INET6, 0);
  b.writeUInt16BE(port, 2);
  b[8 + 15] = 1; // ::1
  return b;
}

/** struct sockaddr_un for a path (or an abstract name starting with '\0'); its length is b.length. */
export function sockaddrUn(path: string): Buffer {
  const abstract = path.startsWith('\0');
  const b = Buffer.alloc(2 + Buffer.byteLength(path) + (abstract ? 0 : 1));
  b.writeUInt16LE(AF_UNIX, 0);
  b.write(path, 2);
  return b;
}

export function sockaddr(family: number, port: number): Buffer {
  return family === AF_INET6 ? sockaddrIn6(port) : sockaddrIn(port);
}

export function family(sa: Uint8Array): number {
  return sa[0]! | (sa[1]! << 8);
}

export function portOf(sa: Uint8Array): number {
  return (sa[2]! << 8) | sa[3]!;
}

// ---- per-test fd bookkeeping ---------------------------------------------------------------------

/** Fds a test opened, closed when it ends (after its ring, so in-flight ops never see a reused fd). */
export class Net {
  readonly fds: number[] = [];
  readonly maps: [number, number][] = [];
  constructor(readonly t: Ctx) {}

  /** Remember `fd` for closing; returns it. */
  own(fd: number): number {
    this.fds.push(fd);
    return fd;
  }

  /** socket op: a new fd (asserted). */
  socket(domain = AF_INET, type = SOCK_STREAM): number {
    return this.own(this.t.ok('socket', { domain, type, protocol: 0 }));
  }

  /** socket, bind to port 0 on loopback, listen, all as ops; the port from getsockname. */
  listener(domain = AF_INET, backlog = 16): { fd: number; port: number; addr: Buffer } {
    const t = this.t;
    const fd = this.socket(domain);
    setIntOpt(fd, SOL_SOCKET, 2 /* SO_REUSEADDR */, 1);
    const sa = sockaddr(domain, 0);
    t.ok('bind', { fd, addr: t.addr(sa), addrlen: sa.length });
    t.ok('listen', { fd, backlog });
    const port = portOf(sockName(fd));
    assert.ok(port > 0, 'listener has a port');
    return { fd, port, addr: sockaddr(domain, port) };
  }

  /** A connected loopback TCP pair made through the ring: [client, server]. */
  tcpPair(domain = AF_INET): [number, number] {
    const t = this.t;
    const l = this.listener(domain);
    const client = this.socket(domain);
    const cu = t.queue('connect', { fd: client, addr: t.addr(l.addr), addrlen: l.addr.length });
    const au = t.queue('accept', { fd: l.fd, addr: 0, addrlen: 0 });
    const got = byUd(t.wait(2));
    assert.is(resName(got.get(cu)!.res), 'OK', 'connect');
    assert.ok(got.get(au)!.res >= 0, `accept: ${resName(got.get(au)!.res)}`);
    return [client, this.own(got.get(au)!.res)];
  }

  /** Anonymous private memory (page-aligned, zeroed), unmapped when the test ends. */
  map(length: number): { addr: number; u8: Uint8Array; dv: DataView } {
    const addr = mmap(0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    this.maps.push([addr, length]);
    const ab = view(addr, length);
    return { addr, u8: new Uint8Array(ab), dv: new DataView(ab) };
  }

  release(): void {
    for (const fd of this.fds.splice(0)) {
      try {
        close(fd);
      } catch {}
    }
    for (const [a, l] of this.maps.splice(0)) munmap(a, l);
  }
}

/** opTest with a Net whose fds and mappings are released after the ring is closed. */
export function netTest(builder: string, title: string, fn: (t: Ctx, n: Net) => void, o: OpTestOptions = {}): void {
  opTest(
    builder,
    title,
    (t) => {
      const n = new Net(t);
      // Close the ring first (cancels multishot ops still armed), then the fds.
      const ringClose = t.close.bind(t);
      t.close = () => {
        try {
          ringClose();
        } finally {
          n.release();
        }
      };
      fn(t, n);
    },
    o,
  );
}

/** CQEs by user_data (the last one of each wins; use for single-shot ops). */
export function byUd<T extends { userData: number }>(cqes: T[]): Map<number, T> {
  return new Map(cqes.map((c) => [c.userData, c]));
}

// ---- registration (raw; shim/register/ is someone else's) ---------------------------------

function fdOf(t: Ctx): number {
  return (t.ring.backend as KernelBackend).fd;
}

/** IORING_REGISTER_FILES with `n` empty slots (fd -1 each). */
export function registerSparseFiles(t: Ctx, n: number): void {
  const fds = new Int32Array(n).fill(-1);
  ioUringRegister(fdOf(t), REGISTER.FILES, fds, n);
}

/** IORING_REGISTER_BUFFERS with one buffer per Uint8Array (each must stay alive: pinned in t). */
export function registerBuffers(t: Ctx, bufs: Uint8Array[]): void {
  const iov = new BigUint64Array(bufs.length * 2);
  bufs.forEach((b, i) => {
    iov[2 * i] = BigInt(t.addr(b));
    iov[2 * i + 1] = BigInt(b.length);
  });
  ioUringRegister(fdOf(t), REGISTER.BUFFERS, new Uint8Array(iov.buffer), bufs.length);
}

/** A provided-buffer ring (IORING_REGISTER_PBUF_RING) of `count` buffers of `size` bytes, ids 0..count-1. */
export interface BufRing {
  bgid: number;
  size: number;
  /** Bytes of buffer `bid`. */
  buf(bid: number): Uint8Array;
}

export function registerBufRing(t: Ctx, n: Net, bgid: number, count: number, size: number): BufRing {
  const ringBytes = count * 16;
  const m = n.map(ringBytes + count * size);
  for (let i = 0; i < count; i++) {
    // struct io_uring_buf { u64 addr; u32 len; u16 bid; u16 resv } (resv of entry 0 is the tail)
    m.dv.setBigUint64(i * 16, BigInt(m.addr + ringBytes + i * size), true);
    m.dv.setUint32(i * 16 + 8, size, true);
    m.dv.setUint16(i * 16 + 12, i, true);
  }
  // struct io_uring_buf_reg { u64 ring_addr; u32 ring_entries; u16 bgid; u16 flags; u64 resv[3] }
  const reg = new Uint8Array(40);
  const dv = new DataView(reg.buffer);
  dv.setBigUint64(0, BigInt(m.addr), true);
  dv.setUint32(8, count, true);
  dv.setUint16(12, bgid, true);
  ioUringRegister(fdOf(t), REGISTER.PBUF_RING, reg, 1);
  Atomics.store(new Uint16Array(m.u8.buffer, 14, 1), 0, count); // tail: all `count` buffers handed over
  return { bgid, size, buf: (bid) => m.u8.subarray(ringBytes + bid * size, ringBytes + (bid + 1) * size) };
}

/** struct msghdr (56 bytes) over iovecs at `iov` (count `iovlen`), optional name buffer. */
export function msghdr(t: Ctx, iov: Uint8Array[], name?: Uint8Array): Uint8Array {
  const iovs = new BigUint64Array(iov.length * 2);
  iov.forEach((b, i) => {
    iovs[2 * i] = BigInt(t.addr(b));
    iovs[2 * i + 1] = BigInt(b.length);
  });
  const m = new Uint8Array(56);
  const dv = new DataView(m.buffer);
  if (name) {
    dv.setBigUint64(0, BigInt(t.addr(name)), true);
    dv.setUint32(8, name.length, true);
  }
  dv.setBigUint64(16, BigInt(t.addr(new Uint8Array(iovs.buffer))), true);
  dv.setBigUint64(24, BigInt(iov.length), true);
  t.addr(m);
  return m;
}

/** The int a SIOCINQ/OUTQ-style assert compares against; `fill` the rest of a buffer with a pattern. */
export function pattern(len: number, seed = 1): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  return b;
}

export { close };

/** Read exactly `n` bytes from a socket through libc (non-blocking, retried for up to 2 s). */
export function recvExactly(fd: number, n: number): Buffer {
  const out = Buffer.alloc(n);
  let got = 0;
  const deadline = Date.now() + 2000;
  while (got < n) {
    const r = libcRecv(fd, out.subarray(got));
    if (r > 0) got += r;
    else if (r === 0) throw new Error(`recvExactly: EOF after ${got} of ${n} bytes`);
    else if (r !== -11) throw new Error(`recvExactly: ${errnoName(-r)}`);
    else if (Date.now() > deadline) throw new Error(`recvExactly: timed out after ${got} of ${n} bytes`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
  }
  return out;
}

/**
 * Queue one op and wait until `count` CQEs of it arrived; returns them (and leaves none behind: Ctx.run
 * keeps only the first CQE of a batch, which drops a zero-copy notification reaped in the same batch).
 * CQEs of other requests that arrive meanwhile are returned in `others`.
 */
export function runN(
  t: Ctx,
  builder: string,
  opts: Record<string, unknown>,
  count: number,
): { mine: Cqe[]; others: Cqe[] } {
  const ud = t.queue(builder, opts);
  const mine: Cqe[] = [],
    others: Cqe[] = [];
  while (mine.length < count) {
    for (const c of t.wait(1)) (c.userData === ud ? mine : others).push(c);
  }
  return { mine, others };
}

/** Put raw SQE bytes (64, from SqeEncoder.encodeRaw) in the ring's next slot, as a broken encoder would. */
export function pushRaw(t: Ctx, bytes: Uint8Array): void {
  const p = t.ring.getSqe();
  if (p === 0) throw new Error('pushRaw: the SQ is full');
  t.ring.core.u8.set(bytes, p);
}
