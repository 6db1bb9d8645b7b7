// Node only: the machinery under an IoUring: starting an op (a slot, its promise, its link timeout, its
// AbortSignal), the per-tick flush that submits, close, and the host side of the completion engine. Submission:
// an op is encoded (prep) at once, in the caller's call, so bad arguments throw from there; the submit
// (io_uring_enter) is batched per tick with queueMicrotask: a loop that starts 100 reads makes one syscall. What
// that enter completed at once (cached reads, NOPs) is reaped by the flush itself, up to INLINE_REAPS rounds
// before the engine's next report; beyond, completions wait for the engine as any others.
// Per op: no BigInt, no closure beyond the promise's own resolve/reject (one shared executor).
import { loadCore } from '../../ts/core/load-node.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { SqeEncoder } from '../../ts/sqe/encoder.ts';
import type { Options } from '../../ts/sqe/encode.ts';
import { FEAT, IOSQE } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';
import { isMainThread } from 'node:worker_threads';
import type { Core as WasmCore } from '../../ts/core/core.ts';
import { KernelBackend } from '../kernel/backend.ts';
import type { SetupOptions } from '../kernel/params.ts';
import { InPlaceBackend } from '../kernel/inplace.ts';
import { addr, timespec } from './args.ts';
import { abortSlot, cancelAll, cancelSlot } from './cancel.ts';
import { drain } from './complete.ts';
import type { Engine, EngineHost } from './engine.ts';
import { chooseEngine } from './engines.ts';
import { abortError, closedError } from './errors.ts';
import type { Multishot } from './multishot.ts';
import { SubmitQueue } from './queue.ts';
import { FREE, K_LINK_TIMEOUT, QUEUED, SKIP, type Op, type Settle, type Slot } from './slots.ts';
import type { IoUringOptions, OpOptions } from './types.ts';

const ECANCELED = 125;
/**
 * Flushes in a row that may reap their own completions (see flush) before the ring waits for the engine again.
 * Such rounds run in microtasks: without a bound, ops that all complete inside their submit would keep the loop
 * from timers and other I/O for good. Measured (64 cached 4 KiB reads in flight): 0 -> 4 saves 5-10% a read.
 */
const INLINE_REAPS = 4;

// One shared promise executor: no closure per op (a constant, so V8 inlines it into `new Promise`). It stores
// straight into the slot: the resolving functions are young and the slot old, so each such store is a write
// barrier's slow path; going through module variables first doubled them.
let target: Slot | null = null;
const executor = (res: Settle, rej: Settle): void => {
  target!.resolve = res;
  target!.reject = rej;
};

/** The key of an IoUring's Core (not part of the public API). */
export const CORE: unique symbol = Symbol('IoUring.core');

/**
 * The ring's memory: in place (IORING_SETUP_NO_MMAP, the rings inside the WASM core's memory) by default in worker
 * threads, else mapped (copy mode). In place, nothing but the fd refers to the ring, so closing the fd (which
 * the uvpoll engine does from a C cleanup hook when a worker is terminated without running JS) kills the ring and
 * the kernel drops the completions still pending instead of writing them into memory the worker's isolate is
 * freeing; a mapped ring stays alive as long as its mappings do. Where in-place setup fails (a kernel before 6.5,
 * or 6.5-6.12 with rings larger than a page) the mapped ring is used unless in place was asked for explicitly.
 */
function ringBackend(o: SetupOptions, core: WasmCore, inPlace: boolean | 'default'): KernelBackend {
  if (!inPlace) return KernelBackend.setup(o);
  try {
    return InPlaceBackend.setup({ ...o, core });
  } catch (e) {
    if (inPlace !== 'default' || (e as { code?: string }).code !== 'EINVAL') throw e;
    return KernelBackend.setup(o);
  }
}

function releaseBoth(engine: (() => void) | undefined, ring: () => void): () => void {
  return () => {
    try {
      engine?.();
    } finally {
      ring();
    }
  };
}

// An IoUring (its Core) collected without close(): see the constructor.
const FINALIZER = new FinalizationRegistry<() => void>((release) => release());

export class Core extends SubmitQueue implements EngineHost {
  readonly backend: KernelBackend;
  readonly fd: number;
  readonly engine: Engine;
  /** A flush is queued (microtask). */
  scheduled = false;
  /** Flushes left that may reap at once what their submit completed, until the engine next reports (INLINE_REAPS). */
  inlineLeft = INLINE_REAPS;
  /** close()'s promise, once called. */
  closePromise: Promise<void> | null = null;
  closeDone: (() => void) | null = null;
  /** The ring is closed (unmapped): nothing touches it any more. */
  closed = false;
  readonly flushFn = (): void => {
    this.scheduled = false;
    this.flush();
  };
  readonly #closedFn = (): void => {
    this.closed = true;
    FINALIZER.unregister(this);
    this.ring.close();
    this.closeDone?.();
  };

  constructor(opts: IoUringOptions) {
    if (opts === null || typeof opts !== 'object') throw new TypeError('IoUring.create: options must be an object');
    const { engine: want, inPlace, ...setup } = opts;
    if (inPlace !== undefined && typeof inPlace !== 'boolean')
      throw new TypeError('IoUring.create: options.inPlace must be a boolean');
    const E = chooseEngine(want);
    E.checkSetup(setup);
    const core = loadCore();
    const backend = E.setup(setup, (o) => ringBackend(o, core, inPlace ?? (isMainThread ? false : 'default')));
    let ring: Ring;
    try {
      ring = new Ring(core, backend);
    } catch (e) {
      backend.close();
      throw e;
    }
    // How many ops may be in the kernel at once. Long-lived ops (a read of a quiet pipe, a recv on an idle
    // connection) must all be there, or the one whose data comes may never have been submitted. With
    // IORING_FEAT_NODROP (5.5) the kernel keeps CQEs beyond the CQ on its overflow list and the Ring flushes
    // them (IORING_SQ_CQ_OVERFLOW, then an enter with GETEVENTS), so nothing caps it; without, the CQ size does.
    const p = backend.params;
    super(ring, new SqeEncoder(core), p.features & FEAT.NODROP ? Number.POSITIVE_INFINITY : p.cqEntries);
    this.backend = backend;
    backend.checkCredentialsAtStart(); // ops are vetted in start(): what started before a change may go in
    this.fd = backend.fd;
    try {
      this.engine = new E(this, backend);
    } catch (e) {
      ring.close();
      throw e;
    }
    // Dropped without close(): the engine's handles first, then the ring (fd, mappings). Only reachable once
    // nothing is in flight: an engine holds the machinery strongly while ops are (a ref'd poll, a waiter).
    FINALIZER.register(this, releaseBoth(this.engine.takeRelease?.(), backend.takeRelease()), this);
  }

  get closing(): boolean {
    return this.closePromise !== null;
  }

  /**
   * Start `op` with builder options `opts` (userData and flags are set here). `keep` is pinned until the final
   * CQE. Returns the promise (or, for a multishot op, registers the iterator and returns null).
   */
  start(
    op: Op,
    opts: Options,
    keep: unknown,
    path: string | undefined,
    o: OpOptions | undefined,
    iter: Multishot | null,
  ): Promise<unknown> {
    if (this.closePromise) throw closedError(op.name);
    this.backend.checkCredentials(op.name); // an SQPOLL ring set up before a privilege drop refuses (credentials.ts)
    const signal = o?.signal ?? null;
    if (signal?.aborted) throw abortError(signal);
    const s = this.take();
    s.op = op;
    s.keep = keep;
    s.path = path;
    let flags = ((opts.flags as number | undefined) ?? 0) | (o?.sqeFlags ?? 0);
    const linked = o?.link === true || this.linkDepth > 0;
    if (linked) flags |= IOSQE.IO_LINK;
    let lt: Slot | null = null;
    if (o?.timeout !== undefined) {
      flags |= IOSQE.IO_LINK;
      lt = this.take();
      const ts = timespec(`${op.name}: options.timeout`, o.timeout);
      lt.op = K_LINK_TIMEOUT;
      lt.keep = ts;
      lt.opts = { ts: addr(ts), userData: lt.userData, flags: linked ? IOSQE.IO_LINK : 0 };
      lt.ltOf = s.idx;
      s.lt = lt.idx;
    }
    opts.flags = flags;
    opts.userData = s.userData;
    let p: Promise<unknown> | null = null;
    if (iter) {
      s.iter = iter;
      iter.slot = s;
    } else {
      target = s;
      p = new Promise(executor);
      target = null; // holds no ring alive
      s.promise = p;
    }
    try {
      this.enqueue(s, opts, lt, linked);
    } catch (e) {
      if (lt) this.release(lt);
      this.release(s);
      throw e;
    }
    if (signal && s.state !== FREE) {
      s.signal = signal;
      signal.addEventListener('abort', s);
    }
    this.schedule();
    return p!;
  }

  // ---- the engine's host ----

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flushFn);
  }

  flush(): void {
    if (this.closed) return;
    if (this.linkDepth === 0) this.closeChain(); // a chain still open at the end of the tick ends here
    this.issue();
    if (this.ring.sqPending > 0 || this.ring.sqReady > 0) {
      this.submit();
      // What the submit completed inside the enter (page-cache reads and writes, NOPs, ...) is reaped now rather
      // than when the loop next polls the ring: one syscall per batch instead of two (an epoll_wait and the poll
      // callback). The settled ops' continuations start their next ops before the flush queued here.
      if (this.inlineLeft > 0 && this.ring.cqReady > 0) {
        this.inlineLeft--;
        drain(this);
        this.issue();
        this.schedule();
      }
    }
    if (this.closePromise && this.inFlight === 0 && this.qHead === this.queue.length) {
      this.finishClose();
      return;
    }
    this.engine.kick();
  }

  onCompletions(): number {
    this.inlineLeft = INLINE_REAPS; // the loop turned
    const n = drain(this);
    this.issue();
    return n;
  }

  // ---- cancellation (cancel.ts) ----

  abort(s: Slot): void {
    abortSlot(this, s);
  }

  cancelSlot(s: Slot | null): void {
    cancelSlot(this, s);
  }

  // ---- closing ----

  /** IoUring.close(): see its doc comment. */
  close(): Promise<void> {
    if (this.closePromise) return this.closePromise;
    this.closePromise = new Promise<void>((res) => (this.closeDone = res));
    // Ops not in the kernel: the chain being built and the JS queue.
    const pending = this.takePending();
    for (const i of pending) {
      const s = this.slots[i]!;
      if (s.state === QUEUED) {
        if (s.iter) {
          const it = s.iter;
          this.fail(s, undefined);
          it.end();
        } else
          this.fail(
            s,
            new UringError(
              ECANCELED,
              s.op.name,
              s.path === undefined
                ? { detail: 'the ring was closed' }
                : { path: s.path, detail: 'the ring was closed' },
            ),
          );
      }
    }
    for (const i of pending) if (this.slots[i]!.state === SKIP) this.release(this.slots[i]!);
    if (this.inFlight === 0) this.finishClose();
    else {
      cancelAll(this);
      this.flushFn();
    }
    return this.closePromise;
  }

  /** Nothing left in flight: the engine lets go of the ring, then it is unmapped and close() resolves. */
  finishClose(): void {
    if (this.closed) return;
    this.engine.close(this.#closedFn);
  }
}
