// Kernel tests of the poll ops (builders in ts/ops/poll.ts): a poll fires on a pipe write with the right mask,
// multishot gives several CQEs with F_MORE, removal completes the poll -ECANCELED, updates change its events
// and its user_data (the new user_data shows in the CQE).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opTest, resName } from './_ops.ts';
import { POLLIN, POLLOUT, POLLPRI, byUd, cqeOf, none, withPipe } from './_kit.ts';
import { read, write } from '../../shim/sys/libc.ts';
import { POLL } from '../../ts/opflags.ts';

opTest('pollAdd', 'fires on a pipe write with POLLIN; a writable end fires POLLOUT at once; fd -1 is EBADF', (t) => {
  withPipe((r, w) => {
    const ud = t.queue('pollAdd', { fd: r, pollMask: POLLIN });
    none(t, 40, 'the pipe is empty: the poll must wait');
    write(w, 'x');
    const [c] = t.wait(1);
    assert.is(c!.userData, ud);
    assert.is(c!.res, POLLIN, 'res is the ready mask (POLLIN only: we asked for POLLIN)');
    assert.is(c!.more, false, 'a one-shot poll has no F_MORE');

    const c2 = t.run('pollAdd', { fd: w, pollMask: POLLOUT | POLLIN });
    assert.is(c2.res, POLLOUT, 'the write end of an empty pipe is writable, never readable');
  });
  assert.is(resName(t.run('pollAdd', { fd: -1, pollMask: POLLIN }).res), 'EBADF');
});

opTest('pollMultishot', 'one CQE with F_MORE per write; pollRemove ends it with -ECANCELED and no F_MORE', (t) => {
  withPipe((r, w) => {
    const ud = t.queue('pollMultishot', { fd: r, pollMask: POLLIN });
    none(t);
    const drain = Buffer.alloc(16);
    for (let i = 0; i < 3; i++) {
      write(w, 'ab');
      const [c] = t.wait(1);
      assert.is(c!.userData, ud, `shot ${i}`);
      assert.is(c!.res, POLLIN, `shot ${i} mask`);
      assert.is(c!.more, true, `shot ${i} has F_MORE (the poll stays armed)`);
      assert.is(read(r, drain), 2);
    }
    none(t, 30, 'drained: no more shots');
    const rm = t.queue('pollRemove', { targetUserData: ud });
    const got = byUd(t.wait(2));
    assert.is(got.get(rm)!.res, 0);
    assert.is(resName(got.get(ud)!.res), 'ECANCELED');
    assert.is(got.get(ud)!.more, false, 'the final CQE of a multishot has no F_MORE');
  });
});

opTest('pollRemove', 'removes an armed poll (it completes -ECANCELED); an unknown user_data is ENOENT', (t) => {
  withPipe((r) => {
    const ud = t.queue('pollAdd', { fd: r, pollMask: POLLIN });
    none(t);
    const rm = t.queue('pollRemove', { targetUserData: ud });
    const got = t.wait(2);
    assert.is(cqeOf(got, rm).res, 0, 'remove found the poll');
    assert.is(resName(cqeOf(got, ud).res), 'ECANCELED');
    assert.is(resName(t.run('pollRemove', { targetUserData: ud }).res), 'ENOENT', 'already gone');
    assert.is(resName(t.run('pollRemove', { targetUserData: 0xdead_beef_cafen }).res), 'ENOENT');
  });
});

opTest('pollUpdateEvents', 'changes the events of an armed poll: POLLOUT on a read end (never) → POLLIN fires', (t) => {
  withPipe((r, w) => {
    // A pipe's read end never reports POLLOUT, so the poll fires only if the update took.
    const ud = t.queue('pollAdd', { fd: r, pollMask: POLLOUT });
    write(w, 'x'); // readable already: must not fire for POLLOUT
    none(t, 40, 'POLLOUT on a read end must not fire');
    const up = t.queue('pollUpdateEvents', { oldUserData: ud, pollMask: POLLIN });
    const got = t.wait(2);
    assert.is(cqeOf(got, up).res, 0, 'update found the poll');
    assert.is(cqeOf(got, ud).res, POLLIN, 'the poll fired with the new mask');
    assert.is(
      resName(t.run('pollUpdateEvents', { oldUserData: ud, pollMask: POLLIN }).res),
      'ENOENT',
      'poll already completed',
    );
  });
});

opTest('pollUpdateUserData', 'the poll completes under its new user_data; the old one is gone (ENOENT)', (t) => {
  withPipe((r, w) => {
    const old = t.queue('pollAdd', { fd: r, pollMask: POLLIN });
    none(t);
    const neu = 0x1_2345_6789;
    const up = t.run('pollUpdateUserData', { oldUserData: old, newUserData: neu });
    assert.is(up.res, 0, `update: ${resName(up.res)}`);
    assert.is(
      resName(t.run('pollUpdateUserData', { oldUserData: old, newUserData: 77 }).res),
      'ENOENT',
      'old user_data no longer matches',
    );
    write(w, 'x');
    const [c] = t.wait(1);
    assert.is(c!.userData, neu, 'the CQE carries the new user_data');
    assert.is(c!.res, POLLIN);
  });
});

opTest('pollUpdate', 'UPDATE_EVENTS|UPDATE_USER_DATA in one SQE; UPDATE_USER_DATA|ADD_MULTI', (t) => {
  withPipe((r, w) => {
    const old = t.queue('pollAdd', { fd: r, pollMask: POLLPRI }); // a pipe never reports POLLPRI
    none(t);
    const neu = 0xabcdef;
    const up = t.run('pollUpdate', {
      oldUserData: old,
      newUserData: neu,
      pollMask: POLLIN,
      updateFlags: POLL.UPDATE_EVENTS | POLL.UPDATE_USER_DATA,
    });
    assert.is(up.res, 0, `update: ${resName(up.res)}`);
    none(t, 20, 'still empty');
    write(w, 'x');
    const [c] = t.wait(1);
    assert.is(c!.userData, neu, 'new user_data');
    assert.is(c!.res, POLLIN, 'new events');
    read(r, Buffer.alloc(4));

    const p2 = t.queue('pollAdd', { fd: r, pollMask: POLLIN });
    none(t);
    const up2 = t.run('pollUpdate', {
      oldUserData: p2,
      newUserData: 99,
      pollMask: 0,
      updateFlags: POLL.UPDATE_USER_DATA | POLL.ADD_MULTI,
    });
    assert.is(up2.res, 0, `update with ADD_MULTI: ${resName(up2.res)}`);
    const rm = t.queue('pollRemove', { targetUserData: 99 });
    const got = t.wait(2);
    assert.is(cqeOf(got, rm).res, 0);
    assert.is(resName(cqeOf(got, 99).res), 'ECANCELED');
  });
});

test.run();
