// uring/ring: the sync Ring (liburing-like) over a backend, and the simulated kernel backend. Browser-safe.
export { Ring, SqFullError, CqeBatch } from './ring.ts';
export { SimBackend } from './sim.ts';
export type { RingBackend, RingParams, Timespec } from './backend.ts';
