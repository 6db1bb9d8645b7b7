// Node only: the completion engine that lives on the thread's own event loop (the default). The ring fd is polled
// by a libuv uv_poll_t in the calling thread's loop (shim/sys/uv.ts); when it is readable the loop calls back on
// the JS thread, which reaps every CQE and submits what the freed room allows. No threadpool thread, no thread
// hop: a pipe round trip costs one epoll wake-up.
// - DEFER_TASKRUN rings (only when asked for) also get an eventfd registered with the ring
//   (IORING_REGISTER_EVENTFD), polled too. Their completions are queued as deferred task work, which wakes only a
//   task waiting inside io_uring_enter; pollers of the ring fd are woken only when CQEs are posted (epoll, level-
//   triggered, sees pending work only by re-checking a ring fd it reported the round before), and the eventfd is
//   signalled when the work list goes from empty to not. It is read (reset) before reaping. Measured on 6.18 (in C
//   with liburing too): for work queued from a file's wake-up (a pipe written by any thread, this one included; a
//   TCP receive) IORING_SQ_TASKRUN shows at once but the eventfd count 10-25 ms later: the kernel hands that signal
//   to an RCU callback (io_eventfd_do_signal; the io_uring tracepoints show the CQE posted right after the RCU core
//   ran); a timeout's (hrtimer) comes in ~5 µs. Once its loop sleeps, a DEFER ring waits ~16 ms per wake-up, and
//   no flag avoids it (REGISTER_EVENTFD_ASYNC signals only from io-wq, CQ_EVENTFD_DISABLED only silences).
//   One enter runs at most 20 deferred items and keeps the rest, signalling nothing: complete.ts's drain goes on
//   while IORING_SQ_TASKRUN is set, and the engine comes back next loop turn if it still is.
// - The poll is unref'd while nothing is in flight, so an idle ring never keeps the process alive (like an
//   unref'd socket), and ref'd while anything is.
// - Flags: by default SINGLE_ISSUER | COOP_TASKRUN | TASKRUN_FLAG (one thread submits and reaps; completion work
//   is run without interrupting the thread by IPI; the SQ flags say when some waits), else the first subset the
//   kernel accepts. Measured against the alternatives with bench/echo.ts (200 connections, ping-pong, 2 cores):
//   SINGLE_ISSUER alone spent 1.75x node:net's CPU per message, COOP_TASKRUN 1.00x. DEFER_TASKRUN, the
//   maintainers' choice for one-thread rings, waits for the late eventfd (above): `--flags coop,defer`, same run,
//   3 reps, DEFER against COOP: 0.29x the msgs/s ping-pong and 0.37x streamed at 200 connections (p50 round trip
//   15 ms against 3 ms; less CPU per message, 0.63x and 0.86x, as the server sits idle), 116 msgs/s against
//   20.5 K at one connection; a pipe round trip (bench/pipe-latency.ts, written from this thread) 19.2 µs against
//   12.7 µs p50, an eventfd read and an enter more per wake-up.
//   Caller's flags are used as given, but DEFER_TASKRUN always gets TASKRUN_FLAG (how the engine knows to enter).
//   IOPOLL is refused (its completions must be polled by enter).
// - Worker threads: the handle and the fds are released by C cleanup hooks if the worker is terminated without
//   running JS (see shim/sys/uv.ts).
import { SETUP } from '../../ts/constants.ts';
import type { KernelBackend } from '../kernel/backend.ts';
import { registerEventfd } from '../register/index.ts';
import { EFD_CLOEXEC, EFD_NONBLOCK, close as closeFd, eventfd, sys } from '../sys/libc.ts';
import { FdPoll, closeAtTeardown } from '../sys/uv.ts';
import type { Engine, EngineHost } from './engine.ts';
import type { IoUringOptions } from './types.ts';

/** Asked for when the caller gives no flags, in order, until the kernel accepts one (6.0, 5.19, any). */
export const DEFAULT_FLAGS = [
  SETUP.SINGLE_ISSUER | SETUP.COOP_TASKRUN | SETUP.TASKRUN_FLAG,
  SETUP.COOP_TASKRUN | SETUP.TASKRUN_FLAG,
  0,
] as const;

export class UvPollEngine implements Engine {
  readonly name = 'uvpoll';
  readonly #host: EngineHost;
  /** The eventfd (DEFER_TASKRUN rings only, else -1) and its poll. */
  readonly #efd: number = -1;
  readonly #efdPoll: FdPoll | null = null;
  /** The poll of the ring fd: ref'd while ops are in flight. */
  readonly #poll: FdPoll;
  readonly #unhook: (() => void)[] = [];
  readonly #efdBuf = new BigUint64Array(1);
  /** DEFER_TASKRUN: a reap queued for the next loop turn because the kernel still held work after it (below). */
  #again: NodeJS.Immediate | null = null;
  readonly #againFn = (): void => {
    this.#again = null;
    this.#ready(0, false);
  };
  #closed = false;

  /** Setup options this engine cannot serve: a RangeError saying why. */
  static checkSetup(opts: IoUringOptions): void {
    const flags = opts.flags ?? 0;
    if (typeof flags !== 'number') return; // KernelBackend.setup reports the type
    if (flags & SETUP.IOPOLL)
      throw new RangeError(
        'IoUring.create: IORING_SETUP_IOPOLL cannot be used: its completions must be polled by io_uring_enter, not awaited (use the sync Ring)',
      );
  }

  /** The flags to set up with: the caller's, else the first default set the kernel accepts. */
  static setup(opts: IoUringOptions, setup: (o: IoUringOptions) => KernelBackend): KernelBackend {
    // TASKRUN_FLAG goes with DEFER_TASKRUN: the SQ flags then say when deferred completions wait for an enter.
    if (typeof opts.flags === 'number' && opts.flags & SETUP.DEFER_TASKRUN)
      return setup({ ...opts, flags: opts.flags | SETUP.TASKRUN_FLAG });
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
    // Teardown hooks run last-added first: each poll's own hook (stop watching) before these closes.
    this.#unhook.push(closeAtTeardown(host.fd));
    try {
      if (backend.params.flags & SETUP.DEFER_TASKRUN) {
        this.#efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        this.#unhook.push(closeAtTeardown(this.#efd));
        registerEventfd(backend, this.#efd);
        this.#efdPoll = new FdPoll(this.#efd, (status) => this.#ready(status, true));
      }
      this.#poll = new FdPoll(host.fd, (status) => this.#ready(status, false));
    } catch (e) {
      this.#efdPoll?.close();
      for (const u of this.#unhook) u();
      if (this.#efd >= 0) closeFd(this.#efd);
      throw e;
    }
  }

  /** What the IoUring's finalizer runs if it is collected unclosed (only possible with nothing in flight: the
   *  poll is then unref'd and held weakly): stop and close the polls, drop the teardown hooks, close the
   *  eventfd, in that order, before the ring fd is closed. Refers to none of the engine's objects. */
  takeRelease(): () => void {
    return engineReleaser(
      [this.#poll.releaser(), ...(this.#efdPoll ? [this.#efdPoll.releaser()] : [])],
      [...this.#unhook],
      this.#efd,
    );
  }

  kick(): void {
    if (this.#host.inFlight > 0) this.#poll.ref();
    else this.#poll.unref();
  }

  #ready(status: number, efd: boolean): void {
    if (this.#closed) return;
    if (status < 0) throw new Error(`IoUring: polling the ring failed (libuv error ${status})`);
    if (efd) sys().read(this.#efd, this.#efdBuf, 8); // reset first: work queued later signals it again
    this.#host.onCompletions();
    this.#host.schedule(); // submit and kick after the settled promises' continuations have started their next ops
    // Deferred work left after drain's bounded rounds signals nothing (complete.ts): come back next turn.
    if (this.#efd >= 0 && this.#again === null && this.#host.ring.cqNeedsFlush)
      this.#again = setImmediate(this.#againFn);
  }

  close(done: () => void): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#again) clearImmediate(this.#again);
    this.#poll.close();
    this.#efdPoll?.close();
    for (const u of this.#unhook) u();
    if (this.#efd >= 0) closeFd(this.#efd);
    done();
  }
}

function engineReleaser(polls: (() => void)[], unhook: (() => void)[], efd: number): () => void {
  return () => {
    for (const p of polls) p();
    for (const u of unhook) u();
    if (efd >= 0) closeFd(efd);
  };
}
