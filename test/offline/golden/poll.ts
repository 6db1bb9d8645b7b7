// Golden vectors: poll add / multishot / remove / update. Expected bytes from the kernel uapi
// (docs/abi.md) and liburing + the kernel's io_poll_*_prep, written out by hand, not taken from the core.
// POLL_ADD = 6, POLL_REMOVE = 7; len: ADD_MULTI 1, UPDATE_EVENTS 2, UPDATE_USER_DATA 4.
import type { Golden } from '../../helpers/golden.ts';

export const golden: Golden[] = [
  // EPOLLIN|EPOLLRDHUP|EPOLLET = 0x1 | 0x2000 | 0x80000000
  {
    op: 'pollAdd',
    args: { fd: 7, pollMask: 0x80002001, userData: 0x1111222233334444n, flags: 0x10 },
    expect: { opcode: 6, flags: 0x10, fd: 7, op_flags: 0x80002001, user_data: 0x1111222233334444n },
  },
  {
    op: 'pollMultishot',
    args: { fd: 9, pollMask: 0x5, userData: 42, personality: 6 },
    expect: { opcode: 6, fd: 9, len: 1, op_flags: 0x5, user_data: 42, personality: 6 },
  },
  // Seed bug fixed: the target goes in addr, fd is -1, no events, len 0.
  {
    op: 'pollRemove',
    args: { targetUserData: 0xdeadbeefcafe0001n, userData: 0x55 },
    expect: { opcode: 7, fd: -1, addr: 0xdeadbeefcafe0001n, user_data: 0x55 },
  },
  // liburing's generic update: addr = old, off = new, poll32_events = mask, len = flags (EVENTS|USER_DATA = 6).
  {
    op: 'pollUpdate',
    args: {
      oldUserData: 0x0a0b0c0d0e0f1011n,
      newUserData: 0x2122232425262728n,
      pollMask: 0x4,
      updateFlags: 6,
      userData: 3,
    },
    expect: {
      opcode: 7,
      fd: -1,
      addr: 0x0a0b0c0d0e0f1011n,
      off: 0x2122232425262728n,
      op_flags: 0x4,
      len: 6,
      user_data: 3,
    },
  },
  // UPDATE_USER_DATA|ADD_MULTI = 5
  {
    op: 'pollUpdate',
    args: { oldUserData: 17, newUserData: 18, pollMask: 0, updateFlags: 5 },
    expect: { opcode: 7, fd: -1, addr: 17, off: 18, len: 5 },
  },
  {
    op: 'pollUpdateEvents',
    args: { oldUserData: 0x123456789n, pollMask: 0x41, userData: 0x99 },
    expect: { opcode: 7, fd: -1, addr: 0x123456789n, op_flags: 0x41, len: 2, user_data: 0x99 },
  },
  // Seed bug fixed: addr = OLD user_data, off = NEW user_data (the seed swapped them), len = UPDATE_USER_DATA.
  {
    op: 'pollUpdateUserData',
    args: { oldUserData: 0x1000000000000001n, newUserData: 0x2000000000000002n, userData: 0x77 },
    expect: { opcode: 7, fd: -1, addr: 0x1000000000000001n, off: 0x2000000000000002n, len: 4, user_data: 0x77 },
  },
];
