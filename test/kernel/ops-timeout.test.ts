// Kernel tests of the timeout ops (builders in ts/ops/timeout.ts), and of the SQE flags that order requests:
// IOSQE_IO_LINK chains and link timeouts, IOSQE_IO_DRAIN, IOSQE_CQE_SKIP_SUCCESS.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opTest, resName } from './_ops.ts';
import { byUd, cqeOf, none, ts, withPipe } from './_kit.ts';
import { write } from '../../shim/sys/libc.ts';
import { IOSQE } from '../../ts/constants.ts';
import { TIMEOUT } from '../../ts/opflags.ts';

opTest('timeout', 'a pure timer ends -ETIME after about the time asked', (t) => {
  const t0 = performance.now();
  const c = t.run('timeout', { ts: ts(t, 60) });
  const ms = performance.now() - t0;
  assert.is(resName(c.res), 'ETIME');
  assert.ok(ms >= 55 && ms < 2000, `fired after ${ms.toFixed(1)} ms, asked 60`);
});

// ETIME_SUCCESS does not change res (the kernel still posts -ETIME): it only keeps the expiry from failing
// the link chain, so an IO_LINK-ed op after it runs instead of being cancelled.
opTest('timeout', 'ETIME_SUCCESS: still -ETIME, but a linked NOP runs (without it: -ECANCELED)', (t) => {
  const a = t.queue('timeout', { ts: ts(t, 5), timeoutFlags: TIMEOUT.ETIME_SUCCESS, flags: IOSQE.IO_LINK });
  const an = t.queue('nop', {});
  const b = t.queue('timeout', { ts: ts(t, 5), flags: IOSQE.IO_LINK });
  const bn = t.queue('nop', {});
  const got = byUd(t.wait(4));
  assert.is(resName(got.get(a)!.res), 'ETIME');
  assert.is(got.get(an)!.res, 0, 'linked after ETIME_SUCCESS: runs');
  assert.is(resName(got.get(b)!.res), 'ETIME');
  assert.is(resName(got.get(bn)!.res), 'ECANCELED', 'linked after a plain timeout: cancelled');
});

opTest('timeout', 'with count N it completes (res 0) after N other completions, not before', (t) => {
  const to = t.queue('timeout', { ts: ts(t, 10_000), count: 2 });
  const n1 = t.queue('nop', {});
  const first = t.wait(1);
  assert.is(first[0]!.userData, n1, 'one completion is not enough');
  none(t, 30, 'the counting timeout waits for a second completion');
  const n2 = t.queue('nop', {});
  const got = byUd(t.wait(2));
  assert.is(got.get(n2)!.res, 0);
  assert.is(got.get(to)!.res, 0, 'count reached: res 0, not -ETIME');
});

opTest('timeout', 'MULTISHOT with count 3: three -ETIME CQEs, F_MORE on all but the last', (t) => {
  const ud = t.queue('timeout', { ts: ts(t, 10), count: 3, timeoutFlags: TIMEOUT.MULTISHOT });
  const got = t.wait(3);
  assert.equal(
    got.map((c) => c.userData),
    [ud, ud, ud],
  );
  assert.equal(
    got.map((c) => resName(c.res)),
    ['ETIME', 'ETIME', 'ETIME'],
  );
  assert.equal(
    got.map((c) => c.more),
    [true, true, false],
  );
  none(t, 30, 'no fourth shot');
});

opTest('timeoutRemove', 'removes a pending timeout (it completes -ECANCELED); unknown is ENOENT', (t) => {
  const to = t.queue('timeout', { ts: ts(t, 10_000) });
  none(t, 10);
  const rm = t.queue('timeoutRemove', { targetUserData: to });
  const got = t.wait(2);
  assert.is(cqeOf(got, rm).res, 0);
  assert.is(resName(cqeOf(got, to).res), 'ECANCELED');
  assert.is(resName(t.run('timeoutRemove', { targetUserData: to }).res), 'ENOENT');
});

opTest('timeoutUpdate', 're-arms a 10 s timeout to 30 ms: it fires -ETIME soon after', (t) => {
  const to = t.queue('timeout', { ts: ts(t, 10_000) });
  none(t, 10);
  const t0 = performance.now();
  const up = t.queue('timeoutUpdate', { ts: ts(t, 30), targetUserData: to });
  const got = t.wait(2, 3000);
  const ms = performance.now() - t0;
  assert.is(cqeOf(got, up).res, 0);
  assert.is(resName(cqeOf(got, to).res), 'ETIME');
  assert.ok(ms >= 25 && ms < 2000, `fired ${ms.toFixed(1)} ms after the update (asked 30)`);
  assert.is(resName(t.run('timeoutUpdate', { ts: ts(t, 30), targetUserData: to }).res), 'ENOENT');
});

opTest(
  'linkTimeout',
  'a blocked pipe read is cancelled (-ECANCELED), the timeout -ETIME; a fast op cancels its timeout',
  (t) => {
    withPipe((r) => {
      const buf = Buffer.alloc(8);
      const rd = t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 8, offset: -1, flags: IOSQE.IO_LINK });
      const lt = t.queue('linkTimeout', { ts: ts(t, 50) });
      const t0 = performance.now();
      const got = t.wait(2);
      const ms = performance.now() - t0;
      assert.is(resName(cqeOf(got, rd).res), 'ECANCELED');
      assert.is(resName(cqeOf(got, lt).res), 'ETIME');
      assert.ok(ms >= 45 && ms < 2000, `cancelled after ${ms.toFixed(1)} ms (asked 50)`);
    });
    const nop = t.queue('nop', { flags: IOSQE.IO_LINK });
    const lt = t.queue('linkTimeout', { ts: ts(t, 10_000) });
    const got = t.wait(2);
    assert.is(cqeOf(got, nop).res, 0);
    assert.is(resName(cqeOf(got, lt).res), 'ECANCELED', 'the op finished first: its link timeout is cancelled');
  },
);

opTest('linkTimeoutUpdate', 'shortens a pending link timeout from 10 s to 30 ms: the linked read is cancelled', (t) => {
  withPipe((r) => {
    const buf = Buffer.alloc(8);
    const rd = t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 8, offset: -1, flags: IOSQE.IO_LINK });
    const lt = t.queue('linkTimeout', { ts: ts(t, 10_000) });
    none(t, 30, 'the read waits, its 10 s timeout too');
    const t0 = performance.now();
    const up = t.queue('linkTimeoutUpdate', { ts: ts(t, 30), targetUserData: lt });
    const got = t.wait(3, 3000);
    const ms = performance.now() - t0;
    assert.is(cqeOf(got, up).res, 0, `update: ${resName(cqeOf(got, up).res)}`);
    assert.is(resName(cqeOf(got, lt).res), 'ETIME');
    assert.is(resName(cqeOf(got, rd).res), 'ECANCELED');
    assert.ok(ms >= 25 && ms < 2000, `fired ${ms.toFixed(1)} ms after the update`);
    assert.is(resName(t.run('linkTimeoutUpdate', { ts: ts(t, 30), targetUserData: lt }).res), 'ENOENT');
  });
});

// The SQE flags that order requests, shown with NOPs and pipe reads.
opTest('nop', 'IO_LINK: a chain runs in order; a failed link cancels the rest (-ECANCELED)', (t) => {
  withPipe((r, w) => {
    const buf = Buffer.alloc(4);
    // read waits for data; the write linked after it must not run before the read completed.
    const rd = t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 4, offset: -1, flags: IOSQE.IO_LINK });
    const wbuf = Buffer.from('late');
    const wr = t.queue('write', { fd: w, buf: t.addr(wbuf), nbytes: 4, offset: -1 });
    none(t, 40, 'the linked write waits for the read');
    write(w, 'abcd'); // a full read: a short one would count as a failure and cancel the link
    const got = t.wait(2);
    assert.equal(
      got.map((c) => c.userData),
      [rd, wr],
      'completions in chain order',
    );
    assert.is(cqeOf(got, rd).res, 4);
    assert.is(buf.toString(), 'abcd');
    assert.is(cqeOf(got, wr).res, 4);
  });
  const bad = t.queue('read', { fd: -1, buf: t.addr(Buffer.alloc(4)), nbytes: 4, offset: 0, flags: IOSQE.IO_LINK });
  const n1 = t.queue('nop', { flags: IOSQE.IO_LINK });
  const n2 = t.queue('nop', {});
  const got = byUd(t.wait(3));
  assert.is(resName(got.get(bad)!.res), 'EBADF');
  assert.is(resName(got.get(n1)!.res), 'ECANCELED');
  assert.is(resName(got.get(n2)!.res), 'ECANCELED');
});

opTest('nop', 'IO_DRAIN: a drained NOP waits until everything before it completed', (t) => {
  withPipe((r, w) => {
    const buf = Buffer.alloc(4);
    const rd = t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 4, offset: -1 });
    const dr = t.queue('nop', { flags: IOSQE.IO_DRAIN });
    none(t, 40, 'the drained NOP must wait for the pending read');
    const after = t.queue('nop', {});
    none(t, 20, 'and so must everything after the drain');
    write(w, 'z');
    const got = t.wait(3);
    assert.equal(
      got.map((c) => c.userData),
      [rd, dr, after],
      'read, then the drain, then the rest',
    );
    assert.is(cqeOf(got, rd).res, 1);
  });
});

opTest('nop', 'CQE_SKIP_SUCCESS: no CQE for a success, a CQE for a failure', (t) => {
  t.queue('nop', { flags: IOSQE.CQE_SKIP_SUCCESS, userData: 500 });
  const plain = t.queue('nop', { userData: 501 });
  const bad = t.queue(
    'read',
    {
      fd: -1,
      buf: t.addr(Buffer.alloc(4)),
      nbytes: 4,
      offset: 0,
      flags: IOSQE.CQE_SKIP_SUCCESS,
      userData: 502,
    },
    true,
  ); // the safe prep refuses CQE_SKIP_SUCCESS with memory attached (ring-pins.test.ts)
  const got = t.wait(2);
  none(t, 20, 'the skipped NOP posts nothing, even later');
  assert.equal(got.map((c) => c.userData).sort(), [plain, bad].sort());
  assert.is(resName(cqeOf(got, bad).res), 'EBADF');
});

test.run();
