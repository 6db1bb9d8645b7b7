// uring_cmd (64- and 128-byte SQEs) and the socket commands.
//
// Command payload: the bytes from SQE offset 48 — 16 in a 64-byte SQE, 80 in a 128-byte one. Builders take
// the first 16 bytes as two little-endian u64 words, cmd0 (@48) and cmd1 (@56); that is every byte a
// 64-byte command has, and what the decoder shows. For uringCmd128 / uringCmd128Fixed the remaining 64
// payload bytes are SQE bytes 64..127: the prep zeroes them, and the caller writes them into the 128-byte
// image (or the ring slot) after encoding. The decoder reads only the first 64 bytes.
import { OP } from '../constants.ts';
import { SOCKET_URING_OP, URING_CMD } from '../opflags.ts';
import { fd, i32, ptr, range, u16, u32, u64 } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

/** BLOCK_URING_CMD_DISCARD = _IO(0x12, 0) (linux/fs.h, 6.12). Not exported: group modules export only specs. */
const BLOCK_URING_CMD_DISCARD = 0x1200;

/** Every uring_cmd's first two arguments (in the C prep's order). */
const target = {
  cmdOp: { kind: u32, slot: 'cmd_op', doc: 'driver-specific command (cmd_op @8)' },
  fd: { kind: fd, slot: 'fd' },
} as const;
/** The registered buffer of the _FIXED forms. */
const fixedBuffer = { bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer the command uses' } } as const;

const payload = {
  cmd0: { kind: u64, slot: 'addr3', optional: true, doc: 'command bytes 0..7 (SQE offset 48)' },
  cmd1: { kind: u64, slot: '__pad2', optional: true, doc: 'command bytes 8..15 (SQE offset 56)' },
} as const;

export const uringCmd = defineOp({
  name: 'uringCmd',
  prep: 'prep_uring_cmd',
  opcode: OP.URING_CMD,
  args: {
    ...target,
    ...payload,
  },
  doc: 'A file-specific command (->uring_cmd: NVMe, ublk, sockets, block devices) with a 16-byte payload.',
});

export const uringCmdFixed = defineOp({
  name: 'uringCmdFixed',
  prep: 'prep_uring_cmd_fixed',
  opcode: OP.URING_CMD,
  args: {
    ...target,
    ...fixedBuffer,
    ...payload,
  },
  fixed: { op_flags: URING_CMD.FIXED },
  doc: "uringCmd with IORING_URING_CMD_FIXED: the command's data lives in registered buffer bufIndex.",
});

export const uringCmd128 = defineOp({
  name: 'uringCmd128',
  prep: 'prep_uring_cmd128',
  opcode: OP.URING_CMD128,
  args: {
    ...target,
    ...payload,
  },
  sqe128: true,
  doc: 'uringCmd in a 128-byte SQE (80 payload bytes; bytes 16..79 are written by the caller after encoding).',
});

export const uringCmd128Fixed = defineOp({
  name: 'uringCmd128Fixed',
  prep: 'prep_uring_cmd128_fixed',
  opcode: OP.URING_CMD128,
  args: {
    ...target,
    ...fixedBuffer,
    ...payload,
  },
  fixed: { op_flags: URING_CMD.FIXED },
  sqe128: true,
  doc: 'uringCmd128 with IORING_URING_CMD_FIXED (registered buffer bufIndex).',
});

export const cmdSock = defineOp({
  name: 'cmdSock',
  prep: 'prep_cmd_sock',
  opcode: OP.URING_CMD,
  since: '6.7',
  args: {
    cmdOp: {
      kind: range(SOCKET_URING_OP.GETSOCKOPT, SOCKET_URING_OP.SETSOCKOPT),
      slot: 'cmd_op',
      doc: 'SOCKET_URING_OP_GETSOCKOPT 2 or SETSOCKOPT 3',
    },
    fd: { kind: fd, slot: 'fd' },
    level: { kind: i32, slot: 'level', doc: 'SOL_* (getsockopt: SOL_SOCKET only)' },
    optname: { kind: i32, slot: 'optname', doc: 'SO_* / option name (any int: an unknown one is ENOPROTOOPT)' },
    optval: { kind: ptr, slot: 'addr3', doc: 'option value buffer (optval @48)' },
    optlen: {
      kind: range(0, 0x7fffffff),
      slot: 'file_index',
      doc: 'its length (optlen @44); getsockopt completes with the length written',
    },
  },
  doc: 'getsockopt(2) / setsockopt(2) as a socket command. SIOCINQ, SIOCOUTQ take no arguments: uringCmd({ cmdOp, fd }).',
});

export const cmdGetsockname = defineOp({
  name: 'cmdGetsockname',
  prep: 'prep_cmd_getsockname',
  opcode: OP.URING_CMD,
  since: '6.19',
  args: {
    fd: { kind: fd, slot: 'fd' },
    sockaddr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr * for the address' },
    sockaddrLen: { kind: ptr, slot: 'addr3', doc: 'socklen_t * (in: its size, out: the length)' },
    peer: {
      kind: range(0, 1),
      slot: 'file_index',
      optional: true,
      doc: '0: getsockname(2), 1: getpeername(2) (optlen @44)',
    },
  },
  fixed: { cmd_op: SOCKET_URING_OP.GETSOCKNAME },
  doc: 'getsockname(2) / getpeername(2) as a socket command.',
});

export const cmdDiscard = defineOp({
  name: 'cmdDiscard',
  prep: 'prep_cmd_discard',
  opcode: OP.URING_CMD,
  since: '6.12',
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'block device' },
    offset: { kind: u64, slot: 'addr', doc: 'byte offset' },
    nbytes: { kind: u64, slot: 'addr3', doc: 'byte count' },
  },
  fixed: { cmd_op: BLOCK_URING_CMD_DISCARD },
  doc: 'Discard a byte range of a block device (BLOCK_URING_CMD_DISCARD).',
});
