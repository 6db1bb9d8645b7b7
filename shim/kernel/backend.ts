// Node only: the kernel's rings, mmap'd, behind the RingBackend interface (copy mode: SQEs and CQEs are copied
// in bulk between WASM memory and the mapping). Views are made once at setup; the submit / complete path
// allocates nothing, makes no koffi view and no BigInt.
//
// The same class also drives rings the application placed in its own memory (IORING_SETUP_NO_MMAP, in-place
// mode, shim/kernel/inplace.ts): given `UserRings` it passes their addresses to io_uring_setup instead of
// mmapping, and makes its views over the WASM memory's buffer, re-made (after checking the memory did not move)
// when growth detaches them. Everything else (setup errors, ring words, enter, registered ring fd, close) is shared.
//
// Credentials (credentials.ts): an SQPOLL ring's SQ thread runs every op with its creator's credentials, so once
// the process changed them (process.setuid & co.) the SQ tail store and a submitting enter refuse. The cost on
// the submit path is one comparison of two integers (the process's credential generation and the ring's).
import type { RingBackend, RingParams, Timespec } from '../../ts/ring/backend.ts';
import { UringError } from '../../ts/errors.ts';
import { ENTER, FEAT, PARAMS, SETUP } from '../sys/abi.ts';
import { close as closeFd, ioUringEnterNoArg, ioUringEnterRaw, munmap } from '../sys/libc.ts';
import { unsupportedOps } from '../register/probe.ts';
import { mapRings, movedError, resizeParams, ringLayout, u32, type RingLayout, type UserRings } from './mapping.ts';
import type { SetupOptions } from './params.ts';
import { registerRingFd, unregisterRingFd } from './ring-fd.ts';
import { ioUringSetup } from './setup.ts';
import { WaitArg } from './wait-arg.ts';
import { addressOf } from '../sys/memory.ts';

/**
 * What releasing a ring takes, apart from the backend so that a FinalizationRegistry can hold it (it must not
 * refer to the backend, or the backend could never be collected): the fd, the mappings, the EXT_ARG memory and
 * the registered ring index. In-place rings park their memory through `beforeClose` (inplace-memory.ts).
 */
interface Held {
  fd: number;
  maps: [number, number][];
  arg: WaitArg | undefined;
  ringIndex: number;
  done: boolean;
  /** Run just before the fd is closed, however the ring is released (in-place rings arm their teardown
   *  sentinel here: inplace.ts). Refers to the ring's resources only, never to the backend. */
  beforeClose?: (() => void) | undefined;
}

/**
 * Release a ring: unregister its ring fd (the registration holds the ring open past close(2), until the thread
 * exits), unmap, free the EXT_ARG memory, close the fd. Returns the first error (everything is still released).
 */
function release(h: Held): unknown {
  if (h.done) return undefined;
  h.done = true;
  let first: unknown;
  if (h.ringIndex >= 0) {
    try {
      unregisterRingFd(h.fd, h.ringIndex);
    } catch (e) {
      first = e;
    }
    h.ringIndex = -1;
  }
  for (const [a, n] of h.maps.splice(0)) {
    try {
      munmap(a, n);
    } catch (e) {
      first ??= e;
    }
  }
  h.arg?.free();
  h.arg = undefined;
  const before = h.beforeClose;
  h.beforeClose = undefined;
  if (before && h.fd >= 0) {
    try {
      before();
    } catch (e) {
      first ??= e;
    }
  }
  try {
    if (h.fd >= 0) closeFd(h.fd);
  } catch (e) {
    first ??= e;
  }
  return first;
}

// A backend dropped without close(): its fd and mappings are released once it is collected.
/** A function that releases `h` (module level: the closure holds `h` only). */
function releaser(h: Held): () => void {
  return () => void release(h);
}

const FINALIZER = new FinalizationRegistry<Held>((h) => void release(h));

import {
  credentialGeneration as generation,
  credentialPrint,
  credentialsError,
  sameCredentials,
} from './credentials.ts';

// Held here, not read through the import binding on every submit (transpiled to CommonJS, that is a getter call).
const credentialGeneration: Int32Array = generation;

const closedError = () => new Error('uring: the ring is closed (its memory is unmapped); create a new one');

/** The real kernel's rings in copy mode: io_uring_setup, the rings mmapped, SQEs and CQEs copied in bulk
 *  between WASM memory and the mapping. `KernelBackend.setup(opts)` or `createRing()` make one. */
export class KernelBackend implements RingBackend {
  readonly fd: number;

  #params!: RingParams;
  #layout!: RingLayout;
  #separateMmap: boolean;
  #closed = false;
  // Everything release() needs; #held.maps: mappings of the rings, [address, length].
  readonly #held: Held;
  // Ring words (u32 index = byte offset / 4) in the SQ-ring and CQ-ring views.
  #sq!: Uint32Array;
  #cq!: Uint32Array;
  #sqHead!: number;
  #sqTail!: number;
  #sqFlags!: number;
  #sqDropped!: number;
  #cqHeadIdx!: number;
  #cqTail!: number;
  #cqOverflow!: number;
  #cqFlags!: number; // -1 when the kernel has no CQ ring flags (before 5.8)
  #cqHeadValue!: number;
  // Bulk views.
  #sqes8!: Uint8Array;
  #sqes32!: Uint32Array;
  #cqes8!: Uint8Array;
  #cqes32!: Uint32Array;
  #sqeSize!: number;
  #cqeSize!: number;
  // Native memory for EXT_ARG waits (timed enter); also in #held.
  #arg: WaitArg | undefined;
  #hasExtArg = false;
  // io_uring_enter's fd and extra flags: the ring fd, or its registered index with ENTER_REGISTERED_RING.
  #enterFd: number;
  #enterFlags = 0;
  #ringIndex = -1;
  // Cached 32-bit views over the whole buffer of the caller's last view, for small copies: keyed by the view
  // itself (reading `.buffer` of a view over WASM memory is a generic call on Node 20, ~20 ns). A view whose
  // buffer was detached has length 0 and fails the range check before the cache is used; a new view (the Ring
  // makes one after memory growth) re-makes it.
  #srcView: Uint8Array | undefined;
  #src32: Uint32Array | undefined;
  #srcAt = 0;
  #dstView: Uint8Array | undefined;
  #dst32: Uint32Array | undefined;
  #dstAt = 0;
  // In-place mode: where the rings are in WASM memory (undefined in copy mode).
  readonly #user: UserRings | undefined;
  // The credential generation last seen, and on an SQPOLL ring its creator's credentials (undefined: no SQPOLL,
  // the kernel uses the submitter's current credentials and nothing needs guarding).
  #credGen: number;
  readonly #creatorCreds: string | undefined;
  // The owner vets ops when they start (IoUring), so tail stores and enters are not refused.
  #credCheckAtStart = false;
  // Ring words without Atomics (Node 20 does not inline Atomics.load/store: ~15 ns each on the per-op path): x86-64
  // and no SQPOLL only; everywhere else every ring word goes through Atomics. See sqHead / cqTail for why.
  readonly #plain: boolean;

  /** Set up a ring (io_uring_setup) and map it. */
  static setup(opts: SetupOptions = {}): KernelBackend {
    return new KernelBackend(opts);
  }

  /** `user` (internal: InPlaceBackend): the ring memory of an IORING_SETUP_NO_MMAP ring, set up in place. */
  constructor(opts: SetupOptions = {}, user?: UserRings) {
    const flags = opts && typeof opts.flags === 'number' ? opts.flags : 0;
    if (!user && flags & (SETUP.NO_MMAP | SETUP.REGISTERED_FD_ONLY))
      throw new RangeError(
        "KernelBackend: IORING_SETUP_NO_MMAP / REGISTERED_FD_ONLY are in-place mode (rings in WASM memory); KernelBackend maps the kernel's rings (copy mode)",
      );
    if (user && (!(flags & SETUP.NO_MMAP) || flags & SETUP.REGISTERED_FD_ONLY))
      throw new RangeError('KernelBackend: in-place rings need IORING_SETUP_NO_MMAP (and not REGISTERED_FD_ONLY)');
    this.#user = user;
    // Before setup: a change racing it then shows as a mismatch (at worst a needless check), never as a match.
    this.#credGen = credentialGeneration[0]!;
    this.#creatorCreds = flags & SETUP.SQPOLL ? credentialPrint() : undefined;
    this.#plain = process.arch === 'x64' && (flags & SETUP.SQPOLL) === 0;
    const { fd, params: p } = ioUringSetup(
      opts,
      user && { sqes: user.base + user.sqes, rings: user.base + user.rings },
    );
    this.fd = fd;
    this.#held = { fd, maps: [], arg: undefined, ringIndex: -1, done: false };
    this.#enterFd = fd;
    this.#separateMmap = opts.separateMmap === true;
    try {
      this.#map(p, u32(p, PARAMS.flags), u32(p, PARAMS.features));
      this.#hasExtArg = (this.#params.features & FEAT.EXT_ARG) !== 0;
      if (this.#hasExtArg) this.#arg = this.#held.arg = new WaitArg();
      if (opts.registerRingFd) this.registerRingFd();
    } catch (e) {
      this.#closed = true;
      release(this.#held);
      throw e;
    }
    FINALIZER.register(this, this.#held, this.#held);
  }

  /** @internal For an owner that releases the ring itself, in its own order (the async IoUring stops polling
   *  the fd first): the backend's finalizer is dropped, and the returned function releases the ring when
   *  called. It refers to the ring's resources only, not to the backend. */
  takeRelease(): () => void {
    FINALIZER.unregister(this.#held);
    return releaser(this.#held);
  }

  /** @internal Run `fn` just before the ring's fd is closed, by close(), by an owner's takeRelease() function or
   *  by the finalizer. `fn` must not refer to the backend (the finalizer could never run). */
  protected beforeClose(fn: () => void): void {
    this.#held.beforeClose = fn;
  }

  /** What setup (or the last resize) reported. */
  get params(): RingParams {
    return this.#params;
  }

  /** Where things are in the mapping. */
  get layout(): RingLayout {
    return this.#layout;
  }

  /** Map the rings that `p` (io_uring_params as setup or RESIZE_RINGS filled it in) describes, and make the views. */
  #map(p: DataView, flags: number, features: number): void {
    const user = this.#user;
    // In place, the rings are one region whatever the features say.
    const singleMmap = user !== undefined || ((features & FEAT.SINGLE_MMAP) !== 0 && !this.#separateMmap);
    const { params, layout } = ringLayout(p, flags, features, singleMmap);
    const { sqOff, cqOff, sqRingSize, cqRingSize, sqesSize, sqArray } = layout;
    const { sqEntries, cqEntries, cqeSize } = params;
    this.#sqHead = sqOff.head >>> 2;
    this.#sqTail = sqOff.tail >>> 2;
    this.#sqFlags = sqOff.flags >>> 2;
    this.#sqDropped = sqOff.dropped >>> 2;
    this.#cqHeadIdx = cqOff.head >>> 2;
    this.#cqTail = cqOff.tail >>> 2;
    this.#cqOverflow = cqOff.overflow >>> 2;
    this.#cqFlags = cqOff.flags ? cqOff.flags >>> 2 : -1;
    this.#sqeSize = params.sqeSize;
    this.#cqeSize = cqeSize;
    this.#params = params;
    this.#layout = layout;

    if (user) {
      // The kernel pinned its own idea of the sizes (rings_size, page-aligned) at our addresses: it must be
      // what inplace.ts allocated, or it would be writing into memory the core hands out for other things.
      if (sqRingSize > user.ringsSize || sqesSize > user.sqesSize)
        throw new Error(
          `uring: in-place ring layout does not fit its memory (rings ${sqRingSize} > ${user.ringsSize} or SQEs ${sqesSize} > ${user.sqesSize} bytes)`,
        );
      this.#userViews(user.memory.buffer);
      this.#cqHeadValue = Atomics.load(this.#cq, this.#cqHeadIdx);
      if (sqArray) {
        const arr = new Uint32Array(user.memory.buffer, user.rings + sqOff.array, sqEntries);
        for (let i = 0; i < sqEntries; i++) arr[i] = i;
      }
      return;
    }

    const v = mapRings(this.fd, layout, this.#held.maps);
    this.#sq = new Uint32Array(v.sq, 0, sqRingSize >>> 2);
    this.#cq = new Uint32Array(v.cq, 0, (singleMmap ? sqRingSize : cqRingSize) >>> 2);
    this.#cqHeadValue = Atomics.load(this.#cq, this.#cqHeadIdx);
    this.#sqes8 = new Uint8Array(v.sqes);
    this.#sqes32 = new Uint32Array(v.sqes);
    this.#cqes8 = new Uint8Array(v.cq, cqOff.cqes, cqEntries * cqeSize);
    this.#cqes32 = new Uint32Array(v.cq, cqOff.cqes, (cqEntries * cqeSize) >>> 2);

    // liburing's way: fill the index array once with the identity; SQE i always sits in slot i.
    if (sqArray) {
      const arr = new Uint32Array(v.sq, sqOff.array, sqEntries);
      for (let i = 0; i < sqEntries; i++) arr[i] = i;
    }
  }

  /** In place: views over the WASM memory's current buffer (the rings region holds both rings). */
  #userViews(buf: ArrayBuffer): void {
    const u = this.#user!,
      l = this.#layout,
      p = this.#params;
    this.#sq = this.#cq = new Uint32Array(buf, u.rings, l.sqRingSize >>> 2);
    this.#sqes8 = new Uint8Array(buf, u.sqes, l.sqesSize);
    this.#sqes32 = new Uint32Array(buf, u.sqes, l.sqesSize >>> 2);
    this.#cqes8 = new Uint8Array(buf, u.rings + l.cqOff.cqes, p.cqEntries * p.cqeSize);
    this.#cqes32 = new Uint32Array(buf, u.rings + l.cqOff.cqes, (p.cqEntries * p.cqeSize) >>> 2);
  }

  /**
   * In place, WASM memory growth detached the views (a detached view has length 0; mmap views never are).
   * Growth replaces the ArrayBuffer but must not move the memory: the kernel pinned its pages at setup and
   * keeps reading SQEs and writing CQEs there. If the base moved, the ring is useless and dangerous: close it
   * and say so. Otherwise re-make the views over the new buffer.
   */
  #refresh(): void {
    const u = this.#user;
    if (!u) throw closedError();
    const buf = u.memory.buffer;
    const at = u.address(buf);
    if (at !== u.base) {
      try {
        this.close();
      } catch {}
      throw movedError(u.base, at);
    }
    this.#userViews(buf);
  }

  /** The ring memory's native base address is checked again now (in place; a no-op in copy mode unless the
   *  memory grew since the last call). Throws ERR_URING_MEMORY_MOVED (and closes the ring) if it moved. */
  checkMemory(): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
  }

  #unmapRings(): unknown {
    let first: unknown;
    for (const [a, n] of this.#held.maps.splice(0)) {
      try {
        munmap(a, n);
      } catch (e) {
        first ??= e;
      }
    }
    return first;
  }

  /**
   * IORING_REGISTER_RESIZE_RINGS (Linux 6.13; the kernel allows it only on IORING_SETUP_DEFER_TASKRUN rings):
   * new SQ / CQ sizes; SQEs not yet consumed and CQEs not yet reaped are moved to the new rings by the kernel.
   * The old mappings are dropped and the new rings mapped: `params` and `layout` change, so a Ring over this
   * backend must be re-made (shim/register/index.ts resizeRings does that). Throws UringError
   * ('io_uring_register') when the kernel refuses (EOVERFLOW: what is pending does not fit).
   */
  resize(opts: { sqEntries: number; cqEntries?: number; clamp?: boolean }): void {
    if (this.#closed) throw closedError();
    if (this.#user)
      throw new Error('resize: in-place rings (IORING_SETUP_NO_MMAP) cannot be resized here; set up a new ring');
    const flagsNow = this.#params.flags;
    const cp = resizeParams(this.#enterFd, this.#ringIndex >= 0, flagsNow, opts);
    // The kernel has switched to the new rings: drop the old mappings and map the new ones.
    const err = this.#unmapRings();
    try {
      this.#map(cp, flagsNow, this.#params.features);
    } catch (e) {
      this.close();
      throw e;
    }
    if (err) throw err;
  }

  /** The ring fd's registered index (IORING_REGISTER_RING_FDS) io_uring_enter uses, or -1. */
  get registeredRingIndex(): number {
    return this.#ringIndex;
  }

  /** Register the ring fd with itself (IORING_REGISTER_RING_FDS, Linux 5.18); io_uring_enter then passes the
   *  index with IORING_ENTER_REGISTERED_RING. Returns the index (the same one when already registered). */
  registerRingFd(): number {
    if (this.#closed) throw closedError();
    if (this.#ringIndex >= 0) return this.#ringIndex;
    this.#ringIndex = this.#held.ringIndex = registerRingFd(this.fd);
    this.#enterFd = this.#ringIndex;
    this.#enterFlags = ENTER.REGISTERED_RING;
    return this.#ringIndex;
  }

  /** Undo registerRingFd (IORING_UNREGISTER_RING_FDS); io_uring_enter uses the plain fd again. */
  unregisterRingFd(): void {
    if (this.#closed) throw closedError();
    if (this.#ringIndex < 0) return;
    unregisterRingFd(this.fd, this.#ringIndex);
    this.#ringIndex = this.#held.ringIndex = -1;
    this.#enterFd = this.fd;
    this.#enterFlags = 0;
  }

  /** Opcodes this kernel lacks, from IORING_REGISTER_PROBE (asked once per process: the kernel is the same
   *  for every ring). If the probe itself fails (pre-5.6), nothing is marked and the CQEs will tell. */
  unsupportedOps(): Uint8Array {
    if (this.#closed) throw closedError();
    return unsupportedOps(this.fd);
  }

  /** The native address of JS memory: lets the Ring's safe `prep` take Buffers and keep them alive. */
  addressOf(mem: ArrayBufferView | ArrayBuffer): number {
    return addressOf(mem);
  }

  get closed(): boolean {
    return this.#closed;
  }

  // Plain SQ head and tail (#plain: x86-64, no SQPOLL). Without an SQ thread the kernel reads the tail and writes
  // the head only inside io_uring_enter, which this thread calls through koffi after the store (and before the
  // next load): nothing touches them concurrently, and V8 cannot move a memory access across a call into native
  // code, so the store is in memory before the kernel looks and the load sees what the last enter wrote. With
  // SQPOLL the SQ thread reads the tail and writes the head while we run: release / acquire through Atomics.
  sqHead(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return this.#plain ? this.#sq[this.#sqHead]! : Atomics.load(this.#sq, this.#sqHead);
  }

  setSqTail(tail: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    if (credentialGeneration[0] !== this.#credGen) this.#credentials('submit', true);
    if (this.#plain) this.#sq[this.#sqTail] = tail;
    else Atomics.store(this.#sq, this.#sqTail, tail);
  }

  sqFlags(fence?: boolean): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    // Full fence: an atomic RMW (lock xadd on x86) of +0 on our own SQ tail, which only we write and the kernel
    // only reads; the tail store before it is then visible before the flags load after it (StoreLoad).
    if (fence) {
      // The Ring's SQPOLL submit always asks this, even with nothing new to store: a refused submit stays refused.
      if (credentialGeneration[0] !== this.#credGen) this.#credentials('submit', true);
      Atomics.add(this.#sq, this.#sqTail, 0);
    }
    return Atomics.load(this.#sq, this.#sqFlags);
  }

  sqDropped(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return Atomics.load(this.#sq, this.#sqDropped);
  }

  writeSqes(src: Uint8Array, srcOffset: number, slot: number, count: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    const size = this.#sqeSize;
    const n = count * size;
    const dst = slot * size;
    if (slot < 0 || count < 0 || dst + n > this.#sqes8.length || srcOffset < 0 || srcOffset + n > src.length)
      throw new RangeError(
        `writeSqes: ${count} SQEs from byte ${srcOffset} into slot ${slot} do not fit (ring of ${this.params.sqEntries}, source ${src.length} bytes)`,
      );
    if (src !== this.#srcView) {
      this.#srcView = src;
      this.#srcAt = src.byteOffset;
      this.#src32 = new Uint32Array(src.buffer, 0, src.buffer.byteLength >>> 2);
    }
    const at = this.#srcAt + srcOffset;
    // A few SQEs: word copy through a cached view (no allocation). More: one bulk set (one subarray object).
    if (n <= 128 && (at & 3) === 0) {
      const s = this.#src32!,
        d = this.#sqes32;
      const si = at >>> 2,
        di = dst >>> 2,
        words = n >>> 2;
      for (let i = 0; i < words; i++) d[di + i] = s[si + i]!;
    } else {
      this.#sqes8.set(src.subarray(srcOffset, srcOffset + n), dst);
    }
  }

  // The CQ tail is written by the kernel from any CPU (io-wq workers, completions in interrupt context), so its
  // load must be an acquire: later CQE reads must not see older bytes than the tail promises. On x86-64 every
  // load is one in hardware (loads are not reordered with later loads); what is left is the compiler, and a
  // `relaxed` caller reads the CQEs only after a call into WASM given the loaded tail (V8 does not move memory
  // accesses across calls) and never spins on this load without a call (which could let V8 reuse a value).
  cqTail(relaxed?: boolean): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return relaxed === true && this.#plain ? this.#cq[this.#cqTail]! : Atomics.load(this.#cq, this.#cqTail);
  }

  cqHead(): number {
    if (this.#closed) throw closedError();
    return this.#cqHeadValue;
  }

  // The kernel reads the CQ head from any CPU to see which slots it may reuse: a release store, so that our CQE
  // reads are done before it can overwrite them. On x86-64 a store is not reordered with earlier loads (a plain
  // mov is a release); a `relaxed` caller ended its CQE reads before a call into WASM, which V8 does not move
  // memory accesses across.
  setCqHead(head: number, relaxed?: boolean): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    this.#cqHeadValue = head >>> 0;
    if (relaxed === true && this.#plain) this.#cq[this.#cqHeadIdx] = head;
    else Atomics.store(this.#cq, this.#cqHeadIdx, head);
  }

  readCqes(dst: Uint8Array, dstOffset: number, slot: number, count: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    const size = this.#cqeSize;
    const n = count * size;
    const src = slot * size;
    if (slot < 0 || count < 0 || src + n > this.#cqes8.length || dstOffset < 0 || dstOffset + n > dst.length)
      throw new RangeError(
        `readCqes: ${count} CQEs from slot ${slot} into byte ${dstOffset} do not fit (CQ of ${this.params.cqEntries}, destination ${dst.length} bytes)`,
      );
    if (dst !== this.#dstView) {
      this.#dstView = dst;
      this.#dstAt = dst.byteOffset;
      this.#dst32 = new Uint32Array(dst.buffer, 0, dst.buffer.byteLength >>> 2);
    }
    const at = this.#dstAt + dstOffset;
    if (n <= 128 && (at & 3) === 0) {
      const s = this.#cqes32,
        d = this.#dst32!;
      const si = src >>> 2,
        di = at >>> 2,
        words = n >>> 2;
      for (let i = 0; i < words; i++) d[di + i] = s[si + i]!;
    } else {
      dst.set(this.#cqes8.subarray(src, src + n), dstOffset);
    }
  }

  cqOverflow(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return Atomics.load(this.#cq, this.#cqOverflow);
  }

  cqFlags(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return this.#cqFlags < 0 ? 0 : Atomics.load(this.#cq, this.#cqFlags);
  }

  setCqFlags(flags: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    if (this.#cqFlags < 0) throw new Error('uring: this kernel has no CQ ring flags (Linux 5.8+)');
    Atomics.store(this.#cq, this.#cqFlags, flags);
  }

  enter(toSubmit: number, minComplete: number, flags: number, timeout?: Timespec | null): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    // An SQPOLL enter with SQEs wakes the SQ thread for SQEs already in its SQ: refused too (waits are not).
    if (toSubmit !== 0 && credentialGeneration[0] !== this.#credGen) this.#credentials('submit', true);
    let r: number;
    if (timeout) {
      if (!this.#hasExtArg)
        throw new Error(
          'uring: a timed wait needs IORING_FEAT_EXT_ARG (Linux 5.11); on this kernel wait with a TIMEOUT SQE instead',
        );
      r = ioUringEnterRaw(
        this.#enterFd,
        toSubmit,
        minComplete,
        flags | this.#enterFlags | ENTER.EXT_ARG,
        this.#arg!.set(timeout),
        24,
      );
    } else if ((flags & ENTER.EXT_ARG) === 0) {
      r = ioUringEnterNoArg(this.#enterFd, toSubmit, minComplete, flags | this.#enterFlags);
    } else {
      r = ioUringEnterRaw(this.#enterFd, toSubmit, minComplete, flags | this.#enterFlags, 0, 0);
    }
    if (r < 0) throw enterError(-r, this.params.flags);
    return r;
  }

  /**
   * @internal Throws ERR_URING_CREDENTIALS_CHANGED if this is an SQPOLL ring set up before the process changed
   * its credentials (its SQ thread would run `what` with the old ones). IoUring calls it as each op starts.
   */
  checkCredentials(what: string): void {
    if (credentialGeneration[0] !== this.#credGen) this.#credentials(what, false);
  }

  /** @internal The owner calls checkCredentials as each op starts (IoUring): ops it started before a change
   *  (staged in the same tick) and its internal cancels are then not refused when handed to the kernel. */
  checkCredentialsAtStart(): void {
    this.#credCheckAtStart = true;
  }

  /** The credential generation changed since this ring last looked (rare: the slow path). */
  #credentials(what: string, handing: boolean): void {
    const gen = credentialGeneration[0]!;
    const then = this.#creatorCreds;
    if (then === undefined) {
      this.#credGen = gen; // no SQPOLL: the kernel uses the submitter's current credentials
      return;
    }
    if (handing && this.#credCheckAtStart) return;
    // The same as at setup (a change to the same ids, or changed and back): go on until the next change.
    if (sameCredentials(then)) {
      this.#credGen = gen;
      return;
    }
    throw credentialsError(what, then, credentialPrint());
  }

  /** Unregister the ring fd, unmap, close the fd. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#arg = undefined;
    FINALIZER.unregister(this.#held);
    const first = release(this.#held);
    if (first) throw first;
  }
}

/** io_uring_enter's error; EEXIST on a SINGLE_ISSUER ring means another thread than the ring's submitter entered
 *  it (the ring fd was handed to another thread), which the bare errno does not say. */
export function enterError(errno: number, flags: number): UringError {
  if (errno === 17 && flags & SETUP.SINGLE_ISSUER)
    return new UringError(errno, 'io_uring_enter', {
      detail:
        'this ring is IORING_SETUP_SINGLE_ISSUER (the IoUring default) and only the thread that created it may submit to it; create one ring per thread',
    });
  return new UringError(errno, 'io_uring_enter');
}
