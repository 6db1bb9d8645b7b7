// The seeded campaign the web page runs (ts/fuzz/campaign.ts), in Node: zero failures over every op,
// deterministic for a seed, and able to catch, report and replay a planted bug. Plus the hex parser the
// explorer uses for pasted bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enc, core } from '../helpers/core.ts';
import { ALL_OPS, OPS } from '../../ts/ops/index.ts';
import { SqeEncoder } from '../../ts/sqe/encoder.ts';
import type { OpSpec } from '../../ts/sqe/spec.ts';
import { Campaign, generateCase, replay } from '../../ts/fuzz/campaign.ts';
import { checkCase, compareFieldTables, expectedSqe } from '../../ts/fuzz/check.ts';
import { caseSeed, parseSeed } from '../../ts/fuzz/rng.ts';
import { hexDump, parseHex, toHex } from '../../ts/fuzz/hex.ts';
import { packSqe } from '../helpers/pack.ts';

const N = Number(process.env.FUZZ_CASES ?? 30_000);

test(`campaign: ${N} encodings over all ${ALL_OPS.length} ops, zero failures`, () => {
  const c = new Campaign(enc, { seed: 0xc0ffee, total: N });
  assert.equal(c.tableFailures, []);
  while (!c.finished) c.run(5000);
  assert.is(c.done, N);
  const first = c.counterexamples[0];
  assert.is(c.failed, 0, first && `${first.op} seed ${first.seed}: ${first.problems.join('; ')}`);
  for (const [op, n] of c.perOp) assert.ok(n.runs > 0, `${op} never drawn`);
});

test('campaign: the same seed gives the same cases and bytes; another seed does not', () => {
  const a = new Campaign(enc, { seed: 7, total: 2000 });
  const b = new Campaign(enc, { seed: 7, total: 2000 });
  const c = new Campaign(enc, { seed: 8, total: 2000 });
  a.run(2000);
  b.run(700);
  b.run(2000);
  c.run(2000);
  assert.is(a.digest, b.digest);
  assert.is.not(a.digest, c.digest);
  assert.is.not(caseSeed(7, 0), caseSeed(7, 1));
  assert.is.not(caseSeed(7, 0), caseSeed(8, 0));
});

/** Planted bugs the campaign must catch, each by a different check. */
class Broken extends SqeEncoder {
  constructor(private readonly bug: 'stray' | 'moved' | 'value') {
    super(core);
  }
  override encode(spec: OpSpec | string, opts: Record<string, unknown>): Uint8Array {
    const b = super.encode(spec, opts);
    const name = typeof spec === 'string' ? spec : spec.name;
    if (name !== 'read') return b;
    if (this.bug === 'stray') b[60] = 0xaa; // a byte outside every field of read
    if (this.bug === 'moved') {
      b[8] = b[16]!;
    } // addr's low byte copied into off
    if (this.bug === 'value' && Number(opts.nbytes) > 0) b[24] = (b[24]! + 1) & 0xff;
    return b;
  }
}

for (const bug of ['stray', 'moved', 'value'] as const) {
  test(`campaign: a planted ${bug} bug in read is caught, reported with its seed and replayed`, () => {
    const broken = new Broken(bug);
    const c = new Campaign(broken, { seed: 1, total: 3000 });
    c.run(3000);
    assert.ok(c.failed > 0, 'found');
    assert.is(c.perOp.get('read')!.fails, c.failed, 'only read fails');
    const cx = c.counterexamples[0]!;
    assert.is(cx.op, 'read');
    assert.is(cx.hex.length, 128);
    const again = replay(broken, cx.seed);
    assert.is(again.spec.name, 'read');
    assert.equal(again.result.problems, cx.problems, 'replay reproduces the problems');
    assert.equal(replay(enc, cx.seed).result.problems, [], 'the real encoder passes the same case');
  });
}

test('check: the independent layout is the golden bytes of a known op', () => {
  const opts = { fd: 3, buf: 0x7f0000001000, nbytes: 4096, offset: -1, userData: 9, flags: 4 };
  const want = packSqe({ opcode: 22, flags: 4, fd: 3, addr: 0x7f0000001000n, len: 4096, off: -1, user_data: 9 });
  assert.is(toHex(expectedSqe(OPS.read, opts)), toHex(want));
  assert.equal(checkCase(enc, OPS.read, opts).problems, []);
  // An option the spec does not describe changes nothing the check accepts: a field the ABI puts elsewhere fails.
  const moved = {
    ...OPS.read,
    args: { ...OPS.read.args, nbytes: { ...OPS.read.args.nbytes, slot: 'file_index' as const } },
  };
  assert.match(checkCase(enc, moved, opts).problems.join('\n'), /differ from the ABI table/);
});

test('check: the core SQE field table agrees with the ABI table', () => {
  const rows = compareFieldTables(core);
  assert.ok(rows.filter((r) => r.ok).length >= 20);
  assert.equal(
    rows.filter((r) => r.ok === false),
    [],
  );
});

test('every case generator draw is valid input for its builder', () => {
  for (let i = 0; i < 2000; i++) {
    const { spec, opts } = generateCase(caseSeed(99, i));
    enc.encode(spec, opts);
  }
});

test('hex: pasted forms parse, bad ones are refused with the reason', () => {
  const b = Uint8Array.from({ length: 64 }, (_, i) => i);
  assert.equal(parseHex(toHex(b)), b);
  assert.equal(parseHex(hexDump(b)), b);
  assert.equal(parseHex(Array.from(b, (x) => `0x${x.toString(16).padStart(2, '0')}`).join(', ')), b);
  assert.is(parseHex(toHex(new Uint8Array(128))).length, 128);
  assert.throws(() => parseHex(''), /no hex digits/);
  assert.throws(() => parseHex('zz'), /not a hex digit: "z"/);
  assert.throws(() => parseHex('abc'), /odd number of hex digits/);
  assert.throws(() => parseHex('00'.repeat(63)), /64 or 128 bytes, got 63/);
  assert.is(parseSeed('0x10'), 16);
  assert.throws(() => parseSeed('-1'), /seed must be/);
  assert.throws(() => parseSeed('0x100000000'), /0\.\.0xffffffff/);
});

test.run();
