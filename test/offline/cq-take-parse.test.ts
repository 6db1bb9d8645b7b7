// In-place completion parsing (core-c/ring/cqe_batch.c cq_take_parse): CQEs parsed where the kernel wrote them,
// in the CQ ring itself (one or two ranges, split at the wrap), must give exactly what the copy path gives
// (cq_take, bulk copy into the batch, cqe_batch_parse), and advance the head the same way.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { core } from '../helpers/core.ts';
import { CqeBatch } from '../../ts/ring/ring.ts';
import { CQE_F } from '../../ts/constants.ts';

type Fn = (...a: number[]) => number;
const f = (n: string) => core.fn<Fn>(n);
const batchSize = f('cqe_batch_size'),
  batchInit = f('cqe_batch_init'),
  batchParse = f('cqe_batch_parse');
const cqSize = f('cq_state_size'),
  cqInit = f('cq_init'),
  cqTake = f('cq_take'),
  takeParse = f('cq_take_parse');

function newBatch(capacity: number, size: 16 | 32): CqeBatch {
  const ptr = core.alloc(batchSize(capacity, size), 64);
  assert.is(batchInit(ptr, capacity, size), 0);
  return new CqeBatch(core, ptr, capacity, size);
}

/** A CQ ring of `entries` CQEs in core memory; CQE at slot s: user_data 1000 + s + (s << 40), res -s, flags as below. */
function ring(entries: number, size: 16 | 32): number {
  const at = core.alloc(entries * size, 64);
  const dv = core.dv;
  for (let s = 0; s < entries; s++) {
    const o = at + s * size;
    dv.setBigUint64(o, BigInt(1000 + s) + (BigInt(s) << 40n), true);
    dv.setInt32(o + 8, -s, true);
    dv.setUint32(o + 12, (s & 1 ? CQE_F.MORE : 0) | (s % 3 === 0 ? CQE_F.BUFFER | (s << 16) : 0), true);
    if (size === 32) {
      dv.setBigUint64(o + 16, 0x1111_0000_0000n + BigInt(s), true);
      dv.setBigUint64(o + 24, 0x2222_0000_0000n + BigInt(s), true);
    }
  }
  return at;
}

function snapshot(b: CqeBatch): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < b.count; i++)
    out.push([
      b.userDataBig(i),
      b.res[i],
      b.flags[i],
      b.bufId[i],
      b.more[i],
      ...(b.cqeSize === 32 ? Array.from(b.big.subarray(i * 4, i * 4 + 4)) : []),
    ]);
  return out;
}

for (const size of [16, 32] as const) {
  test(`cq_take_parse (${size}-byte CQEs): same CQEs, same head as copy + parse, across the slot and the u32 counter wrap`, () => {
    const entries = 8;
    const cqes = ring(entries, size);
    const start = 0xfffffffd; // head 3 below 2^32, at slot 5: a take of 6 wraps both the slot and the counter
    const a = core.alloc(cqSize(), 16),
      b = core.alloc(cqSize(), 16);
    assert.is(cqInit(a, entries, size, start), 0);
    assert.is(cqInit(b, entries, size, start), 0);
    const inPlace = newBatch(entries, size),
      copied = newBatch(entries, size);
    const tail = (start + 6) >>> 0;

    const n = takeParse(a, inPlace.ptr, tail, 100, cqes) >>> 0;
    inPlace.remap();
    inPlace.count = n;

    const m = cqTake(b, tail, 100) >>> 0;
    const st = new Uint32Array(core.memory.buffer, b, 9);
    const u8 = core.u8;
    u8.copyWithin(copied.raw, cqes + st[5]! * size, cqes + (st[5]! + st[7]!) * size);
    if (st[4] === 2) u8.copyWithin(copied.raw + st[7]! * size, cqes + st[6]! * size, cqes + (st[6]! + st[8]!) * size);
    copied.count = batchParse(copied.ptr, m);
    copied.remap();

    assert.is(n, 6);
    assert.is(m, 6);
    assert.is(st[4], 2, 'the copy path needed two ranges');
    assert.equal(snapshot(inPlace), snapshot(copied));
    assert.equal(
      snapshot(inPlace).map((r) => (r as bigint[])[0]! & 0xffffn),
      [1005n, 1006n, 1007n, 1000n, 1001n, 1002n],
      'ring order across the wrap',
    );
    assert.is(new Uint32Array(core.memory.buffer, a, 1)[0], new Uint32Array(core.memory.buffer, b, 1)[0], 'same head');
    assert.is(new Uint32Array(core.memory.buffer, a, 1)[0], 3, 'head wrapped to 3');
  });
}

test('cq_take_parse clamps to max and to the batch capacity, and takes nothing from an empty CQ', () => {
  const cqes = ring(8, 16);
  const cq = core.alloc(cqSize(), 16);
  assert.is(cqInit(cq, 8, 16, 0), 0);
  const small = newBatch(2, 16);
  assert.is(takeParse(cq, small.ptr, 8, 100, cqes), 2, 'capacity 2');
  assert.is(takeParse(cq, small.ptr, 8, 1, cqes), 1, 'max 1');
  small.remap();
  small.count = 1;
  assert.is(small.userData(0), 1002 + 2 * 2 ** 40);
  assert.is(takeParse(cq, small.ptr, 3, 100, cqes), 0, 'nothing ready');
  assert.is(new Uint32Array(core.memory.buffer, cq, 1)[0], 3);
});

test.run();
