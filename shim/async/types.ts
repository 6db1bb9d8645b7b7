// Node only: the public option and iterator types of the async IoUring.
import type { SetupOptions } from '../kernel/params.ts';

/** Options every op method takes (last argument). */
export interface OpOptions {
  /** Cancel the op (ASYNC_CANCEL); the promise rejects with an AbortError whose cause is the signal's reason. */
  signal?: AbortSignal | undefined;
  /** IOSQE_IO_LINK: the next op started on this ring runs only after this one succeeds (a chain). */
  link?: boolean | undefined;
  /** A LINK_TIMEOUT (ms): the op is cancelled if not done in time; it then rejects with ETIME. */
  timeout?: number | undefined;
  /** Extra IOSQE_* flags (ASYNC, DRAIN, HARDLINK, FIXED_FILE, ...). */
  sqeFlags?: number | undefined;
}

/** Which mechanism waits for completions: 'uvpoll' (the default in Node: a libuv poll on the thread's own event
 *  loop) or 'threadpool' (the fallback: a blocking io_uring_enter on a libuv threadpool thread). */
export type EngineName = 'uvpoll' | 'threadpool';

/**
 * `IoUring.create` options: every setup parameter of the kernel ring (entries, cqEntries, flags, ...), and the
 * engine. Without `flags`, the uvpoll engine asks for SINGLE_ISSUER | COOP_TASKRUN | TASKRUN_FLAG (Linux 6.0),
 * else COOP_TASKRUN | TASKRUN_FLAG (5.19), else none (the threadpool engine: none). Flags given are used as
 * given, except that DEFER_TASKRUN gains TASKRUN_FLAG on the uvpoll engine (engine-uvpoll.ts says why
 * DEFER_TASKRUN is not the default).
 */
export interface IoUringOptions extends SetupOptions {
  /** Force an engine. Default: 'uvpoll' where the process exports libuv (Node does), else 'threadpool'. The
   *  environment variable URING_ENGINE=threadpool forces the fallback for every ring. */
  engine?: EngineName | undefined;
  /** Put the rings in the WASM core's memory (IORING_SETUP_NO_MMAP, Linux 6.5+) instead of mapping the kernel's:
   *  nothing is copied, and a terminated worker's ring dies with its fd. Default: in worker threads where the
   *  kernel allows it. */
  inPlace?: boolean | undefined;
}

/** What a multishot op yields and how it ends: `for await (const fd of ring.acceptMultishot(lfd)) ...`. */
export interface MultishotIterator<T> extends AsyncIterableIterator<T> {
  /** Stop (what `break` calls): cancels the op and resolves once its final CQE arrived. Values produced but not
   *  yet taken are dropped (accepted fds are closed). */
  return(): Promise<IteratorResult<T, undefined>>;
  /** Cancel the op but keep what it produced: the iteration goes on with the values already received (and any
   *  whose CQEs were on their way), then ends. Resolves once the op's final CQE arrived. Use it instead of
   *  `break` when the fd lives on: no byte a multishot recv or read took from it is lost. */
  stop(): Promise<void>;
}
