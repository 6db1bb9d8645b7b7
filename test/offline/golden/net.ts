// Golden vectors: sockets. Expected bytes from the kernel uapi (docs/abi.md) and liburing's field
// placement, by kernel field name; every field an op uses carries a distinct non-zero value.
import type { Golden } from '../../helpers/golden.ts';
import { IOSQE } from '../../../ts/constants.ts';

const ALLOC = 0xffffffff;
// ioprio bits (kernel uapi)
const POLL_FIRST = 1,
  RECV_MULTISHOT = 2,
  FIXED_BUF = 4,
  REPORT_USAGE = 8,
  BUNDLE = 16;
const ACCEPT_MULTISHOT = 1,
  ACCEPT_DONTWAIT = 2,
  ACCEPT_POLL_FIRST = 4;
// socket(2), MSG_*
const SOCK_STREAM = 1,
  SOCK_DGRAM = 2,
  SOCK_NONBLOCK = 0x800,
  SOCK_CLOEXEC = 0x80000;
const MSG_DONTWAIT = 0x40,
  MSG_NOSIGNAL = 0x4000,
  MSG_WAITALL = 0x100,
  MSG_PEEK = 2,
  MSG_TRUNC = 0x20;

export const golden: Golden[] = [
  // SOCKET (45): fd = domain, off = type, len = protocol, file_index = slot+1 / ALLOC
  {
    op: 'socket',
    args: { domain: 10, type: SOCK_STREAM | SOCK_CLOEXEC, protocol: 6, userData: 0x1111 },
    expect: { opcode: 45, fd: 10, off: 0x80001, len: 6, user_data: 0x1111 },
  },
  {
    op: 'socketDirect',
    args: { domain: 2, type: SOCK_DGRAM | SOCK_NONBLOCK, protocol: 17, fileIndex: 7, userData: 0x2222 },
    expect: { opcode: 45, fd: 2, off: 0x802, len: 17, file_index: 8, user_data: 0x2222 },
  },
  {
    op: 'socketDirectAlloc',
    args: { domain: 1, type: SOCK_STREAM, protocol: 3, userData: 0x3333 },
    expect: { opcode: 45, fd: 1, off: 1, len: 3, file_index: ALLOC, user_data: 0x3333 },
  },
  // ACCEPT (13): addr = sockaddr*, addr2 = socklen_t*, accept_flags, ioprio ACCEPT_*, file_index
  {
    op: 'accept',
    args: { fd: 3, addr: 0x1000, addrlen: 0x2000, acceptFlags: SOCK_CLOEXEC, ioprio: ACCEPT_POLL_FIRST, userData: 9 },
    expect: { opcode: 13, ioprio: 4, fd: 3, addr: 0x1000, addr2: 0x2000, op_flags: 0x80000, user_data: 9 },
  },
  {
    op: 'acceptDirect',
    args: {
      fd: 4,
      addr: 0x1100,
      addrlen: 0x2200,
      acceptFlags: SOCK_NONBLOCK,
      fileIndex: 41,
      ioprio: ACCEPT_DONTWAIT,
      userData: 10,
    },
    expect: {
      opcode: 13,
      ioprio: 2,
      fd: 4,
      addr: 0x1100,
      addr2: 0x2200,
      op_flags: 0x800,
      file_index: 42,
      user_data: 10,
    },
  },
  {
    op: 'acceptDirect',
    args: { fd: 5, addr: 0x1300, addrlen: 0x2300, acceptFlags: SOCK_NONBLOCK, fileIndex: ALLOC, userData: 11 },
    expect: { opcode: 13, fd: 5, addr: 0x1300, addr2: 0x2300, op_flags: 0x800, file_index: ALLOC, user_data: 11 },
  },
  {
    op: 'multishotAccept',
    args: { fd: 6, addr: 0x1400, addrlen: 0x2400, acceptFlags: SOCK_NONBLOCK, ioprio: ACCEPT_POLL_FIRST, userData: 12 },
    expect: {
      opcode: 13,
      ioprio: ACCEPT_MULTISHOT | ACCEPT_POLL_FIRST,
      fd: 6,
      addr: 0x1400,
      addr2: 0x2400,
      op_flags: 0x800,
      user_data: 12,
    },
  },
  {
    op: 'multishotAccept',
    args: { fd: 7, addr: 0, addrlen: 0, userData: 13 },
    expect: { opcode: 13, ioprio: ACCEPT_MULTISHOT, fd: 7, user_data: 13 },
  },
  {
    op: 'multishotAcceptDirect',
    args: { fd: 8, addr: 0x1500, addrlen: 0x2500, acceptFlags: SOCK_NONBLOCK, userData: 14 },
    expect: {
      opcode: 13,
      ioprio: ACCEPT_MULTISHOT,
      fd: 8,
      addr: 0x1500,
      addr2: 0x2500,
      op_flags: 0x800,
      file_index: ALLOC,
      user_data: 14,
    },
  },
  // CONNECT (16) / BIND (56): addr = sockaddr*, addr2 = its length; LISTEN (57): len = backlog, addr 0
  {
    op: 'connect',
    args: { fd: 9, addr: 0x7f0000001000n, addrlen: 16, userData: 15 },
    expect: { opcode: 16, fd: 9, addr: 0x7f0000001000n, addr2: 16, user_data: 15 },
  },
  {
    op: 'bind',
    args: { fd: 10, addr: 0x3000, addrlen: 28, userData: 16, flags: IOSQE.FIXED_FILE },
    expect: { opcode: 56, flags: 1, fd: 10, addr: 0x3000, addr2: 28, user_data: 16 },
  },
  {
    op: 'listen',
    args: { fd: 11, backlog: 511, userData: 17 },
    expect: { opcode: 57, fd: 11, len: 511, user_data: 17 },
  },
  // backlog -1: any int; the kernel caps (unsigned) backlog at net.core.somaxconn. len holds 0xffffffff.
  {
    op: 'listen',
    args: { fd: 11, backlog: -1 },
    expect: { opcode: 57, fd: 11, len: 0xffffffff },
  },
  // SHUTDOWN (34): len = how
  { op: 'shutdown', args: { fd: 12, how: 2, userData: 18 }, expect: { opcode: 34, fd: 12, len: 2, user_data: 18 } },
  // SEND (26): addr = buf, len, msg_flags, ioprio RECVSEND_*; sendto adds addr2 + addr_len
  {
    op: 'send',
    args: { sockfd: 13, buf: 0x4000, len: 100, msgFlags: MSG_NOSIGNAL, ioprio: POLL_FIRST, userData: 19 },
    expect: { opcode: 26, ioprio: 1, fd: 13, addr: 0x4000, len: 100, op_flags: 0x4000, user_data: 19 },
  },
  {
    op: 'sendto',
    args: {
      sockfd: 14,
      buf: 0x4100,
      len: 200,
      msgFlags: MSG_DONTWAIT,
      addr: 0x5000,
      addrlen: 16,
      ioprio: POLL_FIRST,
      userData: 20,
    },
    expect: {
      opcode: 26,
      ioprio: 1,
      fd: 14,
      addr2: 0x5000,
      addr: 0x4100,
      len: 200,
      op_flags: 0x40,
      addr_len: 16,
      user_data: 20,
    },
  },
  {
    op: 'sendBundle',
    args: { sockfd: 15, len: 300, msgFlags: MSG_NOSIGNAL, flags: IOSQE.BUFFER_SELECT, bufGroup: 5, userData: 21 },
    expect: {
      opcode: 26,
      flags: 0x20,
      ioprio: BUNDLE,
      fd: 15,
      len: 300,
      op_flags: 0x4000,
      buf_group: 5,
      user_data: 21,
    },
  },
  {
    op: 'sendBundle',
    args: { sockfd: 16, len: 0, ioprio: POLL_FIRST, flags: IOSQE.BUFFER_SELECT, bufGroup: 6, userData: 22 },
    expect: { opcode: 26, flags: 0x20, ioprio: BUNDLE | POLL_FIRST, fd: 16, buf_group: 6, user_data: 22 },
  },
  // SEND_ZC (47): ioprio = zc_flags (| FIXED_BUF with buf_index); addr2/addr_len destination
  {
    op: 'sendZc',
    args: {
      sockfd: 17,
      buf: 0x6000,
      len: 400,
      msgFlags: MSG_NOSIGNAL,
      zcFlags: REPORT_USAGE,
      destAddr: 0x6100,
      addrLen: 28,
      userData: 23,
    },
    expect: {
      opcode: 47,
      ioprio: 8,
      fd: 17,
      addr2: 0x6100,
      addr: 0x6000,
      len: 400,
      op_flags: 0x4000,
      addr_len: 28,
      user_data: 23,
    },
  },
  {
    op: 'sendZcFixed',
    args: { sockfd: 18, buf: 0x6200, len: 500, msgFlags: MSG_DONTWAIT, zcFlags: POLL_FIRST, bufIndex: 3, userData: 24 },
    expect: {
      opcode: 47,
      ioprio: FIXED_BUF | POLL_FIRST,
      fd: 18,
      addr: 0x6200,
      len: 500,
      op_flags: 0x40,
      buf_index: 3,
      user_data: 24,
    },
  },
  // SENDMSG (9) / SENDMSG_ZC (48): addr = msghdr*, len = 1, msg_flags
  {
    op: 'sendmsg',
    args: { fd: 19, msg: 0x7000, msgFlags: MSG_NOSIGNAL, ioprio: POLL_FIRST, userData: 25 },
    expect: { opcode: 9, ioprio: 1, fd: 19, addr: 0x7000, len: 1, op_flags: 0x4000, user_data: 25 },
  },
  {
    op: 'sendmsgZc',
    args: { fd: 20, msg: 0x7100, msgFlags: MSG_DONTWAIT, ioprio: REPORT_USAGE, userData: 26 },
    expect: { opcode: 48, ioprio: 8, fd: 20, addr: 0x7100, len: 1, op_flags: 0x40, user_data: 26 },
  },
  {
    op: 'sendmsgZcFixed',
    args: { fd: 21, msg: 0x7200, msgFlags: MSG_NOSIGNAL, bufIndex: 9, ioprio: POLL_FIRST, userData: 27 },
    expect: {
      opcode: 48,
      ioprio: FIXED_BUF | POLL_FIRST,
      fd: 21,
      addr: 0x7200,
      len: 1,
      op_flags: 0x4000,
      buf_index: 9,
      user_data: 27,
    },
  },
  // RECV (27) / RECVMSG (10); multishot: ioprio RECV_MULTISHOT
  {
    op: 'recv',
    args: { sockfd: 22, buf: 0x8000, len: 600, msgFlags: MSG_WAITALL, ioprio: POLL_FIRST, userData: 28 },
    expect: { opcode: 27, ioprio: 1, fd: 22, addr: 0x8000, len: 600, op_flags: 0x100, user_data: 28 },
  },
  {
    op: 'recvMultishot',
    args: {
      sockfd: 23,
      buf: 0,
      len: 700,
      msgFlags: MSG_PEEK,
      ioprio: BUNDLE,
      flags: IOSQE.BUFFER_SELECT,
      bufGroup: 7,
      userData: 29,
    },
    expect: {
      opcode: 27,
      flags: 0x20,
      ioprio: RECV_MULTISHOT | BUNDLE,
      fd: 23,
      len: 700,
      op_flags: 2,
      buf_group: 7,
      user_data: 29,
    },
  },
  {
    op: 'recvmsg',
    args: { fd: 24, msg: 0x8100, msgFlags: MSG_TRUNC, ioprio: POLL_FIRST, userData: 30 },
    expect: { opcode: 10, ioprio: 1, fd: 24, addr: 0x8100, len: 1, op_flags: 0x20, user_data: 30 },
  },
  {
    op: 'recvmsgMultishot',
    args: { fd: 25, msg: 0x8200, msgFlags: MSG_TRUNC, flags: IOSQE.BUFFER_SELECT, bufGroup: 8, userData: 31 },
    expect: {
      opcode: 10,
      flags: 0x20,
      ioprio: RECV_MULTISHOT,
      fd: 25,
      addr: 0x8200,
      len: 1,
      op_flags: 0x20,
      buf_group: 8,
      user_data: 31,
    },
  },
  // RECV_ZC (58): fd, len, zcrx_ifq_idx @44 (pack.ts names that word file_index), ioprio RECV_MULTISHOT
  {
    op: 'recvZc',
    args: { fd: 26, len: 800, zcrxIfqIdx: 2, ioprio: POLL_FIRST, userData: 32 },
    expect: { opcode: 58, ioprio: RECV_MULTISHOT | POLL_FIRST, fd: 26, len: 800, file_index: 2, user_data: 32 },
  },
  // EPOLL_CTL (29): fd = epfd, addr = event*, len = op, off = fd; EPOLL_WAIT (59): addr = events, len = max
  {
    op: 'epollCtl',
    args: { epfd: 27, fd: 28, op: 3, ev: 0x9000, userData: 33 },
    expect: { opcode: 29, fd: 27, off: 28, addr: 0x9000, len: 3, user_data: 33 },
  },
  {
    op: 'epollCtl',
    args: { epfd: 29, fd: -1, op: 2, ev: 0x9100, userData: 34 },
    expect: { opcode: 29, fd: 29, off: 0xffffffff, addr: 0x9100, len: 2, user_data: 34 },
  },
  {
    op: 'epollWait',
    args: { fd: 30, events: 0x9200, maxevents: 64, userData: 35 },
    expect: { opcode: 59, fd: 30, addr: 0x9200, len: 64, user_data: 35 },
  },
  // Audit (6.18): SEND_VECTORIZED (0x20) is in the kernel's SENDMSG_FLAGS (send: addr = iovec[len]; sendmsg
  // takes it without effect) and in IO_ZC_FLAGS_VALID (sendmsg_zc too).
  {
    op: 'send',
    args: { sockfd: 13, buf: 0x4100, len: 2, ioprio: 0x21, userData: 40 },
    expect: { opcode: 26, ioprio: 0x21, fd: 13, addr: 0x4100, len: 2, user_data: 40 },
  },
  {
    op: 'sendmsg',
    args: { fd: 19, msg: 0x7000, ioprio: 0x20, userData: 41 },
    expect: { opcode: 9, ioprio: 0x20, fd: 19, addr: 0x7000, len: 1, user_data: 41 },
  },
  {
    op: 'sendmsgZc',
    args: { fd: 20, msg: 0x7100, ioprio: 0x28, userData: 42 },
    expect: { opcode: 48, ioprio: 0x28, fd: 20, addr: 0x7100, len: 1, user_data: 42 },
  },
  {
    op: 'sendmsgZcFixed',
    args: { fd: 21, msg: 0x7200, bufIndex: 2, ioprio: 0x20, userData: 43 },
    expect: { opcode: 48, ioprio: 0x24, fd: 21, addr: 0x7200, len: 1, buf_index: 2, user_data: 43 },
  },
];
