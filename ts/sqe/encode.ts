// The builder engine: check every argument of an op, then have the core write the SQE. Nothing is written
// until all arguments passed their checks, so bad input never leaves a half-built SQE in a ring.
import type { Core } from '../core/core.ts';
import { flags as flagsKind, hi32, lo32, u16, u64 } from './kinds.ts';
import { sqeFields } from './fields.ts';
import type { OpSpec } from './spec.ts';
import { IOSQE } from '../constants.ts';

const iosqe = flagsKind('IOSQE', IOSQE.ALL);

interface Compiled {
  prep: (...a: number[]) => void;
  names: string[];
  kinds: OpSpec['args'][string]['kind'][];
  optional: boolean[];
  words: number[];
  extra: { name: string; kind: OpSpec['args'][string]['kind']; field: number; keep: bigint }[];
  buf: number[];
}

const compiled = new WeakMap<Core, Map<OpSpec, Compiled>>();

function compile(core: Core, spec: OpSpec): Compiled {
  let per = compiled.get(core);
  if (!per) compiled.set(core, (per = new Map()));
  let c = per.get(spec);
  if (c) return c;
  const fields = sqeFields(core);
  const names = Object.keys(spec.args);
  const args = names.map((n) => spec.args[n]!);
  c = {
    prep: core.fn(spec.prep),
    names,
    kinds: args.map((a) => a.kind),
    optional: args.map((a) => a.optional === true),
    words: args.map((a) => a.kind.words),
    // An extra sharing a field with bits the prep fixes (ioprio MULTISHOT, ...) keeps those bits.
    extra: Object.entries(spec.extra ?? {}).map(([name, a]) => ({
      name, kind: a.kind, field: fields.get(a.slot)!.id, keep: BigInt((spec.fixed as Record<string, number | bigint> | undefined)?.[a.slot] ?? 0),
    })),
    buf: [],
  };
  const expect = 1 + c.words.reduce((s, w) => s + w, 0);
  if (c.prep.length !== expect)
    throw new Error(`${spec.prep} takes ${c.prep.length} parameters, spec ${spec.name} gives ${expect}`);
  per.set(spec, c);
  return c;
}

function call(prep: (...a: number[]) => void, sqe: number, b: number[]): void {
  switch (b.length) {
    case 0: return prep(sqe);
    case 1: return prep(sqe, b[0]!);
    case 2: return prep(sqe, b[0]!, b[1]!);
    case 3: return prep(sqe, b[0]!, b[1]!, b[2]!);
    case 4: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!);
    case 5: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!);
    case 6: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!);
    case 7: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!);
    case 8: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!);
    case 9: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!, b[8]!);
    case 10: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!, b[8]!, b[9]!);
    case 11: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!, b[8]!, b[9]!, b[10]!);
    case 12: return prep(sqe, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!, b[8]!, b[9]!, b[10]!, b[11]!);
    default: return prep(sqe, ...b);
  }
}

export type Options = Record<string, unknown>;

/** Check `opts` against `spec`, then encode the op into the SQE at `sqe` (a pointer into core memory). */
export function encodeInto(core: Core, spec: OpSpec, sqe: number, opts: Options): void {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${spec.name}: options must be an object, got ${opts === null ? 'null' : typeof opts}`);
  const c = compile(core, spec);
  const b = c.buf;
  b.length = 0;
  for (let i = 0; i < c.names.length; i++) {
    const name = c.names[i]!;
    let v = opts[name];
    if (v === undefined) {
      if (!c.optional[i]) throw new TypeError(`${spec.name}: ${name} is required (${c.kinds[i]!.what})`);
      v = 0;
    }
    const x = c.kinds[i]!.check(spec.name, name, v);
    if (c.words[i] === 2) b.push(lo32(x), hi32(x));
    else b.push(x as number);
  }
  const ud = opts.userData === undefined ? 0 : u64.check(spec.name, 'userData', opts.userData);
  const fl = opts.flags === undefined ? 0 : (iosqe.check(spec.name, 'flags', opts.flags) as number);
  const pers = opts.personality === undefined ? 0 : (u16.check(spec.name, 'personality', opts.personality) as number);
  const bg = opts.bufGroup === undefined ? 0 : (u16.check(spec.name, 'bufGroup', opts.bufGroup) as number);
  let extras: number[] | undefined;
  for (const e of c.extra) {
    const v = opts[e.name];
    if (v === undefined) continue;
    let x = e.kind.check(spec.name, e.name, v);
    if (e.keep) x = BigInt.asUintN(64, BigInt(x)) | e.keep;
    (extras ??= []).push(e.field, lo32(x), hi32(x));
  }
  call(c.prep, sqe, b);
  if (extras) for (let i = 0; i < extras.length; i += 3) core.x.sqe_set_field(sqe, extras[i]!, extras[i + 1]!, extras[i + 2]!);
  core.x.sqe_finish(sqe, lo32(ud), hi32(ud), fl, pers, bg);
}
