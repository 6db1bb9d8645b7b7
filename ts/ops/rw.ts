// Reads, writes and their vectored and fixed-buffer forms; nop.
import { OP } from '../constants.ts';
import { fd, offset, ptr, rwFlags, u32 } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

export const nop = defineOp({
  name: 'nop', prep: 'prep_nop', opcode: OP.NOP, since: '5.1',
  args: {},
  fixed: { fd: -1 },
  doc: 'Do nothing; completes with 0. Measures the ring itself.',
});

export const read = defineOp({
  name: 'read', prep: 'prep_read', opcode: OP.READ, since: '5.6',
  args: { fd: { kind: fd, slot: 'fd' }, buf: { kind: ptr, slot: 'addr' }, nbytes: { kind: u32, slot: 'len' }, offset: { kind: offset, slot: 'off' } },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of preadv2' } },
  doc: 'pread(2): read nbytes at offset (-1: the file position) into buf.',
});

export const write = defineOp({
  name: 'write', prep: 'prep_write', opcode: OP.WRITE, since: '5.6',
  args: { fd: { kind: fd, slot: 'fd' }, buf: { kind: ptr, slot: 'addr' }, nbytes: { kind: u32, slot: 'len' }, offset: { kind: offset, slot: 'off' } },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of pwritev2' } },
  doc: 'pwrite(2): write nbytes from buf at offset (-1: the file position).',
});

export const readv = defineOp({
  name: 'readv', prep: 'prep_readv2', opcode: OP.READV, since: '5.1',
  args: {
    fd: { kind: fd, slot: 'fd' }, iovecs: { kind: ptr, slot: 'addr' }, nrVecs: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' }, rwFlags: { kind: rwFlags, slot: 'op_flags', optional: true },
  },
  doc: 'preadv2(2) into an iovec array.',
});

export const writev = defineOp({
  name: 'writev', prep: 'prep_writev2', opcode: OP.WRITEV, since: '5.1',
  args: {
    fd: { kind: fd, slot: 'fd' }, iovecs: { kind: ptr, slot: 'addr' }, nrVecs: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' }, rwFlags: { kind: rwFlags, slot: 'op_flags', optional: true },
  },
  doc: 'pwritev2(2) from an iovec array.',
});
