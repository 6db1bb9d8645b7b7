// Node only: cancellation in the async IoUring. An op still waiting in JS is settled at once and skipped; an op
// in the kernel gets an internal ASYNC_CANCEL by its user_data, issued ahead of the queue. An AbortSignal's
// listener is the slot itself (no closure per op). close() cancels everything with one ASYNC_CANCEL ANY, or
// where the kernel refuses that (before 5.19: EINVAL), with one cancel per op in flight.
import { UringError } from '../../ts/errors.ts';
import { checkOptions, length64 } from './args.ts';
import type { Core } from './core.ts';
import { abortError } from './errors.ts';
import { Multishot } from './multishot.ts';
import { FREE, K_CANCEL_ANY, K_CANCEL_INTERNAL, KERNEL, QUEUED, SKIP, op, type Slot } from './slots.ts';
import type { MultishotIterator, OpOptions } from './types.ts';

const ECANCELED = 125,
  ENOENT = 2;
const CANCEL = op('cancel', 'cancel');

/** The AbortSignal listener of a slot. */
export function abortSlot(c: Core, s: Slot): void {
  if (s.state === QUEUED) {
    const sig = s.signal!;
    if (s.lt >= 0) c.fail(c.slots[s.lt]!, null);
    c.fail(s, abortError(sig));
    return;
  }
  if (s.state !== KERNEL || s.aborted) return;
  s.aborted = true;
  cancelUd(c, s.userData);
}

/** Cancel a multishot iterator's op. */
export function cancelSlot(c: Core, s: Slot | null): void {
  if (s === null) return;
  if (s.state === QUEUED) {
    const it = s.iter;
    c.fail(s, undefined);
    it?.end();
    return;
  }
  if (s.state === KERNEL) cancelUd(c, s.userData);
}

/** An internal ASYNC_CANCEL by user_data, issued ahead of the queue. */
function cancelUd(c: Core, ud: number): void {
  if (c.closed) return;
  const x = c.take();
  x.op = K_CANCEL_INTERNAL;
  x.opts = { targetUserData: ud, cancelFlags: 0, userData: x.userData };
  c.enqueueUrgent(x);
  c.schedule();
}

/** ASYNC_CANCEL ANY (5.19); where the kernel refuses it (EINVAL), one cancel per op in flight. */
export function cancelAll(c: Core): void {
  const x = c.take();
  x.op = K_CANCEL_ANY;
  x.opts = { cancelFlags: 0, userData: x.userData };
  c.enqueueUrgent(x);
}

/** One cancel per op in flight (the fallback of cancelAll). */
export function cancelEach(c: Core): void {
  for (const s of c.slots)
    if (s.state === KERNEL && s.op !== K_CANCEL_INTERNAL && s.op !== K_CANCEL_ANY) cancelUd(c, s.userData);
}

/** IoUring.cancel: see its doc comment. */
export function cancelTarget(
  c: Core,
  target: Promise<unknown> | MultishotIterator<unknown> | number,
  o: OpOptions | undefined,
): Promise<number> {
  try {
    checkOptions('cancel', o);
    let ud: number | undefined;
    if (typeof target === 'number') ud = length64('cancel', 'target', target);
    else if (target instanceof Promise || target instanceof Multishot) {
      for (const s of c.slots) {
        if (s.state === FREE || s.state === SKIP) continue;
        if (s.promise === target || (s.iter !== null && s.iter === target)) {
          if (s.state === QUEUED) {
            c.fail(s, new UringError(ECANCELED, s.op.name, s.path === undefined ? {} : { path: s.path }));
            return Promise.resolve(1);
          }
          ud = s.userData;
          if (s.iter) s.iter.returning = true;
          break;
        }
      }
      if (ud === undefined) return Promise.reject(new UringError(ENOENT, 'cancel', { detail: 'no such op in flight' }));
    } else
      throw new TypeError(
        `cancel: target must be an op's promise, a multishot iterator or a user_data number, got ${target === null ? 'null' : typeof target}`,
      );
    return c.start(CANCEL, { targetUserData: ud }, null, undefined, o, null) as Promise<number>;
  } catch (e) {
    return Promise.reject(e);
  }
}
