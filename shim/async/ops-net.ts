// Node only: IoUring's socket ops: socket, bind, listen, connect, accept, send (and zero-copy), recv, shutdown,
// and localAddress (getsockname, synchronous).
// Each method is one call() (call.ts); its Op converts the addresses and buffers. SOCK_CLOEXEC is added to
// every socket and accepted connection, as libuv does.
import { byteLengthOf } from '../sys/memory.ts';
import { addr, addrOf, data, fdArg, int, optInt, viewLength } from './args.ts';
import { call, pinned } from './call.ts';
import { CORE, type Core } from './core.ts';
import { op, VOID, type Slot } from './slots.ts';
import { localAddress, parseSockaddr, sockaddr, type LocalAddress, type SockAddr } from './sockaddr.ts';
import type { OpOptions } from './types.ts';

const SOCK_CLOEXEC = 0x80000;

const SOCKET = op('socket', 'socket', (domain, type, protocol) => ({
  domain,
  type: (int('socket', 'type', type, 0, 0xffffffff) | SOCK_CLOEXEC) >>> 0,
  protocol,
}));
const BIND = op(
  'bind',
  'bind',
  (fd, address) => {
    const a = sockaddr('bind', address);
    return pinned({ fd: fdArg('bind', fd), addr: addr(a), addrlen: a.length }, a);
  },
  VOID,
);
const LISTEN = op('listen', 'listen', (fd, backlog) => ({ fd: fdArg('listen', fd), backlog }), VOID);
const CONNECT = op(
  'connect',
  'connect',
  (fd, address) => {
    const a = sockaddr('connect', address);
    return pinned({ fd: fdArg('connect', fd), addr: addr(a), addrlen: a.length }, a);
  },
  VOID,
);
const ACCEPT = op('accept', 'accept', (fd, o) => {
  const flags = optInt('accept', 'flags', o?.flags);
  return { fd: fdArg('accept', fd), addr: 0, addrlen: 0, acceptFlags: (flags | SOCK_CLOEXEC) >>> 0 };
});
const ACCEPT_ADDR = op(
  'accept',
  'accept',
  (fd, o) => {
    const flags = optInt('accept', 'flags', o?.flags);
    const sa = Buffer.alloc(128),
      len = Buffer.alloc(4);
    len.writeUInt32LE(128, 0);
    return pinned(
      { fd: fdArg('accept', fd), addr: addr(sa), addrlen: addr(len), acceptFlags: (flags | SOCK_CLOEXEC) >>> 0 },
      [sa, len],
    );
  },
  (res: number, s: Slot) => {
    const [sa, len] = s.keep as [Buffer, Buffer];
    return { fd: res, address: parseSockaddr(sa, len.readUInt32LE(0)) };
  },
);
// As read / write (ops-files.ts): the view's length read once; flags and userData (set by start) in the literal.
const SEND = op('send', 'send', (fd, buf, flags) => {
  const b = data('send', 'data', buf);
  const n = byteLengthOf(b);
  return pinned({ sockfd: fdArg('send', fd), buf: addrOf(b, n), len: n, msgFlags: flags, flags: 0, userData: 0 }, b);
});
const SEND_ZC = op('sendZc', 'sendZc', (fd, buf, flags) => {
  const b = data('sendZc', 'data', buf);
  const n = byteLengthOf(b);
  const o = { sockfd: fdArg('sendZc', fd), buf: addrOf(b, n), len: n, msgFlags: flags, flags: 0, userData: 0 };
  return pinned(o, b);
});
const RECV = op('recv', 'recv', (fd, buf, flags) => {
  const n = viewLength('recv', 'buf', buf);
  const b = buf as ArrayBufferView;
  return pinned({ sockfd: fdArg('recv', fd), buf: addrOf(b, n), len: n, msgFlags: flags, flags: 0, userData: 0 }, b);
});
const SHUTDOWN = op('shutdown', 'shutdown', (fd, how) => ({ fd: fdArg('shutdown', fd), how }), VOID);

/** IoUring's socket ops (mixed into IoUring.prototype; typed through IoUring's declaration merging). */
export class NetOps {
  /** @internal The ring's machinery (the op methods run on IoUring, which has it). */
  declare readonly [CORE]: Core;

  /** socket(domain, type, protocol): resolves the fd (SOCK_CLOEXEC is added). */
  socket(domain: number, type: number, protocol = 0, o?: OpOptions): Promise<number> {
    return call(this, SOCKET, o, domain, type, protocol);
  }

  /** bind(fd, address): `{ address, port }` (port 0: the kernel picks one), `{ path }` or sockaddr bytes. */
  bind(fd: number, address: SockAddr, o?: OpOptions): Promise<void> {
    return call(this, BIND, o, fd, address);
  }

  /** listen(fd, backlog = 511). */
  listen(fd: number, backlog = 511, o?: OpOptions): Promise<void> {
    return call(this, LISTEN, o, fd, backlog);
  }

  /** connect(fd, address): `{ address, port }`, `{ path }` or sockaddr bytes. */
  connect(fd: number, address: SockAddr, o?: OpOptions): Promise<void> {
    return call(this, CONNECT, o, fd, address);
  }

  /** accept: resolves the connection's fd (SOCK_CLOEXEC added). */
  accept(fd: number, o?: OpOptions & { flags?: number }): Promise<number> {
    return call(this, ACCEPT, o, fd, o);
  }

  /** accept that also reports the peer: `{ fd, address }` (address as parseSockaddr gives it). */
  acceptWithAddress(
    fd: number,
    o?: OpOptions & { flags?: number },
  ): Promise<{ fd: number; address: ReturnType<typeof parseSockaddr> }> {
    return call(this, ACCEPT_ADDR, o, fd, o);
  }

  /** send: resolves bytes sent. */
  send(fd: number, buf: ArrayBufferView | string, flags = 0, o?: OpOptions): Promise<number> {
    return call(this, SEND, o, fd, buf, flags);
  }

  /** Zero-copy send: resolves (bytes sent) once the kernel has released the buffer (the F_NOTIF CQE). */
  sendZc(fd: number, buf: ArrayBufferView | string, flags = 0, o?: OpOptions): Promise<number> {
    return call(this, SEND_ZC, o, fd, buf, flags);
  }

  /** recv into buf: resolves bytes received (0 at EOF). */
  recv(fd: number, buf: ArrayBufferView, flags = 0, o?: OpOptions): Promise<number> {
    return call(this, RECV, o, fd, buf, flags);
  }

  /**
   * The local address of socket `fd`, like node:net's `server.address()`: `{ address, family, port }` (after
   * `bind(fd, { address, port: 0 })`, the port the kernel chose), or `{ path }` for AF_UNIX. Synchronous (a
   * getsockname(2) call; the ring is not involved). A bad fd throws a UringError with syscall 'getsockname'.
   */
  localAddress(fd: number): LocalAddress {
    return localAddress(fd);
  }

  /** shutdown(fd, how): 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR (default). */
  shutdown(fd: number, how = 2, o?: OpOptions): Promise<void> {
    return call(this, SHUTDOWN, o, fd, how);
  }
}
