// Node only: in-place mode (IORING_SETUP_NO_MMAP, Linux 6.5+). The kernel's rings and SQE array live inside the
// WASM core's own linear memory, so the C core writes SQEs where the kernel reads them and parses CQEs where the
// kernel writes them: nothing is copied (copy mode, shim/kernel/backend.ts, copies both ways). Everything but where the
// ring bytes live is KernelBackend's (this class extends it): setup errors, ring words with Atomics, enter with
// EXT_ARG, registered ring fd, probe, close.
//
// Memory: two page-aligned regions are taken from the core's allocator (Core.alloc) before io_uring_setup,
// sized as the kernel sizes them (io_uring/io_uring.c rings_size, io_uring/memmap.c io_create_region):
//   rings = ALIGN64((sizeof(struct io_rings) + cq_entries * 16) * (CQE32 ? 2 : 1)) + (NO_SQARRAY ? 0 : sq_entries * 4)
//   sqes  = sq_entries * (SQE128 ? 128 : 64)
// both rounded up to the page size (the kernel refuses a user_addr or size that is not page-aligned). Their
// native addresses (the memory's base + offset) go in cq_off.user_addr (rings) and sq_off.user_addr (SQEs); the
// kernel pins the pages (FOLL_LONGTERM) and vmaps them. After setup the layout the kernel reports is checked to
// fit. When the ring is released (close(), an owner's release function, or the finalizer) the regions are parked
// and given back to the core only once the kernel's asynchronous teardown has provably let go of them
// (inplace-memory.ts: a pipe registered as the ring's fixed file hangs up when the teardown drops it). A setup the
// kernel refused gives them back at once. So a core that opens and closes in-place rings over and over stays the
// same size, give or take the rings still tearing down.
//
// Why the memory does not move: on 64-bit hosts V8 reserves the whole address range a wasm32 memory can ever
// reach (4 GiB plus guard regions) when the memory is created, and memory.grow only makes more of that
// reservation accessible; the base address stays put and the old ArrayBuffer is merely detached (verified on
// Linux 6.18 / Node 20: a 32768-entry ring stayed usable across growth). An engine without that reservation
// (32-bit hosts, a memory made without guard regions) may copy the memory elsewhere on grow: the kernel would
// keep using the old pages. So the base address is recorded at setup and checked whenever growth detached the
// views, which every ring access and every io_uring_enter looks at first: a moved memory closes the ring and
// throws ERR_URING_MEMORY_MOVED instead of letting the kernel and the app talk past each other.
//
// Kernels 6.5 to 6.12 also wanted a multi-page region to be one folio (physically contiguous, e.g. a huge page);
// wasm memory is not, so there only rings that fit one page each set up (the EINVAL says so). 6.13+ vmaps any
// pinned pages.
import { WASM, type Core } from '../../ts/core/core.ts';
import type { InPlaceRings } from '../../ts/ring/backend.ts';
import { UringError } from '../../ts/errors.ts';
import { compareVersions, SETUP } from '../sys/abi.ts';
import { KernelBackend } from './backend.ts';
import type { SetupOptions } from './params.ts';
import type { UserRings } from './mapping.ts';
import { addressOf } from '../sys/memory.ts';
import { parkRegions, reclaimInPlace } from './inplace-memory.ts';
import { kernelVersion } from '../sys/libc.ts';

/** Options of an in-place ring: io_uring_setup's (IORING_SETUP_NO_MMAP is added). */
export type InPlaceOptions = Omit<SetupOptions, 'separateMmap'>;

/** The kernel's sizeof(struct io_rings) (Linux 6.x): the CQE array starts right after it. Checked after setup
 *  against cq_off.cqes through the layout check. */
const IO_RINGS_HEADER = 64;
/** SMP_CACHE_BYTES: the SQ index array starts at a cache-line boundary after the CQEs. */
const CACHE_LINE = 64;
/** The kernel's page size: 4 KiB on x86_64; arm64 kernels may use 16 or 64 KiB, so align to 64 KiB there. */
const PAGE = process.arch === 'x64' || process.arch === 'ia32' ? 4096 : 65536;

const MAX_SQ = 32768,
  MAX_CQ = 65536;

function roundPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** The ring sizes io_uring_setup will settle on (what liburing's get_sq_cq_entries computes): entries rounded
 *  up to a power of two, CQ twice the SQ unless CQSIZE, clamped with CLAMP. Out-of-range values are clamped for
 *  sizing only; the kernel then refuses them as it does in copy mode. */
export function ringGeometry(opts: InPlaceOptions): { sqEntries: number; cqEntries: number } {
  const entries = opts.entries ?? 256;
  const sqEntries = Math.min(roundPow2(Math.max(1, entries)), MAX_SQ);
  let cqEntries = 2 * sqEntries;
  if (opts.cqEntries !== undefined) cqEntries = Math.min(roundPow2(Math.max(1, opts.cqEntries)), MAX_CQ);
  return { sqEntries, cqEntries: Math.max(cqEntries, sqEntries) };
}

/** Bytes of the two regions (page-rounded) for a ring of this geometry and these flags. */
export function inPlaceSizes(
  sqEntries: number,
  cqEntries: number,
  flags: number,
): { ringsSize: number; sqesSize: number } {
  let rings = (IO_RINGS_HEADER + cqEntries * 16) * (flags & SETUP.CQE32 ? 2 : 1);
  rings = alignUp(rings, CACHE_LINE);
  if (!(flags & SETUP.NO_SQARRAY)) rings += sqEntries * 4;
  const sqes = sqEntries * (flags & SETUP.SQE128 ? 128 : 64);
  return { ringsSize: alignUp(rings, PAGE), sqesSize: alignUp(sqes, PAGE) };
}

/**
 * A ring whose memory is the WASM core's (IORING_SETUP_NO_MMAP). Use with a Ring over the same core:
 * `new Ring(core, InPlaceBackend.setup({ core, entries: 256 }))`. The Ring then stages SQEs directly in the
 * kernel's SQE array and parses CQEs in the kernel's CQ: `writeSqes` / `readCqes` are never called.
 */
export class InPlaceBackend extends KernelBackend {
  /** Native address of a buffer's first byte; tests replace it to simulate a memory that moved on growth. */
  static addressOf: (buffer: ArrayBuffer) => number = (b) => addressOf(b);

  /** Where the kernel's SQE and CQE arrays are in the core's memory (the Ring's cue to copy nothing). */
  readonly inPlace: InPlaceRings;
  readonly core: Core;
  /** The two regions in core memory (byte offsets and sizes). */
  readonly regions: { rings: number; ringsSize: number; sqes: number; sqesSize: number };

  /** Set up an in-place ring in `core`'s memory. */
  static override setup(opts: InPlaceOptions & { core: Core }): InPlaceBackend {
    if (opts === null || typeof opts !== 'object')
      throw new TypeError('InPlaceBackend.setup: options must be an object');
    const { core, ...rest } = opts;
    return new InPlaceBackend(core, rest);
  }

  constructor(core: Core, opts: InPlaceOptions = {}) {
    if (!core || !(core.memory instanceof WASM.Memory) || typeof core.alloc !== 'function')
      throw new TypeError('InPlaceBackend: core must be a Core (ts/core/core.ts), the one the Ring will use');
    if (opts === null || typeof opts !== 'object') throw new TypeError('io_uring_setup: options must be an object');
    if ((opts as SetupOptions).separateMmap)
      throw new TypeError('InPlaceBackend: separateMmap is copy mode only (nothing is mapped in place)');
    const flags = typeof opts.flags === 'number' ? opts.flags : 0;
    if (flags & SETUP.REGISTERED_FD_ONLY)
      throw new RangeError(
        'InPlaceBackend: IORING_SETUP_REGISTERED_FD_ONLY is not supported (use registerRingFd: true for the same saving)',
      );
    const { sqEntries, cqEntries } = ringGeometry(opts);
    reclaimInPlace(core);
    const withFlags = (flags | SETUP.NO_MMAP) >>> 0;
    const { ringsSize, sqesSize } = inPlaceSizes(sqEntries, cqEntries, withFlags);
    // Allocated before taking the base: alloc may grow the memory (which must not move it either). Given back
    // if the kernel refuses the setup (it never pinned them).
    const regions = { core, ptrs: [] as number[] };
    let user: UserRings;
    try {
      const rings = core.alloc(ringsSize, PAGE);
      regions.ptrs.push(rings);
      const sqes = core.alloc(sqesSize, PAGE);
      regions.ptrs.push(sqes);
      const address = (b: ArrayBuffer) => InPlaceBackend.addressOf(b);
      const base = address(core.memory.buffer as ArrayBuffer);
      if ((base + rings) % PAGE !== 0 || (base + sqes) % PAGE !== 0)
        throw new Error(
          `InPlaceBackend: the WebAssembly memory at 0x${base.toString(16)} is not page-aligned; in-place rings need page-aligned addresses`,
        );
      user = { memory: core.memory, rings, ringsSize, sqes, sqesSize, base, address };
    } catch (e) {
      for (const p of regions.ptrs.splice(0)) core.free(p);
      throw e;
    }
    try {
      super({ ...opts, flags: withFlags }, user);
    } catch (e) {
      // Refused before any ring existed (bad options, or io_uring_setup failed): the kernel never pinned them.
      if (
        (e instanceof UringError && e.syscall === 'io_uring_setup') ||
        e instanceof TypeError ||
        e instanceof RangeError
      )
        for (const p of regions.ptrs) core.free(p);
      throw explain(e);
    }
    const { rings, sqes } = user;
    const fd = this.fd;
    const ptrs = regions.ptrs;
    this.beforeClose(() => void parkRegions(core, fd, ptrs));
    this.core = core;
    this.regions = { rings, ringsSize, sqes, sqesSize };
    this.inPlace = { memory: core.memory, sqes, cqes: rings + this.layout.cqOff.cqes };
  }
}

/** Setup errors that in-place mode explains better: NO_MMAP missing (< 6.5), multi-page regions before 6.13. */
function explain(e: unknown): unknown {
  if (!(e instanceof UringError) || e.syscall !== 'io_uring_setup' || e.code !== 'EINVAL') return e;
  let release = '0.0.0';
  try {
    release = kernelVersion();
  } catch {}
  let hint: string | undefined;
  if (compareVersions(release, '6.5') < 0)
    hint = `in-place rings need IORING_SETUP_NO_MMAP (Linux 6.5); this kernel is ${release}: use KernelBackend (copy mode)`;
  else if (compareVersions(release, '6.13') < 0)
    hint = `before Linux 6.13 the kernel wants each in-place region physically contiguous, which WebAssembly memory is not beyond one page; this kernel is ${release}: use fewer entries or KernelBackend (copy mode)`;
  if (!hint) return e;
  return new UringError(e.errno, 'io_uring_setup', { detail: hint, cause: e });
}
