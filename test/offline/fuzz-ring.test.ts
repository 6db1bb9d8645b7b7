// Property-based fuzzing of the core's ring math (core-c/ring/: sq_* and cq_* exports) against a plain
// JS model with u32 counters, from starting points anywhere including just below the 2^32 wrap: random
// sequences of get/unget/flush/kernel-consume (SQ) and post/take (CQ). After every step the counters,
// space and ready counts agree with the model, and the copy ranges name exactly the slots in order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { loadCore } from '../../ts/core/load-node.ts';

const core = loadCore();
type F = (...a: number[]) => number;
const x = (n: string) => core.fn<F>(n);
const [sqSize, sqInit, getSqe, ungetSqe, spaceLeft, sqReady, sqPending, setKhead, sqFlush] = [
  'sq_state_size',
  'sq_init',
  'sq_get_sqe',
  'sq_unget_sqe',
  'sq_space_left',
  'sq_ready',
  'sq_pending',
  'sq_set_khead',
  'sq_flush',
].map(x) as F[];
const [cqSize, cqInit, cqReady, cqTake, ringSplit] = [
  'cq_state_size',
  'cq_init',
  'cq_ready',
  'cq_take',
  'ring_split',
].map(x) as F[];

const MAX_LOG = 10; // rings of 1..1024 entries
const sq = core.alloc(sqSize!(), 16);
const cq = core.alloc(cqSize!(), 16);
const sqes = core.alloc(128 << MAX_LOG, 64);
const out = core.alloc(16, 16);
const u32 = (p: number) => core.dv.getUint32(p, true);

const start = fc.oneof(
  fc.integer({ min: 0xffffffff - 40, max: 0xffffffff }),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.constant(0),
);
const entries = fc.integer({ min: 0, max: MAX_LOG }).map((e) => 2 ** e);

/** Slots named by (slot, count) ranges, expanded. */
function slots(ranges: [number, number][]): number[] {
  const s: number[] = [];
  for (const [at, n] of ranges) for (let i = 0; i < n; i++) s.push(at + i);
  return s;
}
function expectSlots(head: number, n: number, ent: number): number[] {
  return Array.from({ length: n }, (_, i) => ((head + i) >>> 0) & (ent - 1));
}
function readRanges(base: number, nranges: number): [number, number][] {
  const r: [number, number][] = [];
  for (let i = 0; i < nranges; i++) r.push([u32(base + 4 * i), u32(base + 8 + 4 * i)]);
  return r;
}

test('ring_split: at most two runs, in bounds, covering exactly the slots from head', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      entries,
      fc.integer({ min: 0, max: 1 << MAX_LOG }),
      (head, ent, c) => {
        const count = Math.min(c, ent);
        const n = ringSplit!(head, count, ent, out);
        assert.ok(n <= 2 && n === (count === 0 ? 0 : count <= ent - (head & (ent - 1)) ? 1 : 2));
        const r = readRanges(out, n);
        for (const [at, k] of r) assert.ok(at + k <= ent && k > 0, `range ${at}+${k} in ${ent}`);
        if (n === 2) assert.is(r[1]![0], 0, 'the second run starts at slot 0');
        assert.equal(slots(r), expectSlots(head, count, ent));
      },
    ),
    { numRuns: 3000, seed: 11 },
  );
});

type SqCmd = { t: 'get' } | { t: 'unget' } | { t: 'flush' } | { t: 'consume'; k: number } | { t: 'bogus'; v: number };
const sqCmd: fc.Arbitrary<SqCmd> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ t: 'get' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'unget' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'flush' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 1 << MAX_LOG }).map((k) => ({ t: 'consume' as const, k })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }).map((v) => ({ t: 'bogus' as const, v })) },
);

test('SQ: get/unget/flush/consume against a u32 model, across the wrap', () => {
  fc.assert(
    fc.property(start, entries, fc.boolean(), fc.array(sqCmd, { maxLength: 300 }), (s0, ent, big, cmds) => {
      const size = big ? 128 : 64;
      assert.is(sqInit!(sq, ent, size, sqes, s0), 0);
      let head = s0,
        tail = s0,
        khead = s0;
      for (const c of cmds) {
        switch (c.t) {
          case 'get': {
            const p = getSqe!(sq) >>> 0;
            if ((tail - khead) >>> 0 >= ent) assert.is(p, 0, 'full ring hands out nothing');
            else {
              assert.is(p, sqes + (tail & (ent - 1)) * size);
              tail = (tail + 1) >>> 0;
            }
            break;
          }
          case 'unget':
            assert.is(ungetSqe!(sq), tail === head ? 0 : 1);
            if (tail !== head) tail = (tail - 1) >>> 0;
            break;
          case 'flush': {
            const n = (tail - head) >>> 0;
            assert.is(sqFlush!(sq) >>> 0, n);
            assert.equal(slots(readRanges(sq + 32, u32(sq + 28))), expectSlots(head, n, ent));
            head = tail;
            break;
          }
          case 'consume': {
            const k = Math.min(c.k, (head - khead) >>> 0);
            khead = (khead + k) >>> 0;
            assert.is(setKhead!(sq, khead) >>> 0, (tail - khead) >>> 0);
            break;
          }
          case 'bogus': {
            if ((c.v - khead) >>> 0 <= (head - khead) >>> 0) khead = c.v >>> 0; // a legal head is taken
            assert.is(setKhead!(sq, c.v) >>> 0, (tail - khead) >>> 0);
            break;
          }
        }
        assert.is(u32(sq), head, 'sqe_head');
        assert.is(u32(sq + 4), tail, 'sqe_tail');
        assert.is(u32(sq + 8), khead, 'khead');
        assert.is(sqReady!(sq) >>> 0, (tail - khead) >>> 0);
        assert.is(sqPending!(sq) >>> 0, (tail - head) >>> 0);
        assert.is(spaceLeft!(sq) >>> 0, ent - ((tail - khead) >>> 0));
      }
    }),
    { numRuns: 400, seed: 12 },
  );
});

type CqCmd = { t: 'post'; k: number } | { t: 'take'; max: number };
const cqCmd: fc.Arbitrary<CqCmd> = fc.oneof(
  fc.integer({ min: 0, max: 1 << MAX_LOG }).map((k) => ({ t: 'post' as const, k })),
  fc.integer({ min: 0, max: 1 << MAX_LOG }).map((max) => ({ t: 'take' as const, max })),
);

test('CQ: post/take against a u32 model, across the wrap; ready is clamped to the ring', () => {
  fc.assert(
    fc.property(
      start,
      entries,
      fc.boolean(),
      fc.array(cqCmd, { maxLength: 200 }),
      fc.integer({ min: 0, max: 0xffffffff }),
      (h0, ent, big, cmds, wild) => {
        assert.is(cqInit!(cq, ent, big ? 32 : 16, h0), 0);
        let head = h0,
          tail = h0;
        for (const c of cmds) {
          if (c.t === 'post') tail = (tail + Math.min(c.k, ent - ((tail - head) >>> 0))) >>> 0;
          else {
            const n = Math.min((tail - head) >>> 0, c.max);
            assert.is(cqTake!(cq, tail, c.max) >>> 0, n);
            assert.equal(slots(readRanges(cq + 20, u32(cq + 16))), expectSlots(head, n, ent));
            head = (head + n) >>> 0;
          }
          assert.is(u32(cq), head, 'cq head');
          assert.is(cqReady!(cq, tail) >>> 0, (tail - head) >>> 0);
        }
        assert.is(
          cqReady!(cq, wild) >>> 0,
          Math.min((wild - head) >>> 0, ent),
          'a tail past head + entries is clamped',
        );
      },
    ),
    { numRuns: 400, seed: 13 },
  );
});

test('the model catches a wrong answer (the properties can fail)', () => {
  const r = fc.check(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), entries, (head, ent) => {
      ringSplit!(head, ent, ent, out);
      // deliberately wrong claim: a full-ring split is always one run
      return u32(out + 12) === 0;
    }),
    { numRuns: 500, seed: 14 },
  );
  assert.ok(r.failed);
  const [head, ent] = r.counterexample as [number, number];
  assert.ok((head & (ent - 1)) !== 0, 'the shrunk counterexample starts mid-ring');
});

test.run();
