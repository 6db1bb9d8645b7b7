// Property-based fuzzing of every builder with fast-check: arbitraries derived from each argument's kind
// (its `domain`), and for each op the checks of ts/fuzz/check.ts (decode(encode(x)) = x, re-encoding,
// zero bytes outside the op's fields, every field where the kernel's layout puts it). A failure is shrunk to
// a small counterexample and reported with fast-check's seed and path for replay.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { enc, core } from '../helpers/core.ts';
import { ALL_OPS } from '../../ts/ops/index.ts';
import { OPS } from '../../ts/ops/index.ts';
import { IOSQE } from '../../ts/constants.ts';
import type { Kind } from '../../ts/sqe/kinds.ts';
import type { OpSpec } from '../../ts/sqe/spec.ts';
import { SqeEncoder } from '../../ts/sqe/encoder.ts';
import { checkCase } from '../../ts/fuzz/check.ts';
import { usesBufIndex, type Opts } from '../../ts/fuzz/sample.ts';
import { rng } from '../../ts/fuzz/rng.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const U64_MAX = (1n << 64n) - 1n;

/** A fast-check arbitrary for a kind, from its domain; kinds without one fall back to their sampler. */
export function kindArb(k: Kind): fc.Arbitrary<number | bigint> {
  const d = k.domain;
  if (!d) return fc.integer({ min: 0, max: 0xffffffff }).map((s) => k.sample(rng(s)));
  switch (d.type) {
    case 'int':
      return fc.integer({ min: d.lo, max: d.hi });
    case 'flags':
      return fc.integer({ min: 0, max: 0xffffffff }).map((v) => (v & d.mask) >>> 0);
    case 'u64': {
      const arbs: fc.Arbitrary<number | bigint>[] = [fc.maxSafeNat(), fc.bigInt({ min: 0n, max: U64_MAX })];
      if (d.minusOne) arbs.push(fc.constant(-1));
      return fc.oneof(...arbs);
    }
  }
}

/** Options for the op's builder: every required argument, optional and extra ones sometimes, and the
 *  common tail (user_data, IOSQE flags, personality, buf_group with BUFFER_SELECT where buf_index is free). */
export function optsArb(spec: OpSpec): fc.Arbitrary<Opts> {
  const parts: Record<string, fc.Arbitrary<number | bigint | undefined>> = {};
  for (const [name, a] of Object.entries(spec.args))
    parts[name] = a.optional ? fc.option(kindArb(a.kind), { nil: undefined }) : kindArb(a.kind);
  for (const [name, a] of Object.entries(spec.extra ?? {}))
    parts[name] = fc.option(kindArb(a.kind), { nil: undefined });
  parts.userData = fc.option(fc.bigInt({ min: 0n, max: U64_MAX }), { nil: undefined });
  parts.flags = fc.option(
    fc.integer({ min: 0, max: IOSQE.ALL }).map((f) => f & ~IOSQE.BUFFER_SELECT),
    { nil: undefined },
  );
  parts.personality = fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: undefined });
  if (!usesBufIndex(spec)) parts.bufGroup = fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: undefined });
  return fc.record(parts).map((r) => {
    const o: Opts = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) o[k] = v;
    if (o.bufGroup !== undefined) o.flags = Number(o.flags ?? 0) | IOSQE.BUFFER_SELECT;
    return o;
  });
}

function holds(e: SqeEncoder, spec: OpSpec) {
  return fc.property(optsArb(spec), (opts) => {
    const r = checkCase(e, spec, opts);
    if (r.problems.length) throw new Error(r.problems.join('\n'));
  });
}

for (const spec of ALL_OPS) {
  test(`fast-check ${spec.name}: roundtrip, no stray bytes, fields where the ABI table says (${RUNS} runs)`, () => {
    let h = 0;
    for (const c of spec.name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    fc.assert(holds(enc, spec), { numRuns: RUNS, seed: h | 0 });
  });
}

/** An encoder with one planted bug: read's len is off by one from nbytes 1000 on. */
class Broken extends SqeEncoder {
  override encode(spec: OpSpec | string, opts: Record<string, unknown>): Uint8Array {
    const b = super.encode(spec, opts);
    const name = typeof spec === 'string' ? spec : spec.name;
    if (name === 'read' && Number(opts.nbytes) >= 1000) b[24]! ^= 1;
    return b;
  }
}

test('a planted bug is found and shrunk to the smallest failing input', () => {
  const r = fc.check(holds(new Broken(core), OPS.read), { numRuns: 2000, seed: 42 });
  assert.ok(r.failed, 'the property must fail on the broken encoder');
  const [opts] = r.counterexample as [Opts];
  assert.is(
    opts.nbytes,
    1000,
    `shrunk to the boundary: ${JSON.stringify(opts, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );
  assert.is(opts.fd, 0, 'other arguments shrink to 0');
  assert.match(String(r.errorInstance), /nbytes: decoded/);
});

test('every kind the ops use gives values its own check accepts (domain or sampler)', () => {
  // Kinds with a domain are generated from it (and shrink by value); the others (custom kinds in ts/ops
  // with cross-bit rules) come from their sampler, shrinking by seed. Either way they must be valid input.
  for (const s of ALL_OPS) {
    for (const [n, a] of [...Object.entries(s.args), ...Object.entries(s.extra ?? {})]) {
      fc.assert(
        fc.property(kindArb(a.kind), (v) => {
          a.kind.check(s.name, n, v);
        }),
        { numRuns: 100, seed: 1 },
      );
    }
  }
});

test.run();
