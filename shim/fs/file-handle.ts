// Node only: uring/fs's FileHandle, Node's FileHandle (lib/internal/fs/promises.js) over an io_uring: the same
// methods, arguments, results (null-prototype { bytesRead, buffer } objects) and errors; the reads, writes,
// fstat, ftruncate, fsync and close are ring ops. A method called on a closed handle rejects as Node's does
// ('file closed', EBADF); close() waits for the handle's operations in flight, as Node's does.
import { EventEmitter } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  fchmod,
  fchown,
  futimes,
  type BigIntStats,
  type ReadStream,
  type Stats,
  type TimeLike,
  type WriteStream,
} from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { promisify } from 'node:util';
import type { IoUring } from '../async/io-uring.ts';
import { asNode, closedHandle, invalidArgValue, plainNodeError, uvError } from './errors.ts';

const EINVAL = -22;
import { readFd } from './read-file.ts';
import { toStats } from './stats.ts';
import {
  checkBoolean,
  checkBuffer,
  checkBufferArray,
  checkDataEncoding,
  checkInteger,
  checkObject,
  checkOffsetLengthRead,
  checkOffsetLengthWrite,
  checkStringData,
  getOptions,
  filePosition,
  toMode,
} from './validate.ts';
import { writeFd } from './write-file.ts';
import { isCustomIterable } from './write-file.ts';
import { checkSignal, checkStringData as checkData, type Untyped } from './validate.ts';

const ASYNC_DISPOSE: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose);
const pFchmod = promisify(fchmod),
  pFchown = promisify(fchown),
  pFutimes = promisify(futimes);
const IOV_MAX = 1024;

/** FileHandle.read's result (a null-prototype object, as Node's). */
export interface ReadResult<T extends ArrayBufferView> {
  bytesRead: number;
  buffer: T;
}
/** FileHandle.write's result. */
export interface WriteResult<T> {
  bytesWritten: number;
  buffer: T;
}

function view(b: ArrayBufferView, offset: number, length: number): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset + offset, length);
}

// Node's FileHandle is an EventEmitter by mixin (internal EventEmitterMixin), not by inheritance: it has the
// methods and state, but `instanceof EventEmitter` is false. The same here.
const MixedEventEmitter = (() => {
  class MixedEventEmitter {
    constructor() {
      (EventEmitter as unknown as (this: unknown) => void).call(this);
    }
  }
  const props: Record<string, PropertyDescriptor> = Object.getOwnPropertyDescriptors(EventEmitter.prototype);
  Reflect.deleteProperty(props, 'constructor');
  Object.defineProperties(MixedEventEmitter.prototype, props);
  return MixedEventEmitter as unknown as new () => EventEmitter;
})();

/** An open file on an io_uring: what `open()` resolves. */
export class FileHandle extends MixedEventEmitter {
  #fd: number;
  #refs = 1;
  #closing: Promise<void> | null = null;
  #closeDone: ((e?: unknown) => void) | null = null;
  /** The ring this handle's operations go through. */
  readonly ring: IoUring;

  /** @internal made by open() */
  constructor(ring: IoUring, fd: number) {
    super();
    this.ring = ring;
    this.#fd = fd;
  }

  /** The file descriptor (-1 once closed). */
  get fd(): number {
    return this.#fd;
  }

  /** Node's FileHandle.getAsyncId (no libuv handle here: -1). */
  getAsyncId(): number {
    return -1;
  }

  // Node's fsCall: a closed handle rejects; the handle stays open until the call is done.
  async #call<T>(syscall: string, fn: (fd: number) => Promise<T>): Promise<T> {
    if (this.#fd === -1) throw closedHandle(syscall);
    this.#refs++;
    try {
      return await fn(this.#fd);
    } finally {
      this.#unref();
    }
  }

  #unref(): void {
    if (--this.#refs === 0) {
      const fd = this.#fd;
      this.#fd = -1;
      const done = this.#closeDone;
      this.ring.closeFd(fd).then(
        () => done?.(),
        (e) => done?.(asNode(e, 'close')),
      );
    }
  }

  /** read(buffer, offset?, length?, position?), read(buffer, { offset, length, position }), read({ buffer, ... }). */
  read<T extends ArrayBufferView = Buffer>(
    buffer?: T | { buffer?: T; offset?: number; length?: number; position?: number | bigint | null } | null,
    offset?: number | null | { offset?: number; length?: number; position?: number | bigint | null },
    length?: number | null,
    position?: number | bigint | null,
  ): Promise<ReadResult<T>> {
    return this.#call('read', async (fd) => {
      let buf: Untyped = buffer;
      let off: Untyped = offset,
        len: Untyped = length,
        pos: Untyped = position;
      if (!ArrayBuffer.isView(buf)) {
        if (buffer !== undefined) checkObject(buffer, 'options', true);
        const o: Untyped = buffer ?? {};
        buf = o.buffer === undefined ? Buffer.alloc(16384) : o.buffer;
        off = o.offset === undefined ? 0 : o.offset;
        len = o.length === undefined ? buf.byteLength - off : o.length;
        pos = o.position === undefined ? null : o.position;
        checkBuffer(buf);
      }
      if (off !== null && typeof off === 'object') {
        const o = off;
        off = o.offset === undefined ? 0 : o.offset;
        len = o.length === undefined ? buf.byteLength - off : o.length;
        pos = o.position === undefined ? null : o.position;
      }
      if (off == null) off = 0;
      else checkInteger(off, 'offset', 0);
      len ??= buf.byteLength - off;
      if (len === 0) return { __proto__: null, bytesRead: 0, buffer: buf } as Untyped;
      if (buf.byteLength === 0) throw invalidArgValue('buffer', buf, 'is empty and cannot be written');
      checkOffsetLengthRead(off, len, buf.byteLength);
      checkInteger(len, 'length', 0);
      let n: number;
      try {
        n = await this.ring.read(
          fd,
          off === 0 && len === buf.byteLength ? buf : view(buf, off, len),
          filePosition(pos),
        );
      } catch (e) {
        throw asNode(e, 'read');
      }
      return { __proto__: null, bytesRead: n, buffer: buf } as Untyped;
    });
  }

  /** write(buffer, offset?, length?, position?), write(buffer, { offset, length, position }), write(string,
   *  position?, encoding?). */
  write<T extends ArrayBufferView | string>(
    buffer: T,
    offsetOrOptions?: number | null | { offset?: number; length?: number; position?: number | null },
    length?: number | null | BufferEncoding,
    position?: number | null,
  ): Promise<WriteResult<T>> {
    return this.#call('write', async (fd) => {
      if ((buffer as { byteLength?: number })?.byteLength === 0)
        return { __proto__: null, bytesWritten: 0, buffer } as Untyped;
      let off: Untyped = offsetOrOptions,
        len: Untyped = length,
        pos: Untyped = position;
      let data: Uint8Array;
      if (ArrayBuffer.isView(buffer)) {
        if (typeof off === 'object') {
          const o: Untyped = offsetOrOptions ?? {};
          off = o.offset === undefined ? 0 : o.offset;
          len = o.length === undefined ? buffer.byteLength - off : o.length;
          pos = o.position === undefined ? null : o.position;
        }
        if (off == null) off = 0;
        else checkInteger(off, 'offset', 0);
        if (typeof len !== 'number') len = buffer.byteLength - off;
        if (typeof pos !== 'number') pos = null;
        checkOffsetLengthWrite(off, len, buffer.byteLength);
        data = view(buffer, off, len);
      } else {
        checkStringData(buffer, 'buffer');
        checkDataEncoding(buffer as string, len);
        const enc = typeof len === 'string' && Buffer.isEncoding(len) ? len : 'utf8';
        data = Buffer.from(buffer as string, enc);
        pos = off; // the string form: write(string, position, encoding)
      }
      let n: number;
      try {
        n = await this.ring.write(fd, data, filePosition(pos));
      } catch (e) {
        throw asNode(e, 'write');
      }
      return { __proto__: null, bytesWritten: n, buffer } as Untyped;
    });
  }

  /** readv(buffers, position?): into each buffer in turn. */
  readv<T extends readonly ArrayBufferView[]>(
    buffers: T,
    position?: number | null,
  ): Promise<{ bytesRead: number; buffers: T }> {
    return this.#call('readv', async (fd) => {
      checkBufferArray(buffers);
      // Node hands an empty list to libuv, which refuses it (EINVAL, 'read'); writev([]) resolves instead.
      if (buffers.length === 0) throw uvError(EINVAL, 'read');
      let n: number;
      try {
        n = await this.ring.readv(fd, buffers.slice(0, IOV_MAX), filePosition(position));
      } catch (e) {
        throw asNode(e, 'read');
      }
      return { __proto__: null, bytesRead: n, buffers } as Untyped;
    });
  }

  /** writev(buffers, position?): each buffer in turn. */
  writev<T extends readonly ArrayBufferView[]>(
    buffers: T,
    position?: number | null,
  ): Promise<{ bytesWritten: number; buffers: T }> {
    return this.#call('writev', async (fd) => {
      checkBufferArray(buffers);
      if (buffers.length === 0) return { __proto__: null, bytesWritten: 0, buffers } as Untyped;
      let n: number;
      try {
        n = await this.ring.writev(fd, buffers.slice(0, IOV_MAX), filePosition(position));
      } catch (e) {
        throw asNode(e, 'write');
      }
      return { __proto__: null, bytesWritten: n, buffers } as Untyped;
    });
  }

  /** fstat: an fs.Stats (fs.BigIntStats with `{ bigint: true }`). */
  stat(opts?: { bigint?: false }): Promise<Stats>;
  /** fstat as fs.BigIntStats. */
  stat(opts: { bigint: true }): Promise<BigIntStats>;
  /** fstat. */
  stat(opts?: { bigint?: boolean }): Promise<Stats | BigIntStats>;
  stat(opts: { bigint?: boolean } = { bigint: false }): Promise<Stats | BigIntStats> {
    return this.#call('fstat', async (fd) => {
      try {
        return toStats(await this.ring.statx(fd), !!opts.bigint);
      } catch (e) {
        throw asNode(e, 'fstat');
      }
    });
  }

  /** ftruncate(len = 0). */
  truncate(len = 0): Promise<void> {
    return this.#call('ftruncate', async (fd) => {
      checkInteger(len, 'len');
      try {
        await this.ring.ftruncate(fd, Math.max(0, len));
      } catch (e) {
        throw asNode(e, 'ftruncate');
      }
    });
  }

  /** fsync. */
  sync(): Promise<void> {
    return this.#call('fsync', async (fd) => {
      try {
        await this.ring.fsync(fd);
      } catch (e) {
        throw asNode(e, 'fsync');
      }
    });
  }

  /** fdatasync. */
  datasync(): Promise<void> {
    return this.#call('fdatasync', async (fd) => {
      try {
        await this.ring.fdatasync(fd);
      } catch (e) {
        throw asNode(e, 'fdatasync');
      }
    });
  }

  /** The rest of the file from the handle's position: a Buffer, or a string with an encoding. */
  readFile(options?: { encoding?: null; signal?: AbortSignal } | null): Promise<Buffer>;
  /** The rest of the file as a string. */
  readFile(options: { encoding: BufferEncoding; signal?: AbortSignal } | BufferEncoding): Promise<string>;
  /** The rest of the file. */
  readFile(options?: unknown): Promise<Buffer | string>;
  readFile(options?: unknown): Promise<Buffer | string> {
    return this.#call('readFile', (fd) => readFd(this.ring, fd, getOptions(options, { flag: 'r' })));
  }

  /** Write `data` at the handle's position (Node's writeFile on a FileHandle ignores flag and mode). */
  writeFile(data: unknown, options?: unknown): Promise<void> {
    return this.#call('writeFile', (fd) => writeHandleData(this.ring, fd, data, options, 'w'));
  }

  /** The same as writeFile on a handle (Node's alias). */
  appendFile(data: unknown, options?: unknown): Promise<void> {
    return this.#call('writeFile', (fd) => writeHandleData(this.ring, fd, data, options, 'a'));
  }

  /** fchmod (no io_uring op: node:fs). */
  chmod(mode: string | number): Promise<void> {
    return this.#call('fchmod', (fd) => pFchmod(fd, toMode(mode, 'mode', 0o666)));
  }

  /** fchown (no io_uring op: node:fs). */
  chown(uid: number, gid: number): Promise<void> {
    return this.#call('fchown', (fd) => pFchown(fd, uid, gid));
  }

  /** futimes (no io_uring op: node:fs). */
  utimes(atime: TimeLike, mtime: TimeLike): Promise<void> {
    return this.#call('futimes', (fd) => pFutimes(fd, atime, mtime));
  }

  /** A ReadStream whose reads and close go through this handle. */
  createReadStream(options?: Record<string, unknown>): ReadStream {
    return createReadStream('', { ...options, fd: this.#fd, fs: this.#streamFs() } as never);
  }

  /** A WriteStream whose writes and close go through this handle. */
  createWriteStream(options?: Record<string, unknown>): WriteStream {
    return createWriteStream('', { ...options, fd: this.#fd, fs: this.#streamFs() } as never);
  }

  /** Lines of the file (readline over createReadStream). */
  readLines(options?: Record<string, unknown>): Interface {
    return createInterface({ input: this.createReadStream(options), crlfDelay: Number.POSITIVE_INFINITY });
  }

  /** A byte ReadableStream of the file, read through this handle. */
  readableWebStream(options: { type?: 'bytes' } = {}): ReadableStream {
    checkObject(options, 'options');
    if (this.#fd === -1) throw plainNodeError(Error, 'ERR_INVALID_STATE', 'Invalid state: The FileHandle is closed');
    return new ReadableStream({
      type: 'bytes',
      autoAllocateChunkSize: 16384,
      pull: async (controller) => {
        const req = (controller as ReadableByteStreamController).byobRequest!;
        const v = req.view!;
        const { bytesRead } = await this.read(v as Uint8Array, 0, v.byteLength);
        if (bytesRead === 0) {
          controller.close();
          req.respond(0);
          return;
        }
        req.respond(bytesRead);
      },
    });
  }

  // The `fs` option of node:fs streams: their reads, writes and close go through the ring and this handle.
  #streamFs(): Record<string, unknown> {
    const cb = (p: Promise<Untyped>, done: (e: unknown, ...r: unknown[]) => void, pick: (r: Untyped) => unknown[]) =>
      p.then(
        (r) => done(null, ...pick(r)),
        (e) => done(e),
      );
    return {
      open: (_p: unknown, _f: unknown, _m: unknown, done: (e: unknown, fd?: number) => void) => done(null, this.#fd),
      read: (_fd: number, b: Uint8Array, off: number, len: number, pos: number | null, done: Untyped) =>
        cb(this.read(b, off, len, pos), done, (r) => [r.bytesRead, r.buffer]),
      write: (_fd: number, b: Uint8Array, off: number, len: number, pos: number | null, done: Untyped) =>
        cb(this.write(b, off, len, pos), done, (r) => [r.bytesWritten, r.buffer]),
      writev: (_fd: number, bufs: Uint8Array[], pos: number | null, done: Untyped) =>
        cb(this.writev(bufs, pos), done, (r) => [r.bytesWritten, r.buffers]),
      close: (_fd: number, done: Untyped) => cb(this.close(), done, () => []),
    };
  }

  /** Close: once the handle's operations in flight are done (Node's semantics); again: the same promise. */
  close = (): Promise<void> => {
    if (this.#fd === -1 && this.#closing === null) return Promise.resolve();
    if (this.#closing) return this.#closing;
    this.#closing = new Promise<void>((res, rej) => {
      this.#closeDone = (e?: unknown) => (e === undefined ? res() : rej(e));
    }).finally(() => {
      this.#closing = null;
    });
    this.#unref();
    this.emit('close');
    return this.#closing;
  };

  /** `await using fh = await open(...)`: close() at the end of the scope. */
  async [ASYNC_DISPOSE](): Promise<void> {
    await this.close();
  }
}

// Node's writeFile(filehandle, data, options): data checks, then the data at the handle's position.
async function writeHandleData(
  ring: IoUring,
  fd: number,
  data: unknown,
  options: unknown,
  flag: string,
): Promise<void> {
  const o = getOptions(options, { encoding: 'utf8', mode: 0o666, flag });
  checkBoolean(o.flush ?? false, 'options.flush');
  let d = data;
  if (!ArrayBuffer.isView(d) && !isCustomIterable(d)) {
    d = Buffer.from(checkData(d, 'data'), o.encoding || 'utf8');
  }
  checkSignal(o.signal, 'signal');
  await writeFd(ring, fd, d as ArrayBufferView, o.signal, o.encoding);
}
