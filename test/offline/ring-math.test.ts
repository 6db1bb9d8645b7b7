// The C core's ring index math (core-c/ring/sq.c, cq.c), called directly: slots, free space, flush and
// copy ranges, strides, across the u32 wrap. Expected values are worked out by hand or by a plain JS model.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { core } from '../helpers/core.ts';
import { rng } from '../helpers/rng.ts';

type Fn = (...a: number[]) => number;
const f = (n: string) => core.fn<Fn>(n);
const sq_state_size = f('sq_state_size'),
  sq_init = f('sq_init'),
  sq_get_sqe = f('sq_get_sqe');
const sq_unget_sqe = f('sq_unget_sqe'),
  sq_space_left = f('sq_space_left'),
  sq_ready = f('sq_ready');
const sq_pending = f('sq_pending'),
  sq_set_khead = f('sq_set_khead'),
  sq_flush = f('sq_flush');
const cq_state_size = f('cq_state_size'),
  cq_init = f('cq_init'),
  cq_ready = f('cq_ready'),
  cq_take = f('cq_take');
const ring_split = f('ring_split'),
  ring_fill_identity = f('ring_fill_identity');

const W = 2 ** 32;
const u32 = (ptr: number, n: number) => Array.from(new Uint32Array(core.memory.buffer, ptr, n));

interface Sq {
  st: number;
  sqes: number;
  entries: number;
  size: number;
}
function newSq(entries: number, size: 64 | 128, start: number): Sq {
  const st = core.alloc(sq_state_size(), 16);
  const sqes = core.alloc(entries * size, 64);
  assert.is(sq_init(st, entries, size, sqes, start), 0);
  return { st, sqes, entries, size };
}
/** [sqe_head, sqe_tail, khead] */
const sqCounters = (s: Sq) => u32(s.st, 3);
/** [nranges, slot0, slot1, count0, count1] */
const sqRanges = (s: Sq) => u32(s.st + 28, 5);
const slotOf = (s: Sq, p: number) => (p - s.sqes) / s.size;

test('state sizes and bad geometry', () => {
  assert.is(sq_state_size(), 48);
  assert.is(cq_state_size(), 36);
  const st = core.alloc(64, 16);
  assert.is(sq_init(st, 0, 64, 0, 0), -22);
  assert.is(sq_init(st, 6, 64, 0, 0), -22);
  assert.is(sq_init(st, 65536, 64, 0, 0), -22);
  assert.is(sq_init(st, 8, 96, 0, 0), -22);
  assert.is(sq_init(st, 8, 128, 0, 0), 0);
  assert.is(cq_init(st, 12, 16, 0), -22);
  assert.is(cq_init(st, 8, 64, 0), -22);
  assert.is(cq_init(st, 65536, 32, 0), 0);
});

test('get_sqe across the u32 wrap: slots, full, never overwritten', () => {
  const start = W - 3;
  const s = newSq(4, 64, start);
  const slots: number[] = [];
  for (let i = 0; i < 4; i++) {
    const p = sq_get_sqe(s.st) >>> 0;
    assert.ok(p !== 0, `slot ${i} handed out`);
    slots.push(slotOf(s, p));
  }
  assert.equal(slots, [1, 2, 3, 0]); // (2^32-3) & 3 = 1, then wraps to slot 0
  assert.equal(sqCounters(s), [start, 1, start]); // tail wrapped past 2^32 to 1
  assert.is(sq_space_left(s.st), 0);
  assert.is(sq_ready(s.st), 4);
  // Full: every further call is refused and moves nothing.
  for (let i = 0; i < 3; i++) assert.is(sq_get_sqe(s.st), 0);
  assert.equal(sqCounters(s), [start, 1, start]);
  // No reserved slot: space is entries - used, and never negative.
  assert.ok(sq_space_left(s.st) >= 0);
});

test('free space follows the kernel head; a bogus head is ignored', () => {
  const start = W - 2;
  const s = newSq(8, 64, start);
  for (let i = 0; i < 8; i++) assert.ok(sq_get_sqe(s.st) !== 0);
  assert.is(sq_space_left(s.st), 0);
  assert.is(sq_flush(s.st), 8);
  // The kernel consumed 5 (head wraps to 3).
  assert.is(sq_set_khead(s.st, (start + 5) >>> 0), 3);
  assert.is(sq_space_left(s.st), 5);
  assert.is(sq_ready(s.st), 3);
  // A head behind the known one, or past what was flushed, is refused.
  assert.is(sq_set_khead(s.st, start), 3);
  assert.is(sq_set_khead(s.st, (start + 9) >>> 0), 3);
  assert.is(sqCounters(s)[2], (start + 5) >>> 0);
  // The head cannot pass staged-but-unflushed SQEs either.
  assert.ok(sq_get_sqe(s.st) !== 0);
  assert.is(sq_set_khead(s.st, (start + 9) >>> 0), 4);
  assert.is(sq_set_khead(s.st, (start + 8) >>> 0), 1);
  assert.is(sq_space_left(s.st), 7);
});

test('flush: the ranges to copy, split at the wrap', () => {
  const start = W - 3;
  const s = newSq(4, 64, start);
  assert.is(sq_flush(s.st), 0);
  assert.equal(sqRanges(s), [0, 0, 0, 0, 0]);
  sq_get_sqe(s.st);
  assert.is(sq_pending(s.st), 1);
  assert.is(sq_flush(s.st), 1);
  assert.equal(sqRanges(s), [1, 1, 0, 1, 0]); // slot 1, one SQE
  assert.is(sq_pending(s.st), 0);
  assert.is(sq_set_khead(s.st, (start + 1) >>> 0), 0);
  for (let i = 0; i < 4; i++) assert.ok(sq_get_sqe(s.st) !== 0);
  assert.is(sq_flush(s.st), 4);
  assert.equal(sqRanges(s), [2, 2, 0, 2, 2]); // slots 2..3 then 0..1
  assert.equal(sqCounters(s), [(start + 5) >>> 0, (start + 5) >>> 0, (start + 1) >>> 0]);
});

test('unget gives back only a staged slot', () => {
  const s = newSq(4, 64, W - 1);
  const p = sq_get_sqe(s.st) >>> 0;
  assert.is(sq_unget_sqe(s.st), 1);
  assert.is(sq_unget_sqe(s.st), 0);
  assert.is(sq_get_sqe(s.st) >>> 0, p);
  sq_flush(s.st);
  assert.is(sq_unget_sqe(s.st), 0); // flushed: not ours any more
  assert.equal(sqCounters(s), [0, 0, W - 1]);
});

test('a taken slot is zeroed: 64 bytes, or all 128 on an SQE128 ring, at the right stride', () => {
  for (const size of [64, 128] as const) {
    const s = newSq(4, size, 0);
    core.u8.fill(0xab, s.sqes, s.sqes + 4 * size);
    const a = sq_get_sqe(s.st) >>> 0;
    const b = sq_get_sqe(s.st) >>> 0;
    assert.is(b - a, size, `stride ${size}`);
    assert.is(a, s.sqes);
    const u8 = core.u8;
    assert.ok(
      u8.subarray(a, a + 2 * size).every((x) => x === 0),
      `both ${size}-byte slots zeroed`,
    );
    assert.is(u8[b + size], 0xab, 'the next slot is untouched');
  }
});

test('ring_split', () => {
  const out = core.alloc(16, 16);
  const split = (head: number, count: number, entries: number) => [
    ring_split(head, count, entries, out),
    ...u32(out, 4),
  ];
  assert.equal(split(0, 0, 8), [0, 0, 0, 0, 0]);
  assert.equal(split(5, 3, 8), [1, 5, 0, 3, 0]); // exactly to the end: one range
  assert.equal(split(5, 4, 8), [2, 5, 0, 3, 1]);
  assert.equal(split(W - 1, 8, 8), [2, 7, 0, 1, 7]);
  assert.equal(split(W - 8, 8, 8), [1, 0, 0, 8, 0]);
  assert.equal(split(3, 1, 1), [1, 0, 0, 1, 0]);
});

test('CQ ready and take across the wrap: one or two ranges, head advanced', () => {
  const cq = core.alloc(cq_state_size(), 16);
  const start = W - 2;
  assert.is(cq_init(cq, 4, 16, start), 0);
  const state = () => u32(cq, 9); // head, entries, mask, shift, nranges, slot0, slot1, count0, count1
  assert.equal(state().slice(0, 4), [start, 4, 3, 4]);
  const tail = (start + 3) >>> 0; // = 1
  assert.is(cq_ready(cq, tail), 3);
  assert.is(cq_take(cq, tail, 1), 1);
  assert.equal(state().slice(4), [1, 2, 0, 1, 0]);
  assert.is(cq_take(cq, tail, 100), 2);
  assert.equal(state().slice(4), [2, 3, 0, 1, 1]); // slot 3, then slot 0
  assert.is(state()[0], 1);
  assert.is(cq_ready(cq, tail), 0);
  assert.is(cq_take(cq, tail, 100), 0);
  assert.equal(state().slice(4), [0, 0, 0, 0, 0]);
  // A tail more than entries ahead (a kernel bug) is clamped: no slot read twice.
  assert.is(cq_ready(cq, 1 + 9), 4);
  assert.is(cq_init(cq, 8, 32, 0), 0);
  assert.is(state()[3], 5, 'CQE32 shift');
});

test('identity array for the SQ index array', () => {
  const a = core.alloc(8 * 4, 16);
  core.u8.fill(0xff, a, a + 32);
  ring_fill_identity(a, 8);
  assert.equal(u32(a, 8), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('random walk against a JS model, from just below 2^32', () => {
  const r = rng(0x5eed);
  for (const start of [W - 5, W - 1, 0x7ffffffe]) {
    const entries = 8;
    const s = newSq(entries, 64, start);
    let head = start,
      staged = start,
      tail = start; // model: khead, sqe_head, sqe_tail
    for (let step = 0; step < 2000; step++) {
      const x = r();
      if (x < 0.5) {
        const p = sq_get_sqe(s.st) >>> 0;
        const used = (tail - head + W) % W;
        if (used >= entries) assert.is(p, 0, 'full');
        else {
          assert.is(slotOf(s, p), tail % entries);
          tail = (tail + 1) % W;
        }
      } else if (x < 0.75) {
        const n = (tail - staged + W) % W;
        assert.is(sq_flush(s.st), n);
        const [nr, s0, , c0, c1] = sqRanges(s);
        if (n === 0) assert.is(nr, 0);
        else {
          assert.is(s0, staged % entries);
          assert.is(c0! + c1!, n);
          assert.is(nr, c1 ? 2 : 1);
          if (c1) assert.is(s0! + c0!, entries);
        }
        staged = tail;
      } else {
        const flushed = (staged - head + W) % W;
        head = (head + Math.floor(r() * (flushed + 1))) % W;
        assert.is(sq_set_khead(s.st, head) >>> 0, (tail - head + W) % W);
      }
      assert.is(sq_space_left(s.st), entries - ((tail - head + W) % W));
      assert.equal(sqCounters(s), [staged, tail, head]);
    }
  }
});

test.run();
