// Node only: the ring uring/fs uses when none is given: one per thread (module state is per thread), made on
// first use. IoUring's poll handle is unref'd while nothing is in flight, so it never keeps the process alive.
import { IoUring } from '../async/io-uring.ts';
import { enableDirect } from './direct.ts';

let ring: IoUring | null = null;

/** This thread's uring/fs ring, created on first call. */
export function defaultRing(): IoUring {
  if (ring === null || ring.closed) {
    ring = new IoUring({ entries: 256 });
    enableDirect(ring);
  }
  return ring;
}

/** The default ring if it was made (tests). */
export function defaultRingIfMade(): IoUring | null {
  return ring;
}
