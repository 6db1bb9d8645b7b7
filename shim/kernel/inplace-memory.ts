// Node only: giving a closed in-place ring's regions back to the core, once the kernel is done with them.
//
// close(2) on a ring fd only starts the teardown: a kernel worker (io_ring_exit_work) cancels what is left,
// waits for the ring's references and for this thread's task work, then io_ring_ctx_free unregisters the
// ring's files, flushes the CQ one last time (it stores the CQ tail and clears a flag word in the rings) and
// unpins the regions. Until then the kernel may write anywhere in them; measured on 6.18, a region handed to the
// next ring too early received the old ring's CQ tail, and that ring read 6 CQEs that were never written.
// Nothing reports the end of the teardown to userspace, so the ring is given a sentinel before its fd is
// closed: the write end of a pipe, registered as the ring's fixed file (IORING_REGISTER_FILES, or slot 0 of the
// app's own table through FILES_UPDATE: the ring is closing, nobody uses that slot again). Our copy of the write
// end is closed at once, so the read end reports POLLHUP only when io_ring_ctx_free has dropped the ring's
// reference. The kernel drops it from a worker thread, which defers the final close by at least one scheduler
// tick (fput from a kernel thread goes through delayed work), while the few stores that follow it in
// io_ring_ctx_free (under the ring's lock, no sleeping) take microseconds; the regions are given back a further
// MARGIN_MS after the hang-up was first seen. Until then they stay parked. Where the sentinel cannot be armed
// (registration refused), the regions are never given back: growing is safe, reusing memory the kernel may
// still write is not.
//
// Parked regions are looked at (one poll(2) over every sentinel, no waiting) whenever an in-place ring is set
// up on the same core, by reclaimInPlace(), and by an unref'd timer while any are parked (so the sentinels' fds
// and the memory come back without another setup, and the timer never keeps the process alive).
import type { Core } from '../../ts/core/core.ts';
import { REGISTER } from '../sys/abi.ts';
import { close as closeFd, ioUringRegisterRaw, O_CLOEXEC, O_NONBLOCK, pipe, pollNow } from '../sys/libc.ts';
import { addressOf } from '../sys/memory.ts';

/** How long after the sentinel's hang-up is first seen the regions stay parked. */
const MARGIN_MS = 20;
const POLLIN = 0x1;
const POLLHUP = 0x10;
const EBUSY = 16;

interface Parked {
  ptrs: number[];
  /** The sentinel pipe's read end. */
  rfd: number;
  /** When the hang-up was first seen (performance.now()), or -1. */
  hupAt: number;
}

const PARKED = new WeakMap<Core, Parked[]>();

/**
 * Arm the teardown sentinel on ring `fd` (still open) and park `ptrs` (regions of `core`) until it fires.
 * Returns false when the sentinel could not be armed: the regions then stay allocated for good.
 */
export function parkRegions(core: Core, fd: number, ptrs: readonly number[]): boolean {
  let ends: [number, number];
  try {
    ends = pipe(O_CLOEXEC | O_NONBLOCK);
  } catch {
    return false;
  }
  const [rfd, wfd] = ends;
  const fds = new Int32Array([wfd]);
  const r = ioUringRegisterRaw(fd, REGISTER.FILES, fds, 1);
  let ok = r >= 0;
  if (r === -EBUSY) {
    // The app registered a file table: put the sentinel in its slot 0 (struct io_uring_files_update).
    const upd = new BigUint64Array([0n, BigInt(addressOf(fds))]);
    ok = ioUringRegisterRaw(fd, REGISTER.FILES_UPDATE, upd, 1) === 1;
  }
  closeFd(wfd);
  if (!ok) {
    closeFd(rfd);
    return false;
  }
  const list = PARKED.get(core) ?? [];
  PARKED.set(core, list);
  list.push({ ptrs: [...ptrs], rfd, hupAt: -1 });
  watch(core, MARGIN_MS + 5);
  return true;
}

const WATCHED = new WeakSet<Core>();

/** Reclaim `core`'s parked regions from an unref'd timer, backing off to once a second while some remain. */
function watch(core: Core, ms: number): void {
  if (WATCHED.has(core)) return;
  WATCHED.add(core);
  const t = setTimeout(() => {
    WATCHED.delete(core);
    let left = 0;
    try {
      left = reclaimInPlace(core);
    } catch {}
    if (left > 0) watch(core, Math.min(ms * 2, 1000));
  }, ms);
  t.unref?.();
}

/** Give back to `core` the regions of closed in-place rings whose teardown has finished. Returns how many
 *  rings' regions are still parked. */
export function reclaimInPlace(core: Core): number {
  const list = PARKED.get(core);
  if (!list || list.length === 0) return 0;
  const fds = new Int32Array(list.length * 2);
  for (let i = 0; i < list.length; i++) {
    fds[2 * i] = list[i]!.rfd;
    fds[2 * i + 1] = POLLIN;
  }
  pollNow(fds);
  const now = performance.now();
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const p = list[i]!;
    if ((fds[2 * i + 1]! >>> 16) & POLLHUP && p.hupAt < 0) p.hupAt = now;
    if (p.hupAt >= 0 && now - p.hupAt >= MARGIN_MS) {
      closeFd(p.rfd);
      for (const ptr of p.ptrs) core.free(ptr);
    } else list[kept++] = p;
  }
  list.length = kept;
  return kept;
}
