// Golden vectors: timeout, timeout remove / update, link timeout (update). Expected bytes from the kernel
// uapi (docs/abi.md) and liburing's io_uring_prep_timeout* + the kernel's io_timeout*_prep, written out by hand.
// TIMEOUT = 11, TIMEOUT_REMOVE = 12, LINK_TIMEOUT = 15; timeout_flags: ABS 1, UPDATE 2, BOOTTIME 4,
// REALTIME 8, LINK_TIMEOUT_UPDATE 16, ETIME_SUCCESS 32, MULTISHOT 64.
import type { Golden } from '../../helpers/golden.ts';

export const golden: Golden[] = [
  // fd -1, addr = timespec, len 1, off = count, timeout_flags = ABS|REALTIME
  {
    op: 'timeout',
    args: { ts: 0x7ffd00001000n, count: 3, timeoutFlags: 9, userData: 0xabcdef },
    expect: { opcode: 11, fd: -1, addr: 0x7ffd00001000n, len: 1, off: 3, op_flags: 9, user_data: 0xabcdef },
  },
  // multishot, relative, BOOTTIME|ETIME_SUCCESS|MULTISHOT = 0x64, count = shots
  {
    op: 'timeout',
    args: { ts: 0x2000, count: 0xfffffffe, timeoutFlags: 0x64 },
    expect: { opcode: 11, fd: -1, addr: 0x2000, len: 1, off: 0xfffffffe, op_flags: 0x64 },
  },
  {
    op: 'timeout',
    args: { ts: 0x3000, userData: 1 },
    expect: { opcode: 11, fd: -1, addr: 0x3000, len: 1, user_data: 1 },
  },
  {
    op: 'timeoutRemove',
    args: { targetUserData: 0x0102030405060708n, userData: 0x0807060504030201n },
    expect: { opcode: 12, fd: -1, addr: 0x0102030405060708n, user_data: 0x0807060504030201n },
  },
  // addr = target user_data, off = new timespec, timeout_flags = ABS|UPDATE
  {
    op: 'timeoutUpdate',
    args: { ts: 0x7000, targetUserData: 0x51, timeoutFlags: 1, userData: 0x52 },
    expect: { opcode: 12, fd: -1, addr: 0x51, off: 0x7000, op_flags: 3, user_data: 0x52 },
  },
  {
    op: 'timeoutUpdate',
    args: { ts: 0x7100, targetUserData: 0x61 },
    expect: { opcode: 12, fd: -1, addr: 0x61, off: 0x7100, op_flags: 2 },
  },
  // fd -1, addr = timespec, len 1, off 0, timeout_flags = ETIME_SUCCESS
  {
    op: 'linkTimeout',
    args: { ts: 0x8000, timeoutFlags: 0x20, userData: 0x101, flags: 0x40 },
    expect: { opcode: 15, flags: 0x40, fd: -1, addr: 0x8000, len: 1, op_flags: 0x20, user_data: 0x101 },
  },
  // UPDATE|LINK_TIMEOUT_UPDATE|ABS = 0x13; pins that the decoder picks linkTimeoutUpdate, not timeoutUpdate.
  {
    op: 'linkTimeoutUpdate',
    args: { ts: 0x9000, targetUserData: 0x71, timeoutFlags: 1, userData: 0x72 },
    expect: { opcode: 12, fd: -1, addr: 0x71, off: 0x9000, op_flags: 0x13, user_data: 0x72 },
  },
  {
    op: 'linkTimeoutUpdate',
    args: { ts: 0x9100, targetUserData: 0x81 },
    expect: { opcode: 12, fd: -1, addr: 0x81, off: 0x9100, op_flags: 0x12 },
  },
];
