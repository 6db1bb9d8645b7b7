// What the Ring needs from whoever owns the real rings: the kernel (shim/, Node only) or the simulated
// kernel (ts/ring/sim.ts, offline). Browser-safe: no node:* here.
//
// The Ring keeps a staging copy of the SQE array and a CQE batch buffer in WASM memory; the C core says
// which slot ranges are new (split at the wrap) and the backend copies those ranges in bulk. A backend
// whose rings already live in WASM memory (in-place mode, IORING_SETUP_NO_MMAP) makes the copies no-ops.
import type { WasmMemory } from '../core/core.ts';

/** What setup reported (io_uring_params after io_uring_setup). */
export interface RingParams {
  sqEntries: number;
  cqEntries: number;
  /** IORING_SETUP_* actually in force. */
  flags: number;
  /** IORING_FEAT_* the kernel reported. */
  features: number;
  /** 64, or 128 with IORING_SETUP_SQE128. */
  sqeSize: 64 | 128;
  /** 16, or 32 with IORING_SETUP_CQE32. */
  cqeSize: 16 | 32;
}

/** Optional timeout for a wait, relative unless the caller's enter flags say otherwise. */
export interface Timespec {
  sec: number;
  nsec: number;
}

/**
 * In-place mode (IORING_SETUP_NO_MMAP): the kernel's SQE array and CQ ring live in the core's WASM memory.
 * A Ring over such a backend stages SQEs directly in the kernel's SQE array and parses CQEs where the kernel
 * wrote them, so it never calls `writeSqes` / `readCqes`.
 */
export interface InPlaceRings {
  /** The memory holding them: the Ring's core must own it. */
  readonly memory: WasmMemory;
  /** Core pointer of the kernel's SQE array (sqEntries × sqeSize bytes; slot i at i × sqeSize). */
  readonly sqes: number;
  /** Core pointer of the kernel's CQE array (cqEntries × cqeSize bytes). */
  readonly cqes: number;
}

/** What the {@link Ring} needs from whoever owns the real rings: the kernel (copy mode or in place) or a
 *  simulation. Every method after close() throws. */
export interface RingBackend {
  readonly params: RingParams;
  /** Set when the rings are in WASM memory (in-place mode); absent in copy mode. */
  readonly inPlace?: InPlaceRings;
  /** The ring's fd (or registered index when the backend uses a registered ring fd). */
  readonly fd: number;

  /** Acquire-load of the kernel's SQ head (a backend may load it plainly where nothing writes it concurrently:
   *  without SQPOLL only io_uring_enter, called by this thread, does). */
  sqHead(): number;
  /** Release-store of the SQ tail the kernel reads (plain where only this thread's io_uring_enter reads it). */
  setSqTail(tail: number): void;
  /** The kernel-written SQ ring flags (IORING_SQ_NEED_WAKEUP / CQ_OVERFLOW / TASKRUN). With `fence`,
   *  a full memory barrier comes first (SQPOLL wakeup check after the tail store). */
  sqFlags(fence?: boolean): number;
  /** SQEs the kernel dropped as invalid (sq_off.dropped). */
  sqDropped(): number;
  /** Copy `count` SQEs of `sqeSize` bytes from `src` at byte `srcOffset` into kernel slots `slot..slot+count-1`
   *  (never across the end of the array: the caller splits at the wrap). */
  writeSqes(src: Uint8Array, srcOffset: number, slot: number, count: number): void;

  /** Acquire-load of the CQ tail. `relaxed`: the caller reads the CQEs only after a call into WASM that takes the
   *  loaded tail, and never polls this load in a loop without a call, so a backend may load it plainly where a
   *  plain load is an acquire in hardware (x86-64) and no SQ thread is involved. */
  cqTail(relaxed?: boolean): number;
  /** Our CQ head as last stored. */
  cqHead(): number;
  /** Release-store of the CQ head (one store per batch). `relaxed`: the caller's CQE reads ended before a call
   *  into WASM made after them, so on x86-64 (stores are not reordered with earlier loads) a plain store is a
   *  release; a backend may then store plainly (without SQPOLL). */
  setCqHead(head: number, relaxed?: boolean): void;
  /** Copy `count` CQEs of `cqeSize` bytes from kernel slots `slot..` into `dst` at `dstOffset` (no wrap). */
  readCqes(dst: Uint8Array, dstOffset: number, slot: number, count: number): void;
  /** CQEs the kernel had to drop (cq_off.overflow). */
  cqOverflow(): number;
  /** CQ ring flags (IORING_CQ_EVENTFD_DISABLED), read and written by the app. */
  cqFlags(): number;
  /** Store the CQ ring flags (e.g. set IORING_CQ_EVENTFD_DISABLED). */
  setCqFlags(flags: number): void;

  /** io_uring_enter. Returns the number of SQEs consumed; throws an errno error (code, errno, syscall). */
  enter(toSubmit: number, minComplete: number, flags: number, timeout?: Timespec | null): number;

  /** Opcodes this kernel lacks (IORING_REGISTER_PROBE, asked once): a 1 at each unsupported opcode's index.
   *  Without it the Ring assumes every op is supported and the kernel's CQE says otherwise. */
  unsupportedOps?(): Uint8Array;

  /** The native address of JS memory, where the host can take one (the kernel backend, Node). With it the
   *  Ring's safe `prep` takes Buffers, typed arrays and strings for pointer arguments; without it (simulation,
   *  browser) only `unsafePrep` with addresses. */
  addressOf?(mem: ArrayBufferView | ArrayBuffer): number;

  /** Unmap and close. Afterwards every method above throws instead of touching freed memory. */
  close(): void;
  /** True once close() ran. */
  readonly closed: boolean;
}
