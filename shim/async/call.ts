// Node only: the one path every op method of IoUring takes (Node's lib/internal/fs/promises.js is the model:
// argument conversion functions plus one generic call). `call(ring, OP, o, a, b, ...)` runs the op's argument
// conversion, checks the options and starts it; anything thrown on the way (a TypeError / RangeError naming the
// argument, a closed ring, an aborted signal) becomes the returned promise's rejection (a multishot method's:
// its iterator's first next()), so no method throws.
// No rest parameters and no closure: nothing is allocated per op beyond the builder options and the promise.
import type { Options } from '../../ts/sqe/encode.ts';
import type { BufferRing } from '../register/pbuf.ts';
import { checkOptions } from './args.ts';
import { CORE, type Core } from './core.ts';
import { Multishot, startMultishot } from './multishot.ts';
import type { Op } from './slots.ts';
import type { MultishotIterator, OpOptions } from './types.ts';

/** What a conversion hands back besides the builder options (set last, after every check). */
interface Out {
  /** What the SQE points at: pinned by the slot until the final CQE. */
  keep: unknown;
  /** The path, for error messages. */
  path: string | undefined;
  /** The op to start when it depends on the arguments (`op(builder, ...)`). */
  op: Op | null;
  /** Multishot over provided buffers: the BufferRing. */
  ring: BufferRing | null;
}

const out: Out = { keep: null, path: undefined, op: null, ring: null };

/** From a conversion: pin `keep` (and name `path` in errors); returns `opts`. */
export function pinned(opts: Options, keep: unknown, path?: string): Options {
  out.keep = keep;
  out.path = path;
  return opts;
}

/** From a conversion: start `op` instead of the method's own. */
export function instead(opts: Options, op: Op, keep: unknown): Options {
  out.op = op;
  out.keep = keep;
  return opts;
}

/** From a multishot conversion: its buffer ring (also pinned). */
export function withBuffers(opts: Options, ring: BufferRing): Options {
  out.ring = ring;
  out.keep = ring;
  return opts;
}

/** An object that owns a Core (the IoUring). */
export interface HasCore {
  readonly [CORE]: Core;
}

/** Start `op` with the method's arguments `a`..`f` and options `o`. Never throws: rejects instead. */
export function call(
  ring: HasCore,
  op: Op,
  o: OpOptions | undefined,
  a?: unknown,
  b?: unknown,
  c?: unknown,
  d?: unknown,
  e?: unknown,
  f?: unknown,
): Promise<any> {
  try {
    out.keep = null;
    out.path = undefined;
    out.op = null;
    const opts = op.args!(a, b, c, d, e, f);
    // Read back before anything else runs (an options getter may start another op).
    const keep = out.keep,
      path = out.path,
      chosen = out.op ?? op;
    checkOptions(chosen.name, o);
    return ring[CORE].start(chosen, opts, keep, path, o, null);
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Start the multishot `op` with the method's arguments `a`, `b` (its conversion gets `o` third): its iterator.
 * Never throws: on bad arguments, an aborted signal or a closed ring, an iterator whose first next() rejects.
 */
export function callMultishot(
  ring: HasCore,
  op: Op,
  o: OpOptions | undefined,
  a?: unknown,
  b?: unknown,
): MultishotIterator<any> {
  const core = ring[CORE];
  try {
    out.keep = null;
    out.ring = null;
    const opts = op.args!(a, b, o, undefined, undefined, undefined);
    return startMultishot(core, op, opts, out.keep, o, out.ring);
  } catch (err) {
    return Multishot.failed(core, op, err);
  }
}
