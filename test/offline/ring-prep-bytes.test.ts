// Ring.prep takes the slot and writes the SQE in one step (core-c/ring/hot.c's sq_prep_* exports for the hot ops,
// get + prep + finish for the others). Every golden vector prepped through a Ring must give the same bytes as
// encodeInto on a clean SQE, in a slot dirtied first (so a byte the fast path forgets to write shows), on 64- and
// 128-byte SQE rings; bad options take no slot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { core } from '../helpers/core.ts';
import type { Golden } from '../helpers/golden.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { SimBackend } from '../../ts/ring/sim.ts';
import { encodeInto } from '../../ts/sqe/encode.ts';
import { BUILDERS } from '../../ts/ops/index.ts';
import { SETUP } from '../../ts/constants.ts';

const dir = new URL('./golden/', import.meta.url);
const vectors: Golden[] = [];
for (const f of readdirSync(dir)
  .filter((n) => n.endsWith('.ts'))
  .sort()) {
  vectors.push(...((await import(new URL(f, dir).href)) as { golden: Golden[] }).golden);
}

const HOT = ['nop', 'read', 'write', 'readv', 'writev', 'readFixed', 'writeFixed', 'send', 'recv', 'fsync'];

test('the hot ops have a combined export (else this file tests only the slow path)', () => {
  for (const name of HOT) assert.type(core.x[`sq_${BUILDERS.get(name)!.prep}`], 'function', name);
  for (const name of HOT)
    assert.ok(
      vectors.some((v) => v.op === name),
      `a golden vector for ${name}`,
    );
});

for (const size of [64, 128] as const) {
  test(`Ring.prep = encodeInto, byte for byte, in dirty slots (${size}-byte SQEs)`, () => {
    const ring = new Ring(core, new SimBackend(core, { entries: 8, flags: size === 128 ? SETUP.SQE128 : 0 }));
    const scratch = core.alloc(size, 64);
    let n = 0;
    for (const v of vectors) {
      const spec = BUILDERS.get(v.op)!;
      if (spec.sqe128 && size !== 128) continue;
      if (ring.spaceLeft === 0) ring.submit(); // the sim consumes them
      core.u8.fill(0xa5, ring.sqes, ring.sqes + 8 * size);
      core.u8.fill(0, scratch, scratch + size);
      encodeInto(core, spec, scratch, v.args as Record<string, unknown>);
      const p = (ring.unsafePrep as unknown as Record<string, (o: unknown) => number>)[v.op]!(v.args);
      assert.equal(
        Array.from(core.u8.subarray(p, p + size)),
        Array.from(core.u8.subarray(scratch, scratch + size)),
        `${v.op} ${JSON.stringify(v.args, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))}`,
      );
      n++;
    }
    assert.ok(n > 50, `${n} vectors`);
  });
}

test('bad options to a hot op take no slot', () => {
  const ring = new Ring(core, new SimBackend(core, { entries: 4 }));
  assert.throws(() => ring.prep.read({ fd: 1, buf: 0, nbytes: -1, offset: 0 }), RangeError);
  assert.throws(() => ring.prep.nop({ userData: 'x' as never }), TypeError);
  assert.throws(() => ring.prep.nop(null as never), TypeError);
  assert.is(ring.sqPending, 0);
  assert.is(ring.spaceLeft, 4);
});

test.run();
