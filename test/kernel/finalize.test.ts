// Finalizers and the core's memory against the real kernel. Rings dropped without close() give back their fds
// and mappings once collected (a child with --expose-gc counts /proc/self/fd and the io_uring mappings in
// /proc/self/maps); a ring with an op in flight is kept until the op is done. 10,000 rings opened and closed on
// one core leave its memory and the fd table flat; a setup that does not fit leaks no fd and leaves the core usable.
import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCore } from '../../ts/core/load-node.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { InPlaceBackend } from '../../shim/kernel/inplace.ts';
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

  test('a setup that does not fit the core leaks no fd and leaves the core usable', () => {
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
    assert.is(fds(), fd0);
  });

  test.run();
}
