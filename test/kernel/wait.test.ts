// Timed waits: io_uring_enter with IORING_ENTER_EXT_ARG (getevents_arg + timespec in native memory).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Driver, enc, unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { ENTER, FEAT } from '../../shim/sys/abi.ts';
import { UringError } from '../../ts/errors.ts';

function elapsedMs(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

if (!unavailable('wait')) {
  test('a wait with nothing to complete ends with ETIME after the timeout', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      assert.ok(b.params.features & FEAT.EXT_ARG);
      let err: unknown;
      const ms = elapsedMs(() => {
        try {
          b.enter(0, 1, ENTER.GETEVENTS, { sec: 0, nsec: 30_000_000 });
        } catch (e) {
          err = e;
        }
      });
      assert.instance(err, UringError);
      const u = err as UringError;
      assert.is(u.code, 'ETIME');
      assert.is(u.errno, -62);
      assert.is(u.syscall, 'io_uring_enter');
      assert.is(u.message, 'ETIME: timer expired, io_uring_enter');
      assert.ok(ms >= 25 && ms < 2000, `waited ${ms} ms for a 30 ms timeout`);
    } finally {
      b.close();
    }
  });

  test('tv_sec is honoured (1 s timeout)', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      let code = '';
      const ms = elapsedMs(() => {
        try {
          b.enter(0, 1, ENTER.GETEVENTS, { sec: 1, nsec: 0 });
        } catch (e) {
          code = (e as UringError).code;
        }
      });
      assert.is(code, 'ETIME');
      assert.ok(ms >= 950 && ms < 3000, `waited ${ms} ms for 1 s`);
    } finally {
      b.close();
    }
  });

  test('a timed wait returns at once when the completion is there', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      const d = new Driver(b);
      d.push(enc.op.nop({ userData: 5 }));
      const n = d.flush();
      let got = -1;
      const ms = elapsedMs(() => (got = b.enter(n, 1, ENTER.GETEVENTS, { sec: 10, nsec: 0 })));
      assert.is(got, 1);
      assert.ok(ms < 1000, `took ${ms} ms`);
      assert.is(d.reap().length, 1);
      // The same native argument block is reused: a second timed wait still times out correctly.
      assert.throws(
        () => b.enter(0, 1, ENTER.GETEVENTS, { sec: 0, nsec: 1_000_000 }),
        (e: UringError) => e.code === 'ETIME',
      );
    } finally {
      b.close();
    }
  });

  test('bad timeouts are refused before the kernel sees them', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      assert.throws(() => b.enter(0, 1, ENTER.GETEVENTS, { sec: -1, nsec: 0 }), RangeError);
      assert.throws(() => b.enter(0, 1, ENTER.GETEVENTS, { sec: 0, nsec: 1e9 }), RangeError);
      assert.throws(() => b.enter(0, 1, ENTER.GETEVENTS, { sec: 0.5, nsec: 0 }), RangeError);
    } finally {
      b.close();
    }
  });

  test('enter errors carry the errno name (EINVAL for unknown enter flags)', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      assert.throws(
        () => b.enter(0, 0, 1 << 30),
        (e: UringError) => e instanceof UringError && e.code === 'EINVAL' && e.errno === -22,
      );
    } finally {
      b.close();
    }
  });
}

test.run();
