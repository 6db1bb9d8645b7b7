// Finalizers and the core's memory against the real kernel. Rings dropped without close() give back their fds
// and mappings once collected (a child with --expose-gc counts /proc/self/fd and the io_uring mappings in
// /proc/self/maps); a ring with an op in flight is kept until the op is done. 10,000 rings opened and closed on
// one core leave its memory and the fd table flat (in place too, once the kernel's teardown lets go of the regions,
// and reused regions never see a closed ring's stores); a setup that does not fit leaks no fd and leaves the core
// usable.
import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCore } from '../../ts/core/load-node.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { InPlaceBackend } from '../../shim/kernel/inplace.ts';
import { reclaimInPlace } from '../../shim/kernel/inplace-memory.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import { REGISTER } from '../../shim/sys/abi.ts';
import { runFixture, type ChildEvent } from './_child.ts';
import { unavailable } from './_env.ts';

type Counts = { fds: number; maps: number };
const fds = () => readdirSync('/proc/self/fd').length;

async function child(mode: string): Promise<ChildEvent[]> {
  const run = await runFixture('finalize.ts', [mode, '200'], {
    env: { NODE_OPTIONS: '--expose-gc' },
    startBoundMs: 120_000,
    exitBoundMs: 120_000,
  });
  assert.is(run.killed, null, run.stderr);
  assert.is(run.code, 0, run.stderr);
  assert.ok(run.events.some((e) => e.ev === 'done'));
  return run.events;
}

function released(e: ChildEvent, perRing: number): void {
  const { before, open, after, n } = e as unknown as { before: Counts; open: Counts; after: Counts; n: number };
  assert.ok(open.fds - before.fds >= n * perRing, `${e.ev}: ${n} rings open (${JSON.stringify(e)})`);
  assert.ok(open.maps > before.maps, `${e.ev}: their mappings are there`);
  assert.equal(after, before, `${e.ev}: every fd and mapping given back after gc (${JSON.stringify(e)})`);
}

if (!unavailable('finalize')) {
  test('sync Rings dropped unclosed (copy mode, in place, registered ring fd) release fds and mappings', async () => {
    const [e] = await child('sync');
    released(e!, 1);
  });

  test('KernelBackends dropped without a Ring release fds and mappings', async () => {
    const [e] = await child('backend');
    released(e!, 1);
  });

  test('IoUrings dropped unclosed (uvpoll with its eventfd, threadpool) release fds, polls and mappings', async () => {
    const events = await child('async');
    const up = events.find((e) => e.ev === 'async-uvpoll')!,
      tp = events.find((e) => e.ev === 'async-threadpool')!;
    released(up, 1.5); // DEFER_TASKRUN half: an eventfd each too
    released(tp, 1);
  });

  test('an IoUring with a read in flight is kept until the read completes, then released', async () => {
    const events = await child('inflight');
    for (const engine of ['uvpoll', 'threadpool']) {
      const e = events.find((x) => x.ev === `inflight-${engine}`) as unknown as {
        before: Counts;
        during: Counts;
        after: Counts;
        got: unknown;
      };
      assert.is(e.during.fds, e.before.fds + 3, `${engine}: the ring (and the pipe) survive gc while the read waits`);
      assert.is(e.during.maps, e.before.maps + 2);
      assert.is(e.got, 3, `${engine}: the read completed with its 3 bytes`);
      assert.is(e.after.fds, e.before.fds + 2, `${engine}: then the ring went (the pipe stays)`);
      assert.is(e.after.maps, e.before.maps);
    }
  });

  test('10,000 copy-mode Rings opened and closed on one core: memory and fds flat', () => {
    const core = loadCore();
    const once = () => {
      const ring = new Ring(core, KernelBackend.setup({ entries: 32 }));
      ring.prep.nop({ userData: 7 });
      ring.submitAndWait(1);
      assert.is(ring.copyCqes(0).userData(0), 7);
      ring.close();
    };
    once();
    const size = core.memory.buffer.byteLength,
      used = core.used,
      fd0 = fds();
    for (let i = 0; i < 10000; i++) once();
    console.log(
      `    core after 10,000 rings: ${core.memory.buffer.byteLength} bytes (before ${size}), fds ${fds()} (before ${fd0})`,
    );
    assert.is(core.memory.buffer.byteLength, size);
    assert.is(core.used, used);
    assert.is(fds(), fd0);
  });

  /** Wait (bounded) until every closed in-place ring's regions went back to `core`. */
  async function drained(core: ReturnType<typeof loadCore>): Promise<void> {
    const t0 = Date.now();
    while (reclaimInPlace(core) > 0) {
      assert.ok(Date.now() - t0 < 10_000, 'the kernel finished tearing the closed rings down within 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  test('10,000 in-place Rings opened and closed on one core: regions given back, memory and fds flat', async () => {
    const core = loadCore();
    const once = (i: number) => {
      const ring = new Ring(core, InPlaceBackend.setup({ core, entries: 32 }));
      ring.prep.nop({ userData: i });
      ring.submitAndWait(1);
      assert.is(ring.copyCqes(0).userData(0), i);
      ring.close();
    };
    once(0);
    await drained(core);
    const used = core.used,
      fd0 = fds();
    for (let i = 1; i <= 2000; i++) once(i);
    const size2k = core.memory.buffer.byteLength;
    for (let i = 2001; i <= 10000; i++) once(i);
    const size = core.memory.buffer.byteLength,
      parked = reclaimInPlace(core);
    await drained(core);
    console.log(
      `    in place: core ${size2k} bytes after 2,000 rings, ${size} after 10,000 (${parked} rings still tearing down at the end); used ${core.used} (before ${used}), fds ${fds()} (before ${fd0})`,
    );
    assert.ok(size <= size2k + (1 << 20), `the core stopped growing (${size2k} -> ${size})`);
    assert.is(core.used, used, 'every region given back');
    assert.is(fds(), fd0, 'no sentinel fd left');
  });

  test('in place: a region reused after its ring closed never sees that ring again (3,000 rings, ops in flight at close)', async () => {
    const core = loadCore();
    const seen = new Set<number>();
    let reused = 0;
    for (let i = 0; i < 3000; i++) {
      const b = InPlaceBackend.setup({ core, entries: 8 });
      if (seen.has(b.regions.rings)) reused++;
      seen.add(b.regions.rings);
      const ring = new Ring(core, b);
      assert.is(ring.cqReady, 0, `ring ${i} starts with an empty CQ`);
      for (let k = 0; k < 4; k++) ring.prep.nop({ userData: i * 8 + k });
      ring.submitAndWait(4);
      const got = ring.copyCqes(0);
      assert.is(got.count, 4, `ring ${i}: its own 4 CQEs`);
      for (let k = 0; k < 4; k++) assert.is(got.userData(k), i * 8 + k);
      assert.is(ring.cqReady, 0);
      // Leave a timeout in flight: the teardown cancels it and posts its CQE into the closing ring's CQ.
      ring.prep.timeout({ ts: new BigInt64Array([10n, 0n]), count: 0, userData: 1 });
      ring.submit();
      ring.close();
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 30)); // let some teardowns finish: reuse happens
    }
    await drained(core);
    console.log(`    in place: 3,000 rings, ${reused} set up in a region a closed ring had used`);
    assert.ok(reused > 100, `regions were reused (${reused})`);
  });

  test("in place: a ring with the app's own file table registered gives its regions back too (FILES_UPDATE)", async () => {
    const core = loadCore();
    await drained(core);
    const used = core.used,
      fd0 = fds();
    for (let i = 0; i < 20; i++) {
      const b = InPlaceBackend.setup({ core, entries: 8 });
      ioUringRegister(b.fd, REGISTER.FILES, new Int32Array([0, 1, 2, -1]), 4);
      assert.throws(() => ioUringRegister(b.fd, REGISTER.FILES, new Int32Array([0]), 1), /EBUSY/);
      new Ring(core, b).close();
    }
    assert.ok(reclaimInPlace(core) > 0, 'parked, not leaked');
    await drained(core);
    assert.is(core.used, used);
    assert.is(fds(), fd0);
  });

  test('a setup that does not fit the core leaks no fd and leaves the core usable', async () => {
    const core = loadCore();
    const fd0 = fds();
    const filler = core.alloc(2 ** 32 - core.used - 8192, 16);
    const used = core.used;
    // In place: the regions do not fit: refused before io_uring_setup.
    assert.throws(
      () => InPlaceBackend.setup({ core, entries: 4096 }),
      (e: unknown) => e instanceof RangeError && /do not fit/.test(String(e)),
    );
    // Copy mode: the ring is set up but the Ring's staging does not fit; its owner closes the backend.
    const b = KernelBackend.setup({ entries: 4096 });
    assert.throws(
      () => new Ring(core, b),
      (e: unknown) => e instanceof RangeError && /do not fit/.test(String(e)),
    );
    b.close();
    assert.is(core.used, used, 'nothing taken from the core');
    assert.is(fds(), fd0, 'no fd left open');
    core.free(filler);
    const ring = new Ring(core, InPlaceBackend.setup({ core, entries: 4096 }));
    ring.prep.nop({ userData: 9 });
    ring.submitAndWait(1);
    assert.is(ring.copyCqes(0).userData(0), 9, 'the core still works');
    ring.close();
    await drained(core);
    assert.is(fds(), fd0);
  });

  test.run();
}
