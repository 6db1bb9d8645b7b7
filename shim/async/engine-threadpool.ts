// Node only: the completion engine that waits on a libuv threadpool thread (measured on kernel 6.18 / Node 20).
// - While anything is in flight, ONE koffi async io_uring_enter(fd, 0, 1, GETEVENTS) waits on a worker thread;
//   when it returns, the main thread reaps every CQE and re-arms if anything is still in flight. Nothing in
//   flight: nothing outstanding, so the process can exit.
// - CQEs already in the CQ after a submit (page-cache reads complete inside the submit's enter) are reaped on
//   the main thread in a setImmediate instead (no hop: IoUring.read, 64 in flight, ~200 K/s → 380-480 K/s;
//   setImmediate, not a microtask, so a loop of cached reads cannot starve I/O). That is safe while the waiter
//   sleeps: the kernel's wait target is the CQ head at wait start + 1, so it returns at the next CQE posted,
//   whoever reaps; if the main thread reaps the last op in flight, a NOP with a user_data no slot has (at most
//   one, and no main-thread reaping until the waiter has returned and reaped it) wakes the waiter, and close
//   finishes from onWake, never unmapping a ring a thread waits on. Once closing, only the waiter reaps.
// - The alternative (an eventfd registered with the ring and a koffi async read of it) costs the same (one NOP
//   round trip: 70-80 µs either way, both a worker-thread hop) but needs an extra fd and registration.
// - It holds one libuv threadpool thread while ops are in flight (UV_THREADPOOL_SIZE, default 4, is shared with
//   fs and dns). IORING_SETUP_SINGLE_ISSUER / DEFER_TASKRUN are refused: there only the submitting thread may wait.
import { SETUP } from '../../ts/constants.ts';
import type { KernelBackend } from '../kernel/backend.ts';
import { sys } from '../sys/libc.ts';
import type { Engine, EngineHost } from './engine.ts';
import type { IoUringOptions } from './types.ts';

const ENTER_GETEVENTS = 1;
const NR_ENTER = 426;
/** user_data of the NOP that wakes the waiter: slot index 0xffffffff, which no slot has. */
const WAKE_UD = 0xffffffff;

type EnterAsync = (
  nr: number,
  fd: number,
  toSubmit: number,
  minComplete: number,
  flags: number,
  arg: number,
  argsz: number,
  cb: (err: unknown, res: number) => void,
) => void;
let enterAsync: EnterAsync | undefined;

/** The async form of libc.ts's io_uring_enter binding (a fixed prototype of syscall(2): koffi cannot call a
 *  variadic function async). */
function waiter(): EnterAsync {
  if (enterAsync) return enterAsync;
  const fn = sys().enter as unknown as { async: EnterAsync };
  enterAsync = fn.async.bind(fn);
  return enterAsync;
}

export class ThreadpoolEngine implements Engine {
  readonly name = 'threadpool';
  readonly #host: EngineHost;
  readonly #enter: EnterAsync;
  /** A wait is outstanding on a worker thread. */
  #armed = false;
  /** A wake NOP is posted and not yet reaped: no main-thread reaping until the waiter has returned. */
  #wakePending = false;
  /** A main-thread reap (setImmediate) is scheduled. */
  #reapScheduled = false;
  #failures = 0;
  #closed = false;
  /** close() waits for the armed waiter to return. */
  #closeDone: (() => void) | null = null;
  readonly #wakeFn = (err: unknown, res: number) => this.#onWake(err, res);
  readonly #reapFn = () => this.#onReap();

  /** Setup options this engine cannot serve: a RangeError saying why. */
  static checkSetup(opts: IoUringOptions): void {
    const flags = opts.flags ?? 0;
    if (typeof flags === 'number' && flags & (SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN))
      throw new RangeError(
        'IoUring.create: IORING_SETUP_SINGLE_ISSUER / DEFER_TASKRUN cannot be used: completions are awaited by io_uring_enter on a worker thread, which those rings allow only from the submitting thread (use the sync Ring for them)',
      );
    if (typeof flags === 'number' && flags & SETUP.IOPOLL)
      throw new RangeError(
        'IoUring.create: IORING_SETUP_IOPOLL cannot be used: its completions must be polled, not awaited (use the sync Ring)',
      );
    if (opts.registerRingFd)
      throw new RangeError(
        'IoUring.create: registerRingFd cannot be used: a registered ring index is per thread and the waiter runs on another one',
      );
  }

  /** The flags to set up with: the caller's (no default flags on this engine). */
  static setup(opts: IoUringOptions, setup: (o: IoUringOptions) => KernelBackend): KernelBackend {
    return setup(opts);
  }

  constructor(host: EngineHost, _backend?: KernelBackend) {
    this.#host = host;
    this.#enter = waiter();
  }

  /**
   * After a submit: completions already in the CQ are reaped on the main thread in a setImmediate, without a
   * worker hop; otherwise the waiter is armed. An armed waiter left with nothing in flight (the main thread
   * reaped the last op) is woken by a NOP.
   */
  kick(): void {
    if (this.#closed) return;
    const host = this.#host;
    if (!host.closing && !this.#wakePending && host.ring.cqReady > 0) {
      if (!this.#reapScheduled) {
        this.#reapScheduled = true;
        setImmediate(this.#reapFn);
      }
      return;
    }
    if (host.inFlight === 0) {
      if (this.#armed) this.#wake();
      return;
    }
    this.#arm();
  }

  close(done: () => void): void {
    if (this.#closed) return;
    if (this.#armed) {
      // The main thread reaped the last op while the waiter slept: wake it, finish from #onWake (the ring
      // must not be unmapped under a thread still waiting on it).
      this.#closeDone = done;
      this.#wake();
      return;
    }
    this.#closed = true;
    done();
  }

  #arm(): void {
    if (this.#armed || this.#host.inFlight === 0 || this.#closed) return;
    this.#armed = true;
    this.#enter(NR_ENTER, this.#host.fd, 0, 1, ENTER_GETEVENTS, 0, 0, this.#wakeFn);
  }

  /** Make the armed waiter return: a NOP whose CQE belongs to no slot (at most one at a time). */
  #wake(): void {
    if (this.#wakePending || !this.#armed || this.#closed) return;
    this.#wakePending = true;
    this.#host.ring.prep.nop({ userData: WAKE_UD });
    this.#submitWake();
  }

  /** Submit the wake NOP; on EAGAIN/EBUSY (not seen with nothing in flight) try again shortly, so the waiter
   *  is never left blocked until some later submit. */
  #submitWake(): void {
    if (this.#closed || !this.#wakePending) return;
    if (!this.#host.submit()) setTimeout(() => this.#submitWake(), 1);
  }

  /**
   * The main-thread reap. Safe while the waiter sleeps: the kernel's wait target is the CQ head at wait start
   * plus one, so it still returns at the next CQE posted, whoever reaps; and if nothing is left to post one,
   * kick() wakes it with a NOP. Not once closing (close settles through the waiter), nor while a wake NOP is
   * pending (its CQE must stay for the waiter to see).
   */
  #onReap(): void {
    this.#reapScheduled = false;
    if (this.#closed || this.#host.closing || this.#wakePending) return;
    this.#host.onCompletions();
    this.#host.schedule(); // submit and kick after the settled promises' continuations have started their next ops
  }

  /** The waiter returned (a CQE was posted, or the wait failed). */
  #onWake(err: unknown, res: number): void {
    this.#armed = false;
    this.#wakePending = false; // a wake NOP was posted before this runs on the main thread: reaped below
    if (this.#closed) return;
    const host = this.#host;
    const n = host.onCompletions();
    const done = this.#closeDone;
    if (done) {
      this.#closeDone = null;
      this.#closed = true;
      done();
      return;
    }
    if (n === 0 && (err || res < 0)) {
      // The wait failed (EINTR from a signal, most likely): back off if it keeps failing.
      if (++this.#failures > 100) {
        setTimeout(() => {
          this.#failures = 0;
          host.flush();
        }, 10);
        return;
      }
    } else this.#failures = 0;
    host.flush();
  }
}
