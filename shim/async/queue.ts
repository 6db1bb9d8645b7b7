// Node only: the submission side of the async IoUring: a started op is prepped into the SQ at once when nothing
// waits ahead of it (so bad options throw in the caller's call), else it waits in a JS FIFO (checked by the
// encoder first) until there is room: while the SQ stays full after a submit, or (kernels without
// IORING_FEAT_NODROP, before 5.5) beyond the CQ size in the kernel, ops wait and are issued in order as room frees. Nothing is overwritten
// or dropped. A link chain (`{ link: true }` / link(fn)) is built apart and enqueued as one group, issued as one
// unit or not at all. Internal cancels are urgent: issued ahead of the FIFO, outside the cap.
import { SqFullError, type Ring } from '../../ts/ring/ring.ts';
import type { SqeEncoder } from '../../ts/sqe/encoder.ts';
import type { Options } from '../../ts/sqe/encode.ts';
import { IOSQE } from '../../ts/constants.ts';
import { FREE, KERNEL, QUEUED, SKIP, SlotTable, type Op, type Slot } from './slots.ts';

export abstract class SubmitQueue extends SlotTable {
  /** JS FIFO of slot indices waiting to be prepped (groups contiguous, the head slot holds the group size). */
  queue: number[] = [];
  qHead = 0;
  /** Internal cancels: issued before anything queued, outside the cap. */
  readonly urgent: number[] = [];
  /** Ops of an open link chain, enqueued as one group when the chain closes. */
  chain: number[] = [];
  linkDepth = 0;
  /** Ops in the kernel (each until its final CQE). */
  inFlight = 0;
  /** Each Op's prep function on this ring, by Op.id (looked up once per Op and ring). */
  readonly #preps: ((o: Options) => number)[] = [];

  constructor(
    /** The sync Ring underneath. */
    readonly ring: Ring,
    readonly enc: SqeEncoder,
    /** Most ops in the kernel at once (Infinity with IORING_FEAT_NODROP, else the CQ size). */
    readonly cap: number,
  ) {
    super();
  }

  /** Ops waiting in JS for room. */
  get queued(): number {
    return this.queue.length - this.qHead;
  }

  /**
   * Queue a started op (and its link timeout `lt`): into the open chain when `linked` or a chain is open, else
   * into the FIFO, prepped now when nothing waits ahead of it. Throws, with nothing queued, when the encoder
   * refuses its options.
   */
  enqueue(s: Slot, opts: Options, lt: Slot | null, linked: boolean): void {
    const q0 = this.queue.length;
    // Nothing waits ahead of it and there is room in the kernel: straight into the SQ (the common case).
    if (
      !linked &&
      lt === null &&
      this.qHead === q0 &&
      this.chain.length === 0 &&
      this.urgent.length === 0 &&
      this.inFlight < this.cap
    ) {
      s.state = QUEUED;
      const r = this.#prep(s, opts);
      if (r !== 0) return; // prepped, or refused and settled
      // The SQ is full: queued like the rest, issue() submits to make room.
    }
    s.opts = opts;
    if (linked || this.chain.length) {
      // Part of a chain: validated now, issued when the chain closes.
      this.validate(s);
      this.chain.push(s.idx);
      s.state = QUEUED;
      if (lt) {
        this.chain.push(lt.idx);
        lt.state = QUEUED;
      }
      if (!linked) this.closeChain();
      return;
    }
    this.queue.push(s.idx);
    s.state = QUEUED;
    if (lt) {
      this.queue.push(lt.idx);
      lt.state = QUEUED;
      s.group = 2;
    }
    if (this.qHead === q0) this.issue(); // nothing ahead of it: prep now (validates)
    if (s.state === QUEUED) {
      try {
        this.validate(s);
      } catch (e) {
        this.queue.length = q0;
        throw e;
      }
    }
  }

  /** Queue an internal op (a cancel) ahead of everything. */
  enqueueUrgent(s: Slot): void {
    s.state = QUEUED;
    this.urgent.push(s.idx);
    this.issue();
  }

  /** Check an op's options with the encoder (the slow path: ops that cannot be prepped at once). */
  validate(s: Slot): void {
    this.enc.encode(s.op.spec, s.opts!);
  }

  /** End the open chain at its last op and enqueue it as one group. */
  closeChain(): void {
    const c = this.chain;
    if (c.length === 0) return;
    this.chain = [];
    const last = this.slots[c[c.length - 1]!]!;
    last.opts!.flags = (last.opts!.flags as number) & ~IOSQE.IO_LINK; // the chain ends here
    if (c.length > this.ring.params.sqEntries) {
      // Refused whole and never queued: as a group larger than the SQ it would block the queue for good.
      for (const i of c)
        this.fail(
          this.slots[i]!,
          new RangeError(
            `link: a chain of ${c.length} SQEs does not fit the SQ (${this.ring.params.sqEntries} entries)`,
          ),
        );
      for (const i of c) if (this.slots[i]!.state === SKIP) this.release(this.slots[i]!);
      return;
    }
    this.slots[c[0]!]!.group = c.length;
    for (const i of c) this.queue.push(i);
    this.issue();
  }

  /** `link(fn)`: every op started inside fn is linked to the next; the last one ends the chain. */
  linkOps<T>(fn: () => T): T {
    if (typeof fn !== 'function') throw new TypeError('link: fn must be a function');
    this.closeChain();
    this.linkDepth++;
    try {
      return fn();
    } finally {
      if (--this.linkDepth === 0) this.closeChain();
    }
  }

  /** Prep queued groups while there is room: the cap and the SQ (submitting once when it is full). */
  issue(): void {
    const ring = this.ring;
    while (this.urgent.length) {
      if (ring.spaceLeft === 0 && !this.submit()) return;
      if (ring.spaceLeft === 0) return;
      const s = this.slots[this.urgent.shift()!]!;
      this.prep(s);
    }
    const q = this.queue;
    while (this.qHead < q.length) {
      const head = this.slots[q[this.qHead]!]!;
      const n = head.group;
      if (this.inFlight > 0 && this.inFlight + n > this.cap) break;
      if (ring.spaceLeft < n) {
        if (!this.submit() || ring.spaceLeft < n) break;
      }
      for (let k = 0; k < n; k++) {
        const s = this.slots[q[this.qHead + k]!]!;
        if (s.state === SKIP) this.release(s);
        else this.prep(s);
      }
      this.qHead += n;
    }
    if (this.qHead === q.length) {
      q.length = 0;
      this.qHead = 0;
    } else if (this.qHead > 1024 && this.qHead * 2 > q.length) {
      this.queue = q.slice(this.qHead);
      this.qHead = 0;
    }
  }

  /** Encode one op into the SQ (the caller made room). */
  prep(s: Slot): void {
    if (this.#prep(s, s.opts!) === 0) this.#refuse(s, new SqFullError(s.op.name, this.ring.params.sqEntries));
  }

  /** Encode one op into the SQ: 1 when it went in, -1 when it was refused (settled, released), 0 when the SQ
   *  is full (nothing taken, the op untouched). */
  #prep(s: Slot, opts: Options): number {
    const op = s.op;
    let fn = this.#preps[op.id];
    if (fn === undefined) {
      // Raw addresses: the slot itself keeps the op's memory alive until its final CQE (slots.ts).
      fn = op.views ? this.#viewsPrep(op) : this.ring.rawPrep(op.spec);
      this.#preps[op.id] = fn;
    }
    try {
      if (fn(opts) === 0) return 0;
    } catch (e) {
      // Bad options (the immediate path validates here) or an op the kernel lacks: settle, nothing queued.
      this.#refuse(s, e);
      return -1;
    }
    s.state = KERNEL;
    this.inFlight++;
    return 1;
  }

  /** unsafePrep's builder of `op` (options may hold views), giving 0 on a full SQ as rawPrep does. */
  #viewsPrep(op: Op): (o: Options) => number {
    const ring = this.ring;
    const fn = (ring.unsafePrep as unknown as Record<string, (o: Options) => number>)[op.spec.name]!;
    return (o) => (ring.spaceLeft === 0 ? 0 : fn(o));
  }

  /** An op that cannot go in: settle it with `e` and free its slot. */
  #refuse(s: Slot, e: unknown): void {
    const it = s.iter;
    if (s.reject) s.reject(e);
    this.release(s);
    it?.end(e);
  }

  /** Settle a slot that never reached the kernel. */
  fail(s: Slot, e: unknown): void {
    if (s.state === FREE || s.state === SKIP) return;
    if (s.reject) s.reject(e);
    else if (s.iter) s.iter.end(e);
    if (s.state === QUEUED) {
      s.state = SKIP; // released when the queue passes it
      s.resolve = s.reject = null;
      s.iter = null;
    } else this.release(s);
  }

  /** Submit staged SQEs; false when the kernel said EAGAIN/EBUSY (retried after the next completions). */
  submit(): boolean {
    try {
      this.ring.submit();
      return true;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN' || code === 'EBUSY') return false;
      throw e;
    }
  }

  /** Take every op not yet in the kernel (the open chain, then the FIFO) out of the queue. */
  takePending(): number[] {
    const pending = [...this.chain, ...this.queue.slice(this.qHead)];
    this.chain = [];
    this.queue = [];
    this.qHead = 0;
    return pending;
  }
}
