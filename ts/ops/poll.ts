// poll add (one-shot, multishot), poll remove, poll update (events, user_data).
//
// POLL_REMOVE carries four specs; the decoder tells them apart by len (the IORING_POLL_UPDATE_* flags):
// 0 → pollRemove, UPDATE_EVENTS → pollUpdateEvents, UPDATE_USER_DATA → pollUpdateUserData, and every
// other accepted combination (both update bits, or one with ADD_MULTI) → the generic pollUpdate.
import { OP } from '../constants.ts';
import { POLL } from '../opflags.ts';
import { fd, flags, u64, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

/** epoll event bits the kernel keeps from poll32_events: IN PRI OUT ERR HUP NVAL RDNORM RDBAND WRNORM WRBAND
 *  MSG (0x7ff), RDHUP (0x2000), and the behaviour bits EXCLUSIVE (1<<28), ONESHOT (1<<30), ET (1<<31).
 *  Everything else (EPOLLWAKEUP included) the kernel drops without a word, so the builder refuses it. */
const EPOLL_MASK = 0x7ff | 0x2000 | 0x10000000 | 0x40000000 | 0x80000000;
const pollMask = flags('EPOLL', EPOLL_MASK);

/** IORING_POLL_UPDATE_* of the generic update. The kernel refuses ADD_MULTI alone; 0 is a plain removal, and
 *  UPDATE_EVENTS or UPDATE_USER_DATA alone encode exactly as pollUpdateEvents / pollUpdateUserData, so
 *  those have their own builders and this one takes the remaining combinations. */
const UPDATE_ALL = POLL.UPDATE_EVENTS | POLL.UPDATE_USER_DATA | POLL.ADD_MULTI;
const GENERIC_UPDATES = [
  POLL.UPDATE_EVENTS | POLL.ADD_MULTI,
  POLL.UPDATE_USER_DATA | POLL.ADD_MULTI,
  POLL.UPDATE_EVENTS | POLL.UPDATE_USER_DATA,
  UPDATE_ALL,
] as const;
const updateFlagsBase = flags('POLL_UPDATE', UPDATE_ALL);
const updateFlags: Kind = {
  what: 'POLL_UPDATE flags: UPDATE_EVENTS|UPDATE_USER_DATA, or one of them with ADD_MULTI',
  words: 1,
  check(op, arg, v) {
    const x = updateFlagsBase.check(op, arg, v) as number;
    const why =
      x === 0
        ? 'a plain removal: use pollRemove'
        : x === POLL.ADD_MULTI
          ? 'refused by the kernel (ADD_MULTI without an update)'
          : x === POLL.UPDATE_EVENTS
            ? 'an events-only update: use pollUpdateEvents'
            : x === POLL.UPDATE_USER_DATA
              ? 'a user_data-only update: use pollUpdateUserData'
              : undefined;
    if (why)
      throw new RangeError(
        `${op}: ${arg} must be UPDATE_EVENTS|UPDATE_USER_DATA, or one of them with ADD_MULTI; ${x} is ${why}`,
      );
    return x;
  },
  sample: (r) => GENERIC_UPDATES[Math.floor(r() * GENERIC_UPDATES.length)]!,
};

export const pollAdd = defineOp({
  name: 'pollAdd',
  prep: 'prep_poll_add',
  opcode: OP.POLL_ADD,
  args: {
    fd: { kind: fd, slot: 'fd' },
    pollMask: { kind: pollMask, slot: 'op_flags', doc: 'EPOLL* events (poll32_events)' },
  },
  doc: 'One-shot poll: completes once with the ready events (mangled to poll(2) bits) as res.',
});

export const pollMultishot = defineOp({
  name: 'pollMultishot',
  prep: 'prep_poll_multishot',
  opcode: OP.POLL_ADD,
  since: '5.13',
  args: {
    fd: { kind: fd, slot: 'fd' },
    pollMask: { kind: pollMask, slot: 'op_flags', doc: 'EPOLL* events (poll32_events)' },
  },
  fixed: { len: POLL.ADD_MULTI },
  doc: 'Multishot poll (IORING_POLL_ADD_MULTI): a CQE with IORING_CQE_F_MORE each time the fd becomes ready, until cancelled.',
});

export const pollRemove = defineOp({
  name: 'pollRemove',
  prep: 'prep_poll_remove',
  opcode: OP.POLL_REMOVE,
  args: { targetUserData: { kind: u64, slot: 'addr', doc: 'user_data of the poll to remove' } },
  fixed: { fd: -1 },
  doc: 'Cancel an armed poll found by its user_data (addr); fd -1, no events. Fixes the seed, which set fd and events and left addr 0 (-EINVAL / -ENOENT). The poll completes with -ECANCELED.',
});

export const pollUpdate = defineOp({
  name: 'pollUpdate',
  prep: 'prep_poll_update',
  opcode: OP.POLL_REMOVE,
  since: '5.13',
  args: {
    oldUserData: { kind: u64, slot: 'addr', doc: 'user_data of the armed poll' },
    newUserData: { kind: u64, slot: 'off', doc: 'its new user_data (UPDATE_USER_DATA; else must be 0)' },
    pollMask: { kind: pollMask, slot: 'op_flags', doc: 'new events (UPDATE_EVENTS; else must be 0)' },
    updateFlags: { kind: updateFlags, slot: 'len', doc: 'IORING_POLL_UPDATE_* (liburing: flags)' },
  },
  fixed: { fd: -1 },
  doc: "liburing's generic poll update: addr = old user_data, off = new user_data, poll32_events = mask, len = flags. The kernel rejects newUserData without UPDATE_USER_DATA and pollMask without UPDATE_EVENTS.",
});

export const pollUpdateEvents = defineOp({
  name: 'pollUpdateEvents',
  prep: 'prep_poll_update_events',
  opcode: OP.POLL_REMOVE,
  since: '5.13',
  args: {
    oldUserData: { kind: u64, slot: 'addr', doc: 'user_data of the armed poll' },
    pollMask: { kind: pollMask, slot: 'op_flags', doc: 'new events (the kernel replaces the low 16 bits)' },
  },
  fixed: { fd: -1, len: POLL.UPDATE_EVENTS },
  doc: "Change the events of an armed poll (IORING_POLL_UPDATE_EVENTS); the seed's poll_update_events.",
});

export const pollUpdateUserData = defineOp({
  name: 'pollUpdateUserData',
  prep: 'prep_poll_update_user_data',
  opcode: OP.POLL_REMOVE,
  since: '5.13',
  args: {
    oldUserData: { kind: u64, slot: 'addr', doc: 'user_data of the armed poll' },
    newUserData: { kind: u64, slot: 'off', doc: 'its new user_data' },
  },
  fixed: { fd: -1, len: POLL.UPDATE_USER_DATA },
  doc: "Change the user_data of an armed poll (IORING_POLL_UPDATE_USER_DATA): addr = old, off = new. Fixes the seed's poll_update_user_data, which swapped them (-ENOENT).",
});
