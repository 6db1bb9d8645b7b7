// The sync Ring (liburing-like) over a RingBackend: take a staging slot, encode an op into it, submit,
// copy completions in bulk. Browser-safe: no node:* here.
//
// Memory: the staging SQE array, the SQ and CQ state and the CQE batch live in WASM memory; the C core
// (core-c/ring/) does the index math modulo 2^32 and parses CQEs; this file only moves ranges between
// the core and the backend and decides when to call io_uring_enter, as liburing does.
//
// Decisions:
// - No SQ slot is held in reserve (liburing, not the seed): all sqEntries slots can be used and
//   `spaceLeft` is never negative. To keep an op and its LINK_TIMEOUT together, check `spaceLeft >= 2`.
// - A full SQ is never overwritten and never auto-submitted (auto-submitting could cut a link chain in
//   two): `getSqe()` returns 0, `prep` throws SqFullError (code ERR_URING_SQ_FULL) after reloading the
//   kernel head once. Submit or reap completions, then prep again.
// - SQPOLL: the SQ thread stores its head only after posting the batch's CQEs, so "all CQEs reaped" does not
//   mean "SQ empty". A prep that finds the SQ full with every SQE already submitted waits for the thread
//   (`sqWait`: io_uring_enter with IORING_ENTER_SQ_WAIT, as liburing's io_uring_sqring_wait) instead of
//   throwing; the wait ends as soon as the thread has consumed an SQE. SQEs still staged (not submitted)
//   are invisible to the thread, so with any of those it throws SqFullError as before.
// - CQEs are consumed when copied: `peekCqes`/`copyCqes` copy the ready range(s) into the batch, parse it
//   and release-store the CQ head once. The batch's arrays stay valid until the next peek/copy.
// - In-place mode (backend.inPlace, IORING_SETUP_NO_MMAP): the staging SQE array IS the kernel's SQE array
//   (a flush only release-stores the tail) and CQEs are parsed where the kernel wrote them (cq_take_parse,
//   range by range, before the head store): no copy either way.
// - EINTR from enter is retried (the count to submit recomputed from the kernel head). EAGAIN and EBUSY
//   are thrown to the caller as liburing returns them; nothing is lost: the flushed SQEs stay in the
//   kernel's SQ (`sqReady`) and the next submit hands them over again. ETIME of a timed wait is not an
//   error: the call returns and `cqReady` says what arrived. Timeouts go to backend.enter (EXT_ARG);
//   without IORING_FEAT_EXT_ARG (< 5.11) a timeout is refused with a clear error (no TIMEOUT-SQE fallback).
// - busyPoll (SQPOLL rings): submits enter only to wake the SQ thread; waits poll the CQ tail for up to
//   busyPollUs, then go on in the kernel, so a wait never spins without bound and its timeout always holds.
// - prepMany encodes many SQEs of one hot op in one call into the core (core-c/ring/many.c), all or nothing;
//   its addresses are raw, as with unsafePrep (docs/performance.md).
import type { Core } from '../core/core.ts';
import { slotEncoderFor, type SlotEncoder, type Options } from '../sqe/encode.ts';
import type { OpSpec, OptionsOf } from '../sqe/spec.ts';
import { BUILDERS, type OpsTable } from '../ops/index.ts';
import type { RingBackend, RingParams, Timespec } from './backend.ts';
import { cqeKey, pointerArgs, resolve, udKey, type PtrArg } from './pins.ts';
import { badValue, MANY_CODE, manyColumns, manyOptions, type PrepManyOp, type PrepManyOptions } from './many.ts';

import { ENTER, FEAT, IOSQE, OP_NAMES, SETUP, SQ_RING as SQ_FLAGS } from '../constants.ts';
export { ENTER, FEAT, SETUP, SQ_FLAGS };

/** prep of an op the kernel's probe says it lacks: names the op and the kernel version that added it. */
export class OpUnsupportedError extends Error {
  readonly code = 'ERR_URING_OP_UNSUPPORTED';
  constructor(
    readonly op: string,
    readonly opcode: number,
    readonly since: string,
  ) {
    super(
      `${op}: IORING_OP_${OP_NAMES[opcode] ?? opcode} needs Linux ${since}; this kernel's probe says it is not supported`,
    );
    this.name = 'OpUnsupportedError';
  }
}

/** prep on a full SQ. Nothing was written; submit (or reap completions) and try again. */
export class SqFullError extends Error {
  readonly code = 'ERR_URING_SQ_FULL';
  constructor(op: string, entries: number) {
    super(`${op}: the submission queue is full (${entries} SQEs not yet consumed by the kernel); submit() first`);
    this.name = 'SqFullError';
  }
}

function closedError(what: string): Error {
  const e = new Error(`Ring.${what}: the ring is closed`) as Error & { code: string };
  e.code = 'ERR_URING_CLOSED';
  return e;
}

/** A wait's timeout as the kernel takes it (the backend checks it again when it enters). */
function checkTimespec(t: Timespec): void {
  const { sec, nsec } = t;
  if (!(Number.isSafeInteger(sec) && sec >= 0 && Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9))
    throw new RangeError(`timeout must be { sec >= 0, 0 <= nsec < 1e9 } integers, got { sec: ${sec}, nsec: ${nsec} }`);
}

function errCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
}

type Fn = (...a: number[]) => number;

interface RingX {
  sq_state_size: Fn;
  sq_init: Fn;
  sq_get_sqe: Fn;
  sq_unget_sqe: Fn;
  sq_space_left: Fn;
  sq_ready: Fn;
  sq_pending: Fn;
  sq_set_khead: Fn;
  sq_flush: Fn;
  sq_flush_at: Fn;
  sq_prep_many: Fn;
  cq_state_size: Fn;
  cq_init: Fn;
  cq_ready: Fn;
  cq_take: Fn;
  cqe_batch_size: Fn;
  cqe_batch_init: Fn;
  cqe_batch_parse: Fn;
}

const X_NAMES: (keyof RingX)[] = [
  'sq_state_size',
  'sq_init',
  'sq_get_sqe',
  'sq_unget_sqe',
  'sq_space_left',
  'sq_ready',
  'sq_pending',
  'sq_set_khead',
  'sq_flush',
  'sq_flush_at',
  'sq_prep_many',
  'cq_state_size',
  'cq_init',
  'cq_ready',
  'cq_take',
  'cqe_batch_size',
  'cqe_batch_init',
  'cqe_batch_parse',
];

function ringExports(core: Core): RingX {
  const x = {} as RingX;
  for (const n of X_NAMES) x[n] = core.fn<Fn>(n);
  return x;
}

// u32 indices into the SQ / CQ state structs (core-c/ring/sq.h, cq.h) and the batch header (cqe_batch.c).
const SQ_TAIL = 1,
  SQ_NRANGES = 7,
  SQ_SLOT0 = 8,
  SQ_COUNT0 = 10,
  SQ_COUNT1 = 11;
const CQ_HEAD = 0,
  CQ_NRANGES = 4,
  CQ_SLOT0 = 5,
  CQ_COUNT0 = 7,
  CQ_COUNT1 = 8;
const B_RAW = 3,
  B_UD_LO = 4,
  B_UD_HI = 5,
  B_RES = 6,
  B_FLAGS = 7,
  B_BUF_ID = 8,
  B_MORE = 9,
  B_NOTIF = 10,
  B_SOCK_NONEMPTY = 11,
  B_BUF_MORE = 12,
  B_BIG = 13;

const TWO32 = 4294967296;
/** Enters with SQ_WAIT before a full SQPOLL SQ is reported (more than one only if signals interrupt them). */
const SQ_WAIT_ROUNDS = 4;

/**
 * A batch of completions as structure-of-arrays over WASM memory: entry i of each array belongs to CQE i,
 * for i < count. Reused by every peek/copy (no object per CQE); valid until the next one.
 */
export class CqeBatch {
  /** CQEs in this batch. */
  count = 0;
  readonly capacity: number;
  /** user_data, low and high 32 bits. */
  userDataLo!: Uint32Array;
  userDataHi!: Uint32Array;
  res!: Int32Array;
  flags!: Uint32Array;
  /** Provided-buffer id (flags >> 16) when IORING_CQE_F_BUFFER is set, else -1. */
  bufId!: Int32Array;
  /** 1 when IORING_CQE_F_MORE (more CQEs follow for this request), else 0. */
  more!: Uint8Array;
  /** 1 when IORING_CQE_F_NOTIF (zero-copy send notification). */
  notif!: Uint8Array;
  /** 1 when IORING_CQE_F_SOCK_NONEMPTY. */
  sockNonempty!: Uint8Array;
  /** 1 when IORING_CQE_F_BUF_MORE (the provided buffer is not finished with). */
  bufMore!: Uint8Array;
  /** CQE32 rings: the extra 16 bytes, 4 u32 words per CQE (big_cqe[0] lo, hi, big_cqe[1] lo, hi); empty otherwise. */
  big!: Uint32Array;
  /** Address of the batch header in WASM memory. */
  readonly ptr: number;
  /** Where the CQE ranges are copied to (capacity × cqeSize bytes). */
  readonly raw: number;
  readonly cqeSize: 16 | 32;
  readonly #core: Core;
  #buf: ArrayBuffer | SharedArrayBuffer | undefined;

  /** @internal Made by the Ring. */
  constructor(core: Core, ptr: number, capacity: number, cqeSize: 16 | 32) {
    this.#core = core;
    this.ptr = ptr;
    this.capacity = capacity;
    this.cqeSize = cqeSize;
    const hdr = new Uint32Array(core.memory.buffer, ptr, 14);
    this.raw = hdr[B_RAW]!;
    this.remap();
  }

  /** Re-make the views when WASM memory grew (growth detaches the old buffer). */
  remap(): void {
    // A detached view has length 0 (capacity >= 1): cheaper than reading memory.buffer (~30 ns) per batch.
    if (this.userDataLo !== undefined && this.userDataLo.length !== 0) return;
    const buf = this.#core.memory.buffer;
    if (buf === this.#buf) return;
    this.#buf = buf;
    const h = new Uint32Array(buf, this.ptr, 14);
    const n = this.capacity;
    this.userDataLo = new Uint32Array(buf, h[B_UD_LO]!, n);
    this.userDataHi = new Uint32Array(buf, h[B_UD_HI]!, n);
    this.res = new Int32Array(buf, h[B_RES]!, n);
    this.flags = new Uint32Array(buf, h[B_FLAGS]!, n);
    this.bufId = new Int32Array(buf, h[B_BUF_ID]!, n);
    this.more = new Uint8Array(buf, h[B_MORE]!, n);
    this.notif = new Uint8Array(buf, h[B_NOTIF]!, n);
    this.sockNonempty = new Uint8Array(buf, h[B_SOCK_NONEMPTY]!, n);
    this.bufMore = new Uint8Array(buf, h[B_BUF_MORE]!, n);
    this.big = h[B_BIG] ? new Uint32Array(buf, h[B_BIG]!, n * 4) : new Uint32Array(0);
  }

  /** user_data of CQE i as a number (exact below 2^53). */
  userData(i: number): number {
    return this.userDataHi[i]! * TWO32 + this.userDataLo[i]!;
  }

  /** user_data of CQE i as a bigint (all 64 bits; allocates). */
  userDataBig(i: number): bigint {
    return (BigInt(this.userDataHi[i]!) << 32n) | BigInt(this.userDataLo[i]!);
  }
}

/** What a pointer argument of `ring.prep` takes: the memory itself (kept alive until the op's final CQE),
 *  a string where a NUL-terminated path or name is meant, an array of views for iovecs; 0 for none. */
export type MemOf<A> = A extends { mem: 'cstring' }
  ? string | ArrayBufferView | 0
  : A extends { mem: 'iovecs' }
    ? readonly ArrayBufferView[] | ArrayBufferView | 0
    : ArrayBufferView | ArrayBuffer | 0;
/** The arguments and extra fields of spec S. */
export type ArgsOf<S extends OpSpec> = S['args'] & NonNullable<S['extra']>;
/** The names of S's pointer arguments (kind ptr). */
export type PtrKeys<S extends OpSpec> = {
  [K in keyof ArgsOf<S>]: ArgsOf<S>[K] extends { kind: { pointer: true } } ? K : never;
}[keyof ArgsOf<S>];
/** Options of a safe `ring.prep` builder: pointer arguments take memory ({@link MemOf}); `keep` holds more
 *  objects alive with the op (what a struct such as a msghdr points to). */
export type SafeOptionsOf<S extends OpSpec> = {
  [K in keyof OptionsOf<S>]: K extends PtrKeys<S> ? MemOf<ArgsOf<S>[K]> : OptionsOf<S>[K];
} & { keep?: unknown };
/** `ring.prep.read(opts)`: each returns the SQE's address in WASM memory. */
export type RingBuilders = { [K in keyof OpsTable]: (opts: SafeOptionsOf<OpsTable[K]>) => number };
/** `ring.unsafePrep.read(opts)`: pointer arguments may also be raw addresses (number or bigint). */
export type UnsafeRingBuilders = {
  [K in keyof OpsTable]: (opts: SafeOptionsOf<OpsTable[K]> | OptionsOf<OpsTable[K]>) => number;
};
/** {@link Ring.prep}: callable with a spec or builder name, and one builder per op as a property. */
export type RingPrep = ((spec: OpSpec | string, opts: Options) => number) & RingBuilders;
/** {@link Ring.unsafePrep}: the same, raw addresses allowed. */
export type UnsafeRingPrep = ((spec: OpSpec | string, opts: Options) => number) & UnsafeRingBuilders;

/** Options of a {@link Ring}. */
export interface RingOptions {
  /** CQEs one peek/copy can take (default: the CQ size). */
  batch?: number;
  /**
   * SQPOLL rings only (RangeError otherwise): submit without entering the kernel (except to wake a sleeping SQ
   * thread) and wait for completions by polling the CQ tail in shared memory instead of io_uring_enter. Pays
   * when the SQ thread has a core of its own (see docs/performance.md); on a machine whose cores are all busy,
   * the poller and the SQ thread take the CPU from each other.
   */
  busyPoll?: boolean;
  /**
   * busyPoll: how long (µs) one wait polls before it blocks in the kernel (io_uring_enter with GETEVENTS) for
   * the rest; a wait's timeout still ends it first. An integer in 0..10000000 (default 10000: a loaded machine
   * can keep the SQ thread off the CPU for milliseconds).
   */
  busyPollUs?: number;
}

/** Core blocks of a Ring: what its finalizer frees (nothing here refers to the Ring). */
interface RingBlocks {
  core: Core;
  ptrs: number[];
}

function freeBlocks(b: RingBlocks): void {
  for (const p of b.ptrs.splice(0)) b.core.free(p);
}

// A Ring dropped without close(): its staging memory goes back to the core (its backend has its own finalizer).
const RING_MEMORY = new FinalizationRegistry<RingBlocks>(freeBlocks);

/**
 * The sync ring. One per backend; not safe to share between threads (like liburing's struct io_uring).
 */
export class Ring {
  readonly core: Core;
  readonly backend: RingBackend;
  readonly params: RingParams;
  /**
   * Encode an op into the next SQ slot: `ring.prep.nop({ userData: 1 })`, `ring.prep(spec, opts)`. Pointer
   * arguments take the JS memory (`ring.prep.read({ fd, buf, nbytes: buf.length, offset: -1 })`), which the
   * Ring keeps alive until the op's final CQE; a raw address (a non-zero number) is a TypeError.
   */
  readonly prep: RingPrep;
  /**
   * The same builders, but pointer arguments may also be raw addresses (number or bigint), which the Ring
   * cannot keep alive: the memory must outlive the op's final CQE, or the kernel writes into freed memory.
   */
  readonly unsafePrep: UnsafeRingPrep;
  /** The reusable completion batch that peekCqes/copyCqes fill. */
  readonly batch: CqeBatch;
  /** Address of the staging SQE array (sqEntries × sqeSize bytes). */
  readonly sqes: number;

  readonly #x: RingX;
  readonly #sq: number;
  readonly #cq: number;
  readonly #sqI: number;
  readonly #cqI: number;
  readonly #sqeSize: number;
  readonly #cqeSize: number;
  readonly #sqpoll: boolean;
  readonly #iopoll: boolean;
  /** 1 at each opcode the kernel lacks (backend probe), or null when the backend cannot tell. */
  readonly #unsupported: Uint8Array | null;
  #u32: Uint32Array;
  #u8: Uint8Array;
  readonly #sqEntries: number;
  #closed = false;
  /** In-place mode: core pointer of the kernel's CQE array; -1 in copy mode. */
  readonly #cqesInPlace: number;
  readonly #takeParse: Fn | undefined;
  /** Core blocks this Ring allocated (freed on close, or by the finalizer if it is dropped unclosed). */
  readonly #blocks: RingBlocks;
  /** Objects kept alive for ops in flight, by user_data key (ts/ring/pins.ts); released at the final CQE. */
  readonly #pins = new Map<number | bigint, unknown>();
  /** Provided buffers: kept until close. */
  #untilClose: unknown[] = [];
  readonly #addressOf: ((mem: ArrayBufferView | ArrayBuffer) => number) | undefined;
  /** busyPoll: µs a wait polls the CQ tail before blocking; -1 when the Ring waits in the kernel. */
  readonly #pollUs: number;
  /** prepMany: its argument rows in WASM memory (grown on demand), and its checked options. */
  #manyPtr = 0;
  #manyCap = 0;
  #manyArgs: Float64Array = new Float64Array(0);
  readonly #manyOpts = new Int32Array(3);

  /** The same as `new Ring(core, backend, opts)`. */
  static create(core: Core, backend: RingBackend, opts: RingOptions = {}): Ring {
    return new Ring(core, backend, opts);
  }

  constructor(core: Core, backend: RingBackend, opts: RingOptions = {}) {
    if (backend.closed) throw closedError('constructor');
    const p = backend.params;
    this.core = core;
    this.backend = backend;
    this.params = p;
    this.#x = ringExports(core);
    this.#sqeSize = p.sqeSize;
    this.#cqeSize = p.cqeSize;
    this.#sqpoll = (p.flags & SETUP.SQPOLL) !== 0;
    this.#iopoll = (p.flags & SETUP.IOPOLL) !== 0;
    this.#unsupported = backend.unsupportedOps?.() ?? null;
    const x = this.#x;
    if (opts === null || typeof opts !== 'object') throw new TypeError('Ring: options must be an object');
    const cap = opts.batch ?? p.cqEntries;
    if (!Number.isInteger(cap) || cap < 1 || cap > 65536)
      throw new RangeError(`Ring: batch must be an integer in 1..65536, got ${cap}`);
    if (opts.busyPoll !== undefined && typeof opts.busyPoll !== 'boolean')
      throw new TypeError(`Ring: busyPoll must be a boolean, got ${typeof opts.busyPoll}`);
    if (opts.busyPoll && !this.#sqpoll)
      throw new RangeError(
        'Ring: busyPoll needs an SQPOLL ring (IORING_SETUP_SQPOLL): without the SQ thread nothing would submit',
      );
    const us = opts.busyPollUs ?? 10_000;
    if (!Number.isInteger(us) || us < 0 || us > 10_000_000)
      throw new RangeError(`Ring: busyPollUs must be an integer in 0..10000000, got ${us}`);
    this.#pollUs = opts.busyPoll ? us : -1;

    const ip = backend.inPlace;
    if (ip && ip.memory !== core.memory)
      throw new RangeError(
        "Ring: the backend's in-place rings are in another core's memory; make the Ring with the core the backend was set up in",
      );
    const bsize = x.cqe_batch_size(cap, p.cqeSize);
    if (bsize === 0) throw new RangeError(`Ring: bad batch (${cap} CQEs of ${p.cqeSize} bytes)`);
    // Everything allocated here goes back to the core if the constructor fails part way (a ring too big for
    // what is left of the core's 4 GiB must leave the core as it was).
    const blocks: RingBlocks = { core, ptrs: [] };
    const alloc = (size: number, align: number) => {
      const at = core.alloc(size, align);
      blocks.ptrs.push(at);
      return at;
    };
    let bptr: number;
    try {
      this.#sq = alloc(x.sq_state_size(), 16);
      this.#cq = alloc(x.cq_state_size(), 16);
      this.sqes = ip ? ip.sqes : alloc(p.sqEntries * p.sqeSize, 64);
      bptr = alloc(bsize, 64);
      if (x.sq_init(this.#sq, p.sqEntries, p.sqeSize, this.sqes, backend.sqHead()) !== 0)
        throw new RangeError(`Ring: bad SQ geometry (${p.sqEntries} entries of ${p.sqeSize} bytes)`);
      if (x.cq_init(this.#cq, p.cqEntries, p.cqeSize, backend.cqHead()) !== 0)
        throw new RangeError(`Ring: bad CQ geometry (${p.cqEntries} entries of ${p.cqeSize} bytes)`);
      if (x.cqe_batch_init(bptr, cap, p.cqeSize) !== 0) throw new RangeError(`Ring: cannot lay out a batch of ${cap}`);
    } catch (e) {
      freeBlocks(blocks);
      throw e;
    }
    this.#blocks = blocks;
    this.#cqesInPlace = ip ? ip.cqes : -1;
    this.#takeParse = ip ? core.fn<Fn>('cq_take_parse') : undefined;
    this.#sqI = this.#sq >>> 2;
    this.#cqI = this.#cq >>> 2;
    this.#u32 = new Uint32Array(core.memory.buffer);
    this.#u8 = new Uint8Array(core.memory.buffer);
    this.#sqEntries = p.sqEntries;
    this.batch = new CqeBatch(core, bptr, cap, p.cqeSize);
    this.#addressOf = backend.addressOf?.bind(backend);

    const prep = ((spec: OpSpec | string, o: Options) => this.#prep(spec, o, false)) as RingPrep;
    const unsafePrep = ((spec: OpSpec | string, o: Options) => this.#prep(spec, o, true)) as UnsafeRingPrep;
    for (const [name, spec] of BUILDERS) {
      // Each builder keeps its spec's encoder (compiled on first use): no lookup per op. An op without
      // pointer arguments (nop, close, ...) goes straight to the encoder in both forms.
      let enc: SlotEncoder | undefined;
      const ptrs = pointerArgs(spec);
      const plain = (o: Options) => {
        enc ??= slotEncoderFor(core, spec);
        return this.#prepWith(spec, enc, o);
      };
      const mem = (unsafe: boolean) => (o: Options) => {
        enc ??= slotEncoderFor(core, spec);
        return this.#prepMem(spec, enc, ptrs, o, unsafe);
      };
      Object.defineProperty(prep, name, { value: ptrs.length === 0 ? plain : mem(false), enumerable: true });
      Object.defineProperty(unsafePrep, name, { value: ptrs.length === 0 ? plain : mem(true), enumerable: true });
    }
    this.prep = prep;
    RING_MEMORY.register(this, blocks, blocks);
    this.unsafePrep = unsafePrep;
  }

  /** Ops in flight holding memory the Ring keeps alive (released at each one's final CQE). */
  get pinnedOps(): number {
    return this.#pins.size;
  }

  /** After {@link Ring.close} every call throws instead of touching freed memory. */
  get closed(): boolean {
    return this.#closed;
  }

  #mem(): Uint32Array {
    let m = this.#u32;
    if (m.length === 0) m = this.#u32 = new Uint32Array(this.core.memory.buffer); // detached by growth
    return m;
  }

  /** Bytes of WASM memory (core.u8 reads memory.buffer on every call; a detached view has length 0). */
  #bytes(): Uint8Array {
    let u = this.#u8;
    if (u.length === 0) u = this.#u8 = new Uint8Array(this.core.memory.buffer);
    return u;
  }

  /** The kernel head, acquire-loaded, recorded in the SQ state; returns SQEs not yet consumed. */
  #reloadHead(): number {
    return this.#x.sq_set_khead(this.#sq, this.backend.sqHead()) >>> 0;
  }

  /**
   * The next SQ slot (zeroed; sqeSize bytes at the returned address in WASM memory), or 0 when the SQ is
   * full. Fill it with `core.x.prep_*` and `sqe_finish`, or use `prep`, which does both.
   */
  getSqe(): number {
    if (this.#closed) throw closedError('getSqe');
    const x = this.#x;
    let p = x.sq_get_sqe(this.#sq);
    if (p === 0) {
      this.#reloadHead();
      p = x.sq_get_sqe(this.#sq);
    }
    return p >>> 0;
  }

  #prep(spec: OpSpec | string, opts: Options, unsafe: boolean): number {
    if (this.#closed) throw closedError('prep');
    const s = typeof spec === 'string' ? BUILDERS.get(spec) : spec;
    if (!s) throw new RangeError(`prep: unknown op ${JSON.stringify(spec)}`);
    return this.#prepMem(s, slotEncoderFor(this.core, s), pointerArgs(s), opts, unsafe);
  }

  /**
   * Builder `spec` for a caller on a hot path that keeps the op's memory alive itself (the async IoUring):
   * like `unsafePrep`, but every pointer argument is a raw address (no views, no `keep`: nothing is pinned)
   * and a full SQ gives 0 (nothing taken) instead of SqFullError. Bad options still throw, before anything is
   * taken. No lookup per op: the caller keeps the returned function.
   * @internal
   */
  rawPrep(spec: OpSpec): (opts: Options) => number {
    const enc = slotEncoderFor(this.core, spec);
    return (o: Options) => this.#prepWith(spec, enc, o, true);
  }

  /** A builder with pointer arguments: objects become addresses and are kept until the final CQE. */
  #prepMem(s: OpSpec, enc: SlotEncoder, ptrs: readonly PtrArg[], opts: Options, unsafe: boolean): number {
    if (opts === null || typeof opts !== 'object' || ptrs.length === 0) return this.#prepWith(s, enc, opts);
    if (this.#closed) throw closedError('prep');
    // The common case, one buffer given as a view (read, write, send, recv ...): its address goes into the
    // caller's options only for the encoder's call and the view itself is what is kept. No copy of the options,
    // no array per op: at a few hundred thousand ops a second those were most of the cost (garbage collection).
    if (ptrs.length === 1 && this.#addressOf !== undefined && opts.keep === undefined) {
      const name = ptrs[0]!.name;
      const v = opts[name];
      if (ArrayBuffer.isView(v) && ptrs[0]!.mem === undefined && !Object.isFrozen(opts)) {
        const fl = opts.flags;
        const key = udKey(opts.userData);
        if (key !== undefined && !(typeof fl === 'number' && (fl & IOSQE.CQE_SKIP_SUCCESS) !== 0)) {
          opts[name] = this.#addressOf(v);
          let p: number;
          try {
            p = this.#prepWith(s, enc, opts);
          } finally {
            opts[name] = v;
          }
          this.#pins.set(key, v);
          return p;
        }
      }
    }
    const r = resolve(s, ptrs, opts, unsafe, this.#addressOf);
    if (r === undefined) return this.#prepWith(s, enc, opts);
    const p = this.#prepWith(s, enc, r.opts); // checks that no op in flight holds this user_data's pins
    if (ptrs.length === 1 && ptrs[0]!.mem === 'untilClose') this.#untilClose.push(r.keep);
    else this.#pins.set(udKey(r.opts.userData)!, r.keep);
    return p;
  }

  /** An op whose user_data is that of an op holding memory: its CQE would release that memory early. */
  #checkUserData(s: OpSpec, opts: Options): void {
    if (opts === null || typeof opts !== 'object') return;
    const k = udKey(opts.userData);
    if (k !== undefined && this.#pins.has(k))
      throw new RangeError(
        `${s.name}: userData ${k} belongs to an op in flight that holds memory; give each op with buffers its own userData until its final CQE`,
      );
  }

  /**
   * The hot path of every builder: the op's slot encoder checks the options, then takes the next slot and
   * writes the SQE (one WASM call for the hot ops). A full SQ (as far as the cached kernel head knows)
   * gives 0: reload the head and try once more. A full SQ is reported before bad options, as always.
   */
  #prepWith(s: OpSpec, enc: SlotEncoder, opts: Options, soft = false): number {
    if (this.#closed) throw closedError('prep');
    if (this.#unsupported !== null && this.#unsupported[s.opcode] === 1)
      throw new OpUnsupportedError(s.name, s.opcode, s.since);
    if (s.sqe128 && this.#sqeSize !== 128)
      throw new RangeError(`${s.name}: needs a 128-byte SQE (a ring set up with IORING_SETUP_SQE128)`);
    if (this.#pins.size !== 0) this.#checkUserData(s, opts);
    let p: number;
    try {
      p = enc(this.#sq, opts);
      if (p === 0) {
        this.#reloadHead();
        p = enc(this.#sq, opts);
        if (p === 0 && this.#sqpoll && this.#waitSqThread() !== 0) p = enc(this.#sq, opts);
      }
    } catch (e) {
      // Nothing was taken. On a full SQ the full SQ is the error to report (it was checked first before).
      if (
        !soft &&
        this.#x.sq_space_left(this.#sq) === 0 &&
        this.#reloadHead() >= this.#sqEntries &&
        !(this.#sqpoll && this.#waitSqThread() !== 0)
      )
        throw new SqFullError(s.name, this.#sqEntries);
      throw e;
    }
    if (p === 0 && !soft) throw new SqFullError(s.name, this.#sqEntries);
    return p >>> 0;
  }

  /** Copy the staged SQEs to the kernel (one or two ranges), release-store the tail; returns to_submit. One
   *  WASM call (sq_flush_at: the kernel head recorded, then the flush) and one head load per submit. */
  #flush(): number {
    const toSubmit = this.#x.sq_flush_at(this.#sq, this.backend.sqHead()) >>> 0;
    const m = this.#mem();
    const i = this.#sqI;
    if (m[i + SQ_NRANGES] !== 0) {
      if (this.#cqesInPlace < 0) {
        // copy mode; in place the SQEs are already where the kernel reads them
        const u8 = this.#bytes();
        const size = this.#sqeSize;
        const slot0 = m[i + SQ_SLOT0]!;
        this.backend.writeSqes(u8, this.sqes + slot0 * size, slot0, m[i + SQ_COUNT0]!);
        if (m[i + SQ_NRANGES] === 2) this.backend.writeSqes(u8, this.sqes, 0, m[i + SQ_COUNT1]!);
      }
      this.backend.setSqTail(m[i + SQ_TAIL]!);
    }
    return toSubmit;
  }

  #enter(toSubmit: number, minComplete: number, flags: number, timeout: Timespec | null | undefined): number {
    for (;;) {
      try {
        return this.backend.enter(toSubmit, minComplete, flags, timeout);
      } catch (e) {
        const code = errCode(e);
        if (code === 'EINTR') {
          if (this.#closed) throw e;
          if (toSubmit !== 0) toSubmit = this.#reloadHead();
          continue;
        }
        if (code === 'ETIME' && timeout) return 0;
        throw e;
      }
    }
  }

  #checkTimeout(timeout: Timespec | null | undefined, what: string): void {
    if (timeout && (this.params.features & FEAT.EXT_ARG) === 0)
      throw new Error(`${what}: a timeout needs IORING_FEAT_EXT_ARG (Linux 5.11+); this kernel lacks it`);
  }

  #submit(waitNr: number, timeout: Timespec | null | undefined, what: string): number {
    if (this.#closed) throw closedError(what);
    this.#checkTimeout(timeout, what);
    const toSubmit = this.#flush();
    const b = this.backend;
    let flags = 0;
    let need = false;
    let sqf: number;
    if (this.#sqpoll) {
      sqf = b.sqFlags(true); // full fence: the tail store must be visible before NEED_WAKEUP is read
      if (toSubmit !== 0 && (sqf & SQ_FLAGS.NEED_WAKEUP) !== 0) {
        flags |= ENTER.SQ_WAKEUP;
        need = true;
      }
    } else {
      // With GETEVENTS set anyway the flags would change nothing: not read (an Atomics load is ~15 ns).
      sqf = waitNr > 0 || this.#iopoll ? 0 : b.sqFlags();
      need = toSubmit !== 0;
    }
    if (waitNr > 0 || this.#iopoll || (sqf & (SQ_FLAGS.CQ_OVERFLOW | SQ_FLAGS.TASKRUN)) !== 0) {
      flags |= ENTER.GETEVENTS;
      need = true;
    }
    if (!need) return toSubmit; // SQPOLL thread awake (or nothing to do)
    return this.#enter(toSubmit, waitNr, flags, timeout);
  }

  /** Hand the staged SQEs to the kernel. Returns how many it consumed (a short submit shows in sqReady). */
  submit(): number {
    return this.#submit(0, null, 'submit');
  }

  /**
   * Submit and wait until at least `waitNr` CQEs are ready (or `timeout` passes: then it returns and
   * cqReady tells what arrived). Returns the number of SQEs consumed.
   */
  submitAndWait(waitNr: number, timeout?: Timespec | null): number {
    if (!Number.isInteger(waitNr) || waitNr < 0 || waitNr > 0xffffffff)
      throw new RangeError(`submitAndWait: waitNr must be a u32, got ${waitNr}`);
    if (this.#pollUs >= 0) {
      if (timeout) checkTimespec(timeout); // before anything is submitted
      const n = this.#submit(0, timeout, 'submitAndWait');
      if (waitNr > 0) this.#pollWait(waitNr, timeout);
      return n;
    }
    const n = this.#submit(waitNr, timeout, 'submitAndWait');
    // A signal during an enter that both submitted and waited makes the kernel return the submit count
    // instead of EINTR, with fewer than waitNr CQEs ready: without a timeout, wait again (nothing to submit).
    if (waitNr > 0 && timeout == null) {
      while (this.#cqReadyAt(this.backend.cqTail(true)) < waitNr) this.#enter(0, waitNr, ENTER.GETEVENTS, null);
    }
    return n;
  }

  /**
   * busyPoll: wait for `waitNr` CQEs by polling the CQ tail (an acquire load of shared memory: the mapping in
   * copy mode, WASM memory in place) for up to busyPollUs, then, if they are not there yet, in the kernel for
   * the rest (io_uring_enter GETEVENTS, as without busyPoll). `timeout` bounds the whole wait; when it passes
   * the call returns and cqReady says what arrived. The clock is read every 64 polls (~30 ns a read), the first
   * time after 64 polls: a wait that ends sooner (a batch-1 round trip often does) reads it never, and the limits
   * count from there (64 polls are well under a microsecond).
   */
  #pollWait(waitNr: number, timeout: Timespec | null | undefined): void {
    if (timeout) checkTimespec(timeout);
    const b = this.backend;
    const limit = timeout ? timeout.sec * 1e3 + timeout.nsec / 1e6 : Number.POSITIVE_INFINITY;
    const spin = this.#pollUs / 1e3;
    let t0 = -1;
    let elapsed = 0;
    for (let k = 1; ; k++) {
      if (this.#cqReadyAt(b.cqTail()) >= waitNr) return;
      if ((k & 63) === 0) {
        if (t0 < 0) t0 = performance.now();
        else elapsed = performance.now() - t0;
        if (elapsed >= limit) return;
        if (elapsed >= spin) break;
      }
    }
    // The rest of the wait in the kernel, as a Ring without busyPoll waits (GETEVENTS also flushes overflow).
    if (!timeout) {
      while (this.#cqReadyAt(b.cqTail()) < waitNr) this.#enter(0, waitNr, ENTER.GETEVENTS, null);
      return;
    }
    const left = Math.max(0, limit - elapsed) * 1e6; // ns
    const sec = Math.floor(left / 1e9);
    this.#enter(0, waitNr, ENTER.GETEVENTS, { sec, nsec: Math.floor(left - sec * 1e9) });
  }

  /**
   * Encode `count` SQEs of one hot op in one call into the core (core-c/ring/many.c): the bytes are those of
   * `count` single preps with the same arguments. `args` holds `count` rows of the op's columns
   * ({@link PREP_MANY_COLUMNS}: e.g. read takes fd, buf, nbytes, offset, userData), as numbers (exact integers
   * up to 2^53). `opts` applies to every SQE. All or nothing: a bad value (RangeError naming its column and
   * row), too few free slots (SqFullError) or a closed ring leave the SQ as it was. Returns `count`.
   *
   * Unsafe like {@link Ring.unsafePrep}: `buf` is a raw native address that the Ring cannot keep alive; the
   * memory must stay valid (and unmoved) until each op's CQE. For a safe form, use `ring.prep.read({ buf })`.
   */
  prepMany(op: PrepManyOp, args: Float64Array, count: number, opts?: PrepManyOptions): number {
    if (this.#closed) throw closedError('prepMany');
    const cols = manyColumns(op);
    if (!(args instanceof Float64Array))
      throw new TypeError(`prepMany(${op}): args must be a Float64Array of ${cols.length} numbers per op`);
    const stride = cols.length;
    if (!Number.isInteger(count) || count < 0 || count > this.#sqEntries)
      throw new RangeError(
        `prepMany(${op}): count must be an integer in 0..${this.#sqEntries} (the SQ size), got ${count}`,
      );
    const need = count * stride;
    if (args.length < need)
      throw new RangeError(
        `prepMany(${op}): args holds ${args.length} numbers; ${count} ops of ${stride} need ${need}`,
      );
    const spec = BUILDERS.get(op)!;
    if (this.#unsupported !== null && this.#unsupported[spec.opcode] === 1)
      throw new OpUnsupportedError(spec.name, spec.opcode, spec.since);
    const o = this.#manyOpts;
    manyOptions(op, opts, o);
    if (count === 0) return 0;
    const rows = this.#manyRows(need);
    rows.set(args.length === need ? args : args.subarray(0, need));
    // An op whose user_data is that of an op holding memory would release that memory at its CQE.
    if (this.#pins.size !== 0)
      for (let k = stride - 1; k < need; k += stride)
        if (this.#pins.has(rows[k]!))
          throw new RangeError(
            `prepMany(${op}): userData ${rows[k]} (op ${Math.floor(k / stride)}) belongs to an op in flight that holds memory`,
          );
    const x = this.#x;
    const code = MANY_CODE[op];
    let r = x.sq_prep_many(this.#sq, code, this.#manyPtr, count, o[0]!, o[1]!, o[2]!);
    if (r === -1) {
      this.#reloadHead();
      r = x.sq_prep_many(this.#sq, code, this.#manyPtr, count, o[0]!, o[1]!, o[2]!);
      if (r === -1 && this.#sqpoll && this.#waitSqThread() >= count)
        r = x.sq_prep_many(this.#sq, code, this.#manyPtr, count, o[0]!, o[1]!, o[2]!);
    }
    if (r === -1) throw new SqFullError(`prepMany(${op}) of ${count}`, this.#sqEntries);
    if (r < -2) throw badValue(op, cols, rows, -r - 3);
    if (r < 0) throw new Error(`prepMany(${op}): the core does not know this op (${r})`);
    return r;
  }

  /** prepMany's rows in WASM memory, at least `n` f64 (grown to the next SQ-sized block; freed on close). */
  #manyRows(n: number): Float64Array {
    if (n > this.#manyCap) {
      const bytes = Math.max(n, this.#sqEntries) * 8;
      const at = this.core.alloc(bytes, 8);
      const ptrs = this.#blocks.ptrs;
      if (this.#manyPtr !== 0) {
        this.core.free(this.#manyPtr);
        ptrs.splice(ptrs.indexOf(this.#manyPtr), 1);
      }
      ptrs.push(at);
      this.#manyPtr = at;
      this.#manyCap = bytes / 8;
      this.#manyArgs = new Float64Array(0);
    }
    let v = this.#manyArgs;
    if (v.length === 0) v = this.#manyArgs = new Float64Array(this.core.memory.buffer, this.#manyPtr, this.#manyCap);
    return v;
  }

  /** Would an enter with GETEVENTS be needed to see every completion (overflowed CQEs, deferred task work)? */
  get cqNeedsFlush(): boolean {
    if (this.#closed) throw closedError('cqNeedsFlush');
    return (this.backend.sqFlags() & (SQ_FLAGS.CQ_OVERFLOW | SQ_FLAGS.TASKRUN)) !== 0;
  }

  /** CQEs ready given the CQ tail `tail`: cq_ready's arithmetic on the head the core keeps (a plain read of
   *  its state instead of a WASM call, ~10 ns, on the per-op path). Clamped to the CQ size as cq_ready does. */
  #cqReadyAt(tail: number): number {
    const n = (tail - this.#mem()[this.#cqI + CQ_HEAD]!) >>> 0;
    return Math.min(n, this.params.cqEntries);
  }

  /** Take up to `max` ready CQEs into the batch with one head store. */
  #take(max: number): number {
    return this.#takeAt(max, this.backend.cqTail(true));
  }

  /** {@link Ring.#take} with the CQ tail already loaded. The CQEs are read only after a WASM call given `tail`
   *  (cq_take, cq_take_parse), and the head is stored only after another (cqe_batch_parse, cq_take_parse): the
   *  backend's `relaxed` tail load and head store rely on both (backend.ts). */
  #takeAt(max: number, tail: number): number {
    if (this.#cqesInPlace >= 0) return this.#takeInPlace(max, tail);
    const b = this.backend;
    const x = this.#x;
    const n = x.cq_take(this.#cq, tail, max);
    const batch = this.batch;
    if (n !== 0) {
      const m = this.#mem();
      const i = this.#cqI;
      const u8 = this.#bytes();
      const c0 = m[i + CQ_COUNT0]!;
      const nranges = m[i + CQ_NRANGES]!,
        head = m[i + CQ_HEAD]!,
        c1 = m[i + CQ_COUNT1]!;
      b.readCqes(u8, batch.raw, m[i + CQ_SLOT0]!, c0);
      if (nranges === 2) b.readCqes(u8, batch.raw + c0 * this.#cqeSize, 0, c1);
      x.cqe_batch_parse(batch.ptr, n); // parses the copy: the slots can go back to the kernel after it
      b.setCqHead(head, true);
      batch.remap();
      if (this.#pins.size !== 0) this.#release(n);
    }
    batch.count = n;
    return n;
  }

  /** Let go of the memory of ops whose final CQE (no F_MORE) is in the batch. */
  #release(n: number): void {
    const b = this.batch;
    const pins = this.#pins;
    for (let i = 0; i < n; i++) if (b.more[i] === 0) pins.delete(cqeKey(b.userDataLo[i]!, b.userDataHi[i]!));
  }

  /** In place: take and parse the ready CQEs in the kernel's CQ (one WASM call), then release-store the head. */
  #takeInPlace(max: number, tail: number): number {
    const b = this.backend;
    const batch = this.batch;
    const n = this.#takeParse!(this.#cq, batch.ptr, tail, max, this.#cqesInPlace) >>> 0;
    if (n !== 0) {
      b.setCqHead(this.#mem()[this.#cqI + CQ_HEAD]!, true); // after the WASM call that read the CQEs
      batch.remap();
      if (this.#pins.size !== 0) this.#release(n);
    }
    batch.count = n;
    return n;
  }

  #max(max: number | undefined, what: string): number {
    if (max === undefined) return this.batch.capacity;
    if (!Number.isInteger(max) || max < 0)
      throw new RangeError(`${what}: max must be a non-negative integer, got ${max}`);
    return Math.min(max, this.batch.capacity);
  }

  /**
   * The CQEs ready now (up to `max`, default the batch capacity), copied into `batch` and consumed.
   * Does not wait; if none are ready but the kernel holds overflowed CQEs or task work, enters once
   * with GETEVENTS to flush them (liburing's io_uring_peek_batch_cqe).
   */
  peekCqes(max?: number): CqeBatch {
    if (this.#closed) throw closedError('peekCqes');
    const m = this.#max(max, 'peekCqes');
    if (this.#take(m) === 0 && m !== 0 && this.cqNeedsFlush) {
      this.#enter(0, 0, ENTER.GETEVENTS, null);
      this.#take(m);
    }
    return this.batch;
  }

  /**
   * Wait until at least `waitNr` CQEs are ready (or `timeout` passes), then copy up to `max` into
   * `batch` and consume them. With waitNr 0 it only enters the kernel to flush overflow / task work,
   * or to poll an IOPOLL ring.
   */
  copyCqes(waitNr = 0, max?: number, timeout?: Timespec | null): CqeBatch {
    if (this.#closed) throw closedError('copyCqes');
    if (!Number.isInteger(waitNr) || waitNr < 0 || waitNr > 0xffffffff)
      throw new RangeError(`copyCqes: waitNr must be a u32, got ${waitNr}`);
    this.#checkTimeout(timeout, 'copyCqes');
    const m = this.#max(max, 'copyCqes');
    let tail = this.backend.cqTail(true); // the CQEs are read by #takeAt's WASM call (relaxed: backend.ts)
    const ready = this.#cqReadyAt(tail);
    if (ready < waitNr && this.#pollUs >= 0) {
      this.#pollWait(waitNr, timeout);
      tail = this.backend.cqTail();
    } else if (ready < waitNr || (ready === 0 && (this.#iopoll || this.cqNeedsFlush))) {
      this.#enter(0, waitNr, ENTER.GETEVENTS, timeout);
      tail = this.backend.cqTail(true);
    }
    this.#takeAt(m, tail);
    return this.batch;
  }

  /** CQEs ready in the kernel's CQ now (not counting overflowed ones still held by the kernel). */
  get cqReady(): number {
    if (this.#closed) throw closedError('cqReady');
    return this.#cqReadyAt(this.backend.cqTail());
  }

  /** SQEs taken but not yet consumed by the kernel (staged plus submitted-but-unread). */
  get sqReady(): number {
    if (this.#closed) throw closedError('sqReady');
    return this.#reloadHead();
  }

  /** SQEs staged since the last submit. */
  get sqPending(): number {
    if (this.#closed) throw closedError('sqPending');
    return this.#x.sq_pending(this.#sq) >>> 0;
  }

  /** How many more SQEs can be taken before a submit. */
  get spaceLeft(): number {
    if (this.#closed) throw closedError('spaceLeft');
    this.#reloadHead();
    return this.#x.sq_space_left(this.#sq) >>> 0;
  }

  /**
   * Wait until the SQ has space, when waiting can make some: on an SQPOLL ring whose SQ is full of submitted
   * SQEs, until the SQ thread has consumed at least one (IORING_ENTER_SQ_WAIT, waking the thread first if it
   * sleeps; liburing's io_uring_sqring_wait). Returns {@link Ring.spaceLeft}: at once when there is space,
   * and 0 at once on a ring without SQPOLL or when SQEs are still staged (only submit() makes room then).
   * `prep` on an SQPOLL ring calls it by itself before throwing SqFullError.
   */
  sqWait(): number {
    if (this.#closed) throw closedError('sqWait');
    this.#reloadHead();
    const left = this.#x.sq_space_left(this.#sq) >>> 0;
    return left !== 0 || !this.#sqpoll ? left : this.#waitSqThread();
  }

  /** SQPOLL, SQ full as of the last head reload: the enter-with-SQ_WAIT loop of {@link Ring.sqWait}. */
  #waitSqThread(): number {
    const x = this.#x;
    // The kernel waits while *its* view (our stored tail - head) is full: with SQEs staged but not yet
    // stored it is not, and SQ_WAIT would return at once without room for us.
    if (x.sq_pending(this.#sq) !== 0) return 0;
    // Bounded: each enter returns once the thread has consumed an SQE (or on a signal); a few rounds cover
    // signals, then the caller sees a full SQ as before.
    for (let round = 0; round < SQ_WAIT_ROUNDS; round++) {
      let flags = ENTER.SQ_WAIT;
      if ((this.backend.sqFlags(true) & SQ_FLAGS.NEED_WAKEUP) !== 0) flags |= ENTER.SQ_WAKEUP;
      this.#enter(0, 0, flags, null);
      this.#reloadHead();
      const left = x.sq_space_left(this.#sq) >>> 0;
      if (left !== 0) return left;
    }
    return 0;
  }

  /** SQEs the kernel dropped as invalid. */
  get sqDropped(): number {
    if (this.#closed) throw closedError('sqDropped');
    return this.backend.sqDropped();
  }

  /** CQEs the kernel had to drop (without IORING_FEAT_NODROP). */
  get cqOverflow(): number {
    if (this.#closed) throw closedError('cqOverflow');
    return this.backend.cqOverflow();
  }

  /**
   * Close the backend (unmap, close the fd) and give this Ring's staging memory back to the core. Every later
   * call throws instead of touching memory. A Ring dropped without close() is released once it is collected.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.batch.count = 0;
    RING_MEMORY.unregister(this.#blocks);
    try {
      this.backend.close();
    } finally {
      freeBlocks(this.#blocks);
      this.#pins.clear(); // the ring is gone: nothing of it can still use the memory
      this.#untilClose = [];
    }
  }
}
