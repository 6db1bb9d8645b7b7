/**
 * `uring/ring`: the sync {@link Ring} (liburing-like) over a backend, and the simulated kernel backend
 * {@link SimBackend}. Browser-safe.
 * @module uring/ring
 */
export { Ring, SqFullError, CqeBatch, OpUnsupportedError } from './ring.ts';
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
} from './ring.ts';
export { PREP_MANY_COLUMNS } from './many.ts';
export type { PrepManyOp, PrepManyOptions } from './many.ts';
export { SimBackend } from './sim.ts';
export type { SimOptions, SimEnter, SimErrno } from './sim.ts';
export type { RingBackend, RingParams, Timespec, InPlaceRings } from './backend.ts';
