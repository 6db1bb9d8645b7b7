// ring.prepMany encodes N SQEs of a hot op in one call into the core (core-c/ring/many.c): the bytes must be
// those of N single unsafePrep calls with the same arguments, in dirty slots, across the wrap, on 64- and
// 128-byte SQE rings. Bad input is refused naming the argument, and takes no slot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { core } from '../helpers/core.ts';
import { Ring, SqFullError } from '../../ts/ring/ring.ts';
import { PREP_MANY_COLUMNS, type PrepManyOp, type PrepManyOptions } from '../../ts/ring/index.ts';
import { SimBackend } from '../../ts/ring/sim.ts';
import { IOSQE, SETUP } from '../../ts/constants.ts';

const OPS = Object.keys(PREP_MANY_COLUMNS) as PrepManyOp[];

/** Row i of op's columns: varied values, edges included (fd -1 and 2^31-1, offset -1 and 2^53-1, big userData). */
function row(op: PrepManyOp, i: number): Record<string, number> {
  const v: Record<string, number> = {
    fd: [3, -1, 2147483647, -2147483648][i % 4]!,
    sockfd: [5, 0, 7][i % 3]!,
    buf: [0x7f0000001000 + i * 4096, 0, 2 ** 53 - 1][i % 3]!,
    nbytes: [4096, 0, 4294967295][i % 3]!,
    len: [100, 4294967295, 1][i % 3]!,
    offset: [i * 4096, -1, 2 ** 53 - 1, 0][i % 4]!,
    bufIndex: [0, 65535, 7][i % 3]!,
    msgFlags: [0, 0x40, 0xffffffff][i % 3]!,
    userData: [i, 2 ** 53 - 1, 0x123456789a][i % 3]!,
  };
  const out: Record<string, number> = {};
  for (const c of PREP_MANY_COLUMNS[op]) out[c] = v[c]!;
  return out;
}

function argsOf(op: PrepManyOp, n: number): Float64Array {
  const cols = PREP_MANY_COLUMNS[op];
  const a = new Float64Array(n * cols.length);
  for (let i = 0; i < n; i++) {
    const r = row(op, i);
    cols.forEach((c, j) => {
      a[i * cols.length + j] = r[c]!;
    });
  }
  return a;
}

function bytesOf(ring: Ring, size: number, slot0: number, n: number, entries: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const at = ring.sqes + ((slot0 + i) % entries) * size;
    out.push(Array.from(core.u8.subarray(at, at + size)));
  }
  return out;
}

const OPTS: (PrepManyOptions | undefined)[] = [
  undefined,
  { flags: IOSQE.IO_LINK | IOSQE.ASYNC, personality: 3 },
  { rwFlags: 0x2, flags: IOSQE.CQE_SKIP_SUCCESS },
];

for (const size of [64, 128] as const) {
  test(`prepMany = N single preps, byte for byte, across the wrap (${size}-byte SQEs)`, () => {
    const entries = 16;
    const flags = size === 128 ? SETUP.SQE128 : 0;
    let checked = 0;
    for (const op of OPS)
      for (const opts of OPTS) {
        if (opts?.rwFlags !== undefined && !['read', 'write', 'readFixed', 'writeFixed'].includes(op)) continue;
        const one = new Ring(core, new SimBackend(core, { entries, flags }));
        const many = new Ring(core, new SimBackend(core, { entries, flags }));
        // Both start at slot 11, so a batch of 9 wraps past the end of the array.
        for (const r of [one, many]) {
          for (let k = 0; k < 11; k++) r.prep.nop({});
          r.submit();
          r.copyCqes(0);
        }
        const n = 9;
        core.u8.fill(0xa5, one.sqes, one.sqes + entries * size);
        core.u8.fill(0x5a, many.sqes, many.sqes + entries * size);
        const slot0 = 11;
        for (let i = 0; i < n; i++) {
          const o: Record<string, unknown> = { ...row(op, i), ...opts };
          if (o.rwFlags === undefined) delete o.rwFlags;
          (one.unsafePrep as unknown as Record<string, (o: unknown) => number>)[op]!(o);
        }
        assert.is(many.prepMany(op, argsOf(op, n), n, opts), n);
        assert.equal(
          bytesOf(many, size, slot0, n, entries),
          bytesOf(one, size, slot0, n, entries),
          `${op} ${JSON.stringify(opts)}`,
        );
        assert.is(many.sqPending, n);
        checked++;
        one.close();
        many.close();
      }
    assert.is(checked, 18, `${checked} combinations`);
  });
}

test('prepMany: bad input is a TypeError/RangeError naming the argument, and takes no slot', () => {
  const ring = new Ring(core, new SimBackend(core, { entries: 8 }));
  const ok = argsOf('read', 2);
  const bad = (fn: () => unknown, type: typeof TypeError | typeof RangeError, re: RegExp) => {
    assert.throws(fn, (e: unknown) => e instanceof type && re.test((e as Error).message));
    assert.is(ring.sqPending, 0);
  };
  bad(() => ring.prepMany('openat' as PrepManyOp, ok, 1), RangeError, /op must be one of/);
  bad(() => ring.prepMany('read', [1, 2, 3, 4, 5] as unknown as Float64Array, 1), TypeError, /Float64Array/);
  bad(() => ring.prepMany('read', ok, 3), RangeError, /args holds 10 numbers/);
  bad(() => ring.prepMany('read', ok, 9), RangeError, /count must be an integer in 0\.\.8/);
  bad(() => ring.prepMany('read', ok, 1.5), RangeError, /count/);
  bad(() => ring.prepMany('read', ok, 2, { flags: 0x1000 }), RangeError, /flags/);
  bad(() => ring.prepMany('nop', new Float64Array(1), 1, { rwFlags: 1 }), TypeError, /rwFlags is for read/);
  bad(() => ring.prepMany('read', ok, 2, null as unknown as PrepManyOptions), TypeError, /options must be an object/);
  const cases: [PrepManyOp, number, number, RegExp][] = [
    ['read', 5 + 0, 2 ** 31, /args\[5\] \(fd of op 1\)/],
    ['read', 1, -1, /args\[1\] \(buf of op 0\)/],
    ['read', 2, 2 ** 32, /args\[2\] \(nbytes of op 0\)/],
    ['read', 3, -2, /args\[3\] \(offset of op 0\) must be .*-1 for the file position/],
    ['read', 9, 2 ** 53, /args\[9\] \(userData of op 1\)/],
    ['read', 4, 0.5, /userData of op 0/],
    ['read', 0, Number.NaN, /fd of op 0/],
    ['readFixed', 4, 65536, /bufIndex of op 0/],
    ['send', 3, -1, /msgFlags of op 0/],
    ['nop', 1, Number.POSITIVE_INFINITY, /args\[1\] \(userData of op 1\)/],
  ];
  for (const [op, k, v, re] of cases) {
    const a = argsOf(op, 2);
    a[k] = v;
    bad(() => ring.prepMany(op, a, 2), RangeError, re);
  }
  assert.is(ring.prepMany('read', ok, 0), 0);
  ring.close();
  assert.throws(
    () => ring.prepMany('nop', new Float64Array(1), 1),
    (e: unknown) => (e as { code?: string }).code === 'ERR_URING_CLOSED',
  );
});

test('prepMany: all or nothing on a full SQ (SqFullError, nothing taken); a full SQ is reported before bad values', () => {
  const ring = new Ring(core, new SimBackend(core, { entries: 8 }));
  ring.prepMany('nop', new Float64Array(6), 6);
  assert.is(ring.spaceLeft, 2);
  assert.throws(
    () => ring.prepMany('nop', new Float64Array(3), 3),
    (e: unknown) => e instanceof SqFullError,
  );
  assert.is(ring.sqPending, 6);
  assert.throws(
    () => ring.prepMany('nop', new Float64Array([0, 0, -1]), 3),
    (e: unknown) => e instanceof SqFullError,
  );
  assert.is(ring.prepMany('nop', new Float64Array([1, 2]), 2), 2);
  assert.is(ring.submit(), 8);
  const b = ring.copyCqes(0);
  assert.is(b.count, 8);
  assert.equal([b.userData(6), b.userData(7)], [1, 2]);
  ring.close();
});

test('prepMany: a userData held by an op with memory in flight is refused', () => {
  const backend = new SimBackend(core, { entries: 8 });
  // The sim takes no addresses; give it one so the safe prep can pin a view.
  (backend as unknown as { addressOf: (m: ArrayBufferView) => number }).addressOf = () => 0x1000;
  const ring = new Ring(core, backend);
  ring.prep.read({ fd: 0, buf: new Uint8Array(4), nbytes: 4, offset: 0, userData: 77 });
  assert.throws(
    () => ring.prepMany('nop', new Float64Array([5, 77]), 2),
    (e: unknown) => e instanceof RangeError && /userData 77 \(op 1\)/.test((e as Error).message),
  );
  assert.is(ring.sqPending, 1);
  ring.close();
});

test.run();
