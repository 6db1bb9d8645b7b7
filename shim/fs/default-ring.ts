// Node only: the ring uring/fs uses when none is given: one per thread (module state is per thread), made on
// first use. IoUring's poll handle is unref'd while nothing is in flight, so it never keeps the process alive.
//
// Where this thread cannot have a ring (io_uring disabled by kernel.io_uring_disabled, a seccomp profile such as
// Docker's default, a kernel without it) or the user asked for it (URING_FS=node), uring/fs is node:fs/promises
// itself: a drop-in must keep working. The first case is reported once with process.emitWarning, saying why.
import { IoUring } from '../async/io-uring.ts';
import { UringError } from '../../ts/errors.ts';
import { enableDirect } from './direct.ts';

let ring: IoUring | null = null;
/** undefined: not decided yet; null: io_uring; a string: why node:fs/promises is used instead. */
let fallback: string | null | undefined;

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

/** A setup error that means "no io_uring here" (not a bad option or a transient shortage). */
export function meansUnavailable(e: unknown): e is UringError {
  return (
    e instanceof UringError &&
    e.syscall === 'io_uring_setup' &&
    (e.code === 'EPERM' || e.code === 'ENOSYS' || e.code === 'EACCES')
  );
}

/**
 * Why uring/fs runs on node:fs/promises in this thread, or null when it runs on io_uring. Decided on the first
 * call (which makes the default ring): `URING_FS=node` in the environment, or a ring that cannot be set up
 * because io_uring is unavailable (then a warning, code URING_FS_FALLBACK, says why and how to enable it).
 */
export function fallbackReason(): string | null {
  if (fallback !== undefined) return fallback;
  if (process.env.URING_FS === 'node') {
    fallback = 'URING_FS=node';
    return fallback;
  }
  try {
    defaultRing();
    fallback = null;
  } catch (e) {
    if (!meansUnavailable(e)) throw e;
    fallback = e.message;
    process.emitWarning(`uring/fs: io_uring is unavailable, using node:fs/promises: ${e.message}`, {
      code: 'URING_FS_FALLBACK',
    });
  }
  return fallback;
}
