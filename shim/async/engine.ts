// Node only: the seam between the async IoUring and whatever waits for its completions. The ring (the host)
// submits; an engine decides when and where the CQ is reaped, and calls back into the ring to do it. The
// ring knows nothing of threads, handles or polls; an engine knows nothing of slots, promises or ops.
//
// The calls, in order of a ring's life:
//   host → engine  kick()        after every submit pass (each flush, and so after every batch of completions)
//   engine → host  onCompletions() then flush() or schedule(), whenever the engine sees CQEs may be ready
//   host → engine  close(done)   once, when the ring is closing and nothing is left in flight
// An engine never calls back after it has called done().
import type { Ring } from '../../ts/ring/ring.ts';

/** What an engine may use of the ring. */
export interface EngineHost {
  /** The ring fd (to wait on, or to poll). */
  readonly fd: number;
  /** The sync Ring: `cqReady` to look at the CQ, `prep.nop` for a wake-up (user_data 0xffffffff belongs to no
   *  op: its CQE is ignored by onCompletions). Reaping from it directly breaks the host. */
  readonly ring: Ring;
  /** Ops in the kernel, each until its final CQE. 0: nothing will complete, the engine may go idle. */
  readonly inFlight: number;
  /** close() was called: the ring finishes closing (engine.close) once nothing is left in flight. */
  readonly closing: boolean;
  /** Reap every CQE now in the CQ, settle their ops (promises resolve in later microtasks), and prep the ops
   *  waiting in JS that the freed room allows (not yet submitted). Returns the number of CQEs reaped. */
  onCompletions(): number;
  /** Submit now: close an open link chain, prep what waits, submit, then either finish a close (closing and
   *  nothing left in flight: engine.close is called) or call engine.kick(). */
  flush(): void;
  /** flush() at the end of this tick (a microtask, at most one queued): lets the continuations of the ops just
   *  settled start their next ops first, so they go in the same submit. */
  schedule(): void;
  /** Submit staged SQEs (a wake-up NOP); false when the kernel said EAGAIN/EBUSY (try again later). */
  submit(): boolean;
}

/** How completions of a ring get reaped. One per IoUring, made by its constructor (`new XEngine(host)`, after
 *  the ring is set up; setup options the engine cannot serve are refused before, by `XEngine.checkSetup`). */
export interface Engine {
  /** Name for diagnostics ('threadpool'). */
  readonly name: string;
  /**
   * The host just submitted (or had nothing to submit) and `host.inFlight` may have changed. With ops in
   * flight: make sure their CQEs will reach host.onCompletions() (wait, poll, or reap soon if already in the
   * CQ). With nothing in flight: hold nothing that keeps the process alive or a thread busy. Called often
   * (once per tick with activity): must be cheap when there is nothing to change.
   */
  kick(): void;
  /**
   * The ring is closing and nothing is left in flight. Call `done` (now or later, once) when nothing waits
   * on or watches the ring any more, so it can be unmapped; after that never touch the host again.
   */
  close(done: () => void): void;
  /** Optional: a function that releases what the engine holds outside the JS heap (handles, fds) when the
   *  IoUring is collected without close(); it must refer to none of the engine's objects. Called at most once,
   *  instead of close(), before the ring itself is released. */
  takeRelease?(): () => void;
}
