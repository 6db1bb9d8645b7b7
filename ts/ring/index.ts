// uring/ring: the sync Ring (liburing-like) over a backend, and the simulated kernel backend. Browser-safe.
export { Ring, SqFullError, OpUnsupportedError, CqeBatch } from './ring.ts';
export type { RingOptions, RingPrep, RingBuilders } from './ring.ts';
export { SimBackend } from './sim.ts';
export type { SimOptions, SimEnter, SimErrno } from './sim.ts';
export type { RingBackend, RingParams, Timespec, InPlaceRings } from './backend.ts';
