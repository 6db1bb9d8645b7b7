// Golden vectors: waitid and futex ops. Expected bytes from the kernel uapi (docs/abi.md) and liburing's
// io_uring_prep_waitid / futex_*, written out by hand. WAITID = 50, FUTEX_WAIT = 51, FUTEX_WAKE = 52,
// FUTEX_WAITV = 53.
import type { Golden } from '../../helpers/golden.ts';

export const golden: Golden[] = [
  // fd = id, len = idtype (P_PID 1), file_index = options (WEXITED|WNOWAIT = 0x01000004), off/addr2 = siginfo_t*
  {
    op: 'waitid',
    args: { idtype: 1, id: 4321, infop: 0x7ffe0000a000n, options: 0x01000004, userData: 0x50 },
    expect: { opcode: 50, fd: 4321, len: 1, file_index: 0x01000004, addr2: 0x7ffe0000a000n, user_data: 0x50 },
  },
  // P_PIDFD 3, WSTOPPED|WCONTINUED|__WALL = 0x4000000a
  {
    op: 'waitid',
    args: { idtype: 3, id: 9, infop: 0x10, options: 0x4000000a },
    expect: { opcode: 50, fd: 9, len: 3, file_index: 0x4000000a, addr2: 0x10 },
  },
  // fd = futex2 flags (SIZE_U32|PRIVATE = 0x82), addr = futex, off = value, addr3 = mask
  {
    op: 'futexWait',
    args: { futex: 0x7f0000002000n, val: 0x11223344, mask: 0xffffffff, futexFlags: 0x82, userData: 0x51 },
    expect: { opcode: 51, fd: 0x82, addr: 0x7f0000002000n, off: 0x11223344, addr3: 0xffffffff, user_data: 0x51 },
  },
  {
    op: 'futexWake',
    args: { futex: 0x7f0000002004n, val: 5, mask: 0x0f0f, futexFlags: 2, userData: 0x52 },
    expect: { opcode: 52, fd: 2, addr: 0x7f0000002004n, off: 5, addr3: 0x0f0f, user_data: 0x52 },
  },
  // FUTEX2_MPOL (8, 6.16) with SIZE_U32|NUMA|PRIVATE: 0x8e, all of FUTEX2_VALID_MASK but the sizes
  {
    op: 'futexWake',
    args: { futex: 0x7f0000002008n, val: 1, mask: 0xffffffff, futexFlags: 0x8e },
    expect: { opcode: 52, fd: 0x8e, addr: 0x7f0000002008n, off: 1, addr3: 0xffffffff },
  },
  // addr = futex_waitv[], len = count
  {
    op: 'futexWaitv',
    args: { futex: 0x7f0000003000n, nrFutex: 128, userData: 0x53 },
    expect: { opcode: 53, addr: 0x7f0000003000n, len: 128, user_data: 0x53 },
  },
  // Audit (6.18): id is an int; P_ALL (0) ignores it, so a negative one encodes (P_PID with it is EINVAL).
  {
    op: 'waitid',
    args: { idtype: 0, id: -1, infop: 0, options: 5 },
    expect: { opcode: 50, fd: -1, len: 0, file_index: 5 },
  },
];
