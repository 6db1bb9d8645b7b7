// Node only: the system calls uring needs, bound through koffi to libc. Pointers cross as numbers
// (`uintptr_t`/`intptr_t`: user addresses on x86_64 and aarch64 are < 2^47, exact in a double), so no BigInt is
// made per call. The io_uring calls come in two forms: raw (`…Raw`, returns the result or -errno, for the hot
// path) and checked (throws UringError).
import koffi from 'koffi';
import { UringError } from '../../ts/errors.ts';

export const NR = { io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427 } as const;

export const PROT_READ = 1,
  PROT_WRITE = 2;
export const MAP_SHARED = 0x01,
  MAP_PRIVATE = 0x02,
  MAP_ANONYMOUS = 0x20,
  MAP_POPULATE = 0x8000;
export const O_NONBLOCK = 0o4000,
  O_CLOEXEC = 0o2000000;
export const EFD_CLOEXEC = 0o2000000,
  EFD_NONBLOCK = 0o4000,
  EFD_SEMAPHORE = 1;
export const AF_UNIX = 1,
  AF_INET = 2,
  AF_INET6 = 10;
export const SOCK_STREAM = 1,
  SOCK_DGRAM = 2,
  SOCK_SEQPACKET = 5,
  SOCK_NONBLOCK = 0o4000,
  SOCK_CLOEXEC = 0o2000000;

/** Anything koffi passes as a `void *` to its data: Buffer, TypedArray, DataView, ArrayBuffer. */
export type Bytes = ArrayBufferView | ArrayBuffer;

interface Libc {
  setup: (nr: number, entries: number, params: Bytes) => number;
  enter: (
    nr: number,
    fd: number,
    toSubmit: number,
    minComplete: number,
    flags: number,
    arg: number,
    argsz: number,
  ) => number;
  register: (nr: number, fd: number, opcode: number, arg: Bytes | null, nrArgs: number) => number;
  registerAddr: (nr: number, fd: number, opcode: number, arg: number, nrArgs: number) => number;
  mmap: (addr: number, len: number, prot: number, flags: number, fd: number, off: number) => number;
  munmap: (addr: number, len: number) => number;
  close: (fd: number) => number;
  read: (fd: number, buf: Bytes, len: number) => number;
  write: (fd: number, buf: Bytes, len: number) => number;
  pipe2: (fds: Int32Array, flags: number) => number;
  fcntl: (fd: number, cmd: number, arg: number) => number;
  eventfd: (initval: number, flags: number) => number;
  socketpair: (domain: number, type: number, protocol: number, fds: Int32Array) => number;
  uname: (buf: Uint8Array) => number;
  getsockname: (fd: number, addr: Uint8Array, len: Uint32Array) => number;
  malloc: (size: number) => number;
  free: (ptr: number) => void;
}

let libc: Libc | undefined;
let loadError: Error | undefined;

function bind(): Libc {
  if (libc) return libc;
  if (loadError) throw loadError;
  try {
    if (process.platform !== 'linux') throw new Error(`io_uring is Linux only; this is ${process.platform}`);
    const lib = koffi.load('libc.so.6');
    // One declaration of syscall(2) per call shape: fixed prototypes, no variadic marshalling.
    libc = {
      setup: lib.func('syscall', 'long', ['long', 'uint32_t', 'void *']),
      enter: lib.func('syscall', 'long', ['long', 'int', 'uint32_t', 'uint32_t', 'uint32_t', 'uintptr_t', 'size_t']),
      register: lib.func('syscall', 'long', ['long', 'int', 'uint32_t', 'void *', 'uint32_t']),
      registerAddr: lib.func('syscall', 'long', ['long', 'int', 'uint32_t', 'uintptr_t', 'uint32_t']),
      mmap: lib.func('mmap', 'intptr_t', ['uintptr_t', 'size_t', 'int', 'int', 'int', 'int64_t']),
      munmap: lib.func('munmap', 'int', ['uintptr_t', 'size_t']),
      close: lib.func('close', 'int', ['int']),
      read: lib.func('read', 'long', ['int', 'void *', 'size_t']),
      write: lib.func('write', 'long', ['int', 'void *', 'size_t']),
      pipe2: lib.func('pipe2', 'int', ['void *', 'int']),
      fcntl: lib.func('fcntl', 'int', ['int', 'int', 'int']),
      eventfd: lib.func('eventfd', 'int', ['uint32_t', 'int']),
      socketpair: lib.func('socketpair', 'int', ['int', 'int', 'int', 'void *']),
      uname: lib.func('uname', 'int', ['void *']),
      getsockname: lib.func('getsockname', 'int', ['int', 'void *', 'void *']),
      malloc: lib.func('malloc', 'uintptr_t', ['size_t']),
      free: lib.func('free', 'void', ['uintptr_t']),
    } as unknown as Libc;
    return libc;
  } catch (e) {
    loadError = new Error(`uring: cannot bind libc through koffi: ${(e as Error).message}`, { cause: e });
    throw loadError;
  }
}

/** Binds libc now; throws a clear Error where that is impossible (not Linux, koffi missing). */
export function sys(): Libc {
  return libc ?? bind();
}

/** errno of the last koffi call on this thread. */
export function errno(): number {
  return koffi.errno();
}

function fail(syscall: string, detail?: string): never {
  throw new UringError(koffi.errno(), syscall, detail ? { detail } : {});
}

// ---- io_uring ----

/** io_uring_setup(entries, params): the ring fd, or -errno. `params` is the 120-byte io_uring_params, filled in. */
export function ioUringSetupRaw(entries: number, params: Uint8Array): number {
  const r = sys().setup(NR.io_uring_setup, entries, params);
  return r < 0 ? -koffi.errno() : r;
}

/** io_uring_enter: SQEs consumed, or -errno. `arg` is a native address (0 for none). */
export function ioUringEnterRaw(
  fd: number,
  toSubmit: number,
  minComplete: number,
  flags: number,
  arg: number,
  argsz: number,
): number {
  const r = (libc ?? bind()).enter(NR.io_uring_enter, fd, toSubmit, minComplete, flags, arg, argsz);
  return r < 0 ? -koffi.errno() : r;
}

/** io_uring_register: the call's (often positive) result, or -errno. `arg` is bytes, a native address, or null. */
export function ioUringRegisterRaw(fd: number, opcode: number, arg: Bytes | number | null, nrArgs: number): number {
  const c = libc ?? bind();
  const r =
    typeof arg === 'number'
      ? c.registerAddr(NR.io_uring_register, fd, opcode, arg, nrArgs)
      : c.register(NR.io_uring_register, fd, opcode, arg, nrArgs);
  return r < 0 ? -koffi.errno() : r;
}

// ---- memory ----

/** mmap(2); returns the address. Throws UringError('mmap'). */
export function mmap(addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
  const p = sys().mmap(addr, length, prot, flags, fd, offset);
  if (p === -1) fail('mmap', `length ${length}, offset 0x${offset.toString(16)}`);
  return p;
}

export function munmap(addr: number, length: number): void {
  if (sys().munmap(addr, length) !== 0) fail('munmap');
}

/** An ArrayBuffer aliasing native memory at `addr`. Never detached: reading it after munmap/free is SIGSEGV. */
export function view(addr: number, length: number): ArrayBuffer {
  return koffi.view(addr, length);
}

/** malloc'd native memory (zeroed) and a view of it; release with `free(addr)`. */
export function alloc(length: number): { addr: number; buffer: ArrayBuffer } {
  const addr = sys().malloc(length);
  if (addr === 0) throw new UringError(12, 'malloc', { detail: `${length} bytes` });
  const buffer = koffi.view(addr, length);
  new Uint8Array(buffer).fill(0);
  return { addr, buffer };
}

export function free(addr: number): void {
  sys().free(addr);
}

// ---- files ----

export function close(fd: number): void {
  if (sys().close(fd) !== 0) fail('close');
}

/** read(2) into `buf` (at most its length, or `length`); bytes read. */
export function read(fd: number, buf: ArrayBufferView, length = buf.byteLength): number {
  if (length > buf.byteLength)
    throw new RangeError(`read: length ${length} exceeds the buffer (${buf.byteLength} bytes)`);
  const r = sys().read(fd, buf, length);
  if (r < 0) fail('read');
  return r;
}

/** write(2) from `buf` (a string is written as UTF-8); bytes written. */
export function write(fd: number, buf: ArrayBufferView | string, length?: number): number {
  const b = typeof buf === 'string' ? Buffer.from(buf) : buf;
  const n = length ?? b.byteLength;
  if (n > b.byteLength) throw new RangeError(`write: length ${n} exceeds the buffer (${b.byteLength} bytes)`);
  const r = sys().write(fd, b, n);
  if (r < 0) fail('write');
  return r;
}

/** pipe2(2): [readEnd, writeEnd]. */
export function pipe(flags = O_CLOEXEC): [number, number] {
  const fds = new Int32Array(2);
  if (sys().pipe2(fds, flags) !== 0) fail('pipe2');
  return [fds[0]!, fds[1]!];
}

/** fcntl(F_SETPIPE_SZ): resize a pipe (up to /proc/sys/fs/pipe-max-size); the size it got, or -1. */
export function setPipeSize(fd: number, size: number): number {
  return sys().fcntl(fd, 1031, size);
}

export function eventfd(initval = 0, flags = EFD_CLOEXEC): number {
  const fd = sys().eventfd(initval, flags);
  if (fd < 0) fail('eventfd');
  return fd;
}

/** socketpair(2): two connected sockets (AF_UNIX, SOCK_STREAM by default). */
export function socketpair(domain = AF_UNIX, type = SOCK_STREAM | SOCK_CLOEXEC, protocol = 0): [number, number] {
  const fds = new Int32Array(2);
  if (sys().socketpair(domain, type, protocol, fds) !== 0) fail('socketpair');
  return [fds[0]!, fds[1]!];
}

/** getsockname(2): the socket's local address as the kernel wrote it (sockaddr bytes, at most 128). */
export function getsockname(fd: number): Uint8Array {
  const b = new Uint8Array(128);
  const len = new Uint32Array([b.length]);
  if (sys().getsockname(fd, b, len) !== 0) fail('getsockname');
  return b.subarray(0, Math.min(len[0]!, b.length));
}

export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
}

/** uname(2). */
export function uname(): Utsname {
  const b = new Uint8Array(6 * 65);
  if (sys().uname(b) !== 0) fail('uname');
  const f = (i: number) => {
    const s = b.subarray(i * 65, i * 65 + 65);
    const end = s.indexOf(0);
    return new TextDecoder().decode(s.subarray(0, end < 0 ? 65 : end));
  };
  return { sysname: f(0), nodename: f(1), release: f(2), version: f(3), machine: f(4) };
}

/** The running kernel's version as 'major.minor.patch' (from uname's release, e.g. '6.18.4'). */
export function kernelVersion(): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(uname().release);
  return m ? `${m[1]}.${m[2]}.${m[3] ?? 0}` : '0.0.0';
}
