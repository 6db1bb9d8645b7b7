// Golden vectors: reads, writes, nop. Every field an op uses carries a distinct non-zero value.
import type { Golden } from '../../helpers/golden.ts';
import { IOSQE } from '../../../ts/constants.ts';

export const golden: Golden[] = [
  { op: 'nop', args: { userData: 0x0102030405060708n }, expect: { opcode: 0, fd: -1, user_data: 0x0102030405060708n } },
  {
    op: 'read',
    args: { fd: 5, buf: 0x7f1122334455n, nbytes: 0x9abc, offset: 0x0102030405060708n, userData: 77, flags: IOSQE.ASYNC },
    expect: { opcode: 22, flags: 16, fd: 5, addr: 0x7f1122334455n, len: 0x9abc, off: 0x0102030405060708n, user_data: 77 },
  },
  {
    op: 'read',
    args: { fd: 6, buf: 4096, nbytes: 10, offset: -1, rwFlags: 0x10, personality: 3 },
    expect: { opcode: 22, fd: 6, addr: 4096, len: 10, off: 0xffffffffffffffffn, op_flags: 0x10, personality: 3 },
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
];
