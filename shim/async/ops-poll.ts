// Node only: IoUring's readiness and timer ops: pollAdd and timeout. Each method is one call() (call.ts).
import { addr, fdArg, optInt, timespec } from './args.ts';
import { call, pinned } from './call.ts';
import { CORE, type Core } from './core.ts';
import { op } from './slots.ts';
import type { OpOptions } from './types.ts';

const POLL_ADD = op('pollAdd', 'pollAdd', (fd, events) => ({ fd: fdArg('pollAdd', fd), pollMask: events }));
const TIMEOUT = op(
  'timeout',
  'timeout',
  (ms, o) => {
    const ts = timespec('timeout', ms);
    const count = optInt('timeout', 'count', o?.count);
    const flags = optInt('timeout', 'flags', o?.flags);
    return pinned({ ts: addr(ts), count, timeoutFlags: flags }, ts);
  },
  () => false,
  { timer: true },
);

/** IoUring's poll and timer ops (mixed into IoUring.prototype; typed through IoUring's declaration merging). */
export class PollOps {
  /** @internal The ring's machinery (the op methods run on IoUring, which has it). */
  declare readonly [CORE]: Core;

  /** poll: resolves the ready events (poll(2) bits) once `fd` has any of `events` (EPOLL* / POLL* bits). */
  pollAdd(fd: number, events: number, o?: OpOptions): Promise<number> {
    return call(this, POLL_ADD, o, fd, events);
  }

  /**
   * A timer: resolves `true` when `ms` passed (the kernel's -ETIME), or `false` when `count` other completions
   * arrived first. Cancel with a signal (AbortError) or cancel(promise).
   */
  timeout(ms: number, o?: OpOptions & { count?: number; flags?: number }): Promise<boolean> {
    return call(this, TIMEOUT, o, ms, o);
  }
}
