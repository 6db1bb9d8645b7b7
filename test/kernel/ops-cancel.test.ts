// Kernel tests of the async-cancel ops (builders in ts/ops/cancel.ts): blocked pipe reads cancelled by user_data,
// by fd (plain and fixed), by opcode, any; one match or ALL (res = how many).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opTest, resName, type Ctx } from './_ops.ts';
import { POLLIN, byUd, cqeOf, none, withPipe } from './_kit.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import { REGISTER } from '../../shim/sys/abi.ts';
import { IOSQE, OP } from '../../ts/constants.ts';
import { ASYNC_CANCEL } from '../../ts/opflags.ts';

/** Queue a read of `fd` that blocks (an empty pipe); its user_data. */
/** With a shared user_data the Ring could not tell the reads' CQEs apart, so those go through unsafePrep. */
function blockedRead(t: Ctx, fd: number, extra: Record<string, unknown> = {}, unsafe = false): number {
  return t.queue('read', { fd, buf: t.addr(Buffer.alloc(8)), nbytes: 8, offset: -1, ...extra }, unsafe);
}

opTest('cancel', 'by user_data: the blocked read ends -ECANCELED; unknown is ENOENT; ALL cancels every match', (t) => {
  withPipe((r) => {
    const rd = blockedRead(t, r);
    const other = blockedRead(t, r);
    none(t, 30, 'the reads block on an empty pipe');
    const c = t.queue('cancel', { targetUserData: rd });
    const got = t.wait(2);
    assert.is(cqeOf(got, c).res, 0, 'one request found and cancelled');
    assert.is(resName(cqeOf(got, rd).res), 'ECANCELED');
    none(t, 20, 'the other read is untouched');
    assert.is(resName(t.run('cancel', { targetUserData: rd }).res), 'ENOENT', 'already gone');

    // Two more reads sharing one user_data: ALL cancels both and says 2 (with `other`, three are pending).
    blockedRead(t, r, { userData: 900 }, true);
    blockedRead(t, r, { userData: 900 }, true);
    none(t, 20);
    const all = t.queue('cancel', { targetUserData: 900, cancelFlags: ASYNC_CANCEL.ALL });
    const got2 = t.wait(3);
    assert.is(
      cqeOf(
        got2.filter((x) => x.userData === all),
        all,
      ).res,
      2,
      'ALL: the count',
    );
    assert.equal(
      got2.filter((x) => x.userData === 900).map((x) => resName(x.res)),
      ['ECANCELED', 'ECANCELED'],
    );
    const last = t.queue('cancel', { targetUserData: other });
    const got3 = byUd(t.wait(2));
    assert.is(got3.get(last)!.res, 0);
    assert.is(resName(got3.get(other)!.res), 'ECANCELED');
  });
});

opTest('cancelFd', 'by fd: one read on that fd, or ALL of them; reads on another fd stay; FD_FIXED by slot', (t) => {
  withPipe((r1) =>
    withPipe((r2) => {
      const a = blockedRead(t, r1);
      const b = blockedRead(t, r1);
      const keep = blockedRead(t, r2);
      none(t, 30);
      const one = t.queue('cancelFd', { fd: r1 });
      const got = t.wait(2);
      assert.is(cqeOf(got, one).res, 0);
      const gone = got.find((x) => x.userData === a || x.userData === b)!;
      assert.is(resName(gone.res), 'ECANCELED');
      const left = gone.userData === a ? b : a;
      const c3 = blockedRead(t, r1);
      none(t, 20);
      const all = t.queue('cancelFd', { fd: r1, cancelFlags: ASYNC_CANCEL.ALL });
      const got2 = byUd(t.wait(3));
      assert.is(got2.get(all)!.res, 2, 'ALL on r1: both remaining reads');
      assert.is(resName(got2.get(left)!.res), 'ECANCELED');
      assert.is(resName(got2.get(c3)!.res), 'ECANCELED');
      none(t, 20, 'the read on the other pipe is untouched');
      assert.is(resName(t.run('cancelFd', { fd: r1 }).res), 'ENOENT');

      // A fixed file: slot 1 holds r1. The kernel matches by file, so a read through the slot is found by the slot
      // with FD_FIXED; an empty slot is EBADF (no file to match).
      const files = new Int32Array([-1, r1]);
      ioUringRegister(t.ring.backend.fd as number, REGISTER.FILES, files, 2);
      const f = blockedRead(t, 1, { flags: IOSQE.FIXED_FILE });
      none(t, 20);
      assert.is(resName(t.run('cancelFd', { fd: 0, cancelFlags: ASYNC_CANCEL.FD_FIXED }).res), 'EBADF', 'empty slot');
      const fx = t.queue('cancelFd', { fd: 1, cancelFlags: ASYNC_CANCEL.FD_FIXED });
      const got3 = byUd(t.wait(2));
      assert.is(got3.get(fx)!.res, 0);
      assert.is(resName(got3.get(f)!.res), 'ECANCELED');

      const k = t.queue('cancel', { targetUserData: keep });
      const got4 = byUd(t.wait(2));
      assert.is(got4.get(k)!.res, 0);
      assert.is(resName(got4.get(keep)!.res), 'ECANCELED');
    }),
  );
});

opTest('cancelOp', 'by opcode: ALL reads are cancelled, the poll on the same pipe stays', (t) => {
  withPipe((r) => {
    const r1 = blockedRead(t, r);
    const r2 = blockedRead(t, r);
    const poll = t.queue('pollAdd', { fd: r, pollMask: POLLIN });
    none(t, 30);
    const c = t.queue('cancelOp', { opcode: OP.READ, cancelFlags: ASYNC_CANCEL.ALL });
    const got = byUd(t.wait(3));
    assert.is(got.get(c)!.res, 2, 'both READs');
    assert.is(resName(got.get(r1)!.res), 'ECANCELED');
    assert.is(resName(got.get(r2)!.res), 'ECANCELED');
    none(t, 20, 'the POLL_ADD is another opcode');
    assert.is(resName(t.run('cancelOp', { opcode: OP.READ }).res), 'ENOENT');
    const c2 = t.queue('cancelOp', { opcode: OP.POLL_ADD });
    const got2 = byUd(t.wait(2));
    assert.is(got2.get(c2)!.res, 0);
    assert.is(resName(got2.get(poll)!.res), 'ECANCELED');
  });
});

// Match keys combine (io_cancel_req_match): a request is cancelled only if it matches every key given.
opTest('cancelFd', 'two and three keys: FD|OP, FD|USERDATA and FD|OP|USERDATA cancel only what matches all', (t) => {
  withPipe((r1) =>
    withPipe((r2) => {
      // Two reads share user_data 700 on purpose: the unsafe path (the Ring could not tell their CQEs apart).
      const rd = blockedRead(t, r1, { userData: 700 }, true);
      const poll = t.queue('pollAdd', { fd: r1, pollMask: POLLIN, userData: 701 });
      const other = blockedRead(t, r2, { userData: 700 }, true);
      none(t, 30);
      // FD|OP: the READ on r1, not the POLL_ADD on r1, not the READ on r2.
      const c1 = t.queue('cancelFd', { fd: r1, opcode: OP.READ, cancelFlags: ASYNC_CANCEL.OP | ASYNC_CANCEL.ALL });
      const got = byUd(t.wait(2));
      assert.is(got.get(c1)!.res, 1, 'FD|OP: one match');
      assert.is(resName(got.get(rd)!.res), 'ECANCELED');
      none(t, 20, 'the poll on r1 and the read on r2 stay');
      // FD|USERDATA: user_data 700 on r1 is gone now; 701 on r1 is the poll.
      assert.is(
        resName(t.run('cancelFd', { fd: r1, targetUserData: 700, cancelFlags: ASYNC_CANCEL.USERDATA }).res),
        'ENOENT',
      );
      const c2 = t.queue('cancelFd', { fd: r1, targetUserData: 701, cancelFlags: ASYNC_CANCEL.USERDATA });
      const got2 = byUd(t.wait(2));
      assert.is(got2.get(c2)!.res, 0);
      assert.is(resName(got2.get(poll)!.res), 'ECANCELED');
      none(t, 20, 'the read on r2 stays');
      // FD|OP|USERDATA: a wrong opcode misses, the right one hits.
      const k = ASYNC_CANCEL.OP | ASYNC_CANCEL.USERDATA;
      assert.is(
        resName(t.run('cancelFd', { fd: r2, opcode: OP.POLL_ADD, targetUserData: 700, cancelFlags: k }).res),
        'ENOENT',
      );
      const c3 = t.queue('cancelFd', { fd: r2, opcode: OP.READ, targetUserData: 700, cancelFlags: k });
      const got3 = byUd(t.wait(2));
      assert.is(got3.get(c3)!.res, 0);
      assert.is(resName(got3.get(other)!.res), 'ECANCELED');
    }),
  );
});

opTest('cancelOp', 'OP|USERDATA: only the request of that opcode with that user_data', (t) => {
  withPipe((r) => {
    // The READ and the POLL_ADD share user_data 800 on purpose: the read goes through the unsafe path.
    const rd = blockedRead(t, r, { userData: 800 }, true);
    const rd2 = blockedRead(t, r, { userData: 801 });
    const poll = t.queue('pollAdd', { fd: r, pollMask: POLLIN, userData: 800 });
    none(t, 30);
    const c = t.queue('cancelOp', {
      opcode: OP.READ,
      targetUserData: 800,
      cancelFlags: ASYNC_CANCEL.USERDATA | ASYNC_CANCEL.ALL,
    });
    const got = byUd(t.wait(2));
    assert.is(got.get(c)!.res, 1, 'one READ with user_data 800');
    assert.is(resName(got.get(rd)!.res), 'ECANCELED');
    none(t, 20, 'the other READ and the POLL_ADD with user_data 800 stay');
    const all = t.queue('cancelAny', {});
    const got2 = byUd(t.wait(3));
    assert.is(got2.get(all)!.res, 2);
    assert.is(resName(got2.get(rd2)!.res), 'ECANCELED');
    assert.is(resName(got2.get(poll)!.res), 'ECANCELED');
  });
});

// The kernel treats ANY as ALL (__io_async_cancel: all = flags & (ALL | ANY)): every pending request is cancelled
// and res is the count, with or without ALL.
opTest('cancelAny', 'cancels every pending request (res = count), with or without ALL; nothing pending is 0', (t) => {
  withPipe((r) => {
    const uds = [blockedRead(t, r), blockedRead(t, r), t.queue('pollAdd', { fd: r, pollMask: POLLIN })];
    none(t, 30);
    const any = t.queue('cancelAny', {});
    const got = byUd(t.wait(4));
    assert.is(got.get(any)!.res, 3, 'all three');
    for (const u of uds) assert.is(resName(got.get(u)!.res), 'ECANCELED');
    assert.is(t.run('cancelAny', {}).res, 0, 'a count of 0, not ENOENT');

    const more = [blockedRead(t, r), t.queue('pollAdd', { fd: r, pollMask: POLLIN })];
    none(t, 20);
    const all = t.queue('cancelAny', { cancelFlags: ASYNC_CANCEL.ALL });
    const got2 = byUd(t.wait(3));
    assert.is(got2.get(all)!.res, 2);
    for (const u of more) assert.is(resName(got2.get(u)!.res), 'ECANCELED');
    assert.is(t.run('cancelAny', { cancelFlags: ASYNC_CANCEL.ALL }).res, 0);
  });
});

// Audit (6.18): FD_FIXED only qualifies the FD key; io_async_cancel_prep accepts it (CANCEL_FLAGS) without FD and
// the match ignores it, so by user_data, by opcode and ANY cancel exactly as without it.
opTest('cancel', 'FD_FIXED without FD is accepted and changes nothing (user_data, opcode, any)', (t) => {
  withPipe((r) => {
    const rd = blockedRead(t, r);
    none(t, 20);
    const c = t.queue('cancel', { targetUserData: rd, cancelFlags: ASYNC_CANCEL.FD_FIXED });
    const got = t.wait(2);
    assert.is(cqeOf(got, c).res, 0, `cancel|FD_FIXED: ${resName(cqeOf(got, c).res)}`);
    assert.is(resName(cqeOf(got, rd).res), 'ECANCELED');

    const rd2 = blockedRead(t, r);
    none(t, 20);
    const op = t.queue('cancelOp', { opcode: OP.READ, cancelFlags: ASYNC_CANCEL.FD_FIXED });
    const got2 = t.wait(2);
    assert.is(cqeOf(got2, op).res, 0, `cancelOp|FD_FIXED: ${resName(cqeOf(got2, op).res)}`);
    assert.is(resName(cqeOf(got2, rd2).res), 'ECANCELED');

    const uds = [blockedRead(t, r), blockedRead(t, r)];
    none(t, 20);
    const any = t.queue('cancelAny', { cancelFlags: ASYNC_CANCEL.FD_FIXED });
    const got3 = byUd(t.wait(3));
    assert.is(got3.get(any)!.res, 2, 'cancelAny|FD_FIXED: both');
    for (const u of uds) assert.is(resName(got3.get(u)!.res), 'ECANCELED');
  });
});

test.run();
