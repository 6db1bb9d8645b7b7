// decode(encode(x)) = x for random x on every op, and the bytes re-encode from the decoded form.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enc } from '../helpers/core.ts';
import { rng } from '../helpers/rng.ts';
import { sampleOptions } from '../helpers/sample.ts';
import { hex } from '../helpers/pack.ts';
import { ALL_OPS } from '../../ts/ops/index.ts';
import { canonical } from '../../ts/sqe/kinds.ts';

const PER_OP = 500;

test('addresses and file modes are marked for the decoder (hex, octal)', () => {
  const radix = (r: number) =>
    ALL_OPS.flatMap((s) => Object.entries({ ...s.args, ...s.extra }).filter(([, a]) => a.kind.radix === r));
  assert.ok(radix(16).some(([n]) => n === 'buf') && radix(16).length > 40, 'address arguments are hex');
  assert.equal([...new Set(radix(8).map(([n]) => n))], ['mode'], 'mode arguments are octal');
});

for (const spec of ALL_OPS) {
  test(`roundtrip ${spec.name} (${PER_OP} random inputs)`, () => {
    const r = rng(0x5eed ^ spec.opcode ^ (spec.name.length << 8));
    for (let i = 0; i < PER_OP; i++) {
      const x = sampleOptions(spec, r);
      const bytes = enc.encode(spec, x);
      const d = enc.decode(bytes);
      const ctx = `case ${i} ${hex(bytes)} ${d.text}`;
      assert.is(d.name, spec.name, ctx);
      assert.equal(d.stray, [], ctx);
      for (const [name, a] of [...Object.entries(spec.args), ...Object.entries(spec.extra ?? {})]) {
        const want = x[name] === undefined ? canonical(a.kind, 0) : canonical(a.kind, x[name]!);
        const got = d.args[name] ?? canonical(a.kind, 0);
        assert.is(got, want, `${name} ${ctx}`);
      }
      // The text writes each argument so it reads back: addresses always in hex, file modes in octal.
      for (const [name, v] of Object.entries(d.args)) {
        const radix = (spec.args[name] ?? spec.extra?.[name])?.kind.radix;
        const t = new RegExp(` ${name}=(\\S+)`).exec(d.text)?.[1] ?? '';
        if (radix === 16) assert.match(t, /^0x[0-9a-f]+$/, `${name} in hex: ${ctx}`);
        if (radix === 8) assert.match(t, /^0o[0-7]+$/, `${name} in octal: ${ctx}`);
        assert.is(BigInt(t), BigInt(v), `${name} reads back: ${ctx}`);
      }
      assert.is(d.userData, BigInt(x.userData ?? 0), `userData ${ctx}`);
      assert.is(d.personality, Number(x.personality ?? 0), `personality ${ctx}`);
      assert.is(d.bufGroup, Number(x.bufGroup ?? 0), `bufGroup ${ctx}`);
      const fixedFlags = Number(spec.fixed?.flags ?? 0);
      assert.is(d.flags, Number(x.flags ?? 0) | fixedFlags, `flags ${ctx}`);
      const again = enc.encode(spec, {
        ...d.args,
        userData: d.userData,
        flags: d.flags & ~fixedFlags,
        personality: d.personality,
        bufGroup: d.bufGroup,
      });
      assert.is(hex(again), hex(bytes), `re-encode ${ctx}`);
    }
  });
}

test.run();
