// Node only: multishot ops as async iterators. One op in the kernel posts many CQEs (F_MORE set on all but the
// last); each becomes a value the iterator yields, buffered until the consumer asks. break / return() cancels
// the op and resolves once its final CQE arrived; values never handed out are discarded (accepted fds closed).
// stop() cancels the op too but keeps them: the iteration yields everything the kernel produced, then ends, so
// no byte a recv took off a socket is lost when the caller goes on with other reads.
import type { Options } from '../../ts/sqe/encode.ts';
import type { BufferRing } from '../register/pbuf.ts';
import { close as closeFdSync } from '../sys/libc.ts';
import { checkOptions } from './args.ts';
import { abortError } from './errors.ts';
import type { Op, Settle, Slot } from './slots.ts';
import type { MultishotIterator, OpOptions } from './types.ts';

/** What a multishot iterator needs from the ring. */
export interface MultishotOwner {
  /** Start (or re-issue) the iterator's op. */
  start(
    op: Op,
    opts: Options,
    keep: unknown,
    path: string | undefined,
    o: OpOptions | undefined,
    iter: Multishot,
  ): unknown;
  /** Cancel the op of `s` (null: not started): its final CQE then ends the iteration. */
  cancelSlot(s: Slot | null): void;
}

export class Multishot implements MultishotIterator<unknown> {
  values: unknown[] = [];
  head = 0;
  waiters: { res: Settle; rej: Settle }[] = [];
  ended = false;
  error: unknown = undefined;
  returning = false;
  /** stop() was called: the op is being cancelled, but what it produced is still yielded. */
  stopping = false;
  returned: Settle[] = [];
  slot: Slot | null = null;
  count = 0;
  constructor(
    readonly owner: MultishotOwner,
    readonly op: Op,
    /** The builder options as first given (a copy is re-issued when the op stopped on its own), else null. */
    readonly template: Options | null,
    /** What the SQE points at (pinned again on a re-issue). */
    readonly keep: unknown,
    readonly ring: BufferRing | null,
    readonly signal: AbortSignal | null,
  ) {}

  /** An iterator that never started: its first next() rejects with `err`, then it is done. */
  static failed(owner: MultishotOwner, op: Op, err: unknown): Multishot {
    const it = new Multishot(owner, op, null, null, null, null);
    it.end(err);
    return it;
  }

  /** Re-issue the op after it stopped on its own (complete.ts says when); a ticking timeout with a count gets
   *  the ticks it has left. */
  rearm(): void {
    this.slot = null;
    const o = { ...this.template! };
    if (this.op.timer && (o.count as number) > 0) o.count = (o.count as number) - this.count;
    this.owner.start(this.op, o, this.keep, undefined, undefined, this);
  }

  /** A ticking timeout: ticks are left (its count was not reached, or it has none). */
  ticksLeft(): boolean {
    const n = this.template!.count as number;
    return n === 0 || this.count < n;
  }

  push(v: unknown): void {
    const w = this.waiters.shift();
    if (w) w.res({ value: v, done: false });
    else this.values.push(v);
  }

  end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.slot = null;
    if (err !== undefined && !this.returning) this.error = err;
    for (const w of this.waiters.splice(0)) {
      if (this.error !== undefined) {
        // Reported once (as next() does): a later next() is done, not the same error again.
        const e = this.error;
        this.error = undefined;
        this.returning = true;
        w.rej(e);
      } else w.res({ value: undefined, done: true });
    }
    if (this.returning) this.discard();
    for (const r of this.returned.splice(0)) r({ value: undefined, done: true });
    if (this.signal) this.signal.removeEventListener('abort', this);
  }

  /** Values the consumer will never see: accepted fds are closed so they do not leak. */
  discard(): void {
    const rest = this.values.splice(0);
    this.head = 0;
    if (this.op.name === 'accept')
      for (const fd of rest)
        try {
          closeFdSync(fd as number);
        } catch {}
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.head < this.values.length) {
      const v = this.values[this.head++];
      if (this.head > 64 && this.head * 2 > this.values.length) {
        this.values.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value: v, done: false });
    }
    if (this.ended) {
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined;
        this.returning = true; // the error is reported once; then done
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((res, rej) => this.waiters.push({ res: res as Settle, rej }));
  }

  return(): Promise<IteratorResult<unknown, undefined>> {
    if (this.ended) {
      this.discard();
      return Promise.resolve({ value: undefined, done: true });
    }
    this.returning = true;
    this.owner.cancelSlot(this.slot);
    return new Promise((res) => this.returned.push(res as Settle));
  }

  stop(): Promise<void> {
    if (this.ended) return Promise.resolve();
    const p = new Promise<void>((res) => this.returned.push(() => res()));
    if (!this.stopping && !this.returning) {
      this.stopping = true;
      this.owner.cancelSlot(this.slot);
    }
    return p;
  }

  throw(e?: unknown): Promise<IteratorResult<unknown, undefined>> {
    return this.return().then(() => Promise.reject(e));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** AbortSignal listener: cancel, and make the iteration fail with an AbortError. */
  handleEvent(): void {
    if (this.ended || !this.signal) return;
    this.error = abortError(this.signal);
    this.owner.cancelSlot(this.slot);
  }
}

/**
 * Start a multishot op: checks the options (no link, no link timeout), starts the op and returns its iterator.
 * Throws on bad options, an aborted signal or a closed ring.
 */
export function startMultishot(
  owner: MultishotOwner,
  op: Op,
  opts: Options,
  keep: unknown,
  o: OpOptions | undefined,
  ring: BufferRing | null,
): Multishot {
  checkOptions(op.name, o);
  if (o?.link || o?.timeout !== undefined)
    throw new TypeError(`${op.name}: a multishot op cannot be linked or given a link timeout`);
  if (o?.signal?.aborted) throw abortError(o.signal);
  const it = new Multishot(owner, op, { ...opts }, keep, ring, o?.signal ?? null);
  owner.start(op, opts, keep, undefined, o?.sqeFlags === undefined ? undefined : { sqeFlags: o.sqeFlags }, it);
  if (it.signal) it.signal.addEventListener('abort', it);
  return it;
}
