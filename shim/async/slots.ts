// Node only: the table of pending ops of the async IoUring. One Slot per op from its start to its final CQE,
// reused through a free list; user_data = generation * 2^32 + slot index, so a stale cancel or CQE for a reused
// slot (its generation moved on) is harmless, and no BigInt is made. The slot holds everything the SQE points at
// (strong references) until the final CQE.
import type { OpSpec } from '../../ts/sqe/spec.ts';
import type { Options } from '../../ts/sqe/encode.ts';
import { BUILDERS } from '../../ts/ops/index.ts';
import type { Multishot } from './multishot.ts';

export type Settle = (v: unknown) => void;

/** An op method's argument conversion: its arguments → the builder's options (see call.ts). */
export type Convert = (a: any, b: any, c: any, d: any, e: any, f: any) => Options;

/** One kind of op: how it is started and how its result becomes the promise's value. Made once per method. */
export interface Op {
  /** syscall name in errors ('openat'). */
  readonly name: string;
  /** The builder that encodes it. */
  readonly spec: OpSpec;
  /** The method's arguments → the builder's options (throws TypeError / RangeError). */
  readonly args?: Convert;
  /** res (>= 0) → value; may throw. Absent: res itself. */
  readonly map?: (res: number, s: Slot) => unknown;
  /** Multishot: res of one CQE → a value to yield, or undefined to yield nothing. */
  readonly shot?: (res: number, flags: number, s: Slot, it: Multishot) => unknown;
  /** -ETIME is its success (timeouts: the time passed). */
  readonly timer?: boolean;
  /** Multishot over provided buffers: re-issued when it stops on ENOBUFS or a last data CQE. */
  readonly rearm?: boolean;
  /** Its options may hold memory objects for the Ring to turn into addresses (`op(builder, opts)`): prepped
   *  through unsafePrep. Otherwise every pointer is already an address: the Ring's rawPrep. */
  readonly views: boolean;
  /** Index of its prep function in a ring's table (SubmitQueue.prepFn). */
  readonly id: number;
}

let ops = 0;

/** An Op of builder `builder` (once per method, at module load). Every Op has the same shape (one hidden class
 *  for the completion path's property loads). */
export function op(
  name: string,
  builder: string,
  args?: Convert,
  map?: Op['map'],
  extra?: Partial<Pick<Op, 'shot' | 'timer' | 'rearm' | 'views'>>,
): Op {
  const spec = BUILDERS.get(builder);
  if (!spec) throw new Error(`IoUring: no builder ${builder}`);
  return {
    name,
    spec,
    args,
    map,
    shot: extra?.shot,
    timer: extra?.timer ?? false,
    rearm: extra?.rearm ?? false,
    views: extra?.views ?? false,
    id: ops++,
  };
}

/** map: the op resolves to nothing. */
export const VOID = (): undefined => undefined;

/** Ops the ring issues itself. */
export const K_CANCEL_INTERNAL = op('cancel', 'cancel');
export const K_LINK_TIMEOUT = op('linkTimeout', 'linkTimeout');
export const K_CANCEL_ANY = op('cancelAny', 'cancelAny');

const TWO32 = 4294967296;
const GEN_MAX = 1 << 20; // generation in user_data's high word; keeps user_data below 2^53

// Slot states.
export const FREE = 0,
  HELD = 1,
  QUEUED = 2,
  KERNEL = 3,
  SKIP = 4;

/** What a slot's AbortSignal listener calls. */
export interface SlotOwner {
  abort(s: Slot): void;
}

/** One pending op. Reused through the free list; its index is the low word of the op's user_data. */
export class Slot {
  gen = 0;
  state = FREE;
  op: Op = K_CANCEL_INTERNAL;
  resolve: Settle | null = null;
  reject: Settle | null = null;
  promise: Promise<unknown> | null = null;
  /** Strong references to everything the SQE points at. */
  keep: unknown = null;
  path: string | undefined = undefined;
  opts: Options | null = null;
  /** SQEs of the group this slot heads in the JS queue (1, or a chain / op + link timeout). */
  group = 1;
  signal: AbortSignal | null = null;
  aborted = false;
  /** Link timeout slot of this op (-1 none); for a link timeout slot: the op it guards. */
  lt = -1;
  ltOf = -1;
  ltFired = false;
  ltDone = false;
  /** A result held back: the zero-copy send's result until its notification; an op waiting for its link timeout. */
  held = 0;
  waiting = false;
  iter: Multishot | null = null;
  constructor(
    readonly idx: number,
    readonly owner: SlotOwner,
  ) {}
  get userData(): number {
    return this.gen * TWO32 + this.idx;
  }
  /** AbortSignal listener (no closure per op). */
  handleEvent(): void {
    this.owner.abort(this);
  }
}

/** The slots and their free list. The index 0xffffffff is never a slot's (an engine may use it for a wake). */
export abstract class SlotTable implements SlotOwner {
  readonly slots: Slot[] = [];
  readonly free: number[] = [];

  abstract abort(s: Slot): void;

  take(): Slot {
    let s: Slot;
    const i = this.free.pop();
    if (i !== undefined) s = this.slots[i]!;
    else {
      if (this.slots.length >= 0xffffffff) throw new RangeError('IoUring: too many pending ops');
      s = new Slot(this.slots.length, this);
      this.slots.push(s);
    }
    s.state = HELD;
    return s;
  }

  release(s: Slot): void {
    if (s.signal) s.signal.removeEventListener('abort', s);
    s.state = FREE;
    s.gen = s.gen + 1 === GEN_MAX ? 0 : s.gen + 1;
    s.resolve = s.reject = null;
    s.promise = null;
    s.keep = null;
    s.path = undefined;
    s.opts = null;
    s.signal = null;
    s.aborted = s.ltFired = s.ltDone = s.waiting = false;
    s.lt = s.ltOf = -1;
    s.group = 1;
    s.iter = null;
    this.free.push(s.idx);
  }
}
