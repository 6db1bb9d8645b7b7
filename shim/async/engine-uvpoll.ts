// Node only: the completion engine that lives on the thread's own event loop (the default). An eventfd is
// registered with the ring (IORING_REGISTER_EVENTFD) and polled by a libuv uv_poll_t in the calling thread's loop
// (shim/sys/uv.ts); when it is readable the loop calls back on the JS thread, which resets it, reaps every CQE and
// submits what the freed room allows. No threadpool thread, no thread hop: a pipe round trip costs one epoll
// wake-up.
// - Why an eventfd and not the ring fd: on a DEFER_TASKRUN ring a completion that becomes ready while the thread
//   sleeps in epoll_wait is queued as deferred work, and the kernel then wakes only a task waiting inside
//   io_uring_enter, not pollers of the ring fd; it does signal the ring's eventfd. The eventfd is read before
//   reaping, so work queued after the read signals it again and nothing is missed.
// - The poll is unref'd while nothing is in flight, so an idle ring never keeps the process alive (like an
//   unref'd socket), and ref'd while anything is.
// - Flags: by default SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG (one thread submits and reaps; completions run
//   when it asks, in batches; the SQ flags say when work is pending), else none where the kernel refuses them.
//   Caller's flags are used as given, but DEFER_TASKRUN always gets TASKRUN_FLAG (how the engine knows to enter).
//   COOP_TASKRUN without DEFER_TASKRUN is refused: its completions wait for the thread to enter the kernel, and
//   this thread sleeps in epoll instead. IOPOLL is refused (its completions must be polled by enter).
// - Worker threads: the handle and the fds are released by C cleanup hooks if the worker is terminated without
//   running JS (see shim/sys/uv.ts).
import { SETUP } from '../../ts/constants.ts';
import type { KernelBackend } from '../kernel.ts';
import { registerEventfd } from '../registration.ts';
import { EFD_CLOEXEC, EFD_NONBLOCK, close as closeFd, eventfd, sys } from '../sys.ts';
import { FdPoll, closeAtTeardown } from '../sys/uv.ts';
import type { Engine, EngineHost } from './engine.ts';
import type { IoUringOptions } from './types.ts';

/** Asked for when the caller gives no flags, in order, until the kernel accepts one. */
export const DEFAULT_FLAGS = [SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN | SETUP.TASKRUN_FLAG, 0] as const;

export class UvPollEngine implements Engine {
  readonly name = 'uvpoll';
  readonly #host: EngineHost;
  readonly #efd: number;
  readonly #poll: FdPoll;
  readonly #unhook: (() => void)[];
  readonly #efdBuf = new BigUint64Array(1);
  #closed = false;

  /** Setup options this engine cannot serve: a RangeError saying why. */
  static checkSetup(opts: IoUringOptions): void {
    const flags = opts.flags ?? 0;
    if (typeof flags !== 'number') return; // KernelBackend.setup reports the type
    if (flags & SETUP.IOPOLL)
      throw new RangeError('IoUring.create: IORING_SETUP_IOPOLL cannot be used: its completions must be polled by io_uring_enter, not awaited (use the sync Ring)');
    if ((flags & (SETUP.COOP_TASKRUN | SETUP.DEFER_TASKRUN)) === SETUP.COOP_TASKRUN)
      throw new RangeError('IoUring.create: IORING_SETUP_COOP_TASKRUN without DEFER_TASKRUN cannot be used: its completions wait until the thread enters the kernel, and this thread sleeps in the event loop instead (DEFER_TASKRUN, the default, is the cooperative mode that works here)');
  }

  /** The flags to set up with: the caller's, else the first default set the kernel accepts. */
  static setup(opts: IoUringOptions, setup: (o: IoUringOptions) => KernelBackend): KernelBackend {
    // TASKRUN_FLAG goes with DEFER_TASKRUN: the SQ flags then say when deferred completions wait for an enter.
    if (typeof opts.flags === 'number' && opts.flags & SETUP.DEFER_TASKRUN) return setup({ ...opts, flags: opts.flags | SETUP.TASKRUN_FLAG });
    if (opts.flags !== undefined) return setup(opts);
    for (let i = 0; ; i++) {
      try {
        return setup({ ...opts, flags: DEFAULT_FLAGS[i]! });
      } catch (e) {
        if (i + 1 === DEFAULT_FLAGS.length || (e as { code?: string }).code !== 'EINVAL') throw e;
      }
    }
  }

  constructor(host: EngineHost, backend: KernelBackend) {
    this.#host = host;
    this.#efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    // Teardown hooks run last-added first: the poll's own hook (stop watching) before these closes.
    this.#unhook = [closeAtTeardown(this.#efd), closeAtTeardown(host.fd)];
    try {
      registerEventfd(backend, this.#efd);
      this.#poll = new FdPoll(this.#efd, (status) => this.#ready(status));
    } catch (e) {
      for (const u of this.#unhook) u();
      closeFd(this.#efd);
      throw e;
    }
  }

  kick(): void {
    if (this.#host.inFlight > 0) this.#poll.ref();
    else this.#poll.unref();
  }

  #ready(status: number): void {
    if (this.#closed) return;
    if (status < 0) throw new Error(`IoUring: polling the ring's eventfd failed (libuv error ${status})`);
    sys().read(this.#efd, this.#efdBuf, 8); // reset first: later work signals it again
    this.#host.onCompletions();
    this.#host.schedule(); // submit and kick after the settled promises' continuations have started their next ops
  }

  close(done: () => void): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#poll.close();
    for (const u of this.#unhook) u();
    closeFd(this.#efd);
    done();
  }
}
