// The builder engine: check every argument of an op, then have the core write the SQE. Nothing is written
// until all arguments passed their checks, so bad input never leaves a half-built SQE in a ring.
//
// This is the submit path's hot spot, so each spec is compiled once per core into a function with the
// argument names and range checks inlined (plain numbers pass in a few comparisons, no BigInt, no
// allocation); anything else (a bigint, -1 for an offset, a bad value) goes to the kind's own check, which
// normalises it or throws the TypeError/RangeError naming the op and argument. Where code generation is
// not allowed (a page with a strict CSP), a generic loop does the same work more slowly.
import type { Core } from '../core/core.ts';
import { flags as flagsKind, hi32, lo32, u16, u64, type Kind } from './kinds.ts';
import { sqeFields } from './fields.ts';
import type { OpSpec } from './spec.ts';
import { IOSQE } from '../constants.ts';

const iosqe = flagsKind('IOSQE', IOSQE.ALL);

/** A builder's options object before checking: argument names to values (checked by each argument's kind). */
export type Options = Record<string, unknown>;
/** Checks `opts` (an object, every argument) and writes the op into the SQE at `sqe`. */
export type Encoder = (sqe: number, opts: Options) => void;

const caches = new WeakMap<Core, Map<OpSpec, Encoder>>();

/**
 * The compiled encoder of `spec` for `core` (compiled on first use, then cached): checks that `opts` is an
 * object and every argument, then writes the SQE. Callers on a hot path (the Ring) keep it per spec, so an
 * encode costs no lookup.
 */
export function encoderFor(core: Core, spec: OpSpec): Encoder {
  let cache = caches.get(core);
  if (cache === undefined) {
    cache = new Map();
    caches.set(core, cache);
  }
  let enc = cache.get(spec);
  if (enc === undefined) {
    enc = compile(core, spec, false) as Encoder;
    cache.set(spec, enc);
  }
  return enc;
}

/** Check `opts` against `spec`, then encode the op into the SQE at `sqe` (a pointer into core memory). */
export function encodeInto(core: Core, spec: OpSpec, sqe: number, opts: Options): void {
  encoderFor(core, spec)(sqe, opts);
}

/**
 * Checks `opts` and every argument, then takes the next slot of the ring whose SQ state is at `sq` (WASM
 * memory, core-c/ring/sq.h) and writes the op into it: returns the SQE's address, or 0 when the SQ is full
 * (nothing taken, nothing written). Bad input throws before anything is taken. For the ops core-c/ring/hot.c
 * exports as `sq_<prep>` this is one WASM call (take + prep + finish); for the others, three.
 */
export type SlotEncoder = (sq: number, opts: Options) => number;

const takeCaches = new WeakMap<Core, Map<OpSpec, SlotEncoder>>();

/** The slot-taking encoder of `spec` for `core` (compiled on first use, then cached). */
export function slotEncoderFor(core: Core, spec: OpSpec): SlotEncoder {
  let cache = takeCaches.get(core);
  if (cache === undefined) {
    cache = new Map();
    takeCaches.set(core, cache);
  }
  let enc = cache.get(spec);
  if (enc === undefined) {
    enc = compile(core, spec, true) as SlotEncoder;
    cache.set(spec, enc);
  }
  return enc;
}

function badOptions(name: string, opts: unknown): never {
  throw new TypeError(`${name}: options must be an object, got ${opts === null ? 'null' : typeof opts}`);
}

interface Arg {
  name: string;
  kind: Kind;
  optional: boolean;
  field?: number;
  keep?: bigint;
}

function describe(core: Core, spec: OpSpec): { args: Arg[]; extras: Arg[] } {
  const fields = sqeFields(core);
  const fixed = (spec.fixed ?? {}) as Record<string, number | bigint>;
  const args = Object.entries(spec.args).map(([name, a]) => ({ name, kind: a.kind, optional: a.optional === true }));
  // An extra sharing a field with bits the prep fixes (ioprio MULTISHOT, ...) keeps those bits.
  const extras = Object.entries(spec.extra ?? {}).map(([name, a]) => ({
    name,
    kind: a.kind,
    optional: true,
    field: fields.get(a.slot)!.id,
    keep: BigInt(fixed[a.slot] ?? 0),
  }));
  return { args, extras };
}

function compile(core: Core, spec: OpSpec, take: boolean): Encoder | SlotEncoder {
  const prep = core.fn<(...a: number[]) => void>(spec.prep);
  const { args, extras } = describe(core, spec);
  const words = 1 + args.reduce((s, a) => s + a.kind.words, 0);
  if (prep.length !== words)
    throw new Error(`${spec.prep} takes ${prep.length} parameters, spec ${spec.name} gives ${words}`);
  // The combined take + prep + finish export of a hot op (core-c/ring/hot.c): the prep's words plus 5.
  let combined: ((...a: number[]) => number) | undefined;
  if (take && typeof core.x[`sq_${spec.prep}`] === 'function') {
    combined = core.fn<(...a: number[]) => number>(`sq_${spec.prep}`);
    if (combined.length !== words + 5)
      throw new Error(`sq_${spec.prep} takes ${combined.length} parameters, expected ${words + 5}`);
  }
  let enc: Encoder;
  try {
    enc = generate(core, spec, prep, args, extras, take, combined);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    enc = generic(core, spec, prep, args, extras);
    if (take) {
      const get = core.fn<(sq: number) => number>('sq_get_sqe');
      const unget = core.fn<(sq: number) => number>('sq_unget_sqe');
      return (sq: number, o: Options): number => {
        const p = get(sq) >>> 0;
        if (p === 0) {
          if (o === null || typeof o !== 'object') badOptions(spec.name, o);
          return 0;
        }
        try {
          enc(p, o);
        } catch (e) {
          unget(sq);
          throw e;
        }
        return p;
      };
    }
  }
  return enc;
}

/** JS source that leaves a checked value of kind `k` (read from `src`) in variables `v` (1 word) or `v`l/`v`h. */
function checkSource(i: number, a: Arg, src: string): string {
  const K = `K[${i}]`;
  const slow1 = `${a.name === undefined ? '' : ''}v${i} = ${K}.check(N, A[${i}], v${i});`;
  const d = a.kind.domain;
  if (a.kind.words === 1) {
    let fast = 'false';
    if (d?.type === 'int')
      fast = `typeof v${i} === 'number' && v${i} >= ${d.lo} && v${i} <= ${d.hi} && Math.floor(v${i}) === v${i}`;
    else if (d?.type === 'flags')
      fast = `typeof v${i} === 'number' && (v${i} >>> 0) === v${i} && (v${i} & ${~d.mask}) === 0`;
    return `let v${i} = ${src};\n if (!(${fast})) ${slow1}\n`;
  }
  // 64-bit: a safe non-negative integer number splits without BigInt; anything else through the kind.
  const fast =
    d?.type === 'u64'
      ? `typeof v${i} === 'number' && v${i} >= 0 && v${i} <= 9007199254740991 && Math.floor(v${i}) === v${i}`
      : 'false';
  return `let v${i} = ${src}, l${i}, h${i};
 if (${fast}) { l${i} = v${i} >>> 0; h${i} = (v${i} / 4294967296) >>> 0; }
 else { v${i} = ${K}.check(N, A[${i}], v${i}); l${i} = lo32(v${i}); h${i} = hi32(v${i}); }\n`;
}

function generate(
  core: Core,
  spec: OpSpec,
  prep: (...a: number[]) => void,
  args: Arg[],
  extras: Arg[],
  take: boolean,
  combined: ((...a: number[]) => number) | undefined,
): Encoder {
  const K: Kind[] = [];
  const A: string[] = [];
  let body = '';
  const call: string[] = ['sqe'];
  args.forEach((a, j) => {
    const i = K.length;
    K.push(a.kind);
    A.push(a.name);
    const key = JSON.stringify(a.name);
    const src = a.optional ? `o[${key}] === undefined ? 0 : o[${key}]` : `o[${key}]`;
    if (!a.optional) body += `if (o[${key}] === undefined) missing(${j});\n`;
    body += checkSource(i, a, src);
    call.push(...(a.kind.words === 1 ? [`v${i}`] : [`l${i}`, `h${i}`]));
  });
  // Common options: user data, IOSQE flags, personality, buffer group.
  const common: [string, Kind][] = [
    ['userData', u64],
    ['flags', iosqe],
    ['personality', u16],
    ['bufGroup', u16],
  ];
  const commonVars: string[] = [];
  for (const [name, kind] of common) {
    const i = K.length;
    K.push(kind);
    A.push(name);
    body += checkSource(i, { name, kind, optional: true }, `o.${name} === undefined ? 0 : o.${name}`);
    commonVars.push(...(kind.words === 1 ? [`v${i}`] : [`l${i}`, `h${i}`]));
  }
  const E: Arg[] = extras;
  let tail = '';
  extras.forEach((e, j) => {
    const i = K.length;
    K.push(e.kind);
    A.push(e.name);
    const key = JSON.stringify(e.name);
    body += `let x${j} = o[${key}];\n if (x${j} !== undefined) { x${j} = K[${i}].check(N, A[${i}], x${j}); if (E[${j}].keep) x${j} = BigInt.asUintN(64, BigInt(x${j})) | E[${j}].keep; }\n`;
    tail += `if (x${j} !== undefined) X.sqe_set_field(sqe, ${e.field}, lo32(x${j}), hi32(x${j}));\n`;
  });
  const fname = spec.name.replace(/\W/g, '_');
  // Every check above runs before anything is taken or written. Taking: the combined export when no extra
  // field was given (extras are set between prep and finish), else get + prep + extras + finish.
  const fast = combined
    ? `if (${extras.map((_, j) => `x${j} === undefined`).join(' && ') || 'true'}) return combined(${['sq', ...call.slice(1), ...commonVars].join(', ')});\n`
    : '';
  const src = take
    ? `"use strict";
return function take_${fname}(sq, o) {
if (o === null || typeof o !== 'object') bad(N, o);
${body}${fast}const sqe = get(sq);
if (sqe === 0) return 0;
prep(${call.join(', ')});
${tail}finish(sqe, ${commonVars.join(', ')});
return sqe;
};`
    : `"use strict";
return function encode_${fname}(sqe, o) {
if (o === null || typeof o !== 'object') bad(N, o);
${body}prep(${call.join(', ')});
${tail}finish(sqe, ${commonVars.join(', ')});
};`;
  const missing = (j: number) => {
    const a = args[j]!;
    throw new TypeError(`${spec.name}: ${a.name} is required (${a.kind.what})`);
  };
  const X = core.x;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(
    'K',
    'A',
    'N',
    'E',
    'X',
    'prep',
    'finish',
    'missing',
    'lo32',
    'hi32',
    'bad',
    'get',
    'combined',
    src,
  ) as (...a: unknown[]) => Encoder;
  // WASM exports ignore `this`: called unbound, V8 calls them directly (a bound function is a slower call).
  return factory(K, A, spec.name, E, X, prep, X.sqe_finish, missing, lo32, hi32, badOptions, X.sq_get_sqe, combined);
}

/** The same work without generated code. */
function generic(core: Core, spec: OpSpec, prep: (...a: number[]) => void, args: Arg[], extras: Arg[]): Encoder {
  return (sqe, o) => {
    if (o === null || typeof o !== 'object') badOptions(spec.name, o);
    const b: number[] = [sqe];
    for (const a of args) {
      let v = o[a.name];
      if (v === undefined) {
        if (!a.optional) throw new TypeError(`${spec.name}: ${a.name} is required (${a.kind.what})`);
        v = 0;
      }
      const x = a.kind.check(spec.name, a.name, v);
      if (a.kind.words === 2) b.push(lo32(x), hi32(x));
      else b.push(x as number);
    }
    const ud = o.userData === undefined ? 0 : u64.check(spec.name, 'userData', o.userData);
    const fl = o.flags === undefined ? 0 : (iosqe.check(spec.name, 'flags', o.flags) as number);
    const pers = o.personality === undefined ? 0 : (u16.check(spec.name, 'personality', o.personality) as number);
    const bg = o.bufGroup === undefined ? 0 : (u16.check(spec.name, 'bufGroup', o.bufGroup) as number);
    const set: [number, number | bigint][] = [];
    for (const e of extras) {
      const v = o[e.name];
      if (v === undefined) continue;
      let x = e.kind.check(spec.name, e.name, v);
      if (e.keep) x = BigInt.asUintN(64, BigInt(x)) | e.keep;
      set.push([e.field!, x]);
    }
    prep(...b);
    for (const [f, x] of set) core.x.sqe_set_field(sqe, f, lo32(x), hi32(x));
    core.x.sqe_finish(sqe, lo32(ud), hi32(ud), fl, pers, bg);
  };
}
