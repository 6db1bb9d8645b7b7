// Golden vectors: provide / remove buffers. Expected bytes from the kernel uapi (docs/abi.md) and
// liburing's io_uring_prep_{provide,remove}_buffers, written out by hand. PROVIDE_BUFFERS = 31, REMOVE_BUFFERS = 32.
import type { Golden } from '../../helpers/golden.ts';

export const golden: Golden[] = [
  // fd = nr, addr, len = size of each, off = first bid, buf_group = bgid
  {
    op: 'provideBuffers',
    args: { addr: 0x7f0000100000n, len: 4096, nr: 16, bgid: 7, bid: 100, userData: 0x31 },
    expect: { opcode: 31, fd: 16, addr: 0x7f0000100000n, len: 4096, off: 100, buf_group: 7, user_data: 0x31 },
  },
  {
    op: 'provideBuffers',
    args: { addr: 0x1000, len: 0xffffffff, nr: 65536, bgid: 0xffff, bid: 0xffff },
    expect: { opcode: 31, fd: 65536, addr: 0x1000, len: 0xffffffff, off: 0xffff, buf_group: 0xffff },
  },
  {
    op: 'removeBuffers',
    args: { nr: 3, bgid: 9, userData: 0x32 },
    expect: { opcode: 32, fd: 3, buf_group: 9, user_data: 0x32 },
  },
];
