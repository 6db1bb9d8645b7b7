// The core's allocator (ts/core/core.ts): blocks given back and reused (coalesced, the top lowered), offsets
// past 2 GiB up to wasm32's 4 GiB, a failed allocation or Ring setup that leaves the core as it was, and 10,000
// simulated rings opened and closed on one core with its memory flat.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCore } from '../../ts/core/load-node.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { SimBackend } from '../../ts/ring/sim.ts';

const GiB = 2 ** 30;

/** NOPs through a Ring over a SimBackend on `core`: proves the core's memory at those offsets works. */
function roundTrip(ring: Ring, n: number): void {
  for (let i = 0; i < n; i++) ring.prep.nop({ userData: 1000 + i });
  assert.is(ring.submitAndWait(n), n);
  const b = ring.copyCqes(0);
  assert.is(b.count, n);
  for (let i = 0; i < n; i++) {
    assert.is(b.userData(i), 1000 + i);
    assert.is(b.res[i], 0);
  }
}

test('free gives blocks back: reused first-fit, zeroed, neighbours merged, the top lowered', () => {
  const core = loadCore();
  const base = core.used;
  const a = core.alloc(100, 16),
    b = core.alloc(200, 64),
    c = core.alloc(300, 16);
  assert.ok(a >= base && b > a && c > b);
  assert.is(b % 64, 0);
  core.u8.fill(0xab, b, b + 200);
  core.free(b);
  assert.ok(core.freeBytes() >= 200);
  const b2 = core.alloc(150, 64); // fits in b's hole
  assert.is(b2, b);
  assert.ok(
    core.u8.subarray(b2, b2 + 150).every((x) => x === 0),
    'reused memory is zeroed',
  );
  core.free(b2);
  core.free(a); // a and b's holes merge
  const ab = core.alloc(250, 16);
  assert.ok(ab < c, `a 250-byte block fits the merged hole before c (got ${ab}, c at ${c})`);
  core.free(ab);
  core.free(c); // everything free: the top comes back down
  assert.is(core.used, base);
  assert.is(core.freeBytes(), 0);
});

test('free refuses a pointer alloc did not return, and a second free', () => {
  const core = loadCore();
  const a = core.alloc(64);
  assert.throws(
    () => core.free(a + 16),
    (e: unknown) => e instanceof RangeError && /not a block/.test(String(e)),
  );
  core.free(a);
  assert.throws(
    () => core.free(a),
    (e: unknown) => e instanceof RangeError && /freed already/.test(String(e)),
  );
  assert.throws(() => core.alloc(-1), RangeError);
  assert.throws(() => core.alloc(16, 3), RangeError);
});

test('offsets past 2 GiB work; past 4 GiB is a RangeError that changes nothing; a failed Ring leaves the core usable', () => {
  const core = loadCore();
  // 2.5 GiB in one block: grown memory is zero already, so no page is touched.
  const big = core.alloc(2.5 * GiB, 16);
  assert.ok(big > 0 && big < GiB, `the first big block starts low (${big})`);
  const high = core.alloc(64, 16);
  assert.ok(high > 2 ** 31, `an offset past 2 GiB (${high})`);
  core.u8[high + 5] = 0x5a;
  assert.is(core.u8[high + 5], 0x5a);
  assert.is(core.dv.getUint8(high + 5), 0x5a);

  // A Ring whose state, staging SQEs and batch are all past 2 GiB: the C core and the views agree.
  const sim = new SimBackend(core, { entries: 8 });
  const ring = new Ring(core, sim);
  assert.ok(ring.sqes > 2 ** 31 && ring.batch.ptr > 2 ** 31);
  roundTrip(ring, 8);
  roundTrip(ring, 5);
  ring.close();

  const size = core.memory.buffer.byteLength,
    used = core.used;
  assert.throws(
    () => core.alloc(2 * GiB),
    (e: unknown) => e instanceof RangeError && /do not fit in the core's memory.*4 GiB/.test(String(e)),
  );
  assert.is(core.memory.buffer.byteLength, size);
  assert.is(core.used, used);

  // Fill the core to just under 4 GiB, then a Ring whose SQ/CQ state fits but whose staging SQEs (2 KiB) do not:
  // its constructor fails and gives back what it had taken.
  const sim2 = new SimBackend(core, { entries: 32 });
  const filler = core.alloc(4 * GiB - core.used - 512, 16);
  const usedBefore = core.used,
    freeBefore = core.freeBytes();
  assert.throws(
    () => new Ring(core, sim2),
    (e: unknown) => e instanceof RangeError && /2048 bytes do not fit/.test(String(e)),
  );
  assert.is(core.used, usedBefore);
  assert.is(core.freeBytes(), freeBefore);
  core.free(filler);
  // The core is still usable.
  const ring2 = new Ring(core, sim2);
  roundTrip(ring2, 8);
  ring2.close();
  core.free(big);
  core.free(high);
  assert.is(core.freeBytes(), 0, 'everything given back merges into nothing below the top');
});

test('10,000 simulated rings opened and closed on one core leave its memory flat', () => {
  const core = loadCore();
  const sizes = [1, 8, 32, 256, 4096];
  // The first ring of the largest size sets the size; every later one fits in what was given back.
  const warm = new Ring(core, new SimBackend(core, { entries: 4096 }));
  roundTrip(warm, 4);
  warm.close();
  const size = core.memory.buffer.byteLength,
    used = core.used;
  for (let i = 0; i < 10000; i++) {
    const ring = new Ring(core, new SimBackend(core, { entries: sizes[i % sizes.length]! }));
    if (i % 100 === 0) roundTrip(ring, 1);
    ring.close();
  }
  assert.is(core.memory.buffer.byteLength, size, 'memory.buffer.byteLength after 10,000 rings');
  assert.is(core.used, used);
  assert.is(core.freeBytes(), 0);
  // Rings closed out of order too: open 50, close every other one, then the rest.
  const rings = Array.from({ length: 50 }, (_, i) => new Ring(core, new SimBackend(core, { entries: 8 << (i % 4) })));
  for (let i = 0; i < 50; i += 2) rings[i]!.close();
  for (let i = 1; i < 50; i += 2) rings[i]!.close();
  assert.is(core.used, used);
  assert.is(core.memory.buffer.byteLength, size);
});

test.run();
