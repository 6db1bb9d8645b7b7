/**
 * `uring` (Node): the kernel ring, the sync {@link Ring} over it, the async {@link IoUring}, and everything
 * browser-safe re-exported from `uring/sqe`.
 * @module uring
 */
import { loadCore } from '../ts/core/load-node.ts';
import { Ring, type RingOptions } from '../ts/ring/ring.ts';
import { KernelBackend } from './kernel/backend.ts';
import type { SetupOptions } from './kernel/params.ts';
import { InPlaceBackend } from './kernel/inplace.ts';

export * from '../ts/sqe.ts';
export { Ring, SqFullError, CqeBatch, OpUnsupportedError } from '../ts/ring/ring.ts';
export type {
  RingBuilders,
  RingPrep,
  UnsafeRingBuilders,
  UnsafeRingPrep,
  SafeOptionsOf,
  ArgsOf,
  PtrKeys,
  MemOf,
  RingOptions,
} from '../ts/ring/ring.ts';
export type { RingBackend, RingParams, Timespec, InPlaceRings } from '../ts/ring/backend.ts';
export { loadCore, useWasm } from '../ts/core/load-node.ts';
export { UringError, errnoName, errnoDescription, isErrno, ERRNO, type UringErrorOptions } from '../ts/errors.ts';
export { KernelBackend } from './kernel/backend.ts';
export { credentialsChanged } from './kernel/credentials.ts';
export { ioUringAvailability, type Availability } from './kernel/availability.ts';
export { ioUringSetup, setupFlagsAccepted } from './kernel/setup.ts';
export type { SetupOptions, UserAddrs } from './kernel/params.ts';
export type { RingLayout, UserRings } from './kernel/mapping.ts';
// What `uring probe` reports, for programs: the setup flags and features by name, the mmap offset tables.
export { SETUP_FLAGS, FEATURES, flagNames, SQ_OFF, CQ_OFF, type FlagInfo } from './sys/abi.ts';
export { InPlaceBackend, type InPlaceOptions } from './kernel/inplace.ts';
export { addressOf, addressOfRange, Pins, Pin, type Memory } from './sys/memory.ts';
export { probe, probeKernel, type Probe, type ProbedOp } from './register/probe.ts';
export { ioUringRegister } from './register/call.ts';
export type { Bytes } from './sys/libc.ts';
export { BufferRing, type BufferRingOptions } from './register/pbuf.ts';
export type { RingTarget } from './register/common.ts';
export * from '../ts/opflags.ts';

/** A sync Ring over the real kernel: `createRing({ entries: 256, flags: SETUP.SQPOLL, busyPoll: true })` (setup
 *  options and the Ring's options together). With `inPlace: true`
 *  (Linux 6.5+) the rings live in the WASM core's memory (IORING_SETUP_NO_MMAP) and nothing is copied. */
export function createRing(opts: SetupOptions & RingOptions & { inPlace?: boolean } = {}): Ring {
  const { inPlace, batch, busyPoll, busyPollUs, ...setup } = opts;
  const core = loadCore();
  const backend = inPlace ? InPlaceBackend.setup({ ...setup, core }) : KernelBackend.setup(setup);
  try {
    const ringOpts: RingOptions = {};
    if (batch !== undefined) ringOpts.batch = batch;
    if (busyPoll !== undefined) ringOpts.busyPoll = busyPoll;
    if (busyPollUs !== undefined) ringOpts.busyPollUs = busyPollUs;
    return new Ring(core, backend, ringOpts);
  } catch (e) {
    backend.close(); // no fd left behind
    throw e;
  }
}
export {
  IoUring,
  Statx,
  parseSockaddr,
  localAddress,
  engineChoice,
  type EngineName,
  type IoUringOptions,
  type FileOps,
  type FsOps,
  type Path,
  type NetOps,
  type PollOps,
  type MultishotOps,
  type OpOptions,
  type MultishotIterator,
  type SockAddr,
  type LocalAddress,
} from './async/index.ts';
