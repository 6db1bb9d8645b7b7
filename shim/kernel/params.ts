// Node only: SetupOptions, checked, and written into io_uring_params (the inputs io_uring_setup reads).
import { CQ_OFF, PARAMS, SETUP, SQ_OFF } from '../sys/abi.ts';

/** Everything io_uring_setup takes (io_uring_params inputs). */
export interface SetupOptions {
  /** SQ entries (rounded up to a power of two by the kernel). Default 256. */
  entries?: number;
  /** IORING_SETUP_* */
  flags?: number;
  /** CQ entries; sets IORING_SETUP_CQSIZE. */
  cqEntries?: number;
  /** SQPOLL thread CPU (with IORING_SETUP_SQ_AFF). */
  sqThreadCpu?: number;
  /** SQPOLL idle time in milliseconds before the thread sleeps. */
  sqThreadIdle?: number;
  /** The ring fd whose io-wq to share (sets IORING_SETUP_ATTACH_WQ). */
  wqFd?: number;
  /** Map the SQ and CQ rings separately even when the kernel has IORING_FEAT_SINGLE_MMAP (what kernels before
   *  5.4 require; the kernel still accepts it, so tests use it to exercise that path). Backend only. */
  separateMmap?: boolean;
  /** Register the ring fd with itself (IORING_REGISTER_RING_FDS, Linux 5.18) right after setup, and enter with
   *  IORING_ENTER_REGISTERED_RING (saves an fget/fput per io_uring_enter). Backend only. */
  registerRingFd?: boolean;
}

/** Native addresses of application-supplied ring memory (IORING_SETUP_NO_MMAP): sq_off.user_addr is the SQE
 *  array, cq_off.user_addr the rings (header, CQEs, SQ index array). Both page-aligned. */
export interface UserAddrs {
  sqes: number;
  rings: number;
}

/** SetupOptions as written into io_uring_params: every field present. */
export type SetupParams = Required<Omit<SetupOptions, 'entries' | 'separateMmap' | 'registerRingFd'>>;

/** Fill io_uring_params (zeroed first: the kernel refuses non-zero reserved bytes) with `o` and, for an
 *  IORING_SETUP_NO_MMAP ring, the addresses of its memory. */
export function writeParams(p: DataView, o: SetupParams, user?: UserAddrs): void {
  new Uint8Array(p.buffer, p.byteOffset, PARAMS.SIZE).fill(0);
  if (user) {
    p.setBigUint64(PARAMS.sq_off + SQ_OFF.user_addr, BigInt(user.sqes), true);
    p.setBigUint64(PARAMS.cq_off + CQ_OFF.user_addr, BigInt(user.rings), true);
  }
  p.setUint32(PARAMS.cq_entries, o.cqEntries, true);
  p.setUint32(PARAMS.flags, o.flags, true);
  p.setUint32(PARAMS.sq_thread_cpu, o.sqThreadCpu, true);
  p.setUint32(PARAMS.sq_thread_idle, o.sqThreadIdle, true);
  p.setUint32(PARAMS.wq_fd, o.wqFd, true);
}

/** `v` as a u32 of at least `min`, or a TypeError / RangeError naming it. */
export function checkU32(name: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`io_uring_setup: ${name} must be an integer, got ${typeof v === 'number' ? v : typeof v}`);
  if (v < min || v > 0xffffffff)
    throw new RangeError(`io_uring_setup: ${name} must be in ${min}..4294967295, got ${v}`);
  return v;
}

/** Check SetupOptions and turn them into the params io_uring_setup reads (CQSIZE / ATTACH_WQ follow their
 *  fields). */
export function normalize(opts: SetupOptions): { entries: number; o: SetupParams } {
  if (opts === null || typeof opts !== 'object') throw new TypeError('io_uring_setup: options must be an object');
  const entries = checkU32('entries', opts.entries ?? 256, 1);
  if (opts.separateMmap !== undefined && typeof opts.separateMmap !== 'boolean')
    throw new TypeError('io_uring_setup: separateMmap must be a boolean');
  if (opts.registerRingFd !== undefined && typeof opts.registerRingFd !== 'boolean')
    throw new TypeError('io_uring_setup: registerRingFd must be a boolean');
  let flags = checkU32('flags', opts.flags ?? 0);
  const cqEntries = opts.cqEntries === undefined ? 0 : checkU32('cqEntries', opts.cqEntries, 1);
  if (opts.cqEntries !== undefined) flags |= SETUP.CQSIZE;
  const wqFd = opts.wqFd === undefined ? 0 : checkU32('wqFd', opts.wqFd);
  if (opts.wqFd !== undefined) flags |= SETUP.ATTACH_WQ;
  if (flags & SETUP.CQSIZE && opts.cqEntries === undefined)
    throw new TypeError('io_uring_setup: IORING_SETUP_CQSIZE needs cqEntries');
  if (flags & SETUP.ATTACH_WQ && opts.wqFd === undefined)
    throw new TypeError('io_uring_setup: IORING_SETUP_ATTACH_WQ needs wqFd');
  return {
    entries,
    o: {
      flags: flags >>> 0,
      cqEntries,
      wqFd,
      sqThreadCpu: opts.sqThreadCpu === undefined ? 0 : checkU32('sqThreadCpu', opts.sqThreadCpu),
      sqThreadIdle: opts.sqThreadIdle === undefined ? 0 : checkU32('sqThreadIdle', opts.sqThreadIdle),
    },
  };
}
