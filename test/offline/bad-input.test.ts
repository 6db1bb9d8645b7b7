// Every builder refuses bad input with a TypeError or RangeError naming the op and the argument, and
// writes nothing: the SQE slot keeps its bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { core } from '../helpers/core.ts';
import { rng } from '../helpers/rng.ts';
import { sampleOptions } from '../helpers/sample.ts';
import { ALL_OPS } from '../../ts/ops/index.ts';
import { encodeInto } from '../../ts/sqe/encode.ts';
import type { OpSpec } from '../../ts/sqe/spec.ts';

const slot = core.alloc(128, 64);

function expectRefused(
  spec: OpSpec,
  opts: Record<string, unknown>,
  arg: string,
  type: typeof TypeError | typeof RangeError,
) {
  core.u8.fill(0xa5, slot, slot + 128);
  let err: unknown;
  try {
    encodeInto(core, spec, slot, opts);
  } catch (e) {
    err = e;
  }
  assert.instance(err, type, `${spec.name}.${arg} = ${String(opts[arg])}: expected ${type.name}, got ${String(err)}`);
  const msg = (err as Error).message;
  assert.ok(msg.startsWith(`${spec.name}: `) && msg.includes(arg), `message names op and argument: ${msg}`);
  assert.ok(
    core.u8.subarray(slot, slot + 128).every((b) => b === 0xa5),
    `${spec.name}: nothing written on bad ${arg}`,
  );
}

for (const spec of ALL_OPS) {
  test(`${spec.name} refuses bad arguments`, () => {
    const r = rng(7 + spec.opcode);
    const good = sampleOptions(spec, r);
    for (const [name, a] of [...Object.entries(spec.args), ...Object.entries(spec.extra ?? {})]) {
      expectRefused(spec, { ...good, [name]: 'x' }, name, TypeError);
      expectRefused(spec, { ...good, [name]: 1.5 }, name, RangeError);
      expectRefused(spec, { ...good, [name]: a.kind.words === 2 ? 1n << 64n : 2 ** 32 }, name, RangeError);
      expectRefused(spec, { ...good, [name]: a.kind.words === 2 ? -(2 ** 60) : -(2 ** 31) - 1 }, name, RangeError);
      if (!a.optional && !(spec.extra && name in spec.extra)) {
        const { [name]: _, ...rest } = good;
        expectRefused(spec, rest, name, TypeError);
      }
    }
    expectRefused(spec, { ...good, userData: -5 }, 'userData', RangeError);
    expectRefused(spec, { ...good, flags: 0x80 }, 'flags', RangeError);
    expectRefused(spec, { ...good, personality: 0x10000 }, 'personality', RangeError);
  });
}

test('options must be an object', () => {
  assert.throws(
    () => encodeInto(core, ALL_OPS[0]!, slot, null as never),
    (e: Error) => e instanceof TypeError && /options must be an object/.test(e.message),
  );
});

test.run();
