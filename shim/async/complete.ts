// Node only: what a CQE does to its op. The CQ is drained in bulk (Ring.copyCqes: typed arrays, no object per
// CQE) and each CQE is matched to its slot by user_data (index + generation; a stale or foreign one is ignored).
// The rules: F_MORE means more CQEs follow (a multishot value; a zero-copy send's result, whose buffer stays
// pinned until its F_NOTIF CQE); an op with a link timeout settles once both CQEs arrived, so an ECANCELED caused
// by the timeout firing becomes ETIME; a multishot op that stopped on its own is re-armed or ends its iterator.
import { CQE_F } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';
import { cancelEach } from './cancel.ts';
import type { Core } from './core.ts';
import { abortError } from './errors.ts';
import { K_CANCEL_ANY, KERNEL, type Slot } from './slots.ts';

const ECANCELED = 125,
  ETIME = 62,
  EINTR = 4,
  ENOBUFS = 105,
  EINVAL = 22;

/** Enters in a row that may post no CQE while the SQ flags still say work waits (see drain). */
const MAX_EMPTY_FLUSHES = 64;

/** Drain the CQ and settle by user_data; the number of CQEs reaped. When nothing is ready, Ring.copyCqes enters
 *  with GETEVENTS if the SQ flags say the kernel holds work (IORING_SQ_TASKRUN, CQ_OVERFLOW). On a DEFER_TASKRUN
 *  ring one enter runs at most 20 deferred task-work items (the kernel's IO_LOCAL_TW_DEFAULT_MAX) and keeps the
 *  rest, with IORING_SQ_TASKRUN set again, but tells no one: the eventfd is signalled only when the list goes from
 *  empty to not, the ring fd's pollers only when CQEs are posted. A round can post no CQE (20 polls woken for data
 *  another reader took, re-armed), so the loop goes on while the flag is set, not while CQEs come; after
 *  MAX_EMPTY_FLUSHES such rounds it returns and the engine comes back (Ring.cqNeedsFlush still true). */
export function drain(c: Core): number {
  let n = 0,
    empty = 0;
  for (;;) {
    const b = c.ring.copyCqes(0);
    const count = b.count;
    if (count === 0) {
      if (++empty > MAX_EMPTY_FLUSHES || !c.ring.cqNeedsFlush) break;
      continue;
    }
    empty = 0;
    n += count;
    const lo = b.userDataLo,
      hi = b.userDataHi,
      r = b.res,
      f = b.flags,
      bid = b.bufId;
    for (let i = 0; i < count; i++) complete(c, lo[i]!, hi[i]!, r[i]!, f[i]!, bid[i]!);
  }
  return n;
}

function complete(c: Core, idx: number, gen: number, res: number, flags: number, bufId: number): void {
  const s = c.slots[idx];
  if (s === undefined || s.gen !== gen || s.state !== KERNEL) return; // not ours, or stale
  const more = (flags & CQE_F.MORE) !== 0;
  const it = s.iter;
  if (it) {
    if (res >= 0 || (s.op.timer && res === -ETIME)) {
      const v = s.op.shot!(res, flags, s, it);
      if (v !== undefined) it.push(v);
    } else if (bufId >= 0) it.ring?.recycle(bufId);
    if (more) return;
    c.inFlight--;
    c.release(s);
    if (it.returning || it.stopping || it.error !== undefined || c.closing) {
      it.end(it.error);
      return;
    }
    // The op stopped on its own. The kernel also ends a multishot op whose next CQE found the CQ full (it does
    // not put those on the overflow list): its last CQE is then a value without F_MORE. Re-armed: recv / read
    // with buffers on ENOBUFS or a last data CQE, poll and accept on a last value, a ticking timeout while
    // ticks are left.
    if (it.op.rearm ? res === -ENOBUFS || res > 0 : s.op.timer ? res === -ETIME && it.ticksLeft() : res >= 0) {
      try {
        it.rearm();
      } catch (e) {
        it.end(e);
      }
      return;
    }
    if (res < 0 && res !== -ECANCELED && !(s.op.timer && res === -ETIME)) it.end(new UringError(res, s.op.name));
    else it.end();
    return;
  }
  if (more) {
    s.held = res; // zero-copy send: the result; the buffer stays pinned until the F_NOTIF CQE
    return;
  }
  if (flags & CQE_F.NOTIF) res = s.held;
  if (s.ltOf >= 0) {
    // A link timeout's own CQE: -ETIME when it fired (its op then ends with -ECANCELED).
    const t = c.slots[s.ltOf]!;
    c.inFlight--;
    const fired = res === -ETIME;
    c.release(s);
    if (t.lt === idx) {
      t.ltFired = fired;
      t.ltDone = true;
      if (t.waiting) settle(c, t, t.held);
    }
    return;
  }
  if (s.lt >= 0 && !s.ltDone) {
    s.held = res; // wait for the link timeout's CQE to know why a -ECANCELED happened
    s.waiting = true;
    return;
  }
  settle(c, s, res);
}

/** The op's final result: resolve (mapped) or reject (UringError, AbortError, ETIME for a fired link timeout). */
function settle(c: Core, s: Slot, res: number): void {
  c.inFlight--;
  const resolve = s.resolve,
    reject = s.reject;
  if (resolve === null || reject === null) {
    if (s.op === K_CANCEL_ANY && res === -EINVAL) cancelEach(c);
    c.release(s);
    return;
  }
  let err: unknown;
  let value: unknown;
  if (res === -ETIME && s.op.timer) value = true;
  else if (res < 0) {
    if (s.op === K_CANCEL_ANY && res === -EINVAL) cancelEach(c);
    if (s.aborted && (res === -ECANCELED || res === -EINTR)) err = abortError(s.signal!);
    else if (s.ltFired && res === -ECANCELED)
      err = new UringError(
        ETIME,
        s.op.name,
        s.path === undefined
          ? { detail: 'the linked timeout expired' }
          : { path: s.path, detail: 'the linked timeout expired' },
      );
    else err = new UringError(res, s.op.name, s.path === undefined ? {} : { path: s.path });
  } else {
    const map = s.op.map;
    if (map === undefined) value = res;
    else {
      try {
        value = map(res, s);
      } catch (e) {
        err = e;
      }
    }
  }
  c.release(s);
  if (err !== undefined) reject(err);
  else resolve(value);
}
