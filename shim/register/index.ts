// Node only: io_uring_register over a Ring (or its backend, or a ring fd) — the registration API.
//   buffers / files (rsrc.ts), provided-buffer rings (pbuf.ts), and here: eventfd,
//   probe, personality, restrictions + enable, io-wq affinity and max workers, sync cancel, clock, NAPI,
//   registered ring fds, ring resize.
// Every struct the kernel reads is built in native memory (shim/sys/libc.ts alloc) for the duration of the call;
// memory the kernel keeps using (registered buffers, buffer rings) is referenced by the ring's state.
// Bad input: TypeError / RangeError naming the function and argument. Kernel errors: UringError with code,
// errno and syscall 'io_uring_register'.
import { Ring } from '../../ts/ring/ring.ts';
import { CQ_RING, IO_WQ, REGISTER, RESTRICTION } from '../../ts/constants.ts';
import { ASYNC_CANCEL } from '../../ts/opflags.ts';
import { KernelBackend } from '../kernel/backend.ts';
import { probe as probeFd, type Probe } from './probe.ts';
import { intIn, off, reg, resolve, setU64, struct, u64Of, withNative, type RingTarget } from './common.ts';

export * from './rsrc.ts';
export { BufferRing, type BufferRingOptions } from './pbuf.ts';
export type { RingTarget } from './common.ts';
export type { Memory } from '../sys/memory.ts';
export type { Bytes } from '../sys/libc.ts';
export type { Probe, ProbedOp } from './probe.ts';
export { ioUringRegister } from './call.ts';
export { probeKernel } from './probe.ts';
// An eventfd for registerEventfd (Node has none); close it with fs.closeSync, read its count with fs.readSync.
export { eventfd, EFD_CLOEXEC, EFD_NONBLOCK, EFD_SEMAPHORE } from '../sys/libc.ts';
export { RESTRICTION, IO_WQ };

// ---------------------------------------------------------------------------------------------
// eventfd

/** Signal `eventfd` (an eventfd(2) fd) on every CQE posted (IORING_REGISTER_EVENTFD), or with `async` only for
 *  completions that did not finish inline (IORING_REGISTER_EVENTFD_ASYNC). EBUSY when one is registered. */
export function registerEventfd(ring: RingTarget, eventfd: number, opts: { async?: boolean } = {}): void {
  const what = 'registerEventfd';
  const r = resolve(ring, what);
  intIn(what, 'eventfd', eventfd, 0, 0x7fffffff);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${what}: options must be an object`);
  if (opts.async !== undefined && typeof opts.async !== 'boolean')
    throw new TypeError(`${what}: async must be a boolean`);
  withNative(4, (dv, addr) => {
    dv.setInt32(0, eventfd, true);
    reg(r, opts.async ? REGISTER.EVENTFD_ASYNC : REGISTER.EVENTFD, addr, 1);
  });
}

/** Stop signalling the eventfd (IORING_UNREGISTER_EVENTFD); ENXIO when none is registered. */
export function unregisterEventfd(ring: RingTarget): void {
  reg(resolve(ring, 'unregisterEventfd'), REGISTER.UNREGISTER_EVENTFD, null, 0);
}

function backendOf(ring: RingTarget, what: string) {
  const r = resolve(ring, what);
  if (!r.backend)
    throw new TypeError(`${what}: needs a Ring or RingBackend (the CQ ring flags live in its mapping), got a bare fd`);
  return r.backend;
}

/** Pause (false) or resume (true) eventfd notifications by toggling IORING_CQ_EVENTFD_DISABLED in the CQ ring
 *  flags (Linux 5.8), without unregistering. */
export function setEventfdEnabled(ring: RingTarget, enabled: boolean): void {
  const b = backendOf(ring, 'setEventfdEnabled');
  if (typeof enabled !== 'boolean') throw new TypeError('setEventfdEnabled: enabled must be a boolean');
  const f = b.cqFlags();
  b.setCqFlags(enabled ? f & ~CQ_RING.EVENTFD_DISABLED : f | CQ_RING.EVENTFD_DISABLED);
}

/** Are eventfd notifications on (IORING_CQ_EVENTFD_DISABLED clear)? */
export function eventfdEnabled(ring: RingTarget): boolean {
  return (backendOf(ring, 'eventfdEnabled').cqFlags() & CQ_RING.EVENTFD_DISABLED) === 0;
}

// ---------------------------------------------------------------------------------------------
// probe, personality

/** IORING_REGISTER_PROBE: which opcodes the kernel supports (probe.ts probe, over any ring target). */
export function probe(ring: RingTarget): Probe {
  return probeFd(resolve(ring, 'probe').fd);
}

/** IORING_REGISTER_PERSONALITY: register the current credentials; returns the id an SQE's `personality`
 *  field names to run with them. */
export function registerPersonality(ring: RingTarget): number {
  return reg(resolve(ring, 'registerPersonality'), REGISTER.PERSONALITY, null, 0);
}

/** IORING_UNREGISTER_PERSONALITY: drop personality `id`; EINVAL for an unknown id. */
export function unregisterPersonality(ring: RingTarget, id: number): void {
  const r = resolve(ring, 'unregisterPersonality');
  intIn('unregisterPersonality', 'id', id, 1, 0xffff);
  reg(r, REGISTER.UNREGISTER_PERSONALITY, null, id);
}

// ---------------------------------------------------------------------------------------------
// restrictions

/** One restriction: allow a register opcode, allow an SQE opcode, the IOSQE flags allowed, or the IOSQE flags
 *  every SQE must carry. */
export type Restriction =
  | { registerOp: number }
  | { sqeOp: number }
  | { sqeFlagsAllowed: number }
  | { sqeFlagsRequired: number };

/**
 * IORING_REGISTER_RESTRICTIONS (Linux 5.10): only on a ring set up with IORING_SETUP_R_DISABLED, before
 * enableRings; once enabled, SQEs outside the allow-list complete with EACCES and register calls outside it
 * fail with EACCES. Registering twice gives EBUSY.
 */
export function registerRestrictions(ring: RingTarget, restrictions: readonly Restriction[]): void {
  const what = 'registerRestrictions';
  const r = resolve(ring, what);
  if (!Array.isArray(restrictions)) throw new TypeError(`${what}: restrictions must be an array`);
  if (restrictions.length < 1 || restrictions.length > 1024)
    throw new RangeError(`${what}: restrictions must have 1..1024 entries, got ${restrictions.length}`);
  const S = struct('restriction');
  const rows = restrictions.map((x, i) => {
    if (x === null || typeof x !== 'object') throw new TypeError(`${what}: restrictions[${i}] must be an object`);
    const keys = Object.keys(x);
    if (keys.length !== 1)
      throw new TypeError(
        `${what}: restrictions[${i}] must have exactly one of registerOp, sqeOp, sqeFlagsAllowed, sqeFlagsRequired`,
      );
    const k = keys[0]!;
    const v = (x as Record<string, unknown>)[k];
    switch (k) {
      case 'registerOp':
        return [
          RESTRICTION.REGISTER_OP,
          'register_op',
          intIn(what, `restrictions[${i}].registerOp`, v, 0, 255),
        ] as const;
      case 'sqeOp':
        return [RESTRICTION.SQE_OP, 'sqe_op', intIn(what, `restrictions[${i}].sqeOp`, v, 0, 255)] as const;
      case 'sqeFlagsAllowed':
        return [
          RESTRICTION.SQE_FLAGS_ALLOWED,
          'sqe_flags',
          intIn(what, `restrictions[${i}].sqeFlagsAllowed`, v, 0, 255),
        ] as const;
      case 'sqeFlagsRequired':
        return [
          RESTRICTION.SQE_FLAGS_REQUIRED,
          'sqe_flags',
          intIn(what, `restrictions[${i}].sqeFlagsRequired`, v, 0, 255),
        ] as const;
      default:
        throw new TypeError(
          `${what}: restrictions[${i}] has unknown key ${JSON.stringify(k)} (registerOp, sqeOp, sqeFlagsAllowed, sqeFlagsRequired)`,
        );
    }
  });
  withNative(S.size * rows.length, (dv, addr) => {
    rows.forEach(([opcode, field, value], i) => {
      dv.setUint16(i * S.size + off('restriction', 'opcode'), opcode, true);
      dv.setUint8(i * S.size + off('restriction', field), value);
    });
    reg(r, REGISTER.RESTRICTIONS, addr, rows.length);
  });
}

/** IORING_REGISTER_ENABLE_RINGS: start a ring set up with IORING_SETUP_R_DISABLED (EBADFD otherwise). */
export function enableRings(ring: RingTarget): void {
  reg(resolve(ring, 'enableRings'), REGISTER.ENABLE_RINGS, null, 0);
}

// ---------------------------------------------------------------------------------------------
// io-wq

/** IORING_REGISTER_IOWQ_AFF (Linux 5.14): the CPUs io-wq workers may run on, as CPU numbers. */
export function registerIowqAffinity(ring: RingTarget, cpus: readonly number[]): void {
  const what = 'registerIowqAffinity';
  const r = resolve(ring, what);
  if (!Array.isArray(cpus) || cpus.length === 0)
    throw new TypeError(`${what}: cpus must be a non-empty array of CPU numbers`);
  const list = cpus.map((c, i) => intIn(what, `cpus[${i}]`, c, 0, 8191));
  const bytes = Math.max(8, Math.ceil((Math.max(...list) + 1) / 64) * 8); // whole unsigned longs
  withNative(bytes, (dv, addr) => {
    for (const c of list) dv.setUint8(c >> 3, dv.getUint8(c >> 3) | (1 << (c & 7)));
    reg(r, REGISTER.IOWQ_AFF, addr, bytes);
  });
}

/** IORING_UNREGISTER_IOWQ_AFF: io-wq workers may run anywhere again. */
export function unregisterIowqAffinity(ring: RingTarget): void {
  reg(resolve(ring, 'unregisterIowqAffinity'), REGISTER.UNREGISTER_IOWQ_AFF, null, 0);
}

export interface IowqWorkers {
  /** Bounded workers (regular file / block I/O). */
  bounded: number;
  /** Unbounded workers (sockets, pipes: may block indefinitely). */
  unbounded: number;
}

/** IORING_REGISTER_IOWQ_MAX_WORKERS (Linux 5.15): set the per-NUMA-node worker limits (0 or absent: leave
 *  unchanged) and return the previous limits. `registerIowqMaxWorkers(ring, {})` only reads them. */
export function registerIowqMaxWorkers(ring: RingTarget, limits: Partial<IowqWorkers> = {}): IowqWorkers {
  const what = 'registerIowqMaxWorkers';
  const r = resolve(ring, what);
  if (limits === null || typeof limits !== 'object') throw new TypeError(`${what}: limits must be an object`);
  const b = limits.bounded === undefined ? 0 : intIn(what, 'bounded', limits.bounded, 0, 0xffffffff);
  const u = limits.unbounded === undefined ? 0 : intIn(what, 'unbounded', limits.unbounded, 0, 0xffffffff);
  return withNative(8, (dv, addr) => {
    dv.setUint32(4 * IO_WQ.BOUND, b, true);
    dv.setUint32(4 * IO_WQ.UNBOUND, u, true);
    reg(r, REGISTER.IOWQ_MAX_WORKERS, addr, 2);
    return { bounded: dv.getUint32(4 * IO_WQ.BOUND, true), unbounded: dv.getUint32(4 * IO_WQ.UNBOUND, true) };
  });
}

// ---------------------------------------------------------------------------------------------
// sync cancel

export interface SyncCancelOptions {
  /** Match requests by user_data (the default match). */
  userData?: number | bigint;
  /** Match by fd (IORING_ASYNC_CANCEL_FD); with `fixed`, a fixed-file slot (ASYNC_CANCEL_FD_FIXED). */
  fd?: number;
  fixed?: boolean;
  /** Match by opcode (IORING_ASYNC_CANCEL_OP, Linux 6.6). */
  opcode?: number;
  /** Cancel every match, not just the first (IORING_ASYNC_CANCEL_ALL). */
  all?: boolean;
  /** Match any request (IORING_ASYNC_CANCEL_ANY). */
  any?: boolean;
  /** How long to wait for the cancelled requests to finish, in milliseconds (default: no limit). ETIME
   *  when they did not finish in time. */
  timeoutMs?: number;
}

/**
 * IORING_REGISTER_SYNC_CANCEL (Linux 6.0): cancel matching requests and wait until they are gone (their CQEs,
 * with -ECANCELED, are posted to the CQ). Returns the kernel's result (the number cancelled with `all` / `any`,
 * else 0). ENOENT: nothing matched; EALREADY: found but already running; ETIME: the timeout passed.
 */
export function syncCancel(ring: RingTarget, opts: SyncCancelOptions): number {
  const what = 'syncCancel';
  const r = resolve(ring, what);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${what}: options must be an object`);
  let flags = 0;
  for (const k of ['fixed', 'all', 'any'] as const)
    if (opts[k] !== undefined && typeof opts[k] !== 'boolean') throw new TypeError(`${what}: ${k} must be a boolean`);
  const ud = opts.userData === undefined ? 0n : u64Of(what, 'userData', opts.userData);
  const fd = opts.fd === undefined ? 0 : intIn(what, 'fd', opts.fd, 0, 0x7fffffff);
  if (opts.fd !== undefined) flags |= opts.fixed ? ASYNC_CANCEL.FD | ASYNC_CANCEL.FD_FIXED : ASYNC_CANCEL.FD;
  else if (opts.fixed) throw new TypeError(`${what}: fixed needs fd (the fixed-file slot)`);
  const opcode = opts.opcode === undefined ? 0 : intIn(what, 'opcode', opts.opcode, 0, 255);
  if (opts.opcode !== undefined) flags |= ASYNC_CANCEL.OP;
  if (opts.all) flags |= ASYNC_CANCEL.ALL;
  if (opts.any) flags |= ASYNC_CANCEL.ANY;
  if (opts.userData === undefined && opts.fd === undefined && opts.opcode === undefined && !opts.any)
    throw new TypeError(`${what}: say what to cancel: userData, fd, opcode or any`);
  let sec = -1,
    nsec = -1;
  if (opts.timeoutMs !== undefined) {
    const t = opts.timeoutMs;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
      throw new RangeError(`${what}: timeoutMs must be a non-negative number, got ${t}`);
    sec = Math.floor(t / 1000);
    nsec = Math.round((t - sec * 1000) * 1e6);
  }
  const S = struct('sync_cancel_reg');
  const ts = off('sync_cancel_reg', 'timeout');
  return withNative(S.size, (dv, addr) => {
    setU64(dv, off('sync_cancel_reg', 'addr'), ud);
    dv.setInt32(off('sync_cancel_reg', 'fd'), fd, true);
    dv.setUint32(off('sync_cancel_reg', 'flags'), flags, true);
    dv.setBigInt64(ts + off('kernel_timespec', 'tv_sec'), BigInt(sec), true);
    dv.setBigInt64(ts + off('kernel_timespec', 'tv_nsec'), BigInt(nsec), true);
    dv.setUint8(off('sync_cancel_reg', 'opcode'), opcode);
    return reg(r, REGISTER.SYNC_CANCEL, addr, 1);
  });
}

// ---------------------------------------------------------------------------------------------
// clock, NAPI

/** clock ids REGISTER_CLOCK accepts. */
export const CLOCK = { MONOTONIC: 1, BOOTTIME: 7 } as const;

/** IORING_REGISTER_CLOCK (Linux 6.12): the clock for wait timeouts (enter's EXT_ARG timeout; absolute ones with
 *  IORING_ENTER_ABS_TIMER): 'monotonic' (default) or 'boottime'. Others give EINVAL. */
export function registerClock(ring: RingTarget, clock: 'monotonic' | 'boottime' | number): void {
  const what = 'registerClock';
  const r = resolve(ring, what);
  const id =
    clock === 'monotonic'
      ? CLOCK.MONOTONIC
      : clock === 'boottime'
        ? CLOCK.BOOTTIME
        : typeof clock === 'number'
          ? intIn(what, 'clock', clock, 0, 0x7fffffff)
          : (() => {
              throw new TypeError(`${what}: clock must be 'monotonic', 'boottime' or a clockid number`);
            })();
  const S = struct('clock_register');
  withNative(S.size, (dv, addr) => {
    dv.setUint32(off('clock_register', 'clockid'), id, true);
    reg(r, REGISTER.CLOCK, addr, 0);
  });
}

export interface NapiSettings {
  /** Busy-poll timeout in microseconds. */
  busyPollTimeout: number;
  /** Prefer busy polling (SO_PREFER_BUSY_POLL). */
  preferBusyPoll: boolean;
}

function napiCall(ring: RingTarget, what: string, opcode: number, s: NapiSettings | undefined): NapiSettings {
  const r = resolve(ring, what);
  const S = struct('napi');
  return withNative(S.size, (dv, addr) => {
    if (s) {
      dv.setUint32(off('napi', 'busy_poll_to'), s.busyPollTimeout, true);
      dv.setUint8(off('napi', 'prefer_busy_poll'), s.preferBusyPoll ? 1 : 0);
    }
    reg(r, opcode, addr, 1);
    return {
      busyPollTimeout: dv.getUint32(off('napi', 'busy_poll_to'), true),
      preferBusyPoll: dv.getUint8(off('napi', 'prefer_busy_poll')) !== 0,
    };
  });
}

/** IORING_REGISTER_NAPI (Linux 6.9): busy-poll the NAPI instances of the ring's sockets while waiting. No NIC
 *  is needed to register (the kernel tracks NAPI ids as sockets are used). Returns the previous settings. */
export function registerNapi(ring: RingTarget, settings: NapiSettings): NapiSettings {
  const what = 'registerNapi';
  if (settings === null || typeof settings !== 'object') throw new TypeError(`${what}: settings must be an object`);
  intIn(what, 'busyPollTimeout', settings.busyPollTimeout, 0, 0xffffffff);
  if (typeof settings.preferBusyPoll !== 'boolean') throw new TypeError(`${what}: preferBusyPoll must be a boolean`);
  return napiCall(ring, what, REGISTER.NAPI, settings);
}

/** IORING_UNREGISTER_NAPI: stop busy polling; returns the settings that were in force. */
export function unregisterNapi(ring: RingTarget): NapiSettings {
  return napiCall(ring, 'unregisterNapi', REGISTER.UNREGISTER_NAPI, undefined);
}

// ---------------------------------------------------------------------------------------------
// registered ring fds, resize

function kernelBackend(ring: RingTarget, what: string): KernelBackend {
  const r = resolve(ring, what);
  if (!(r.backend instanceof KernelBackend))
    throw new TypeError(`${what}: needs a Ring over a KernelBackend (or the KernelBackend)`);
  return r.backend;
}

/** Register the ring's own fd (IORING_REGISTER_RING_FDS, Linux 5.18) and make its backend enter with
 *  IORING_ENTER_REGISTERED_RING. Returns the registered index. (Also: SetupOptions.registerRingFd.) */
export function registerRingFd(ring: RingTarget): number {
  return kernelBackend(ring, 'registerRingFd').registerRingFd();
}

/** Undo registerRingFd: enter with the plain fd again. */
export function unregisterRingFd(ring: RingTarget): void {
  kernelBackend(ring, 'unregisterRingFd').unregisterRingFd();
}

export interface ResizeOptions {
  /** New SQ size (rounded up to a power of two). */
  sqEntries: number;
  /** New CQ size (default: twice sqEntries). */
  cqEntries?: number;
  /** Clamp sizes to the kernel's maximum instead of failing. */
  clamp?: boolean;
}

/**
 * IORING_REGISTER_RESIZE_RINGS (Linux 6.13, rings set up with IORING_SETUP_DEFER_TASKRUN): new SQ / CQ sizes,
 * keeping submitted-but-unconsumed SQEs, unreaped CQEs and the requests in flight. The backend remaps the new
 * rings, and a Ring's state is sized for its rings, so this returns a NEW Ring over the same backend and core;
 * the old Ring object must not be used any more (close the new one to close the ring). SQEs still staged
 * (prepped, not submitted) would be lost: they are refused with an Error, submit first.
 */
export function resizeRings(ring: Ring, opts: ResizeOptions): Ring {
  const what = 'resizeRings';
  if (!(ring instanceof Ring))
    throw new TypeError(`${what}: ring must be a Ring (it is re-made over the resized rings)`);
  const b = kernelBackend(ring, what);
  if (ring.sqPending !== 0)
    throw new Error(`${what}: ${ring.sqPending} SQEs are prepped but not submitted; submit() before resizing`);
  b.resize(opts);
  return new Ring(ring.core, b, { batch: Math.min(ring.batch.capacity, b.params.cqEntries) });
}
