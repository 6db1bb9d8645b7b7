// Golden vectors: msg_ring. Expected bytes from the kernel uapi (docs/abi.md), liburing's
// io_uring_prep_msg_ring* and the kernel's io_msg_ring_prep, written out by hand. MSG_RING = 40; addr: IORING_MSG_DATA 0,
// IORING_MSG_SEND_FD 1; msg_ring_flags: CQE_SKIP 1, FLAGS_PASS 2; file_index ALLOC = 0xffffffff.
import type { Golden } from '../../helpers/golden.ts';

export const golden: Golden[] = [
  // len -> target res, off -> target user_data
  {
    op: 'msgRing',
    args: { fd: 11, len: 42, data: 0xabcn, userData: 0x1234 },
    expect: { opcode: 40, fd: 11, len: 42, off: 0xabc, user_data: 0x1234 },
  },
  {
    op: 'msgRingCqeFlags',
    args: { fd: 13, len: 0x80000001, data: 0xfedcba9876543210n, cqeFlags: 0x10002, userData: 9 },
    expect: {
      opcode: 40,
      fd: 13,
      len: 0x80000001,
      off: 0xfedcba9876543210n,
      op_flags: 2,
      file_index: 0x10002,
      user_data: 9,
    },
  },
  // addr = SEND_FD, addr3 = source slot, file_index = target slot + 1, len 0
  {
    op: 'msgRingFd',
    args: { fd: 14, sourceFd: 5, targetFd: 6, data: 0x66, msgRingFlags: 1, userData: 0x67 },
    expect: { opcode: 40, fd: 14, addr: 1, addr3: 5, file_index: 7, off: 0x66, op_flags: 1, user_data: 0x67 },
  },
  {
    op: 'msgRingFd',
    args: { fd: 15, sourceFd: 8, targetFd: 0, data: 0x68 },
    expect: { opcode: 40, fd: 15, addr: 1, addr3: 8, file_index: 1, off: 0x68 },
  },
  {
    op: 'msgRingFdAlloc',
    args: { fd: 16, sourceFd: 9, data: 0x69, userData: 0x6a },
    expect: { opcode: 40, fd: 16, addr: 1, addr3: 9, file_index: 0xffffffff, off: 0x69, user_data: 0x6a },
  },
  // Audit (6.18): IORING_MSG_SEND_FD takes FLAGS_PASS (in IORING_MSG_RING_MASK; the target's CQE flags stay 0).
  {
    op: 'msgRingFd',
    args: { fd: 17, sourceFd: 1, targetFd: 2, data: 0x6b, msgRingFlags: 3 },
    expect: { opcode: 40, fd: 17, addr: 1, addr3: 1, file_index: 3, off: 0x6b, op_flags: 3 },
  },
  {
    op: 'msgRingFdAlloc',
    args: { fd: 18, sourceFd: 2, data: 0x6c, msgRingFlags: 2 },
    expect: { opcode: 40, fd: 18, addr: 1, addr3: 2, file_index: 0xffffffff, off: 0x6c, op_flags: 2 },
  },
];
