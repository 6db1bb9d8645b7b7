// Node only: the async io_uring API. `await IoUring.create()`, then a method per op returning a promise of its
// result, multishot ops as async iterators, AbortSignal, linked ops and link timeouts, back-pressure, and a
// close() that cancels what is in flight and waits for every final CQE.
//
// Decisions (measured on kernel 6.18 / Node 20, 2 cores):
// - Completion pump: while anything is in flight, ONE koffi async io_uring_enter(fd, 0, 1, GETEVENTS) waits on
//   a libuv worker thread; when it returns, the main thread reaps every CQE (Ring.copyCqes) and settles
//   promises by user_data, then re-arms if anything is still in flight. Nothing in flight: nothing outstanding,
//   so the process can exit. CQEs already in the CQ after a submit (page-cache reads complete inside the
//   submit's enter) are reaped on the main thread in a setImmediate instead (no hop: IoUring.read, 64 in
//   flight, ~200 K/s → 380-480 K/s; setImmediate, not a microtask, so a loop of cached reads cannot starve I/O).
//   That is safe while the waiter sleeps: the kernel's wait target is the CQ head at wait start + 1, so it
//   returns at the next CQE posted, whoever reaps; if the main thread reaps the last op in flight, a NOP with
//   a user_data no slot has (at most one, and no main-thread reaping until the waiter has returned and
//   reaped it) wakes the waiter, and close() finishes from #onWake, never unmapping a ring a thread waits on.
//   Once closing, only the waiter reaps (close() settles as it always did). The alternative (an eventfd
//   registered with the ring and a koffi async read of it) costs the same (one NOP round trip: 70-80 µs either way, both a worker-thread
//   hop) but needs an extra fd and registration, so the direct wait is used. It holds one libuv threadpool
//   thread while ops are in flight (UV_THREADPOOL_SIZE, default 4, is shared with fs and dns).
//   IORING_SETUP_SINGLE_ISSUER / DEFER_TASKRUN are refused: there only the submitting thread may wait.
// - Submission: an op is encoded (prep) at once, in the caller's call, so bad arguments throw from there; the
//   submit (io_uring_enter) is batched per tick with queueMicrotask: a loop that starts 100 reads makes one
//   syscall. The waiter is armed in the same microtask.
// - Back-pressure: ops in the kernel are capped at the CQ size; beyond that, or when the SQ stays full after a
//   submit, ops wait in a JS FIFO (validated by the encoder first) and are issued as completions free room.
//   Nothing is overwritten or dropped, and a link chain is issued as one unit or not at all.
// - user_data = generation * 2^32 + slot index: the slot table is reused (free list), the generation makes a
//   stale cancel or CQE for a reused slot harmless. No BigInt, no per-op closure beyond the promise's own
//   executor (shared) and its resolve/reject; an AbortSignal listener is the slot object itself (handleEvent).
// - Lifetime: every buffer, path, iovec array, sockaddr, timespec and statx buffer an SQE points at is held by
//   the slot (strong reference) until the op's final CQE (F_MORE clear; zero-copy sends: the F_NOTIF CQE).
import koffi from 'koffi';
import { loadCore } from '../ts/core/load-node.ts';
import { Ring } from '../ts/ring/ring.ts';
import { SqeEncoder } from '../ts/sqe/encoder.ts';
import { BUILDERS } from '../ts/ops/index.ts';
import type { OpSpec } from '../ts/sqe/spec.ts';
import type { Options } from '../ts/sqe/encode.ts';
import { AT_FDCWD, CQE_F, IOSQE, SETUP } from '../ts/constants.ts';
import { FSYNC, TIMEOUT } from '../ts/opflags.ts';
import { UringError } from '../ts/errors.ts';
import { KernelBackend, type SetupOptions } from './kernel.ts';
import { close as closeFdSync } from './sys.ts';
import type { BufferRing } from './register-pbuf.ts';
import {
  AT_EMPTY_PATH, AT_REMOVEDIR, STATX_BASIC_STATS, STATX_BTIME, addr, cpath, data, dirfdArg, fdArg, int, iovecs,
  length64, openFlags, parseSockaddr, parseStatx, position, sockaddr, timespec, view, type SockAddr, type Statx,
} from './io-uring-ops.ts';

export { Statx, parseSockaddr, type SockAddr } from './io-uring-ops.ts';

const ASYNC_DISPOSE: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose);
const ECANCELED = 125, ETIME = 62, EINTR = 4, ENOBUFS = 105, EINVAL = 22;
const TWO32 = 4294967296;
const GEN_MAX = 1 << 20; // generation in user_data's high word; keeps user_data below 2^53
const ENTER_GETEVENTS = 1;
const NR_ENTER = 426;
/** user_data of the NOP that wakes the waiter: slot index 0xffffffff, which no slot has. */
const WAKE_UD = 0xffffffff;

// ---- the waiter ---------------------------------------------------------------------------------

type EnterAsync = (nr: number, fd: number, toSubmit: number, minComplete: number, flags: number, arg: number, argsz: number,
  cb: (err: unknown, res: number) => void) => void;
let enterAsync: EnterAsync | undefined;

function waiter(): EnterAsync {
  if (enterAsync) return enterAsync;
  const lib = koffi.load('libc.so.6');
  // A fixed prototype of syscall(2): variadic functions cannot be called async through koffi.
  const fn = lib.func('syscall', 'long', ['long', 'int', 'uint32_t', 'uint32_t', 'uint32_t', 'uintptr_t', 'size_t']) as unknown as { async: EnterAsync };
  enterAsync = fn.async.bind(fn);
  return enterAsync;
}

// ---- public types -------------------------------------------------------------------------------

/** Options every op method takes (last argument). */
export interface OpOptions {
  /** Cancel the op (ASYNC_CANCEL); the promise rejects with an AbortError whose cause is the signal's reason. */
  signal?: AbortSignal | undefined;
  /** IOSQE_IO_LINK: the next op started on this ring runs only after this one succeeds (a chain). */
  link?: boolean | undefined;
  /** A LINK_TIMEOUT (ms): the op is cancelled if not done in time; it then rejects with ETIME. */
  timeout?: number | undefined;
  /** Extra IOSQE_* flags (ASYNC, DRAIN, HARDLINK, FIXED_FILE, ...). */
  sqeFlags?: number | undefined;
}

export interface IoUringOptions extends SetupOptions {}

/** What a multishot op yields and how it ends: `for await (const fd of ring.acceptMultishot(lfd)) ...`. */
export interface MultishotIterator<T> extends AsyncIterableIterator<T> {
  /** Stop: cancels the op and resolves once its final CQE arrived. */
  return(): Promise<IteratorResult<T, undefined>>;
}

type Settle = (v: unknown) => void;

/** How an op's result becomes the promise's value. */
interface Kind {
  /** syscall name in errors ('openat'). */
  readonly name: string;
  /** res (>= 0) → value; may throw. */
  readonly map?: (res: number, s: Slot) => unknown;
  /** Multishot: res of one CQE → a value to yield, or undefined to yield nothing. */
  readonly shot?: (res: number, flags: number, s: Slot, it: Multishot) => unknown;
}

const K = (name: string, map?: Kind['map']): Kind => ({ name, map });
const KINDS = new Map<string, Kind>();
function kind(name: string, map?: Kind['map']): Kind {
  let k = KINDS.get(name);
  if (!k) KINDS.set(name, (k = K(name, map)));
  return k;
}
const VOID = () => undefined;
const K_CANCEL_INTERNAL = K('cancel');
const K_LINK_TIMEOUT = K('linkTimeout');
const K_CANCEL_ANY = K('cancelAny');

// Slot states.
const FREE = 0, HELD = 1, QUEUED = 2, KERNEL = 3, SKIP = 4;

/** One pending op. Reused through the free list; its index is the low word of the op's user_data. */
class Slot {
  gen = 0;
  state = FREE;
  kind: Kind = K_CANCEL_INTERNAL;
  resolve: Settle | null = null;
  reject: Settle | null = null;
  promise: Promise<unknown> | null = null;
  /** Strong references to everything the SQE points at. */
  keep: unknown = null;
  path: string | undefined = undefined;
  spec: OpSpec | null = null;
  opts: Options | null = null;
  /** SQEs of the group this slot heads in the JS queue (1, or a chain / op + link timeout). */
  group = 1;
  signal: AbortSignal | null = null;
  aborted = false;
  /** Link timeout slot of this op (-1 none); for a link timeout slot: the op it guards. */
  lt = -1;
  ltOf = -1;
  ltFired = false;
  ltDone = false;
  /** A result held back: the zero-copy send's result until its notification; an op waiting for its link timeout. */
  held = 0;
  waiting = false;
  iter: Multishot | null = null;
  constructor(readonly idx: number, readonly owner: IoUring) {}
  get userData(): number {
    return this.gen * TWO32 + this.idx;
  }
  /** AbortSignal listener (no closure per op). */
  handleEvent(): void {
    this.owner._abort(this);
  }
}

// One shared promise executor: no closure per op.
let tmpRes: Settle | null = null, tmpRej: Settle | null = null;
const executor = (res: Settle, rej: Settle): void => {
  tmpRes = res;
  tmpRej = rej;
};

function abortError(signal: AbortSignal): Error {
  const e = new Error('The operation was aborted', { cause: signal.reason }) as Error & { code: string };
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

function closedError(what: string): Error {
  const e = new Error(`IoUring.${what}: the ring is closed`) as Error & { code: string };
  e.code = 'ERR_URING_CLOSED';
  return e;
}

function boolOpt(op: string, o: OpOptions | undefined): void {
  if (o === undefined) return;
  if (o === null || typeof o !== 'object') throw new TypeError(`${op}: options must be an object, got ${o === null ? 'null' : typeof o}`);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new TypeError(`${op}: options.signal must be an AbortSignal`);
  if (o.link !== undefined && typeof o.link !== 'boolean') throw new TypeError(`${op}: options.link must be a boolean`);
  if (o.timeout !== undefined) timespec(`${op}: options.timeout`, o.timeout);
  if (o.sqeFlags !== undefined) {
    int(op, 'options.sqeFlags', o.sqeFlags, 0, IOSQE.ALL);
    if (o.sqeFlags & IOSQE.BUFFER_SELECT) throw new RangeError(`${op}: options.sqeFlags may not set BUFFER_SELECT (use recvMultishot / readMultishot)`);
  }
}

// ---- multishot iterators ------------------------------------------------------------------------

class Multishot implements MultishotIterator<unknown> {
  values: unknown[] = [];
  head = 0;
  waiters: { res: Settle; rej: Settle }[] = [];
  ended = false;
  error: unknown = undefined;
  returning = false;
  returned: Settle[] = [];
  slot: Slot | null = null;
  count = 0;
  constructor(
    readonly owner: IoUring,
    readonly kind: Kind,
    /** Re-issue the op (recv / read multishot after ENOBUFS), or null. */
    readonly rearm: ((it: Multishot) => void) | null,
    readonly ring: BufferRing | null,
    readonly signal: AbortSignal | null,
  ) {}

  push(v: unknown): void {
    const w = this.waiters.shift();
    if (w) w.res({ value: v, done: false });
    else this.values.push(v);
  }

  end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.slot = null;
    if (err !== undefined && !this.returning) this.error = err;
    for (const w of this.waiters.splice(0)) {
      if (this.error !== undefined) w.rej(this.error);
      else w.res({ value: undefined, done: true });
    }
    if (this.returning) this.discard();
    for (const r of this.returned.splice(0)) r({ value: undefined, done: true });
    if (this.signal) this.signal.removeEventListener('abort', this);
  }

  /** Values the consumer will never see: accepted fds are closed so they do not leak. */
  discard(): void {
    const rest = this.values.splice(0);
    this.head = 0;
    if (this.kind.name === 'accept') for (const fd of rest) try { closeFdSync(fd as number); } catch {}
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.head < this.values.length) {
      const v = this.values[this.head++];
      if (this.head > 64 && this.head * 2 > this.values.length) {
        this.values.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value: v, done: false });
    }
    if (this.ended) {
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined;
        this.returning = true; // the error is reported once; then done
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((res, rej) => this.waiters.push({ res: res as Settle, rej }));
  }

  return(): Promise<IteratorResult<unknown, undefined>> {
    if (this.ended) {
      this.discard();
      return Promise.resolve({ value: undefined, done: true });
    }
    this.returning = true;
    this.owner._cancelSlot(this.slot);
    return new Promise((res) => this.returned.push(res as Settle));
  }

  throw(e?: unknown): Promise<IteratorResult<unknown, undefined>> {
    return this.return().then(() => Promise.reject(e));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** AbortSignal listener: cancel, and make the iteration fail with an AbortError. */
  handleEvent(): void {
    if (this.ended || !this.signal) return;
    this.error = abortError(this.signal);
    this.owner._cancelSlot(this.slot);
  }
}

// ---- the ring -----------------------------------------------------------------------------------

/**
 * The async io_uring: `const ring = await IoUring.create({ entries: 256 })`, `await ring.read(fd, buf)`,
 * `await ring.close()` (or `await using ring = ...`).
 */
export class IoUring {
  /** The sync Ring underneath (its backend is a KernelBackend). Reaping from it directly breaks the pump. */
  readonly ring: Ring;
  readonly #backend: KernelBackend;
  readonly #enc: SqeEncoder;
  readonly #cap: number;
  readonly #slots: Slot[] = [];
  readonly #free: number[] = [];
  /** JS FIFO of slot indices waiting to be prepped (groups contiguous, the head slot holds the group size). */
  #queue: number[] = [];
  #qHead = 0;
  /** Internal cancels: issued before anything queued, outside the cap. */
  #urgent: number[] = [];
  /** Ops of an open link chain (`{ link: true }` or `link()`), enqueued as one group when the chain closes. */
  #chain: number[] = [];
  #linkDepth = 0;
  #inflight = 0;
  #armed = false;
  /** A wake NOP is posted and not yet reaped: no main-thread reaping until the waiter has returned. */
  #wakePending = false;
  /** A main-thread reap (setImmediate) is scheduled. */
  #reapScheduled = false;
  #scheduled = false;
  #closing: Promise<void> | null = null;
  #closeDone: (() => void) | null = null;
  #closed = false;
  #failures = 0;
  readonly #flushFn = () => this.#flush();
  readonly #wakeFn = (err: unknown, res: number) => this.#onWake(err, res);
  readonly #reapFn = () => this.#onReap();
  readonly #fd: number;

  /** Set up a ring. SINGLE_ISSUER / DEFER_TASKRUN are refused (a worker thread waits for completions). */
  static async create(opts: IoUringOptions = {}): Promise<IoUring> {
    return new IoUring(opts);
  }

  /** Prefer `await IoUring.create(opts)`. */
  constructor(opts: IoUringOptions = {}) {
    if (opts === null || typeof opts !== 'object') throw new TypeError('IoUring.create: options must be an object');
    const flags = opts.flags ?? 0;
    if (typeof flags === 'number' && flags & (SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN))
      throw new RangeError('IoUring.create: IORING_SETUP_SINGLE_ISSUER / DEFER_TASKRUN cannot be used: completions are awaited by io_uring_enter on a worker thread, which those rings allow only from the submitting thread (use the sync Ring for them)');
    if (typeof flags === 'number' && flags & SETUP.IOPOLL)
      throw new RangeError('IoUring.create: IORING_SETUP_IOPOLL cannot be used: its completions must be polled, not awaited (use the sync Ring)');
    if (opts.registerRingFd) throw new RangeError('IoUring.create: registerRingFd cannot be used: a registered ring index is per thread and the waiter runs on another one');
    const core = loadCore();
    this.#backend = KernelBackend.setup(opts);
    try {
      this.ring = new Ring(core, this.#backend);
    } catch (e) {
      this.#backend.close();
      throw e;
    }
    this.#fd = this.#backend.fd;
    this.#enc = new SqeEncoder(core);
    this.#cap = this.#backend.params.cqEntries;
    waiter();
  }

  /** The backend (a RingTarget: `BufferRing.setup(ring, ...)` and the register functions accept the IoUring). */
  get backend(): KernelBackend {
    return this.#backend;
  }

  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Ops in the kernel now (each until its final CQE). */
  get inFlight(): number {
    return this.#inflight;
  }

  /** Ops waiting in JS for room (CQ-size cap or a full SQ). */
  get queued(): number {
    return this.#queue.length - this.#qHead;
  }

  /** Most ops in the kernel at once (the CQ size). */
  get maxInFlight(): number {
    return this.#cap;
  }

  // ---- slots ----

  #slot(): Slot {
    let s: Slot;
    const i = this.#free.pop();
    if (i !== undefined) s = this.#slots[i]!;
    else {
      if (this.#slots.length >= 0xffffffff) throw new RangeError('IoUring: too many pending ops');
      s = new Slot(this.#slots.length, this);
      this.#slots.push(s);
    }
    s.state = HELD;
    return s;
  }

  #release(s: Slot): void {
    if (s.signal) s.signal.removeEventListener('abort', s);
    s.state = FREE;
    s.gen = s.gen + 1 === GEN_MAX ? 0 : s.gen + 1;
    s.resolve = s.reject = null;
    s.promise = null;
    s.keep = null;
    s.path = undefined;
    s.spec = null;
    s.opts = null;
    s.signal = null;
    s.aborted = s.ltFired = s.ltDone = s.waiting = false;
    s.lt = s.ltOf = -1;
    s.group = 1;
    s.iter = null;
    this.#free.push(s.idx);
  }

  // ---- starting ops ----

  /**
   * Start `spec` with builder options `opts` (userData and flags are set here). `keep` is pinned until the final
   * CQE. Returns the promise (or, for a multishot op, registers the iterator).
   */
  #start(k: Kind, spec: OpSpec, opts: Options, keep: unknown, path: string | undefined, o: OpOptions | undefined, iter: Multishot | null): Promise<unknown> {
    if (this.#closing) throw closedError(k.name);
    const signal = o?.signal ?? null;
    if (signal?.aborted) throw abortError(signal);
    const s = this.#slot();
    s.kind = k;
    s.spec = spec;
    s.keep = keep;
    s.path = path;
    let flags = (opts.flags as number | undefined ?? 0) | (o?.sqeFlags ?? 0);
    const linked = o?.link === true || this.#linkDepth > 0;
    if (linked) flags |= IOSQE.IO_LINK;
    let lt: Slot | null = null;
    if (o?.timeout !== undefined) {
      flags |= IOSQE.IO_LINK;
      lt = this.#slot();
      const ts = timespec(`${k.name}: options.timeout`, o.timeout);
      lt.kind = K_LINK_TIMEOUT;
      lt.spec = BUILDERS.get('linkTimeout')!;
      lt.keep = ts;
      lt.opts = { ts: addr(ts), userData: lt.userData, flags: linked ? IOSQE.IO_LINK : 0 };
      lt.ltOf = s.idx;
      s.lt = lt.idx;
    }
    opts.flags = flags;
    opts.userData = s.userData;
    s.opts = opts;
    let p: Promise<unknown> | null = null;
    if (iter) {
      s.iter = iter;
      iter.slot = s;
    } else {
      p = new Promise(executor);
      s.resolve = tmpRes;
      s.reject = tmpRej;
      s.promise = p;
    }
    try {
      if (linked || this.#chain.length) {
        // Part of a chain: validated now, issued when the chain closes.
        this.#validate(s);
        this.#chain.push(s.idx);
        s.state = QUEUED;
        if (lt) {
          this.#chain.push(lt.idx);
          lt.state = QUEUED;
        }
        if (!linked) this.#closeChain();
      } else {
        const q0 = this.#queue.length;
        this.#queue.push(s.idx);
        s.state = QUEUED;
        if (lt) {
          this.#queue.push(lt.idx);
          lt.state = QUEUED;
          s.group = 2;
        }
        if (this.#qHead === q0) this.#issue(); // nothing ahead of it: prep now (validates)
        if (s.state === QUEUED) {
          try {
            this.#validate(s);
          } catch (e) {
            this.#queue.length = q0;
            throw e;
          }
        }
      }
    } catch (e) {
      if (lt) this.#release(lt);
      this.#release(s);
      throw e;
    }
    if (signal && s.state !== FREE) {
      s.signal = signal;
      signal.addEventListener('abort', s);
    }
    this.#schedule();
    return p!;
  }

  /** Check an op's options with the encoder (the slow path: ops that cannot be prepped at once). */
  #validate(s: Slot): void {
    this.#enc.encode(s.spec!, s.opts!);
  }

  #closeChain(): void {
    const c = this.#chain;
    if (c.length === 0) return;
    this.#chain = [];
    const last = this.#slots[c[c.length - 1]!]!;
    last.opts!.flags = (last.opts!.flags as number) & ~IOSQE.IO_LINK; // the chain ends here
    if (c.length > this.ring.params.sqEntries)
      for (const i of c) this.#fail(this.#slots[i]!, new RangeError(`link: a chain of ${c.length} SQEs does not fit the SQ (${this.ring.params.sqEntries} entries)`));
    this.#slots[c[0]!]!.group = c.length;
    for (const i of c) this.#queue.push(i);
    this.#issue();
  }

  /** Prep queued groups while there is room: the cap (CQ size) and the SQ (submitting once when it is full). */
  #issue(): void {
    const ring = this.ring;
    while (this.#urgent.length) {
      if (ring.spaceLeft === 0 && !this.#submit()) return;
      if (ring.spaceLeft === 0) return;
      const s = this.#slots[this.#urgent.shift()!]!;
      this.#prep(s);
    }
    const q = this.#queue;
    while (this.#qHead < q.length) {
      const head = this.#slots[q[this.#qHead]!]!;
      const n = head.group;
      if (this.#inflight > 0 && this.#inflight + n > this.#cap) break;
      if (ring.spaceLeft < n) {
        if (!this.#submit() || ring.spaceLeft < n) break;
      }
      for (let k = 0; k < n; k++) {
        const s = this.#slots[q[this.#qHead + k]!]!;
        if (s.state === SKIP) this.#release(s);
        else this.#prep(s);
      }
      this.#qHead += n;
    }
    if (this.#qHead === q.length) {
      q.length = 0;
      this.#qHead = 0;
    } else if (this.#qHead > 1024 && this.#qHead * 2 > q.length) {
      this.#queue = q.slice(this.#qHead);
      this.#qHead = 0;
    }
  }

  #prep(s: Slot): void {
    try {
      (this.ring.prep as unknown as Record<string, (o: Options) => number>)[s.spec!.name]!(s.opts!);
    } catch (e) {
      // Bad options (the immediate path validates here) or an op the kernel lacks: settle, nothing queued.
      const it = s.iter;
      if (s.reject) s.reject(e);
      this.#release(s);
      it?.end(e);
      return;
    }
    s.state = KERNEL;
    this.#inflight++;
  }

  /** Settle a slot that never reached the kernel. */
  #fail(s: Slot, e: unknown): void {
    if (s.state === FREE || s.state === SKIP) return;
    if (s.reject) s.reject(e);
    else if (s.iter) s.iter.end(e);
    if (s.state === QUEUED) {
      s.state = SKIP; // released when the queue passes it
      s.resolve = s.reject = null;
      s.iter = null;
    } else this.#release(s);
  }

  /** Submit staged SQEs; false when the kernel said EAGAIN/EBUSY (retried after the next completions). */
  #submit(): boolean {
    try {
      this.ring.submit();
      return true;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN' || code === 'EBUSY') return false;
      throw e;
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#flushFn);
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#closed) return;
    if (this.#linkDepth === 0) this.#closeChain(); // a chain still open at the end of the tick ends here
    this.#issue();
    if (this.ring.sqPending > 0 || this.ring.sqReady > 0) this.#submit();
    this.#pump();
  }

  /**
   * After a submit: completions already in the CQ (reads served from the page cache complete inside the
   * submit's enter) are reaped on the main thread in a setImmediate, without a worker hop; otherwise the
   * waiter is armed. An armed waiter left with nothing in flight (the main thread reaped the last op) is
   * woken by a NOP.
   */
  #pump(): void {
    if (this.#closed) return;
    if (!this.#closing && !this.#wakePending && this.ring.cqReady > 0) {
      if (!this.#reapScheduled) {
        this.#reapScheduled = true;
        setImmediate(this.#reapFn);
      }
      return;
    }
    if (this.#inflight === 0) {
      if (this.#armed) this.#wake();
      return;
    }
    this.#arm();
  }

  #arm(): void {
    if (this.#armed || this.#inflight === 0 || this.#closed) return;
    this.#armed = true;
    waiter()(NR_ENTER, this.#fd, 0, 1, ENTER_GETEVENTS, 0, 0, this.#wakeFn);
  }

  /** Make the armed waiter return: a NOP whose CQE belongs to no slot (at most one at a time). */
  #wake(): void {
    if (this.#wakePending || !this.#armed || this.#closed) return;
    this.#wakePending = true;
    this.ring.prep.nop({ userData: WAKE_UD });
    this.#submitWake();
  }

  /** Submit the wake NOP; on EAGAIN/EBUSY (not seen with nothing in flight) try again shortly, so the waiter
   *  is never left blocked until some later submit. */
  #submitWake(): void {
    if (this.#closed || !this.#wakePending) return;
    if (!this.#submit()) setTimeout(() => this.#submitWake(), 1);
  }

  /** Drain the CQ and settle by user_data. */
  #drain(): number {
    let n = 0;
    for (;;) {
      const b = this.ring.copyCqes(0);
      const count = b.count;
      if (count === 0) break;
      n += count;
      const lo = b.userDataLo, hi = b.userDataHi, r = b.res, f = b.flags, bid = b.bufId;
      for (let i = 0; i < count; i++) this.#complete(lo[i]!, hi[i]!, r[i]!, f[i]!, bid[i]!);
    }
    return n;
  }

  /**
   * The main-thread reap. Safe while the waiter sleeps: the kernel's wait target is the CQ head at wait start
   * plus one, so it still returns at the next CQE posted, whoever reaps; and if nothing is left to post one,
   * #pump wakes it with a NOP. Not once closing (close() settles through the waiter as before), nor while a
   * wake NOP is pending (its CQE must stay for the waiter to see).
   */
  #onReap(): void {
    this.#reapScheduled = false;
    if (this.#closed || this.#closing || this.#wakePending) return;
    this.#drain();
    this.#issue();
    this.#schedule(); // submit and pump after the settled promises' continuations have started their next ops
  }

  // ---- completions ----

  #onWake(err: unknown, res: number): void {
    this.#armed = false;
    this.#wakePending = false; // a wake NOP was posted before this runs on the main thread: reaped below
    if (this.#closed) return;
    const n = this.#drain();
    if (n === 0 && (err || res < 0)) {
      // The wait failed (EINTR from a signal, most likely): back off if it keeps failing.
      if (++this.#failures > 100) {
        setTimeout(() => { this.#failures = 0; this.#flush(); }, 10);
        return;
      }
    } else this.#failures = 0;
    this.#issue();
    if (this.ring.sqPending > 0 || this.ring.sqReady > 0) this.#submit();
    if (this.#closing && this.#inflight === 0 && this.#qHead === this.#queue.length) {
      this.#finishClose();
      return;
    }
    this.#pump();
  }

  #complete(idx: number, gen: number, res: number, flags: number, bufId: number): void {
    const s = this.#slots[idx];
    if (s === undefined || s.gen !== gen || s.state !== KERNEL) return; // not ours, or stale
    const more = (flags & CQE_F.MORE) !== 0;
    const it = s.iter;
    if (it) {
      if (res >= 0 || (s.kind.name === 'timeout' && res === -ETIME)) {
        const v = s.kind.shot!(res, flags, s, it);
        if (v !== undefined) it.push(v);
      } else if (bufId >= 0) it.ring?.recycle(bufId);
      if (more) return;
      this.#inflight--;
      this.#release(s);
      if (it.returning || it.error !== undefined || this.#closing) {
        it.end(it.error);
        return;
      }
      // The op stopped on its own. recv / read with buffers: re-arm on ENOBUFS or a last data CQE.
      if (it.rearm && (res === -ENOBUFS || res > 0)) {
        it.slot = null;
        try {
          it.rearm(it);
          return;
        } catch (e) {
          it.end(e);
          return;
        }
      }
      if (res < 0 && res !== -ECANCELED && !(s.kind.name === 'timeout' && res === -ETIME)) it.end(new UringError(res, s.kind.name));
      else it.end();
      return;
    }
    if (more) {
      s.held = res; // zero-copy send: the result; the buffer stays pinned until the F_NOTIF CQE
      return;
    }
    if (flags & CQE_F.NOTIF) res = s.held;
    if (s.ltOf >= 0) {
      // A link timeout's own CQE: -ETIME when it fired (its op then ends with -ECANCELED).
      const t = this.#slots[s.ltOf]!;
      this.#inflight--;
      const fired = res === -ETIME;
      this.#release(s);
      if (t.lt === idx) {
        t.ltFired = fired;
        t.ltDone = true;
        if (t.waiting) this.#settle(t, t.held);
      }
      return;
    }
    if (s.lt >= 0 && !s.ltDone) {
      s.held = res; // wait for the link timeout's CQE to know why a -ECANCELED happened
      s.waiting = true;
      return;
    }
    this.#settle(s, res);
  }

  #settle(s: Slot, res: number): void {
    this.#inflight--;
    const resolve = s.resolve, reject = s.reject;
    if (resolve === null || reject === null) {
      if (s.kind === K_CANCEL_ANY && res === -EINVAL) this.#cancelEach();
      this.#release(s);
      return;
    }
    let err: unknown;
    let value: unknown;
    if (res === -ETIME && s.kind === KIND_TIMEOUT) value = true;
    else if (res < 0) {
      if (s.kind === K_CANCEL_ANY && res === -EINVAL) this.#cancelEach();
      if (s.aborted && (res === -ECANCELED || res === -EINTR)) err = abortError(s.signal!);
      else if (s.ltFired && res === -ECANCELED) err = new UringError(ETIME, s.kind.name, s.path === undefined ? { detail: 'the linked timeout expired' } : { path: s.path, detail: 'the linked timeout expired' });
      else err = new UringError(res, s.kind.name, s.path === undefined ? {} : { path: s.path });
    } else {
      const map = s.kind.map;
      if (map === undefined) value = res;
      else {
        try {
          value = map(res, s);
        } catch (e) {
          err = e;
        }
      }
    }
    this.#release(s);
    if (err !== undefined) reject(err);
    else resolve(value);
  }

  // ---- cancellation ----

  /** @internal The AbortSignal listener of a slot. */
  _abort(s: Slot): void {
    if (s.state === QUEUED) {
      const sig = s.signal!;
      if (s.lt >= 0) this.#fail(this.#slots[s.lt]!, null);
      this.#fail(s, abortError(sig));
      return;
    }
    if (s.state !== KERNEL || s.aborted) return;
    s.aborted = true;
    this.#cancelUd(s.userData);
  }

  /** @internal Cancel a multishot iterator's op. */
  _cancelSlot(s: Slot | null): void {
    if (s === null) return;
    if (s.state === QUEUED) {
      const it = s.iter;
      this.#fail(s, undefined);
      it?.end();
      return;
    }
    if (s.state === KERNEL) this.#cancelUd(s.userData);
  }

  /** An internal ASYNC_CANCEL by user_data, issued ahead of the queue. */
  #cancelUd(ud: number): void {
    if (this.#closed) return;
    const c = this.#slot();
    c.kind = K_CANCEL_INTERNAL;
    c.spec = BUILDERS.get('cancel')!;
    c.opts = { targetUserData: ud, cancelFlags: 0, userData: c.userData };
    c.state = QUEUED;
    this.#urgent.push(c.idx);
    this.#issue();
    this.#schedule();
  }

  /** ASYNC_CANCEL ANY (5.19); where the kernel refuses it (EINVAL), one cancel per op in flight. */
  #cancelAll(): void {
    const c = this.#slot();
    c.kind = K_CANCEL_ANY;
    c.spec = BUILDERS.get('cancelAny')!;
    c.opts = { cancelFlags: 0, userData: c.userData };
    c.state = QUEUED;
    this.#urgent.push(c.idx);
    this.#issue();
  }

  #cancelEach(): void {
    for (const s of this.#slots) if (s.state === KERNEL && s.kind !== K_CANCEL_INTERNAL && s.kind !== K_CANCEL_ANY) this.#cancelUd(s.userData);
  }

  /**
   * Cancel an op: its promise (or multishot iterator), or a raw user_data. Resolves with the number of ops
   * cancelled; rejects with ENOENT (not found) or EALREADY (too late to stop), syscall 'cancel'.
   */
  cancel(target: Promise<unknown> | MultishotIterator<unknown> | number, o?: OpOptions): Promise<number> {
    try {
      boolOpt('cancel', o);
      let ud: number | undefined;
      if (typeof target === 'number') ud = length64('cancel', 'target', target);
      else if (target instanceof Promise || target instanceof Multishot) {
        for (const s of this.#slots) {
          if (s.state === FREE || s.state === SKIP) continue;
          if (s.promise === target || (s.iter !== null && s.iter === target)) {
            if (s.state === QUEUED) {
              this.#fail(s, new UringError(ECANCELED, s.kind.name, s.path === undefined ? {} : { path: s.path }));
              return Promise.resolve(1);
            }
            ud = s.userData;
            if (s.iter) s.iter.returning = true;
            break;
          }
        }
        if (ud === undefined) return Promise.reject(new UringError(2, 'cancel', { detail: 'no such op in flight' }));
      } else throw new TypeError(`cancel: target must be an op's promise, a multishot iterator or a user_data number, got ${target === null ? 'null' : typeof target}`);
      return this.#start(kind('cancel'), BUILDERS.get('cancel')!, { targetUserData: ud }, null, undefined, o, null) as Promise<number>;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // ---- closing ----

  /**
   * Cancel everything in flight (ASYNC_CANCEL ANY), wait for every final CQE, then close the ring. Ops still
   * waiting in JS reject with ECANCELED; cancelled ops reject with ECANCELED (AbortError where a signal was
   * aborted first); ops that finish anyway settle with their results. Later calls reject ERR_URING_CLOSED.
   */
  close(): Promise<void>;
  /** The close op: close `fd` through the ring. */
  close(fd: number, o?: OpOptions): Promise<void>;
  close(fd?: number, o?: OpOptions): Promise<void> {
    if (fd !== undefined) return this.#closeFd(fd, o);
    if (this.#closing) return this.#closing;
    this.#closing = new Promise<void>((res) => (this.#closeDone = res));
    // Ops not in the kernel: the chain being built and the JS queue.
    const pending = [...this.#chain, ...this.#queue.slice(this.#qHead)];
    this.#chain = [];
    for (const i of pending) {
      const s = this.#slots[i]!;
      if (s.state === QUEUED) {
        if (s.iter) {
          const it = s.iter;
          this.#fail(s, undefined);
          it.end();
        } else this.#fail(s, new UringError(ECANCELED, s.kind.name, s.path === undefined ? { detail: 'the ring was closed' } : { path: s.path, detail: 'the ring was closed' }));
      }
    }
    for (const i of pending) if (this.#slots[i]!.state === SKIP) this.#release(this.#slots[i]!);
    this.#queue = [];
    this.#qHead = 0;
    if (this.#inflight === 0) this.#finishClose();
    else {
      this.#cancelAll();
      this.#flush();
    }
    return this.#closing;
  }

  #finishClose(): void {
    if (this.#closed) return;
    if (this.#armed) {
      // The main thread reaped the last op while the waiter slept: wake it, finish from #onWake (the ring
      // must not be unmapped under a thread still waiting on it).
      this.#wake();
      return;
    }
    this.#closed = true;
    this.ring.close();
    this.#closeDone?.();
  }

  async [ASYNC_DISPOSE](): Promise<void> {
    await this.close();
  }

  // ---- ops ----

  #op(name: string, k: Kind, opts: Options, keep: unknown, path: string | undefined, o: OpOptions | undefined): Promise<never> | Promise<any> {
    try {
      boolOpt(k.name, o);
      return this.#start(k, BUILDERS.get(name)!, opts, keep, path, o, null);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Any builder by name (`ring.op('fadvise', { fd, offset, len, advice })`): resolves with the CQE's res.
   *  Addresses in `opts` are the caller's: pass what they point at in `keep` so it stays alive. */
  op(builder: string, opts: Record<string, unknown>, keep?: unknown[], o?: OpOptions): Promise<number> {
    try {
      const spec = BUILDERS.get(builder);
      if (!spec) throw new RangeError(`op: unknown builder ${JSON.stringify(builder)}`);
      if (opts === null || typeof opts !== 'object') throw new TypeError(`op: opts must be an object, got ${opts === null ? 'null' : typeof opts}`);
      if ('userData' in opts) throw new TypeError('op: userData is the ring\'s (it indexes the pending op); leave it out');
      boolOpt(builder, o);
      return this.#start(kind(spec.name), spec, { ...opts } as Options, keep ?? null, undefined, o, null) as Promise<number>;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  nop(o?: OpOptions): Promise<number> {
    return this.#op('nop', kind('nop'), {}, null, undefined, o);
  }

  /** pread: read up to buf.byteLength bytes at `position` (-1 / null: the file position). Resolves bytes read. */
  read(fd: number, buf: ArrayBufferView, position_: number | bigint | null = -1, o?: OpOptions): Promise<number> {
    try {
      const b = view('read', 'buf', buf);
      return this.#op('read', kind('read'), { fd: fdArg('read', fd), buf: addr(b), nbytes: b.byteLength, offset: position('read', position_) }, b, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** pwrite: `data` (bytes or a UTF-8 string) at `position`. Resolves bytes written. */
  write(fd: number, buf: ArrayBufferView | string, position_: number | bigint | null = -1, o?: OpOptions): Promise<number> {
    try {
      const b = data('write', 'data', buf);
      return this.#op('write', kind('write'), { fd: fdArg('write', fd), buf: addr(b), nbytes: b.byteLength, offset: position('write', position_) }, b, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  readv(fd: number, buffers: ArrayBufferView[], position_: number | bigint | null = -1, o?: OpOptions): Promise<number> {
    try {
      const { iov, views } = iovecs('readv', buffers);
      return this.#op('readv', kind('readv'), { fd: fdArg('readv', fd), iovecs: addressOfIov(iov), nrVecs: views.length, offset: position('readv', position_) }, [iov, views], undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  writev(fd: number, buffers: ArrayBufferView[], position_: number | bigint | null = -1, o?: OpOptions): Promise<number> {
    try {
      const { iov, views } = iovecs('writev', buffers);
      return this.#op('writev', kind('writev'), { fd: fdArg('writev', fd), iovecs: addressOfIov(iov), nrVecs: views.length, offset: position('writev', position_) }, [iov, views], undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  fsync(fd: number, o?: OpOptions): Promise<void> {
    try {
      return this.#op('fsync', kind('fsync', VOID), { fd: fdArg('fsync', fd), fsyncFlags: 0 }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  fdatasync(fd: number, o?: OpOptions): Promise<void> {
    try {
      return this.#op('fsync', kind('fdatasync', VOID), { fd: fdArg('fdatasync', fd), fsyncFlags: FSYNC.DATASYNC }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** openat: resolves the new fd. `flags` is a Node flag string ('r', 'w', 'a+', ...) or O_* bits; O_CLOEXEC is
   *  always added (as libuv does). */
  openat(path: string | Buffer | URL, flags: string | number = 'r', mode = 0o666, dirfd: number = AT_FDCWD, o?: OpOptions): Promise<number> {
    try {
      const p = cpath('openat', 'path', path);
      return this.#op('openat', kind('openat'), { dfd: dirfdArg('openat', dirfd), path: addr(p.bytes), openFlags: openFlags('openat', flags), mode: int('openat', 'mode', mode, 0, 0o7777) }, p.bytes, p.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** `openat(path, flags, mode, AT_FDCWD)`. */
  open(path: string | Buffer | URL, flags: string | number = 'r', mode = 0o666, o?: OpOptions): Promise<number> {
    return this.openat(path, flags, mode, AT_FDCWD, o);
  }

  #closeFd(fd: number, o?: OpOptions): Promise<void> {
    try {
      return this.#op('close', kind('close', VOID), { fd: fdArg('close', fd) }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * statx of a path (relative to `dirfd`), or of an open fd (a number: AT_EMPTY_PATH). Resolves a Statx
   * (numbers: mode, size, ino, nlink, uid, gid, dev, rdev, blocks, blksize, *timeMs; isFile() ...).
   */
  statx(pathOrFd: string | Buffer | URL | number, opts: OpOptions & { dirfd?: number; flags?: number; mask?: number } = {}): Promise<Statx> {
    try {
      if (opts === null || typeof opts !== 'object') throw new TypeError('statx: options must be an object');
      const sb = Buffer.alloc(256);
      let dfd: number, p: { bytes: Buffer; text: string | undefined };
      let flags = opts.flags === undefined ? 0 : int('statx', 'flags', opts.flags, 0, 0xffffffff);
      if (typeof pathOrFd === 'number') {
        dfd = fdArg('statx', pathOrFd);
        p = { bytes: Buffer.from([0]), text: undefined };
        flags |= AT_EMPTY_PATH;
      } else {
        dfd = opts.dirfd === undefined ? AT_FDCWD : dirfdArg('statx', opts.dirfd);
        p = cpath('statx', 'path', pathOrFd);
      }
      const mask = opts.mask === undefined ? STATX_BASIC_STATS | STATX_BTIME : opts.mask;
      return this.#op('statx', KIND_STATX, { dfd, path: addr(p.bytes), statxFlags: flags, mask, statxbuf: addr(sb) }, [p.bytes, sb], p.text, opts);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  unlinkat(dirfd: number, path: string | Buffer | URL, flags = 0, o?: OpOptions): Promise<void> {
    try {
      const p = cpath('unlinkat', 'path', path);
      return this.#op('unlinkat', kind('unlinkat', VOID), { dfd: dirfdArg('unlinkat', dirfd), path: addr(p.bytes), unlinkFlags: flags }, p.bytes, p.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  unlink(path: string | Buffer | URL, o?: OpOptions): Promise<void> {
    try {
      const p = cpath('unlink', 'path', path);
      return this.#op('unlink', kind('unlink', VOID), { path: addr(p.bytes), unlinkFlags: 0 }, p.bytes, p.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  rmdir(path: string | Buffer | URL, o?: OpOptions): Promise<void> {
    try {
      const p = cpath('rmdir', 'path', path);
      return this.#op('unlink', kind('rmdir', VOID), { path: addr(p.bytes), unlinkFlags: AT_REMOVEDIR }, p.bytes, p.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  renameat(olddirfd: number, oldPath: string | Buffer | URL, newdirfd: number, newPath: string | Buffer | URL, flags = 0, o?: OpOptions): Promise<void> {
    try {
      const a = cpath('renameat', 'oldPath', oldPath), b = cpath('renameat', 'newPath', newPath);
      return this.#op('renameat', kind('renameat', VOID), {
        olddfd: dirfdArg('renameat', olddirfd, 'olddirfd'), oldpath: addr(a.bytes), newdfd: dirfdArg('renameat', newdirfd, 'newdirfd'), newpath: addr(b.bytes), renameFlags: flags,
      }, [a.bytes, b.bytes], a.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  rename(oldPath: string | Buffer | URL, newPath: string | Buffer | URL, o?: OpOptions): Promise<void> {
    try {
      const a = cpath('rename', 'oldPath', oldPath), b = cpath('rename', 'newPath', newPath);
      return this.#op('rename', kind('rename', VOID), { oldpath: addr(a.bytes), newpath: addr(b.bytes) }, [a.bytes, b.bytes], a.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  mkdirat(dirfd: number, path: string | Buffer | URL, mode = 0o777, o?: OpOptions): Promise<void> {
    try {
      const p = cpath('mkdirat', 'path', path);
      return this.#op('mkdirat', kind('mkdirat', VOID), { dfd: dirfdArg('mkdirat', dirfd), path: addr(p.bytes), mode }, p.bytes, p.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  mkdir(path: string | Buffer | URL, mode = 0o777, o?: OpOptions): Promise<void> {
    try {
      const p = cpath('mkdir', 'path', path);
      return this.#op('mkdir', kind('mkdir', VOID), { path: addr(p.bytes), mode }, p.bytes, p.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  symlinkat(target: string | Buffer | URL, newdirfd: number, linkPath: string | Buffer | URL, o?: OpOptions): Promise<void> {
    try {
      const t = cpath('symlinkat', 'target', target), l = cpath('symlinkat', 'linkPath', linkPath);
      return this.#op('symlinkat', kind('symlinkat', VOID), { target: addr(t.bytes), newdirfd: dirfdArg('symlinkat', newdirfd, 'newdirfd'), linkpath: addr(l.bytes) }, [t.bytes, l.bytes], l.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  symlink(target: string | Buffer | URL, linkPath: string | Buffer | URL, o?: OpOptions): Promise<void> {
    try {
      const t = cpath('symlink', 'target', target), l = cpath('symlink', 'linkPath', linkPath);
      return this.#op('symlink', kind('symlink', VOID), { target: addr(t.bytes), linkpath: addr(l.bytes) }, [t.bytes, l.bytes], l.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  linkat(olddirfd: number, existingPath: string | Buffer | URL, newdirfd: number, newPath: string | Buffer | URL, flags = 0, o?: OpOptions): Promise<void> {
    try {
      const a = cpath('linkat', 'existingPath', existingPath), b = cpath('linkat', 'newPath', newPath);
      return this.#op('linkat', kind('linkat', VOID), {
        olddfd: dirfdArg('linkat', olddirfd, 'olddirfd'), oldpath: addr(a.bytes), newdfd: dirfdArg('linkat', newdirfd, 'newdirfd'), newpath: addr(b.bytes), hardlinkFlags: flags,
      }, [a.bytes, b.bytes], a.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  link(existingPath: string | Buffer | URL, newPath: string | Buffer | URL, o?: OpOptions): Promise<void>;
  link<T>(fn: () => T): T;
  link(a: unknown, b?: unknown, o?: OpOptions): unknown {
    if (typeof a === 'function') return this.linkOps(a as () => unknown);
    try {
      const x = cpath('link', 'existingPath', a), y = cpath('link', 'newPath', b);
      return this.#op('link', kind('link', VOID), { oldpath: addr(x.bytes), newpath: addr(y.bytes), hardlinkFlags: 0 }, [x.bytes, y.bytes], x.text, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  ftruncate(fd: number, len: number | bigint = 0, o?: OpOptions): Promise<void> {
    try {
      return this.#op('ftruncate', kind('ftruncate', VOID), { fd: fdArg('ftruncate', fd), len: length64('ftruncate', 'len', len) }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** fallocate(fd, offset, len, mode = 0) (FALLOC_FL_* mode last, optional). */
  fallocate(fd: number, offset: number | bigint, len: number | bigint, mode = 0, o?: OpOptions): Promise<void> {
    try {
      return this.#op('fallocate', kind('fallocate', VOID), { fd: fdArg('fallocate', fd), mode, offset: length64('fallocate', 'offset', offset), len: length64('fallocate', 'len', len) }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** splice: offsets -1 / null for a pipe (or the file position). Resolves bytes moved. */
  splice(fdIn: number, offIn: number | bigint | null, fdOut: number, offOut: number | bigint | null, nbytes: number, flags = 0, o?: OpOptions): Promise<number> {
    try {
      return this.#op('splice', kind('splice'), {
        fdIn: fdArg('splice', fdIn, 'fdIn'), offIn: position('splice', offIn), fdOut: fdArg('splice', fdOut, 'fdOut'), offOut: position('splice', offOut),
        nbytes: int('splice', 'nbytes', nbytes, 0, 0xffffffff), spliceFlags: flags,
      }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  tee(fdIn: number, fdOut: number, nbytes: number, flags = 0, o?: OpOptions): Promise<number> {
    try {
      return this.#op('tee', kind('tee'), { fdIn: fdArg('tee', fdIn, 'fdIn'), fdOut: fdArg('tee', fdOut, 'fdOut'), nbytes: int('tee', 'nbytes', nbytes, 0, 0xffffffff), spliceFlags: flags }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // ---- sockets ----

  /** socket(domain, type, protocol): resolves the fd (SOCK_CLOEXEC is added). */
  socket(domain: number, type: number, protocol = 0, o?: OpOptions): Promise<number> {
    try {
      return this.#op('socket', kind('socket'), { domain, type: (int('socket', 'type', type, 0, 0xffffffff) | 0x80000) >>> 0, protocol }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  bind(fd: number, address: SockAddr, o?: OpOptions): Promise<void> {
    try {
      const a = sockaddr('bind', address);
      return this.#op('bind', kind('bind', VOID), { fd: fdArg('bind', fd), addr: addr(a), addrlen: a.length }, a, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  listen(fd: number, backlog = 511, o?: OpOptions): Promise<void> {
    try {
      return this.#op('listen', kind('listen', VOID), { fd: fdArg('listen', fd), backlog }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  connect(fd: number, address: SockAddr, o?: OpOptions): Promise<void> {
    try {
      const a = sockaddr('connect', address);
      return this.#op('connect', kind('connect', VOID), { fd: fdArg('connect', fd), addr: addr(a), addrlen: a.length }, a, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** accept: resolves the connection's fd (SOCK_CLOEXEC added). */
  accept(fd: number, o?: OpOptions & { flags?: number }): Promise<number> {
    try {
      const flags = o?.flags === undefined ? 0 : int('accept', 'flags', o.flags, 0, 0xffffffff);
      return this.#op('accept', kind('accept'), { fd: fdArg('accept', fd), addr: 0, addrlen: 0, acceptFlags: (flags | 0x80000) >>> 0 }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** accept that also reports the peer: `{ fd, address }` (address as parseSockaddr gives it). */
  acceptWithAddress(fd: number, o?: OpOptions & { flags?: number }): Promise<{ fd: number; address: ReturnType<typeof parseSockaddr> }> {
    try {
      const flags = o?.flags === undefined ? 0 : int('accept', 'flags', o.flags, 0, 0xffffffff);
      const sa = Buffer.alloc(128), len = Buffer.alloc(4);
      len.writeUInt32LE(128, 0);
      return this.#op('accept', KIND_ACCEPT_ADDR, { fd: fdArg('accept', fd), addr: addr(sa), addrlen: addr(len), acceptFlags: (flags | 0x80000) >>> 0 }, [sa, len], undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** send: resolves bytes sent. */
  send(fd: number, buf: ArrayBufferView | string, flags = 0, o?: OpOptions): Promise<number> {
    try {
      const b = data('send', 'data', buf);
      return this.#op('send', kind('send'), { sockfd: fdArg('send', fd), buf: addr(b), len: b.byteLength, msgFlags: flags }, b, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Zero-copy send: resolves (bytes sent) once the kernel has released the buffer (the F_NOTIF CQE). */
  sendZc(fd: number, buf: ArrayBufferView | string, flags = 0, o?: OpOptions): Promise<number> {
    try {
      const b = data('sendZc', 'data', buf);
      return this.#op('sendZc', kind('sendZc'), { sockfd: fdArg('sendZc', fd), buf: addr(b), len: b.byteLength, msgFlags: flags }, b, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** recv into buf: resolves bytes received (0 at EOF). */
  recv(fd: number, buf: ArrayBufferView, flags = 0, o?: OpOptions): Promise<number> {
    try {
      const b = view('recv', 'buf', buf);
      return this.#op('recv', kind('recv'), { sockfd: fdArg('recv', fd), buf: addr(b), len: b.byteLength, msgFlags: flags }, b, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** shutdown(fd, how): 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR (default). */
  shutdown(fd: number, how = 2, o?: OpOptions): Promise<void> {
    try {
      return this.#op('shutdown', kind('shutdown', VOID), { fd: fdArg('shutdown', fd), how }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** poll: resolves the ready events (poll(2) bits) once `fd` has any of `events` (EPOLL* / POLL* bits). */
  pollAdd(fd: number, events: number, o?: OpOptions): Promise<number> {
    try {
      return this.#op('pollAdd', kind('pollAdd'), { fd: fdArg('pollAdd', fd), pollMask: events }, null, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * A timer: resolves `true` when `ms` passed (the kernel's -ETIME), or `false` when `count` other completions
   * arrived first. Cancel with a signal (AbortError) or cancel(promise).
   */
  timeout(ms: number, o?: OpOptions & { count?: number; flags?: number }): Promise<boolean> {
    try {
      const ts = timespec('timeout', ms);
      const count = o?.count === undefined ? 0 : int('timeout', 'count', o.count, 0, 0xffffffff);
      const flags = o?.flags === undefined ? 0 : int('timeout', 'flags', o.flags, 0, 0xffffffff);
      return this.#op('timeout', KIND_TIMEOUT, { ts: addr(ts), count, timeoutFlags: flags }, ts, undefined, o);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // ---- multishot ----

  #multi(name: string, k: Kind, opts: Options, keep: unknown, o: OpOptions | undefined, rearm: ((it: Multishot) => void) | null, ring: BufferRing | null): MultishotIterator<any> {
    boolOpt(k.name, o);
    if (o?.link || o?.timeout !== undefined) throw new TypeError(`${k.name}: a multishot op cannot be linked or given a link timeout`);
    if (o?.signal?.aborted) throw abortError(o.signal);
    const it = new Multishot(this, k, rearm, ring, o?.signal ?? null);
    this.#start(k, BUILDERS.get(name)!, opts, keep, undefined, o?.sqeFlags === undefined ? undefined : { sqeFlags: o.sqeFlags }, it);
    if (it.signal) it.signal.addEventListener('abort', it);
    return it;
  }

  /** Accepted connections' fds until the iteration stops (break / return() cancels the accept). */
  acceptMultishot(fd: number, o?: OpOptions & { flags?: number }): MultishotIterator<number> {
    const flags = o?.flags === undefined ? 0 : int('acceptMultishot', 'flags', o.flags, 0, 0xffffffff);
    return this.#multi('multishotAccept', KIND_ACCEPT_MULTI, { fd: fdArg('acceptMultishot', fd), addr: 0, addrlen: 0, acceptFlags: (flags | 0x80000) >>> 0 }, null, o, null, null);
  }

  /**
   * Received data, one Buffer per CQE (a copy: the provided buffer goes straight back to `bufferRing`), until
   * EOF, an error or break. Re-armed by itself when the buffers ran out (ENOBUFS).
   */
  recvMultishot(fd: number, bufferRing: BufferRing, o?: OpOptions & { flags?: number }): MultishotIterator<Buffer> {
    const f = fdArg('recvMultishot', fd);
    checkBufferRing('recvMultishot', bufferRing);
    const flags = o?.flags === undefined ? 0 : int('recvMultishot', 'flags', o.flags, 0, 0xffffffff);
    const opts = () => ({ sockfd: f, buf: 0, len: 0, msgFlags: flags, bufGroup: bufferRing.bgid, flags: IOSQE.BUFFER_SELECT }) as Options;
    const rearm = (it: Multishot) => this.#start(KIND_RECV_MULTI, BUILDERS.get('recvMultishot')!, opts(), bufferRing, undefined, undefined, it);
    return this.#multi('recvMultishot', KIND_RECV_MULTI, opts(), bufferRing, o, rearm, bufferRing);
  }

  /** Reads of a pollable fd (pipe, eventfd, socket) into `bufferRing`'s buffers, one Buffer (a copy) per CQE. */
  readMultishot(fd: number, bufferRing: BufferRing, o?: OpOptions): MultishotIterator<Buffer> {
    const f = fdArg('readMultishot', fd);
    checkBufferRing('readMultishot', bufferRing);
    const opts = () => ({ fd: f, nbytes: 0, offset: -1, bufGroup: bufferRing.bgid }) as Options;
    const rearm = (it: Multishot) => this.#start(KIND_READ_MULTI, BUILDERS.get('readMultishot')!, opts(), bufferRing, undefined, undefined, it);
    return this.#multi('readMultishot', KIND_READ_MULTI, opts(), bufferRing, o, rearm, bufferRing);
  }

  /** Ready events (poll(2) bits), each time `fd` becomes ready, until break. */
  pollMultishot(fd: number, events: number, o?: OpOptions): MultishotIterator<number> {
    return this.#multi('pollMultishot', KIND_POLL_MULTI, { fd: fdArg('pollMultishot', fd), pollMask: events }, null, o, null, null);
  }

  /** A ticking timer: yields 1, 2, 3, ... every `ms`; `count` ticks then done (0 / omitted: until break). */
  timeoutMultishot(ms: number, o?: OpOptions & { count?: number }): MultishotIterator<number> {
    const ts = timespec('timeoutMultishot', ms);
    const count = o?.count === undefined ? 0 : int('timeoutMultishot', 'count', o.count, 0, 0xffffffff);
    return this.#multi('timeout', KIND_TIMEOUT_MULTI, { ts: addr(ts), count, timeoutFlags: TIMEOUT.MULTISHOT }, ts, o, null, null);
  }

  /** `link(fn)`: see link(). */
  linkOps<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError('link: fn must be a function');
    this.#closeChain();
    this.#linkDepth++;
    try {
      return fn();
    } finally {
      if (--this.#linkDepth === 0) this.#closeChain();
    }
  }
}

function addressOfIov(iov: Buffer): number {
  return addr(iov);
}

function checkBufferRing(op: string, r: unknown): asserts r is BufferRing {
  if (r === null || typeof r !== 'object' || typeof (r as BufferRing).bgid !== 'number' || typeof (r as BufferRing).recycle !== 'function')
    throw new TypeError(`${op}: bufferRing must be a BufferRing (shim/registration.ts BufferRing.setup(ring, { entries, bgid }))`);
  if (!(r as BufferRing).registered) throw new RangeError(`${op}: the buffer ring is unregistered`);
}

const KIND_STATX: Kind = { name: 'statx', map: (_res, s) => parseStatx((s.keep as [Buffer, Buffer])[1]) };
const KIND_TIMEOUT: Kind = { name: 'timeout', map: () => false };
const KIND_ACCEPT_ADDR: Kind = {
  name: 'accept',
  map: (res, s) => {
    const [sa, len] = s.keep as [Buffer, Buffer];
    return { fd: res, address: parseSockaddr(sa, len.readUInt32LE(0)) };
  },
};
const KIND_ACCEPT_MULTI: Kind = { name: 'accept', shot: (res) => res };
const KIND_POLL_MULTI: Kind = { name: 'pollMultishot', shot: (res) => res };
const KIND_TIMEOUT_MULTI: Kind = { name: 'timeout', shot: (_res, _f, _s, it) => ++it.count };
function bufferShot(res: number, flags: number, _s: Slot, it: Multishot): unknown {
  if ((flags & CQE_F.BUFFER) === 0) return undefined; // EOF (res 0): nothing to yield
  const bid = flags >>> 16;
  const ring = it.ring!;
  const mem = ring.buffer(bid)!;
  const src = ArrayBuffer.isView(mem) ? new Uint8Array(mem.buffer, mem.byteOffset, mem.byteLength) : new Uint8Array(mem);
  const out = Buffer.allocUnsafe(res);
  out.set(src.subarray(0, res));
  ring.recycle(bid);
  return res === 0 ? undefined : out;
}
const KIND_RECV_MULTI: Kind = { name: 'recvMultishot', shot: bufferShot };
const KIND_READ_MULTI: Kind = { name: 'readMultishot', shot: bufferShot };
