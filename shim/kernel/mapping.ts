// Node only: where the rings are. What io_uring_params (as setup or RESIZE_RINGS filled it in) says about the
// rings' offsets and sizes, the mmap of the kernel's rings at the three IORING_OFF_* offsets (copy mode), the
// description of rings placed in WASM memory (in place, NO_MMAP), and the new params of a RESIZE_RINGS.
import type { RingParams } from '../../ts/ring/backend.ts';
import type { WasmMemory } from '../../ts/core/core.ts';
import { UringError } from '../../ts/errors.ts';
import { CQ_OFF, OFF, PARAMS, REGISTER, SETUP, SQ_OFF } from '../sys/abi.ts';
import {
  MAP_POPULATE,
  MAP_SHARED,
  PROT_READ,
  PROT_WRITE,
  alloc,
  free,
  ioUringRegisterRaw,
  mmap,
  view,
} from '../sys/libc.ts';
import { checkU32 } from './params.ts';

/** Where things are in the mapping (what setup reported), for diagnostics and tests. */
export interface RingLayout {
  sqOff: Record<keyof typeof SQ_OFF, number>;
  cqOff: Record<keyof typeof CQ_OFF, number>;
  /** Bytes mapped for the SQ ring (and the CQ ring with FEAT_SINGLE_MMAP). */
  sqRingSize: number;
  /** Bytes mapped for the CQ ring when mapped separately (no FEAT_SINGLE_MMAP), else 0. */
  cqRingSize: number;
  /** Bytes mapped for the SQE array. */
  sqesSize: number;
  singleMmap: boolean;
  /** False with IORING_SETUP_NO_SQARRAY (the kernel uses head & mask directly). */
  sqArray: boolean;
}

/**
 * @internal Rings placed in WebAssembly memory (IORING_SETUP_NO_MMAP), as shim/kernel/inplace.ts lays them out.
 * Offsets are byte offsets in `memory` (core pointers), page-aligned; `base` is the native address of the
 * memory's first byte when the ring was set up.
 */
export interface UserRings {
  memory: WasmMemory;
  /** The rings region (io_rings header, CQEs, SQ index array) and its size. */
  rings: number;
  ringsSize: number;
  /** The SQE array and its size. */
  sqes: number;
  sqesSize: number;
  base: number;
  /** Native address of a buffer's first byte (checked against `base` whenever growth replaced the buffer). */
  address(buffer: ArrayBuffer): number;
}

/** The in-place ring's memory moved when it grew (ERR_URING_MEMORY_MOVED); the ring was closed. */
export function movedError(from: number, to: number): Error {
  const e = new Error(
    `uring: the WebAssembly memory holding this in-place ring (IORING_SETUP_NO_MMAP) moved from 0x${from.toString(16)} to 0x${to.toString(16)} when it grew; the kernel still uses the old pages, so the ring was closed. Use copy mode (KernelBackend) on this engine`,
  ) as Error & { code: string };
  e.code = 'ERR_URING_MEMORY_MOVED';
  return e;
}

const U32 = 4;

/** The little-endian u32 at byte `at` of io_uring_params. */
export function u32(b: DataView, at: number): number {
  return b.getUint32(at, true);
}

/** The ring parameters and layout io_uring_params `p` describes; `singleMmap`: the rings are one region. */
export function ringLayout(
  p: DataView,
  flags: number,
  features: number,
  singleMmap: boolean,
): { params: RingParams; layout: RingLayout } {
  const sqEntries = u32(p, PARAMS.sq_entries),
    cqEntries = u32(p, PARAMS.cq_entries);
  const sqeSize = flags & SETUP.SQE128 ? 128 : 64;
  const cqeSize = flags & SETUP.CQE32 ? 32 : 16;
  const params: RingParams = { sqEntries, cqEntries, flags, features, sqeSize, cqeSize };
  const sqOff = {} as RingLayout['sqOff'],
    cqOff = {} as RingLayout['cqOff'];
  for (const [k, at] of Object.entries(SQ_OFF))
    sqOff[k as keyof typeof SQ_OFF] =
      k === 'user_addr' ? Number(p.getBigUint64(PARAMS.sq_off + at, true)) : u32(p, PARAMS.sq_off + at);
  for (const [k, at] of Object.entries(CQ_OFF))
    cqOff[k as keyof typeof CQ_OFF] =
      k === 'user_addr' ? Number(p.getBigUint64(PARAMS.cq_off + at, true)) : u32(p, PARAMS.cq_off + at);
  const sqArray = (flags & SETUP.NO_SQARRAY) === 0;
  if (sqArray && sqOff.array < cqOff.cqes)
    throw new Error(
      `uring: the kernel reported the SQ index array at ${sqOff.array}, inside the ring header (CQEs at ${cqOff.cqes})`,
    );
  // Without the index array the SQ part is just the ring header, which ends before the CQEs.
  let sqRingSize = sqArray ? sqOff.array + sqEntries * U32 : cqOff.cqes;
  let cqRingSize = cqOff.cqes + cqEntries * cqeSize;
  if (singleMmap) {
    sqRingSize = Math.max(sqRingSize, cqRingSize);
    cqRingSize = 0;
  }
  const sqesSize = sqEntries * sqeSize;
  return { params, layout: { sqOff, cqOff, sqRingSize, cqRingSize, sqesSize, singleMmap, sqArray } };
}

/** mmap the kernel's rings of ring `fd` as `layout` says; each mapping is pushed on `maps` as it is made (the
 *  caller unmaps them, also after a failure part way). Returns views of the SQ ring, CQ ring and SQE array. */
export function mapRings(
  fd: number,
  layout: RingLayout,
  maps: [number, number][],
): { sq: ArrayBuffer; cq: ArrayBuffer; sqes: ArrayBuffer } {
  const { sqRingSize, cqRingSize, sqesSize, singleMmap } = layout;
  const rw = PROT_READ | PROT_WRITE,
    sh = MAP_SHARED | MAP_POPULATE;
  const sqRing = mmap(0, sqRingSize, rw, sh, fd, OFF.SQ_RING);
  maps.push([sqRing, sqRingSize]);
  let cqRing = sqRing;
  if (!singleMmap) {
    cqRing = mmap(0, cqRingSize, rw, sh, fd, OFF.CQ_RING);
    maps.push([cqRing, cqRingSize]);
  }
  const sqes = mmap(0, sqesSize, rw, sh, fd, OFF.SQES);
  maps.push([sqes, sqesSize]);
  const sq = view(sqRing, sqRingSize);
  return { sq, cq: singleMmap ? sq : view(cqRing, cqRingSize), sqes: view(sqes, sqesSize) };
}

/**
 * IORING_REGISTER_RESIZE_RINGS on ring `enterFd` (a registered index when `registered`) whose setup flags are
 * `ringFlags`: returns the io_uring_params the kernel filled in for the new rings (to map them). Throws
 * UringError ('io_uring_register') when the kernel refuses (EOVERFLOW: what is pending does not fit).
 */
export function resizeParams(
  enterFd: number,
  registered: boolean,
  ringFlags: number,
  opts: { sqEntries: number; cqEntries?: number; clamp?: boolean },
): DataView {
  if (opts === null || typeof opts !== 'object') throw new TypeError('resize: options must be an object');
  const sqEntries = checkU32('sqEntries', opts.sqEntries, 1);
  const cqEntries = opts.cqEntries === undefined ? 0 : checkU32('cqEntries', opts.cqEntries, 1);
  if (opts.clamp !== undefined && typeof opts.clamp !== 'boolean')
    throw new TypeError('resize: clamp must be a boolean');
  const flags = (opts.cqEntries !== undefined ? SETUP.CQSIZE : 0) | (opts.clamp ? SETUP.CLAMP : 0);
  const m = alloc(PARAMS.SIZE);
  const copy = new Uint8Array(PARAMS.SIZE);
  try {
    const dv = new DataView(m.buffer, 0, PARAMS.SIZE);
    dv.setUint32(PARAMS.sq_entries, sqEntries, true);
    dv.setUint32(PARAMS.cq_entries, cqEntries, true);
    dv.setUint32(PARAMS.flags, flags, true);
    const r = ioUringRegisterRaw(
      enterFd,
      REGISTER.RESIZE_RINGS | (registered ? REGISTER.USE_REGISTERED_RING : 0),
      m.addr,
      1,
    );
    if (r < 0) {
      const hint =
        -r === 22 && !(ringFlags & SETUP.DEFER_TASKRUN)
          ? 'the kernel resizes only rings set up with IORING_SETUP_DEFER_TASKRUN'
          : -r === 75
            ? 'the SQEs or CQEs pending do not fit the new sizes'
            : undefined;
      throw new UringError(-r, 'io_uring_register', {
        detail: `IORING_REGISTER_RESIZE_RINGS${hint ? ` (${hint})` : ''}`,
      });
    }
    copy.set(new Uint8Array(m.buffer, 0, PARAMS.SIZE));
  } finally {
    free(m.addr);
  }
  // Linux 6.18 returns sq_off.array = 0 from RESIZE_RINGS (liburing does not notice: it sets up rings with
  // NO_SQARRAY). The array follows the CQEs as in rings_size(): header + cq_entries * 16 bytes, doubled for
  // CQE32, aligned to 64 bytes.
  const cp = new DataView(copy.buffer);
  if (!(ringFlags & SETUP.NO_SQARRAY) && u32(cp, PARAMS.sq_off + SQ_OFF.array) === 0) {
    let end = u32(cp, PARAMS.cq_off + CQ_OFF.cqes) + u32(cp, PARAMS.cq_entries) * 16;
    if (ringFlags & SETUP.CQE32) end *= 2;
    cp.setUint32(PARAMS.sq_off + SQ_OFF.array, Math.ceil(end / 64) * 64, true);
  }
  return cp;
}
