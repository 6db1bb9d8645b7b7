// Reads, writes and their vectored and fixed-buffer forms; nop.
import { OP, IOSQE } from '../constants.ts';
import { fd, offset, ptr, range, rwFlags, u16, u32 } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

export const nop = defineOp({
  name: 'nop',
  prep: 'prep_nop',
  opcode: OP.NOP,
  args: {},
  fixed: { fd: -1 },
  doc: 'Do nothing; completes with 0. Measures the ring itself.',
});

export const nop128 = defineOp({
  name: 'nop128',
  prep: 'prep_nop128',
  opcode: OP.NOP128,
  sqe128: true,
  args: {},
  fixed: { fd: -1 },
  doc: 'A NOP in a 128-byte SQE (SQE128 ring, or two slots of an SQE_MIXED ring); completes with 0.',
});

export const read = defineOp({
  name: 'read',
  prep: 'prep_read',
  opcode: OP.READ,
  args: {
    fd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    nbytes: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
  },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of preadv2' } },
  doc: 'pread(2): read nbytes at offset (-1: the file position) into buf.',
});

export const write = defineOp({
  name: 'write',
  prep: 'prep_write',
  opcode: OP.WRITE,
  args: {
    fd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    nbytes: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
  },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of pwritev2' } },
  doc: 'pwrite(2): write nbytes from buf at offset (-1: the file position).',
});

export const readv = defineOp({
  name: 'readv',
  aliases: ['readv2'],
  prep: 'prep_readv2',
  opcode: OP.READV,
  args: {
    fd: { kind: fd, slot: 'fd' },
    iovecs: { kind: ptr, slot: 'addr', mem: 'iovecs' },
    nrVecs: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
    rwFlags: { kind: rwFlags, slot: 'op_flags', optional: true },
  },
  doc: 'preadv2(2) into an iovec array.',
});

export const writev = defineOp({
  name: 'writev',
  aliases: ['writev2'],
  prep: 'prep_writev2',
  opcode: OP.WRITEV,
  args: {
    fd: { kind: fd, slot: 'fd' },
    iovecs: { kind: ptr, slot: 'addr', mem: 'iovecs' },
    nrVecs: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
    rwFlags: { kind: rwFlags, slot: 'op_flags', optional: true },
  },
  doc: 'pwritev2(2) from an iovec array.',
});

export const readFixed = defineOp({
  name: 'readFixed',
  prep: 'prep_read_fixed',
  opcode: OP.READ_FIXED,
  args: {
    fd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    nbytes: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
    bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer' },
  },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of preadv2' } },
  doc: 'pread(2) into registered buffer bufIndex: buf..buf+nbytes must lie inside it (else EFAULT).',
});

export const writeFixed = defineOp({
  name: 'writeFixed',
  prep: 'prep_write_fixed',
  opcode: OP.WRITE_FIXED,
  args: {
    fd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    nbytes: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
    bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer' },
  },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of pwritev2' } },
  doc: 'pwrite(2) from registered buffer bufIndex: buf..buf+nbytes must lie inside it (else EFAULT).',
});

export const readvFixed = defineOp({
  name: 'readvFixed',
  prep: 'prep_readv_fixed',
  opcode: OP.READV_FIXED,
  args: {
    fd: { kind: fd, slot: 'fd' },
    iovecs: { kind: ptr, slot: 'addr', mem: 'iovecs' },
    nrVecs: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
    rwFlags: { kind: rwFlags, slot: 'op_flags', optional: true },
    bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer' },
  },
  doc: 'preadv2(2) with every iovec inside registered buffer bufIndex.',
});

export const writevFixed = defineOp({
  name: 'writevFixed',
  prep: 'prep_writev_fixed',
  opcode: OP.WRITEV_FIXED,
  args: {
    fd: { kind: fd, slot: 'fd' },
    iovecs: { kind: ptr, slot: 'addr', mem: 'iovecs' },
    nrVecs: { kind: u32, slot: 'len' },
    offset: { kind: offset, slot: 'off' },
    rwFlags: { kind: rwFlags, slot: 'op_flags', optional: true },
    bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer' },
  },
  doc: 'pwritev2(2) with every iovec inside registered buffer bufIndex.',
});

export const readMultishot = defineOp({
  name: 'readMultishot',
  prep: 'prep_read_multishot',
  opcode: OP.READ_MULTISHOT,
  args: {
    fd: { kind: fd, slot: 'fd' },
    nbytes: {
      kind: range(0, 0),
      slot: 'len',
      optional: true,
      doc: "liburing's length argument; kernels up to at least 6.18 answer EINVAL unless it is 0, so only 0 is accepted",
    },
    offset: { kind: offset, slot: 'off', doc: '0, or -1 for a non-seekable file' },
    bufGroup: { kind: u16, slot: 'buf_index', doc: 'provided-buffer group (the prep sets IOSQE_BUFFER_SELECT)' },
  },
  extra: { rwFlags: { kind: rwFlags, slot: 'op_flags', doc: 'RWF_* of preadv2' } },
  fixed: { flags: IOSQE.BUFFER_SELECT },
  doc: 'Repeated reads from a pollable file (pipe, eventfd, tun...) into provided buffers of bufGroup; one CQE per read with IORING_CQE_F_MORE until the last.',
});
