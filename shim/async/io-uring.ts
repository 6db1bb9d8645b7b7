// Node only: the async io_uring. `await IoUring.create()`, then a method per op returning a promise of its
// result, multishot ops as async iterators, AbortSignal, linked ops and link timeouts, back-pressure, and a
// close() that cancels what is in flight and waits for every final CQE.
//
// The class is a thin face over its Core (core.ts: slots, queue, completion engine); the op methods live by
// family in ops-*.ts and are mixed into the prototype below, typed by the interface merged with the class.
import type { Ring } from '../../ts/ring/ring.ts';
import type { Options } from '../../ts/sqe/encode.ts';
import { BUILDERS } from '../../ts/ops/index.ts';
import type { KernelBackend } from '../kernel/backend.ts';
import { call, instead } from './call.ts';
import { cancelTarget } from './cancel.ts';
import { CORE, Core } from './core.ts';
import { FileOps } from './ops-files.ts';
import { FsOps } from './ops-fs.ts';
import { MultishotOps } from './ops-multishot.ts';
import { NetOps } from './ops-net.ts';
import { PollOps } from './ops-poll.ts';
import { op, type Op } from './slots.ts';
import type { EngineName, IoUringOptions, MultishotIterator, OpOptions } from './types.ts';

const ASYNC_DISPOSE: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('nodejs.asyncDispose') as typeof Symbol.asyncDispose);

const NOP = op('nop', 'nop', () => ({}));
/** `op(builder, ...)`: one Op per builder, made on first use. */
const BY_BUILDER = new Map<string, Op>();
const GENERIC = op(
  'op',
  'nop',
  (builder: string, opts: Record<string, unknown>, keep: unknown[] | undefined): Options => {
    const spec = BUILDERS.get(builder);
    if (!spec) throw new RangeError(`op: unknown builder ${JSON.stringify(builder)}`);
    if (opts === null || typeof opts !== 'object')
      throw new TypeError(`op: opts must be an object, got ${opts === null ? 'null' : typeof opts}`);
    if ('userData' in opts) throw new TypeError("op: userData is the ring's (it indexes the pending op); leave it out");
    let k = BY_BUILDER.get(spec.name);
    if (!k) BY_BUILDER.set(spec.name, (k = op(spec.name, spec.name, undefined, undefined, { views: true })));
    return instead({ ...opts } as Options, k, keep ?? null);
  },
);

export interface IoUring extends FileOps, FsOps, NetOps, PollOps, MultishotOps {}

/**
 * The async io_uring: `const ring = await IoUring.create({ entries: 256 })`, `await ring.read(fd, buf)`,
 * `await ring.close()` (or `await using ring = ...`).
 */
export class IoUring {
  /** @internal The machinery (core.ts). */
  readonly [CORE]: Core;
  /** The sync Ring underneath (its backend is a KernelBackend). Reaping from it directly breaks the pump. */
  readonly ring: Ring;

  /** Set up a ring and its completion engine (see IoUringOptions: flags default to SINGLE_ISSUER | COOP_TASKRUN
   *  | TASKRUN_FLAG on the uvpoll engine, or the first subset the kernel accepts). Each thread creates its own
   *  rings. */
  static async create(opts: IoUringOptions = {}): Promise<IoUring> {
    return new IoUring(opts);
  }

  /** Prefer `await IoUring.create(opts)`. */
  constructor(opts: IoUringOptions = {}) {
    this[CORE] = new Core(opts);
    this.ring = this[CORE].ring;
  }

  /** The backend (a RingTarget: `BufferRing.setup(ring, ...)` and the register functions accept the IoUring). */
  get backend(): KernelBackend {
    return this[CORE].backend;
  }

  /** The completion engine: 'uvpoll' (the thread's own event loop polls the ring) or 'threadpool' (fallback). */
  get engine(): EngineName {
    return this[CORE].engine.name as EngineName;
  }

  /** The IORING_SETUP_* flags the ring was set up with. */
  get flags(): number {
    return this[CORE].backend.params.flags;
  }

  /** close() was called (the ring may still be draining its last completions). */
  get closed(): boolean {
    return this[CORE].closing;
  }

  /** Ops in the kernel now (each until its final CQE). */
  get inFlight(): number {
    return this[CORE].inFlight;
  }

  /** Ops waiting in JS for room (a full SQ, or the CQ-size cap on kernels before 5.5). */
  get queued(): number {
    return this[CORE].queued;
  }

  /** Most ops in the kernel at once: Infinity where the kernel keeps CQEs beyond the CQ on its overflow list
   *  (IORING_FEAT_NODROP, Linux 5.5+), else the CQ size. */
  get maxInFlight(): number {
    return this[CORE].cap;
  }

  /**
   * Cancel an op: its promise (or multishot iterator), or a raw user_data. Resolves with the number of ops
   * cancelled; rejects with ENOENT (not found) or EALREADY (too late to stop), syscall 'cancel'.
   */
  cancel(target: Promise<unknown> | MultishotIterator<unknown> | number, o?: OpOptions): Promise<number> {
    return cancelTarget(this[CORE], target, o);
  }

  /**
   * Close the ring: cancel everything in flight (ASYNC_CANCEL ANY), wait for every final CQE, then unmap it. Ops
   * still waiting in JS reject with ECANCELED; cancelled ops reject with ECANCELED (AbortError where a signal
   * was aborted first); ops that finish anyway settle with their results. Later calls reject ERR_URING_CLOSED;
   * calling close() again returns the same promise. Takes no argument: to close a file descriptor through the
   * ring, use closeFd(fd) (an argument here rejects with a TypeError, so `close(fd)` never closes the ring).
   */
  close(): Promise<void> {
    if (arguments.length > 0)
      return Promise.reject(
        new TypeError(
          `IoUring.close() closes the ring and takes no argument (got ${arguments.length}); to close a file descriptor through the ring use closeFd(fd)`,
        ),
      );
    return this[CORE].close();
  }

  /** `await using ring = await IoUring.create()`: close() at the end of the scope. */
  async [ASYNC_DISPOSE](): Promise<void> {
    await this.close();
  }

  /** Any builder by name (`ring.op('fadvise', { fd, offset, len, advice })`): resolves with the CQE's res.
   *  Addresses in `opts` are the caller's: pass what they point at in `keep` so it stays alive. */
  op(builder: string, opts: Record<string, unknown>, keep?: unknown[], o?: OpOptions): Promise<number> {
    return call(this, GENERIC, o, builder, opts, keep);
  }

  /** A NOP: resolves 0 once it went through the ring. */
  nop(o?: OpOptions): Promise<number> {
    return call(this, NOP, o);
  }

  /** `link(fn)`: see link(). */
  linkOps<T>(fn: () => T): T {
    return this[CORE].linkOps(fn);
  }
}

// The op families, onto the prototype (their types come from the interface merged above).
for (const family of [FileOps, FsOps, NetOps, PollOps, MultishotOps]) {
  for (const name of Object.getOwnPropertyNames(family.prototype)) {
    if (name !== 'constructor')
      Object.defineProperty(IoUring.prototype, name, Object.getOwnPropertyDescriptor(family.prototype, name)!);
  }
}
