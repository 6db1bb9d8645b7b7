// The seed's encoding bugs (docs/ops.md, "The seed's four bugs"), proved on the kernel: for each buggy seed proc, the
// SQE bytes the seed would put in the ring (built field by field with SqeEncoder.encodeRaw, by kernel field
// name) go through a real ring and fail, and our builder's SQE does what the op is for.
//
// One section per seed proc, each an opTest / netTest (builder, ...) case run on every ring shape. To add a proc,
// append a section: build the seed's bytes with `seedSqe({...})`, push them with `runSeed(t, bytes)`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resName, type Ctx, type Cqe } from './_ops.ts';
import { enc } from './_env.ts';
import { netTest, byUd, pushRaw, sockaddrIn, sockName, portOf } from './_net.ts';
import { OP } from '../../ts/constants.ts';
import type { SqeField } from '../../ts/sqe/fields.ts';

/** The seed's SQE: every field it sets, by kernel name; the rest zero (the seed's get_sqe zeroes the slot). */
export function seedSqe(fields: Partial<Record<SqeField, number | bigint>>): Uint8Array {
  return enc.encodeRaw(fields);
}

/** Push raw SQE bytes into the ring's next slot, submit, and return the one CQE. */
export function runSeed(t: Ctx, bytes: Uint8Array): Cqe {
  pushRaw(t, bytes);
  const cs = t.wait(1);
  assert.is(cs.length, 1, 'one CQE');
  return cs[0]!;
}

// ---- bind (seed: returns the SQE by value) -----------------------------------------------------------
//
// Seed: `bind :: proc(ring, user_data, sock, addr: ^$T) -> (sqe: linux.IO_Uring_SQE, ok: bool)`, with
// `sqe = get_sqe(ring) or_return`. The SQE it fills is a copy; the slot get_sqe advanced the tail over
// stays as get_sqe left it: zeroed, i.e. a NOP with user_data 0. Its field encoding itself
// (addr = sockaddr, addr2 = addrlen) is right: pushed into the slot, it binds.

netTest(
  'bind',
  "seed: the ring slot stays zeroed (a NOP, user_data 0, socket unbound); the seed's fields in the slot, and ours, bind",
  (t, n) => {
    const fd = n.socket();
    // What the seed leaves in the ring: the slot get_sqe handed out, untouched.
    const slot = t.ring.getSqe();
    assert.ok(slot !== 0);
    assert.ok(
      t.ring.core.u8.subarray(slot, slot + 64).every((b) => b === 0),
      'get_sqe gives a zeroed slot',
    );
    const [nop] = t.wait(1);
    assert.is(nop!.userData, 0, "the CQE has user_data 0, not the seed's");
    assert.is(nop!.res, 0, 'a NOP succeeded');
    assert.is(portOf(sockName(fd)), 0, 'the socket is still unbound');
    // The seed's fields, had they reached the slot: opcode BIND, fd, addr = &sockaddr, addr2 = size_of(T).
    const sa = sockaddrIn(0);
    const seeded = runSeed(t, seedSqe({ opcode: OP.BIND, fd, addr: t.addr(sa), off: 16, user_data: 0xb1d }));
    assert.is(seeded.userData, 0xb1d);
    assert.is(seeded.res, 0, resName(seeded.res));
    assert.ok(portOf(sockName(fd)) > 0, 'bound');
    // Ours: the builder writes into the slot.
    const fd2 = n.socket();
    assert.is(t.ok('bind', { fd: fd2, addr: t.addr(sockaddrIn(0)), addrlen: 16, userData: 0xb2d }), 0);
    const port = portOf(sockName(fd2));
    assert.ok(port > 0 && port !== portOf(sockName(fd)), `bound to its own port (${port})`);
  },
);

// ---- listen (seed: backlog in addr) ------------------------------------------------------------------
//
// Seed: `sqe.addr = u64(backlog)`. The kernel's io_listen_prep rejects a non-zero addr (EINVAL) and reads
// the backlog from len; ours puts it in len.

netTest(
  'listen',
  'seed: backlog in addr is EINVAL and connect is refused; ours (backlog in len) listens and connect succeeds',
  (t, n) => {
    const fd = n.socket();
    t.ok('bind', { fd, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
    const dest = sockaddrIn(portOf(sockName(fd)));
    const seeded = runSeed(t, seedSqe({ opcode: OP.LISTEN, fd, addr: 128, user_data: 0x115 }));
    assert.is(seeded.userData, 0x115);
    assert.is(resName(seeded.res), 'EINVAL', "the seed's listen");
    const c1 = n.socket();
    assert.is(
      resName(t.run('connect', { fd: c1, addr: t.addr(dest), addrlen: 16 }).res),
      'ECONNREFUSED',
      'not listening',
    );
    // Ours.
    assert.is(t.ok('listen', { fd, backlog: 128 }), 0);
    const c2 = n.socket();
    const cu = t.queue('connect', { fd: c2, addr: t.addr(dest), addrlen: 16 });
    const au = t.queue('accept', { fd, addr: 0, addrlen: 0 });
    const got = byUd(t.wait(2));
    assert.is(got.get(cu)!.res, 0, 'connect succeeds');
    const s = got.get(au)!.res;
    assert.ok(s >= 0, `accept: ${resName(s)}`);
    n.own(s);
    assert.is(portOf(sockName(s, true)), portOf(sockName(c2)), "the accepted socket is the client's peer");
  },
);

// ---- poll_remove (seed: fd + events, target user_data never set) --------------------------------------
//
// Seed: `poll_remove(ring, user_data, fd, events)`: opcode POLL_REMOVE, fd, poll32_events = events, addr left 0.
// The kernel's io_poll_remove_prep takes the target from addr and refuses events without
// IORING_POLL_UPDATE_EVENTS: EINVAL; with events {} it looks for user_data 0: ENOENT. Ours: fd -1, addr = target.
import { opTest } from './_ops.ts';
import { POLLIN, cqeOf, none, withPipe } from './_kit.ts';
import { write as writeFd } from '../../shim/sys/libc.ts';
import { POLL } from '../../ts/opflags.ts';

opTest(
  'pollRemove',
  'seed: poll_remove with fd + events is EINVAL, with events {} ENOENT, the poll stays armed; ours removes it',
  (t) => {
    withPipe((r) => {
      const poll = t.queue('pollAdd', { fd: r, pollMask: POLLIN });
      none(t, 20);
      const a = runSeed(t, seedSqe({ opcode: OP.POLL_REMOVE, fd: r, op_flags: POLLIN, user_data: 0x501 }));
      assert.is(a.userData, 0x501);
      assert.is(resName(a.res), 'EINVAL', "the seed's poll_remove, events POLLIN");
      const b = runSeed(t, seedSqe({ opcode: OP.POLL_REMOVE, fd: r, op_flags: 0, user_data: 0x502 }));
      assert.is(b.userData, 0x502);
      assert.is(resName(b.res), 'ENOENT', "the seed's poll_remove, events {}: it looks for user_data 0");
      none(t, 20, 'the poll is still armed');
      // Ours.
      const ours = t.queue('pollRemove', { targetUserData: poll });
      const got = t.wait(2);
      assert.is(cqeOf(got, ours).res, 0, 'found and removed');
      assert.is(resName(cqeOf(got, poll).res), 'ECANCELED', 'the poll completes -ECANCELED');
    });
  },
);

// ---- poll_update_user_data (seed: off and addr swapped) ------------------------------------------------
//
// Seed: `poll_update_user_data(ring, user_data, fd, orig, new)`: off = orig, addr = new, len = UPDATE_USER_DATA.
// The kernel reads old = addr, new = off, so it looks for the new user_data: ENOENT. Ours: addr = old, off = new.

opTest(
  'pollUpdateUserData',
  'seed: poll_update_user_data with off/addr swapped is ENOENT; ours retags the poll',
  (t) => {
    withPipe((r, w) => {
      const orig = 0x1111,
        neu = 0x2222;
      t.queue('pollAdd', { fd: r, pollMask: POLLIN, userData: orig });
      none(t, 20);
      const a = runSeed(
        t,
        seedSqe({ opcode: OP.POLL_REMOVE, fd: r, off: orig, addr: neu, len: POLL.UPDATE_USER_DATA, user_data: 0x503 }),
      );
      assert.is(a.userData, 0x503);
      assert.is(resName(a.res), 'ENOENT', "the seed's encoding: the kernel looks for user_data 0x2222");
      // Ours.
      const up = t.run('pollUpdateUserData', { oldUserData: orig, newUserData: neu });
      assert.is(up.res, 0, `ours: ${resName(up.res)}`);
      writeFd(w, 'x');
      const [c] = t.wait(1);
      assert.is(c!.userData, neu, 'the poll fires under the new user_data');
      assert.is(c!.res, POLLIN);
    });
  },
);

test.run();
