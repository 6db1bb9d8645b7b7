// Golden vectors: uring_cmd and the socket commands. Expected bytes from liburing's helpers and the kernel uapi (docs/abi.md):
// cmd_op @8 (u32), __pad1 @12 = 0, payload from @48 (pack.ts has no `cmd` name: the two payload words are
// written as addr3 @48 and __pad2 @56), level @16, optname @20, optlen @44, optval @48.
import type { Golden } from '../../helpers/golden.ts';
import { IOSQE } from '../../../ts/constants.ts';

const URING_CMD_FIXED = 1;
const SOCKET_URING_OP_GETSOCKOPT = 2,
  SOCKET_URING_OP_SETSOCKOPT = 3,
  SOCKET_URING_OP_GETSOCKNAME = 5;
const SOL_SOCKET = 1,
  SO_RCVBUF = 8,
  SO_KEEPALIVE = 9;
const BLOCK_URING_CMD_DISCARD = 0x1200; // _IO(0x12, 0)

export const golden: Golden[] = [
  {
    op: 'uringCmd',
    args: { cmdOp: 0xc0484e41, fd: 3, cmd0: 0x0102030405060708n, cmd1: 0x1112131415161718n, userData: 1 },
    expect: {
      opcode: 46,
      fd: 3,
      cmd_op: 0xc0484e41,
      addr3: 0x0102030405060708n,
      __pad2: 0x1112131415161718n,
      user_data: 1,
    },
  },
  {
    op: 'uringCmd',
    args: { cmdOp: 1, fd: 4, userData: 2, flags: IOSQE.FIXED_FILE },
    expect: { opcode: 46, flags: 1, fd: 4, cmd_op: 1, user_data: 2 },
  },
  {
    op: 'uringCmdFixed',
    args: { cmdOp: 0x21, fd: 5, bufIndex: 6, cmd0: 0x77, cmd1: 0x88, userData: 3 },
    expect: {
      opcode: 46,
      fd: 5,
      cmd_op: 0x21,
      op_flags: URING_CMD_FIXED,
      buf_index: 6,
      addr3: 0x77,
      __pad2: 0x88,
      user_data: 3,
    },
  },
  {
    op: 'uringCmd128',
    args: { cmdOp: 0x4000, fd: 7, cmd0: 0xaabbn, cmd1: 0xccddn, userData: 4 },
    expect: { opcode: 64, fd: 7, cmd_op: 0x4000, addr3: 0xaabb, __pad2: 0xccdd, user_data: 4 },
    size: 128,
  },
  {
    op: 'uringCmd128Fixed',
    args: { cmdOp: 0x4001, fd: 8, bufIndex: 9, cmd0: 0x99, cmd1: 0x98, userData: 5 },
    expect: {
      opcode: 64,
      fd: 8,
      cmd_op: 0x4001,
      op_flags: URING_CMD_FIXED,
      buf_index: 9,
      addr3: 0x99,
      __pad2: 0x98,
      user_data: 5,
    },
    size: 128,
  },
  {
    op: 'cmdSock',
    args: {
      cmdOp: SOCKET_URING_OP_SETSOCKOPT,
      fd: 10,
      level: SOL_SOCKET,
      optname: SO_KEEPALIVE,
      optval: 0x5000,
      optlen: 4,
      userData: 6,
    },
    expect: { opcode: 46, fd: 10, cmd_op: 3, level: 1, optname: 9, optlen: 4, optval: 0x5000, user_data: 6 },
  },
  {
    op: 'cmdSock',
    args: {
      cmdOp: SOCKET_URING_OP_GETSOCKOPT,
      fd: 11,
      level: SOL_SOCKET,
      optname: SO_RCVBUF,
      optval: 0x5100,
      optlen: 8,
      userData: 7,
    },
    expect: { opcode: 46, fd: 11, cmd_op: 2, level: 1, optname: 8, optlen: 8, optval: 0x5100, user_data: 7 },
  },
  {
    op: 'cmdGetsockname',
    args: { fd: 12, sockaddr: 0x6000, sockaddrLen: 0x6100, peer: 1, userData: 8 },
    expect: {
      opcode: 46,
      fd: 12,
      cmd_op: SOCKET_URING_OP_GETSOCKNAME,
      addr: 0x6000,
      addr3: 0x6100,
      optlen: 1,
      user_data: 8,
    },
  },
  {
    op: 'cmdDiscard',
    args: { fd: 13, offset: 0x100000, nbytes: 0x2000, userData: 9 },
    expect: { opcode: 46, fd: 13, cmd_op: BLOCK_URING_CMD_DISCARD, addr: 0x100000, addr3: 0x2000, user_data: 9 },
  },
  // Audit (6.18): level and optname are ints the socket layer checks (ENOPROTOOPT), so 0 and negatives encode.
  {
    op: 'cmdSock',
    args: { cmdOp: SOCKET_URING_OP_SETSOCKOPT, fd: 13, level: SOL_SOCKET, optname: 0, optval: 0x5200, optlen: 4 },
    expect: { opcode: 46, fd: 13, cmd_op: 3, level: 1, optname: 0, optlen: 4, optval: 0x5200 },
  },
  {
    op: 'cmdSock',
    args: { cmdOp: SOCKET_URING_OP_SETSOCKOPT, fd: 14, level: -1, optname: -2, optval: 0x5300, optlen: 4 },
    expect: { opcode: 46, fd: 14, cmd_op: 3, level: 0xffffffff, optname: 0xfffffffe, optlen: 4, optval: 0x5300 },
  },
];
