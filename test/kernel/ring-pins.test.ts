// The sync Ring keeps the memory given to `prep` alive until the op's final CQE (ts/ring/pins.ts), refuses raw
// addresses outside `unsafePrep`, and survives forced GC with every reference dropped (a child with --expose-gc).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { event, runFixture } from './_child.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { addressOf } from '../../shim/sys/memory.ts';
import { close, pipe, write } from '../../shim/sys/libc.ts';
import { AT_FDCWD, IOSQE } from '../../ts/constants.ts';
import { loadCore } from '../../ts/core/load-node.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { SimBackend } from '../../ts/ring/sim.ts';

const core = loadCore();

/** Submit and wait for `n` CQEs: [userData, res] in arrival order. */
function reap(ring: Ring, n: number): [number, number][] {
  const out: [number, number][] = [];
  ring.submit();
  while (out.length < n) {
    const b = ring.copyCqes(1);
    for (let i = 0; i < b.count; i++) out.push([b.userData(i), b.res[i]!]);
  }
  return out;
}

function withRing(fn: (ring: Ring, r: number, w: number) => void): () => void {
  return () => {
    const ring = new Ring(core, KernelBackend.setup({ entries: 8 }));
    const [r, w] = pipe();
    try {
      fn(ring, r, w);
    } finally {
      ring.close();
      close(r);
      close(w);
    }
  };
}

if (!unavailable('ring')) {
  test(
    'prep: a raw address is a TypeError naming unsafePrep; 0 passes; unsafePrep takes the address',
    withRing((ring, r, w) => {
      const buf = Buffer.alloc(8);
      assert.throws(
        () => ring.prep.read({ fd: r, buf: addressOf(buf) as unknown as Buffer, nbytes: 8, offset: -1 }),
        (e: Error) => e instanceof TypeError && /buf is a raw address.*ring\.unsafePrep\.read/.test(e.message),
      );
      assert.throws(() => ring.prep('read', { fd: r, buf: 2n ** 40n, nbytes: 8, offset: -1 }), TypeError);
      assert.throws(
        () => ring.prep.read({ fd: r, buf: 'x' as unknown as Buffer, nbytes: 8, offset: -1 }),
        /buf must be a Buffer, TypedArray, DataView or ArrayBuffer/,
      );
      assert.is(ring.sqPending, 0, 'nothing staged');
      ring.prep.read({ fd: r, buf: 0, nbytes: 0, offset: -1, userData: 1 }); // NULL with 0 bytes: fine
      write(w, 'raw');
      ring.unsafePrep.read({ fd: r, buf: addressOf(buf), nbytes: 8, offset: -1, userData: 2 });
      assert.equal(reap(ring, 2).sort(), [
        [1, 0],
        [2, 3],
      ]);
      assert.is(buf.subarray(0, 3).toString(), 'raw');
      assert.is(ring.pinnedOps, 0, 'unsafePrep pins nothing');
    }),
  );

  test(
    'the buffer is kept until the final CQE: a blocked read holds it, its CQE releases it; a cancel releases too',
    withRing((ring, r, w) => {
      ring.prep.read({ fd: r, buf: Buffer.alloc(16), nbytes: 16, offset: -1, userData: 10 });
      ring.submit();
      assert.is(ring.pinnedOps, 1);
      write(w, 'hello');
      assert.equal(reap(ring, 1), [[10, 5]]);
      assert.is(ring.pinnedOps, 0, 'released at the CQE');

      ring.prep.read({ fd: r, buf: new Uint8Array(16), nbytes: 16, offset: -1, userData: 11 });
      ring.submit();
      ring.prep.cancel({ targetUserData: 11, userData: 12 });
      const got = new Map(reap(ring, 2));
      assert.is(got.get(11), -125, 'ECANCELED');
      assert.is(ring.pinnedOps, 0, 'released by the cancelled CQE');
    }),
  );

  test(
    'an op holding memory owns its user_data until its final CQE; CQE_SKIP_SUCCESS with memory is refused',
    withRing((ring, r, w) => {
      ring.prep.read({ fd: r, buf: Buffer.alloc(4), nbytes: 4, offset: -1, userData: 7 });
      const staged = ring.sqPending;
      assert.throws(
        () => ring.prep.nop({ userData: 7 }),
        (e: Error) =>
          e instanceof RangeError && /userData 7 belongs to an op in flight that holds memory/.test(e.message),
      );
      assert.throws(
        () => ring.prep.read({ fd: r, buf: Buffer.alloc(4), nbytes: 4, offset: -1, userData: 7 }),
        RangeError,
      );
      assert.throws(
        () =>
          ring.prep.write({
            fd: w,
            buf: Buffer.alloc(4),
            nbytes: 4,
            offset: -1,
            flags: IOSQE.CQE_SKIP_SUCCESS,
            userData: 8,
          }),
        /CQE_SKIP_SUCCESS with memory attached/,
      );
      assert.is(ring.sqPending, staged, 'nothing more staged');
      ring.prep.nop({ userData: 9 });
      write(w, 'abcd');
      assert.equal(new Map(reap(ring, 2)).get(7), 4);
      ring.prep.nop({ userData: 7 }); // free again
      assert.equal(reap(ring, 1), [[7, 0]]);
    }),
  );

  test(
    'strings for paths, arrays of views for iovecs, views for structs (statx) and keep for more',
    withRing((ring) => {
      const dir = mkdtempSync(join(tmpdir(), 'uring-pins-'));
      try {
        const file = join(dir, 'f-é.txt'); // UTF-8 in the path
        writeFileSync(file, 'abcdefgh');
        ring.prep.openat({ dfd: AT_FDCWD, path: file, openFlags: 0, mode: 0, userData: 1 });
        const [[, fd]] = reap(ring, 1) as [[number, number]];
        assert.ok(fd >= 0, `openat by string: ${fd}`);
        const a = Buffer.alloc(3),
          b = new Uint8Array(5);
        ring.prep.readv({ fd, iovecs: [a, b], nrVecs: 2, offset: 0, userData: 2, keep: { note: 'kept too' } });
        assert.equal(reap(ring, 1), [[2, 8]]);
        assert.is(a.toString() + Buffer.from(b).toString(), 'abcdefgh');
        assert.throws(() => ring.prep.readv({ fd, iovecs: [a], nrVecs: 2, offset: 0, userData: 3 }), /nrVecs \(2\)/);
        assert.throws(
          () => ring.prep.openat({ dfd: AT_FDCWD, path: 'a\0b', openFlags: 0, mode: 0, userData: 3 }),
          /contains a NUL/,
        );
        const stx = Buffer.alloc(256);
        ring.prep.statx({ dfd: AT_FDCWD, path: file, statxFlags: 0, mask: 0x200, statxbuf: stx, userData: 4 });
        assert.equal(reap(ring, 1), [[4, 0]]);
        assert.is(Number(stx.readBigUInt64LE(40)), readFileSync(file).length, 'stx_size');
        ring.prep.close({ fd, userData: 5 });
        assert.equal(reap(ring, 1), [[5, 0]]);
        assert.is(ring.pinnedOps, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
  );

  test('a backend without addressOf (simulation) refuses objects with a TypeError; unsafePrep still works', () => {
    const ring = new Ring(core, new SimBackend(core, { entries: 4 }));
    try {
      assert.throws(
        () => ring.prep.read({ fd: 3, buf: Buffer.alloc(4), nbytes: 4, offset: 0 }),
        (e: Error) => e instanceof TypeError && /cannot take addresses/.test(e.message),
      );
      ring.unsafePrep.read({ fd: 3, buf: 4096, nbytes: 4, offset: 0 });
      assert.is(ring.sqPending, 1);
    } finally {
      ring.close();
    }
  });

  test('forced GC with every reference dropped, 3,840 linked reads/writes of 16 B..64 KiB in flight: every byte right', async () => {
    const run = await runFixture('ring-gc.ts', ['60'], { execArgv: ['--expose-gc'], startBoundMs: 120_000 });
    const done = event(run, 'done');
    assert.ok(done, `no result (exit ${run.code} ${run.signal}): ${run.stderr.slice(-500)}`);
    assert.equal(
      { ops: done!.ops, bad: done!.bad, badCqes: done!.badCqes, pinnedAfter: done!.pinnedAfter },
      { ops: 3840, bad: 0, badCqes: 0, pinnedAfter: 0 },
    );
    assert.ok((done!.bytes as number) > 25_000_000, `bytes checked: ${done!.bytes}`);
    assert.is(done!.collected, done!.watched, 'every buffer collected once its ops completed');
    assert.is(run.code, 0);
  });

  test('the same run with raw addresses through unsafePrep crashes or corrupts (what the pins prevent)', async () => {
    const run = await runFixture('ring-gc.ts', ['30', 'unsafe'], { execArgv: ['--expose-gc'], startBoundMs: 120_000 });
    const done = event(run, 'done');
    const harmed = done === undefined ? run.code !== 0 || run.signal !== null : (done.bad as number) > 0;
    assert.ok(harmed, `expected a crash or corrupted bytes, got ${JSON.stringify(done)} exit ${run.code}`);
  });
}

test.run();
