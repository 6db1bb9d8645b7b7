// A simulated kernel behind the RingBackend interface, for offline tests and the browser. Browser-safe.
//
// Its SQE and CQE arrays live in the same WASM memory as the Ring's staging copies, so the Ring's bulk
// copies are Uint8Array.copyWithin. SQEs are read and CQEs written by the C core (sqe_summary,
// cqe_write), never by hand. What it does:
// - NOP (and NOP128) completes with res 0, or res = len (as i32) with IORING_NOP_INJECT_RESULT in nop_flags; any other
//   opcode completes with -EOPNOTSUPP (-95). IOSQE_CQE_SKIP_SUCCESS suppresses the CQE of a success.
//   Links, drain and async are not modelled.
// - `hold = true` keeps completions back until `release()` (ops in flight); `deferTaskrun = true` keeps
//   them back with IORING_SQ_TASKRUN set until an enter with GETEVENTS runs the task work.
// - CQ full: the CQE goes to an overflow list (IORING_FEAT_NODROP) and IORING_SQ_CQ_OVERFLOW is set;
//   later CQEs queue behind it; an enter with GETEVENTS moves what fits into the CQ.
// - `failEnter(code, times)` makes the next enter calls throw EINTR / EAGAIN / EBUSY / ETIME errors
//   ({ code, errno, syscall }) before doing anything.
// - `sqStart` / `cqStart` start the counters at any u32 (e.g. 2^32 - 3) to exercise the wrap.
// - SQPOLL (flags & IORING_SETUP_SQPOLL): a simulated SQ thread, awake by default; `sleep()` sets
//   NEED_WAKEUP, an enter with SQ_WAKEUP wakes it, `pollSq()` is one pass of the awake thread; any enter
//   (SQ_WAIT too) is a pass of the awake thread.
// - Checks the Ring's side of the protocol: a write outside the free slots, a range across the end of the
//   array, or a tail beyond head + entries throws (that would be an overwritten SQ).
// - A wait that could never end (held completions, no timeout) throws instead of hanging.
import type { Core } from '../core/core.ts';
import type { RingBackend, RingParams, Timespec } from './backend.ts';
import { ENTER, SETUP, SQ_FLAGS } from './ring.ts';

const ERRNO = { EINTR: 4, EAGAIN: 11, EBUSY: 16, ETIME: 62, EINVAL: 22 } as const;
/** The errno names a SimEnter hook may fail an enter with. */
export type SimErrno = keyof typeof ERRNO;

const EOPNOTSUPP = 95;
const OP_NOP = 0;
const OP_NOP128 = 63;
const IOSQE_CQE_SKIP_SUCCESS = 1 << 6;
const NOP_INJECT_RESULT = 1 << 0;
/** IORING_FEAT_SINGLE_MMAP | NODROP | SUBMIT_STABLE | RW_CUR_POS | CUR_PERSONALITY | FAST_POLL | POLL_32BITS | SQPOLL_NONFIXED | EXT_ARG | NATIVE_WORKERS */
const SIM_FEATURES = 0x3ff;

/** Options of a {@link SimBackend}. */
export interface SimOptions {
  /** SQ entries, a power of two (default 8). */
  entries?: number;
  /** CQ entries, a power of two (default 2 × entries). */
  cqEntries?: number;
  /** IORING_SETUP_* in force: SQE128, CQE32, SQPOLL, IOPOLL change behaviour. */
  flags?: number;
  features?: number;
  /** Initial SQ head = tail (default 0). */
  sqStart?: number;
  /** Initial CQ head = tail (default 0). */
  cqStart?: number;
  /** Opcodes the simulated kernel's probe reports as unsupported (default: none, i.e. no probe answer). */
  unsupported?: readonly number[];
}

/** One recorded io_uring_enter call of a {@link SimBackend} (its arguments). */
export interface SimEnter {
  toSubmit: number;
  minComplete: number;
  flags: number;
  timeout: Timespec | null | undefined;
}

function errnoError(code: SimErrno): Error & { code: string; errno: number; syscall: string } {
  const e = new Error(`io_uring_enter: ${code}`) as Error & { code: string; errno: number; syscall: string };
  e.code = code;
  e.errno = -ERRNO[code];
  e.syscall = 'io_uring_enter';
  return e;
}

function pow2(n: number, what: string, max: number): number {
  if (!Number.isInteger(n) || n < 1 || n > max || (n & (n - 1)) !== 0)
    throw new RangeError(`SimBackend: ${what} must be a power of two in 1..${max}, got ${n}`);
  return n;
}

type Fn = (...a: number[]) => number;

/** A simulated kernel behind {@link RingBackend}, for offline tests and the browser: NOPs complete, everything
 *  else fails with EOPNOTSUPP; completions can be held back, enters made to fail, SQPOLL simulated. */
export class SimBackend implements RingBackend {
  readonly params: RingParams;
  /** No real fd. */
  readonly fd = -1;
  readonly core: Core;
  /** Kernel SQE array and CQE array, in WASM memory. */
  readonly sqes: number;
  readonly cqes: number;

  /** Completions computed while `hold` is set wait in `held` until release(). */
  hold = false;
  /** Completions wait (with IORING_SQ_TASKRUN set) until an enter with GETEVENTS. */
  deferTaskrun = false;
  /** Every enter call, in order (cleared by tests at will). */
  readonly enters: SimEnter[] = [];
  /** Every writeSqes range as [slot, count]. */
  readonly sqWrites: [number, number][] = [];
  /** Every readCqes range as [slot, count]. */
  readonly cqReads: [number, number][] = [];
  /** sqFlags calls that asked for a full fence. */
  fencedFlagReads = 0;
  /** setCqHead calls. */
  cqHeadStores = 0;
  /** SQEs consumed so far. */
  consumed = 0;

  #sqHead: number;
  readonly #unsupported: readonly number[];
  #sqTail: number;
  #writeCursor: number;
  #cqHead: number;
  #cqTail: number;
  #sqFlags = 0;
  #cqFlags = 0;
  #dropped = 0;
  #cqDropped = 0;
  #closed = false;
  #awake = true;
  readonly #fail: SimErrno[] = [];
  /** Pending CQEs as flat groups of 8 numbers: ud lo, ud hi, res, flags, big words 0..3. */
  readonly #held: number[] = [];
  readonly #taskrun: number[] = [];
  readonly #overflow: number[] = [];
  readonly #info: number;
  #infoView: Uint32Array;
  readonly #summary: Fn;
  readonly #write: Fn;
  readonly #writeBig: Fn;

  constructor(core: Core, opts: SimOptions = {}) {
    const flags = opts.flags ?? 0;
    this.#unsupported = opts.unsupported ?? [];
    const sqEntries = pow2(opts.entries ?? 8, 'entries', 32768);
    const cqEntries = pow2(opts.cqEntries ?? sqEntries * 2, 'cqEntries', 65536);
    const sqeSize = flags & SETUP.SQE128 ? 128 : 64;
    const cqeSize = flags & SETUP.CQE32 ? 32 : 16;
    this.params = { sqEntries, cqEntries, flags, features: opts.features ?? SIM_FEATURES, sqeSize, cqeSize };
    this.core = core;
    // Its arrays are core blocks, given back on close (and if a later one does not fit).
    const blocks: number[] = [];
    try {
      for (const [size, align] of [
        [sqEntries * sqeSize, 64],
        [cqEntries * cqeSize, 64],
        [32, 16],
      ] as const)
        blocks.push(core.alloc(size, align));
    } catch (e) {
      for (const p of blocks) core.free(p);
      throw e;
    }
    [this.sqes, this.cqes, this.#info] = blocks as [number, number, number];
    this.#infoView = new Uint32Array(core.memory.buffer, this.#info, 7);
    this.#summary = core.fn<Fn>('sqe_summary');
    this.#write = core.fn<Fn>('cqe_write');
    this.#writeBig = core.fn<Fn>('cqe_write_big');
    this.#sqHead = this.#sqTail = this.#writeCursor = (opts.sqStart ?? 0) >>> 0;
    this.#cqHead = this.#cqTail = (opts.cqStart ?? 0) >>> 0;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #live(what: string): void {
    if (this.#closed) throw new Error(`SimBackend.${what}: the ring is closed`);
  }

  // ---- RingBackend ----

  sqHead(): number {
    this.#live('sqHead');
    return this.#sqHead;
  }

  setSqTail(tail: number): void {
    this.#live('setSqTail');
    tail >>>= 0;
    if ((tail - this.#sqHead) >>> 0 > this.params.sqEntries)
      throw new Error(
        `SimBackend: SQ tail ${tail} is more than ${this.params.sqEntries} past head ${this.#sqHead}: SQEs overwritten`,
      );
    if (tail !== this.#writeCursor)
      throw new Error(`SimBackend: SQ tail ${tail} but SQEs were written up to ${this.#writeCursor}`);
    this.#sqTail = tail;
  }

  sqFlags(fence?: boolean): number {
    this.#live('sqFlags');
    if (fence) this.fencedFlagReads++;
    return this.#sqFlags;
  }

  sqDropped(): number {
    this.#live('sqDropped');
    return this.#dropped;
  }

  writeSqes(src: Uint8Array, srcOffset: number, slot: number, count: number): void {
    this.#live('writeSqes');
    const { sqEntries, sqeSize } = this.params;
    if (count === 0) return;
    if (slot + count > sqEntries)
      throw new RangeError(
        `SimBackend.writeSqes: slots ${slot}..${slot + count - 1} cross the end of the ${sqEntries}-entry array`,
      );
    if (slot !== (this.#writeCursor & (sqEntries - 1)))
      throw new Error(
        `SimBackend.writeSqes: slot ${slot} is not the next free slot ${this.#writeCursor & (sqEntries - 1)}`,
      );
    const end = (this.#writeCursor + count) >>> 0;
    if ((end - this.#sqHead) >>> 0 > sqEntries)
      throw new Error(`SimBackend.writeSqes: writing ${count} SQEs would overwrite SQEs the kernel has not consumed`);
    this.sqWrites.push([slot, count]);
    const u8 = this.core.u8;
    const dst = this.sqes + slot * sqeSize;
    const len = count * sqeSize;
    if (src.buffer === u8.buffer) u8.copyWithin(dst, src.byteOffset + srcOffset, src.byteOffset + srcOffset + len);
    else u8.set(src.subarray(srcOffset, srcOffset + len), dst);
    this.#writeCursor = end;
  }

  cqTail(): number {
    this.#live('cqTail');
    return this.#cqTail;
  }

  cqHead(): number {
    this.#live('cqHead');
    return this.#cqHead;
  }

  setCqHead(head: number): void {
    this.#live('setCqHead');
    head >>>= 0;
    if ((head - this.#cqHead) >>> 0 > (this.#cqTail - this.#cqHead) >>> 0)
      throw new Error(`SimBackend: CQ head ${head} outside [${this.#cqHead}, ${this.#cqTail}]`);
    this.#cqHead = head;
    this.cqHeadStores++;
  }

  readCqes(dst: Uint8Array, dstOffset: number, slot: number, count: number): void {
    this.#live('readCqes');
    const { cqEntries, cqeSize } = this.params;
    if (count === 0) return;
    if (slot + count > cqEntries)
      throw new RangeError(
        `SimBackend.readCqes: slots ${slot}..${slot + count - 1} cross the end of the ${cqEntries}-entry array`,
      );
    this.cqReads.push([slot, count]);
    const u8 = this.core.u8;
    const from = this.cqes + slot * cqeSize;
    const len = count * cqeSize;
    if (dst.buffer === u8.buffer) u8.copyWithin(dst.byteOffset + dstOffset, from, from + len);
    else dst.set(u8.subarray(from, from + len), dstOffset);
  }

  cqOverflow(): number {
    this.#live('cqOverflow');
    return this.#cqDropped;
  }

  cqFlags(): number {
    this.#live('cqFlags');
    return this.#cqFlags;
  }

  setCqFlags(flags: number): void {
    this.#live('setCqFlags');
    this.#cqFlags = flags >>> 0;
  }

  enter(toSubmit: number, minComplete: number, flags: number, timeout?: Timespec | null): number {
    this.#live('enter');
    this.enters.push({ toSubmit, minComplete, flags, timeout });
    const code = this.#fail.shift();
    if (code) throw errnoError(code);
    let ret: number;
    if (this.params.flags & SETUP.SQPOLL) {
      if (flags & ENTER.SQ_WAKEUP) this.#wake();
      // SQ_WAIT blocks while the published SQ is full: only an awake thread ends that.
      if (flags & ENTER.SQ_WAIT && !this.#awake && (this.#sqTail - this.#sqHead) >>> 0 >= this.params.sqEntries)
        throw new Error('SimBackend.enter: SQ_WAIT on a full SQ with the SQ thread asleep would never return');
      if (this.#awake) this.#consume((this.#sqTail - this.#sqHead) >>> 0);
      ret = toSubmit;
    } else {
      ret = this.#consume(Math.min(toSubmit, (this.#sqTail - this.#sqHead) >>> 0));
    }
    if (flags & ENTER.GETEVENTS) {
      this.#runTaskrun();
      this.#flushOverflow();
      if (this.cqReadyCount() < minComplete) {
        // The kernel would block here; the simulation has nobody to complete anything meanwhile.
        if (timeout) {
          if (ret > 0) return ret; // a timed-out wait after a submit returns the submit count
          throw errnoError('ETIME');
        }
        throw new Error(
          `SimBackend.enter: waiting for ${minComplete} CQEs with ${this.cqReadyCount()} ready and ${this.heldCount} held would never return`,
        );
      }
    }
    return ret;
  }

  /** The simulated probe: 1 at each opcode given as unsupported. */
  unsupportedOps(): Uint8Array {
    const out = new Uint8Array(256);
    for (const op of this.#unsupported) out[op] = 1;
    return out;
  }

  /** Close; its arrays go back to the core. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of [this.sqes, this.cqes, this.#info]) this.core.free(p);
  }

  // ---- controls for tests ----

  /** Make the next `times` enter calls throw `code`. */
  failEnter(code: SimErrno, times = 1): void {
    for (let i = 0; i < times; i++) this.#fail.push(code);
  }

  /** Post the held completions (up to n): the kernel finishing ops in flight. */
  release(n = Infinity): number {
    let k = 0;
    while (this.#held.length && k < n) {
      const g = this.#held.splice(0, 8);
      this.#post(g);
      k++;
    }
    return k;
  }

  /** Post a CQE directly, as the kernel would (through the overflow list when the CQ is full). */
  post(userData: number | bigint, res: number, flags = 0, big: readonly number[] = [0, 0, 0, 0]): void {
    const lo = typeof userData === 'bigint' ? Number(userData & 0xffffffffn) : userData >>> 0;
    const hi =
      typeof userData === 'bigint' ? Number((userData >> 32n) & 0xffffffffn) : Math.floor(userData / 4294967296) >>> 0;
    this.#post([lo, hi, res | 0, flags >>> 0, big[0] ?? 0, big[1] ?? 0, big[2] ?? 0, big[3] ?? 0]);
  }

  /** SQPOLL: the thread goes idle and sets NEED_WAKEUP. */
  sleep(): void {
    this.#awake = false;
    this.#sqFlags |= SQ_FLAGS.NEED_WAKEUP;
  }

  /** SQPOLL: one pass of the awake thread over the SQ. Returns SQEs consumed. */
  pollSq(): number {
    if (!this.#awake) return 0;
    return this.#consume((this.#sqTail - this.#sqHead) >>> 0);
  }

  /** SQPOLL: is the simulated SQ thread awake (not waiting for SQ_WAKEUP)? */
  get sqThreadAwake(): boolean {
    return this.#awake;
  }

  /** CQEs in the CQ ring. */
  cqReadyCount(): number {
    return (this.#cqTail - this.#cqHead) >>> 0;
  }

  /** CQEs waiting in the overflow list. */
  get overflowPending(): number {
    return this.#overflow.length / 8;
  }

  /** Completions held back (`hold = true`) until release(). */
  get heldCount(): number {
    return this.#held.length / 8;
  }

  /** SQEs published (tail stored) but not consumed. */
  get sqPublished(): number {
    return (this.#sqTail - this.#sqHead) >>> 0;
  }

  /** Raw SQ flag word, for tests that want to set one. */
  setSqFlags(flags: number): void {
    this.#sqFlags = flags >>> 0;
  }

  // ---- the simulated kernel ----

  #wake(): void {
    this.#awake = true;
    this.#sqFlags &= ~SQ_FLAGS.NEED_WAKEUP;
  }

  #consume(n: number): number {
    const { sqEntries, sqeSize } = this.params;
    const info = this.#info;
    const summary = this.#summary;
    for (let k = 0; k < n; k++) {
      const slot = this.#sqHead & (sqEntries - 1);
      summary(this.sqes + slot * sqeSize, info);
      let v = this.#infoView;
      if (v.length === 0) v = this.#infoView = new Uint32Array(this.core.memory.buffer, info, 7); // growth detached it
      const opcode = v[0]!,
        sqeFlags = v[1]!,
        len = v[2]!,
        lo = v[3]!,
        hi = v[4]!,
        opFlags = v[5]!;
      this.#sqHead = (this.#sqHead + 1) >>> 0;
      this.consumed++;
      let res: number;
      if (opcode === OP_NOP || opcode === OP_NOP128) res = opFlags & NOP_INJECT_RESULT ? len | 0 : 0;
      else res = -EOPNOTSUPP;
      if (res >= 0 && sqeFlags & IOSQE_CQE_SKIP_SUCCESS) continue;
      if (this.hold) this.#held.push(lo, hi, res, 0, 0, 0, 0, 0);
      else if (this.deferTaskrun) {
        this.#taskrun.push(lo, hi, res, 0, 0, 0, 0, 0);
        this.#sqFlags |= SQ_FLAGS.TASKRUN;
      } else if (this.#overflow.length === 0 && this.cqReadyCount() < this.params.cqEntries) {
        const p = this.cqes + (this.#cqTail & (this.params.cqEntries - 1)) * this.params.cqeSize;
        this.#write(p, lo, hi, res, 0);
        if (this.params.cqeSize === 32) this.#writeBig(p, 0, 0, 0, 0);
        this.#cqTail = (this.#cqTail + 1) >>> 0;
      } else this.#post([lo, hi, res, 0, 0, 0, 0, 0]);
    }
    return n;
  }

  #runTaskrun(): void {
    const t = this.#taskrun;
    for (let i = 0; i < t.length; i += 8) this.#post(t.slice(i, i + 8));
    t.length = 0;
    this.#sqFlags &= ~SQ_FLAGS.TASKRUN;
  }

  #post(g: number[]): void {
    if (this.#overflow.length || this.cqReadyCount() >= this.params.cqEntries) {
      this.#overflow.push(...g);
      this.#sqFlags |= SQ_FLAGS.CQ_OVERFLOW;
      return;
    }
    this.#store(g, 0);
  }

  #store(g: number[], at: number): void {
    const { cqEntries, cqeSize } = this.params;
    const p = this.cqes + (this.#cqTail & (cqEntries - 1)) * cqeSize;
    this.#write(p, g[at]!, g[at + 1]!, g[at + 2]!, g[at + 3]!);
    if (cqeSize === 32) this.#writeBig(p, g[at + 4]!, g[at + 5]!, g[at + 6]!, g[at + 7]!);
    this.#cqTail = (this.#cqTail + 1) >>> 0;
  }

  #flushOverflow(): void {
    const o = this.#overflow;
    let i = 0;
    while (i < o.length && this.cqReadyCount() < this.params.cqEntries) {
      this.#store(o, i);
      i += 8;
    }
    o.splice(0, i);
    if (o.length === 0) this.#sqFlags &= ~SQ_FLAGS.CQ_OVERFLOW;
  }
}
