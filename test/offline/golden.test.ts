// Every builder against hand-written expected bytes, and every builder has at least one vector.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { enc } from '../helpers/core.ts';
import { packSqe, hex } from '../helpers/pack.ts';
import type { Golden } from '../helpers/golden.ts';
import { OPS } from '../../ts/ops/index.ts';

const dir = new URL('./golden/', import.meta.url);
const vectors: Golden[] = [];
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const m = (await import(new URL(f, dir).href)) as { golden: Golden[] };
  vectors.push(...m.golden);
}

for (const g of vectors) {
  test(`golden ${g.op} ${JSON.stringify(g.args, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`, () => {
    const got = enc.encode(g.op, g.args);
    const want = packSqe(g.expect, g.size ?? 64);
    assert.is(hex(got), hex(want));
    const d = enc.decode(got);
    assert.is(d.name, g.op, `decoded as ${d.name}`);
    assert.equal(d.stray, []);
  });
}

test('every builder has a golden vector', () => {
  const have = new Set(vectors.map((g) => g.op));
  const missing = Object.keys(OPS).filter((n) => !have.has(n));
  assert.equal(missing, [], `no golden vector for ${missing.join(', ')}`);
});

test.run();
