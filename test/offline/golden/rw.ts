// Golden vectors: reads, writes, nop. Every field an op uses carries a distinct non-zero value.
// Expected bytes come from the kernel layout (docs/abi.md) and liburing's helpers, not from the core.
import type { Golden } from '../../helpers/golden.ts';
import { IOSQE } from '../../../ts/constants.ts';

export const golden: Golden[] = [
  { op: 'nop', args: { userData: 0x0102030405060708n }, expect: { opcode: 0, fd: -1, user_data: 0x0102030405060708n } },
  // NOP128 (63): a NOP in a 128-byte SQE; bytes 64..127 stay zero.
  {
    op: 'nop128',
    args: { userData: 0x1122334455667788n, flags: IOSQE.IO_LINK },
    expect: { opcode: 63, flags: 4, fd: -1, user_data: 0x1122334455667788n },
    size: 128,
  },
  {
    op: 'read',
    args: {
      fd: 5,
      buf: 0x7f1122334455n,
      nbytes: 0x9abc,
      offset: 0x0102030405060708n,
      userData: 77,
      flags: IOSQE.ASYNC,
    },
    expect: {
      opcode: 22,
      flags: 16,
      fd: 5,
      addr: 0x7f1122334455n,
      len: 0x9abc,
      off: 0x0102030405060708n,
      user_data: 77,
    },
  },
  {
    op: 'read',
    args: { fd: 6, buf: 4096, nbytes: 10, offset: -1, rwFlags: 0x10, personality: 3 },
    expect: { opcode: 22, fd: 6, addr: 4096, len: 10, off: 0xffffffffffffffffn, op_flags: 0x10, personality: 3 },
  },
  // RWF_NOSIGNAL (0x100, 6.15) with RWF_NOWAIT (0x08): in the kernel's RWF_SUPPORTED
  {
    op: 'write',
    args: { fd: 8, buf: 0x3000, nbytes: 16, offset: -1, rwFlags: 0x108 },
    expect: { opcode: 23, fd: 8, addr: 0x3000, len: 16, off: 0xffffffffffffffffn, op_flags: 0x108 },
  },
  {
    op: 'write',
    args: { fd: 7, buf: 0x2000, nbytes: 0x1234, offset: 0x55, userData: 0xffffffffffffffffn },
    expect: { opcode: 23, fd: 7, addr: 0x2000, len: 0x1234, off: 0x55, user_data: 0xffffffffffffffffn },
  },
  {
    op: 'readv',
    args: { fd: 8, iovecs: 0x3000, nrVecs: 3, offset: 0x66, rwFlags: 2 },
    expect: { opcode: 1, fd: 8, addr: 0x3000, len: 3, off: 0x66, op_flags: 2 },
  },
  {
    op: 'writev',
    args: { fd: 9, iovecs: 0x4000, nrVecs: 4, offset: 0x77, rwFlags: 8, flags: IOSQE.IO_LINK },
    expect: { opcode: 2, flags: 4, fd: 9, addr: 0x4000, len: 4, off: 0x77, op_flags: 8 },
  },
  // READ_FIXED (4) / WRITE_FIXED (5): prep_rw + buf_index (u16 @40).
  {
    op: 'readFixed',
    args: {
      fd: 10,
      buf: 0x7f0000001000n,
      nbytes: 0x800,
      offset: 0x1000,
      bufIndex: 0x0203,
      userData: 21,
      rwFlags: 0x04,
    },
    expect: {
      opcode: 4,
      fd: 10,
      addr: 0x7f0000001000n,
      len: 0x800,
      off: 0x1000,
      buf_index: 0x0203,
      op_flags: 4,
      user_data: 21,
    },
  },
  {
    op: 'writeFixed',
    args: { fd: 11, buf: 0x5000, nbytes: 0x700, offset: -1, bufIndex: 0xfffe, userData: 22, personality: 9 },
    expect: {
      opcode: 5,
      fd: 11,
      addr: 0x5000,
      len: 0x700,
      off: 0xffffffffffffffffn,
      buf_index: 0xfffe,
      user_data: 22,
      personality: 9,
    },
  },
  // READV_FIXED (60) / WRITEV_FIXED (61): readv2 layout + buf_index.
  {
    op: 'readvFixed',
    args: { fd: 12, iovecs: 0x6000, nrVecs: 5, offset: 0x88, rwFlags: 0x01, bufIndex: 7, userData: 23 },
    expect: { opcode: 60, fd: 12, addr: 0x6000, len: 5, off: 0x88, op_flags: 1, buf_index: 7, user_data: 23 },
  },
  {
    op: 'writevFixed',
    args: { fd: 13, iovecs: 0x7000, nrVecs: 6, offset: 0x99, rwFlags: 0x20, bufIndex: 8, userData: 24 },
    expect: { opcode: 61, fd: 13, addr: 0x7000, len: 6, off: 0x99, op_flags: 0x20, buf_index: 8, user_data: 24 },
  },
  // READ_MULTISHOT (49): fd, off, buf_group, IOSQE_BUFFER_SELECT set by the prep, len 0, addr 0.
  {
    op: 'readMultishot',
    args: { fd: 14, offset: -1, bufGroup: 0x0305, userData: 25 },
    expect: { opcode: 49, flags: 0x20, fd: 14, off: 0xffffffffffffffffn, buf_group: 0x0305, user_data: 25 },
  },
  {
    op: 'readMultishot',
    args: { fd: 15, nbytes: 0, offset: 0x10, bufGroup: 1, userData: 26, flags: IOSQE.IO_LINK },
    expect: { opcode: 49, flags: 0x24, fd: 15, off: 0x10, buf_group: 1, user_data: 26 },
  },
  // Audit (6.18): read_multishot takes rw_flags like any read (__io_prep_rw); RWF_NOWAIT = 8.
  {
    op: 'readMultishot',
    args: { fd: 16, offset: -1, bufGroup: 2, rwFlags: 8, userData: 27 },
    expect: { opcode: 49, flags: 0x20, fd: 16, off: 0xffffffffffffffffn, buf_group: 2, op_flags: 8, user_data: 27 },
  },
];
