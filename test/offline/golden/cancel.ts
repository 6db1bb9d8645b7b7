// Golden vectors: async cancel. Expected bytes from the kernel uapi (docs/abi.md), liburing's
// io_uring_prep_cancel* and the kernel's io_async_cancel_prep, written out by hand. ASYNC_CANCEL = 14;
// cancel_flags: ALL 1, FD 2, ANY 4, FD_FIXED 8, USERDATA 16, OP 32.
import type { Golden } from '../../helpers/golden.ts';

export const golden: Golden[] = [
  {
    op: 'cancel',
    args: { targetUserData: 0x0123456789abcdefn, cancelFlags: 1, userData: 0x42 },
    expect: { opcode: 14, fd: -1, addr: 0x0123456789abcdefn, op_flags: 1, user_data: 0x42 },
  },
  // The seed's async_cancel and liburing's cancel64 are aliases of cancel (same bytes; the decoder names the spec).
  {
    op: 'cancel',
    args: { targetUserData: 0x77, userData: 0x78 },
    expect: { opcode: 14, fd: -1, addr: 0x77, user_data: 0x78 },
  },
  {
    op: 'cancel',
    args: { targetUserData: 0x79, cancelFlags: 16 },
    expect: { opcode: 14, fd: -1, addr: 0x79, op_flags: 16 },
  },
  { op: 'cancelFd', args: { fd: 12, userData: 5 }, expect: { opcode: 14, fd: 12, op_flags: 2, user_data: 5 } },
  // fixed-file index 3, every match: FD|ALL|FD_FIXED = 0xb
  {
    op: 'cancelFd',
    args: { fd: 3, cancelFlags: 9, userData: 6, flags: 0x02 },
    expect: { opcode: 14, flags: 0x02, fd: 3, op_flags: 0xb, user_data: 6 },
  },
  // opcode in len (READ = 22), OP|ALL = 0x21
  {
    op: 'cancelOp',
    args: { opcode: 22, cancelFlags: 1, userData: 7 },
    expect: { opcode: 14, fd: -1, len: 22, op_flags: 0x21, user_data: 7 },
  },
  // Two or three match keys (io_uring_prep_cancel(3)): FD|OP = 0x22, opcode (READ = 22) in len
  {
    op: 'cancelFd',
    args: { fd: 4, opcode: 22, cancelFlags: 0x20 },
    expect: { opcode: 14, fd: 4, len: 22, op_flags: 0x22 },
  },
  // FD|USERDATA|ALL = 0x13, user_data to match in addr
  {
    op: 'cancelFd',
    args: { fd: 5, targetUserData: 0x1122334455667788n, cancelFlags: 0x11 },
    expect: { opcode: 14, fd: 5, addr: 0x1122334455667788n, op_flags: 0x13 },
  },
  // FD_FIXED|FD|OP|USERDATA = 0x3a
  {
    op: 'cancelFd',
    args: { fd: 0, opcode: 23, targetUserData: 9, cancelFlags: 0x38 },
    expect: { opcode: 14, fd: 0, addr: 9, len: 23, op_flags: 0x3a },
  },
  // OP|USERDATA = 0x30
  {
    op: 'cancelOp',
    args: { opcode: 0, targetUserData: 0xab, cancelFlags: 0x10, userData: 10 },
    expect: { opcode: 14, fd: -1, addr: 0xab, op_flags: 0x30, user_data: 10 },
  },
  { op: 'cancelAny', args: { userData: 8 }, expect: { opcode: 14, fd: -1, op_flags: 4, user_data: 8 } },
  {
    op: 'cancelAny',
    args: { cancelFlags: 1, personality: 2 },
    expect: { opcode: 14, fd: -1, op_flags: 5, personality: 2 },
  },
  // Audit (6.18): FD_FIXED without FD is accepted and ignored by io_async_cancel_prep (CANCEL_FLAGS), so the
  // user_data, opcode and any forms take it too.
  {
    op: 'cancel',
    args: { targetUserData: 0x7a, cancelFlags: 0x9, userData: 11 },
    expect: { opcode: 14, fd: -1, addr: 0x7a, op_flags: 0x9, user_data: 11 },
  },
  {
    op: 'cancelOp',
    args: { opcode: 22, cancelFlags: 0x8, userData: 12 },
    expect: { opcode: 14, fd: -1, len: 22, op_flags: 0x28, user_data: 12 },
  },
  {
    op: 'cancelAny',
    args: { cancelFlags: 0x9, userData: 13 },
    expect: { opcode: 14, fd: -1, op_flags: 0xd, user_data: 13 },
  },
];
