// Sockets: socket, accept, connect, bind, listen, shutdown, send/recv and their msg, multishot and zero-copy forms, epoll_ctl, epoll_wait.
import { FILE_INDEX_ALLOC, OP } from '../constants.ts';
import { ACCEPT, RECVSEND } from '../opflags.ts';
import { fd, flags, i32, ptr, range, slot, slotOrAlloc, u16, u32, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

// liburing's `flags` parameters are named after their SQE field here (msgFlags, acceptFlags, rwFlags):
// `flags` is every builder's IOSQE_* option.

// ---- argument kinds of this group ----------------------------------------------------------------

/** A 32-bit value carried in the 8-byte off/addr2 field: marked signed so the decoder gives it back as a
 *  number (it reads 8-byte fields as bigint otherwise). Only for kinds whose values stay below 2^31. */
function inOff(k: Kind): Kind {
  return { ...k, signed: true };
}

/** An `extra` in a field the prep already put constant bits in (ioprio of multishot / fixed / bundle
 *  variants): extras are written over the whole field after the prep, so the value written carries those
 *  bits again. The decoder strips them (they are in `fixed`). */
function keeping(k: Kind, bits: number): Kind {
  return { ...k, check: (op, arg, v) => (Number(k.check(op, arg, v)) | bits) >>> 0 };
}

const SOCK_TYPE_MASK = 0xf; // SOCK_STREAM 1, DGRAM 2, RAW 3, RDM 4, SEQPACKET 5, DCCP 6, PACKET 10
const SOCK_NONBLOCK = 0x800;
const SOCK_CLOEXEC = 0x80000;

/** sa_family_t. */
const domain = range(0, 0xffff);
/** socket(2) type: SOCK_* | SOCK_NONBLOCK | SOCK_CLOEXEC. */
const sockType = inOff(flags('SOCK', SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC));
/** A direct socket can't be close-on-exec (the kernel answers EINVAL). */
const sockTypeDirect = inOff(flags('SOCK', SOCK_TYPE_MASK | SOCK_NONBLOCK));
const protocol = range(0, 0x7fffffff);
/** rw_flags of SOCKET: the kernel accepts none (liburing's flags argument is reserved). */
const socketFlags = flags('SOCKET', 0);
/** accept4(2) flags. */
const acceptFlags = flags('SOCK', SOCK_NONBLOCK | SOCK_CLOEXEC);
const acceptFlagsDirect = flags('SOCK', SOCK_NONBLOCK);
/** socklen_t of a sockaddr passed by value. */
const socklen = inOff(range(0, 0x7fffffff));
/** sendto's destination length (u16 addr_len); at least 1, since without a destination it is a send. */
const destLen = range(1, 0xffff);
/** MSG_* flags: a wide, per-protocol set; any u32. */
const msgFlags = u32;
/** ioprio of accept: ACCEPT_DONTWAIT | ACCEPT_POLL_FIRST (MULTISHOT is its own builder). */
const acceptIoprio = flags('ACCEPT', ACCEPT.DONTWAIT | ACCEPT.POLL_FIRST);
/** ioprio of send / sendmsg / recvmsg: RECVSEND_POLL_FIRST (the seed's poll_first). */
const pollFirst = flags('RECVSEND', RECVSEND.POLL_FIRST);
/** ioprio of send: POLL_FIRST | SEND_VECTORIZED (addr is then an iovec array, len its count; 6.17). */
const sendIoprio = flags('RECVSEND', RECVSEND.POLL_FIRST | RECVSEND.SEND_VECTORIZED);
/** ioprio of recv: POLL_FIRST | BUNDLE (RECV_MULTISHOT is its own builder). */
const recvIoprio = flags('RECVSEND', RECVSEND.POLL_FIRST | RECVSEND.BUNDLE);
/** zc_flags of send_zc: POLL_FIRST | SEND_ZC_REPORT_USAGE | SEND_VECTORIZED (FIXED_BUF: sendZcFixed). */
const zcFlags = flags('RECVSEND', RECVSEND.POLL_FIRST | RECVSEND.SEND_ZC_REPORT_USAGE | RECVSEND.SEND_VECTORIZED);
const zcMsgFlags = flags('RECVSEND', RECVSEND.POLL_FIRST | RECVSEND.SEND_ZC_REPORT_USAGE | RECVSEND.SEND_VECTORIZED);
/** SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2. */
const how = range(0, 2);
/** EPOLL_CTL_ADD 1, DEL 2, MOD 3. */
const epollOp = range(1, 3);
/** rw_flags of EPOLL_WAIT: the kernel accepts none. */
const epollWaitFlags = flags('EPOLL_WAIT', 0);

const pollFirstExtra = {
  ioprio: {
    kind: pollFirst,
    slot: 'ioprio',
    doc: "RECVSEND_POLL_FIRST: poll before the first attempt (the seed's poll_first)",
  },
} as const;

// ---- socket --------------------------------------------------------------------------------------

export const socket = defineOp({
  name: 'socket',
  prep: 'prep_socket',
  opcode: OP.SOCKET,
  args: {
    domain: { kind: domain, slot: 'fd', doc: 'AF_*' },
    type: { kind: sockType, slot: 'off', doc: 'SOCK_* | SOCK_NONBLOCK | SOCK_CLOEXEC' },
    protocol: { kind: protocol, slot: 'len' },
    rwFlags: { kind: socketFlags, slot: 'op_flags', optional: true, doc: 'reserved, 0' },
  },
  doc: 'socket(2); completes with the new fd.',
});

export const socketDirect = defineOp({
  name: 'socketDirect',
  prep: 'prep_socket_direct',
  opcode: OP.SOCKET,
  args: {
    domain: { kind: domain, slot: 'fd', doc: 'AF_*' },
    type: { kind: sockTypeDirect, slot: 'off', doc: 'SOCK_* | SOCK_NONBLOCK' },
    protocol: { kind: protocol, slot: 'len' },
    fileIndex: { kind: slot, slot: 'file_index', slotPlusOne: true, doc: 'direct-descriptor slot' },
    rwFlags: { kind: socketFlags, slot: 'op_flags', optional: true, doc: 'reserved, 0' },
  },
  doc: 'socket(2) into direct-descriptor slot fileIndex (replacing what is there); completes with 0.',
});

export const socketDirectAlloc = defineOp({
  name: 'socketDirectAlloc',
  prep: 'prep_socket_direct_alloc',
  opcode: OP.SOCKET,
  args: {
    domain: { kind: domain, slot: 'fd', doc: 'AF_*' },
    type: { kind: sockTypeDirect, slot: 'off', doc: 'SOCK_* | SOCK_NONBLOCK' },
    protocol: { kind: protocol, slot: 'len' },
    rwFlags: { kind: socketFlags, slot: 'op_flags', optional: true, doc: 'reserved, 0' },
  },
  fixed: { file_index: FILE_INDEX_ALLOC },
  doc: 'socket(2) into a free direct-descriptor slot the kernel picks; completes with the slot.',
});

// ---- accept --------------------------------------------------------------------------------------

export const accept = defineOp({
  name: 'accept',
  prep: 'prep_accept',
  opcode: OP.ACCEPT,
  args: {
    fd: { kind: fd, slot: 'fd' },
    addr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr * for the peer address, or 0' },
    addrlen: { kind: ptr, slot: 'off', doc: 'socklen_t * (in: size of addr, out: length), or 0' },
    acceptFlags: { kind: acceptFlags, slot: 'op_flags', optional: true, doc: 'SOCK_NONBLOCK | SOCK_CLOEXEC' },
  },
  extra: { ioprio: { kind: acceptIoprio, slot: 'ioprio', doc: 'ACCEPT_DONTWAIT | ACCEPT_POLL_FIRST' } },
  doc: 'accept4(2); completes with the new fd.',
});

export const acceptDirect = defineOp({
  name: 'acceptDirect',
  prep: 'prep_accept_direct',
  opcode: OP.ACCEPT,
  since: '5.15',
  args: {
    fd: { kind: fd, slot: 'fd' },
    addr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr *, or 0' },
    addrlen: { kind: ptr, slot: 'off', doc: 'socklen_t *, or 0' },
    acceptFlags: { kind: acceptFlagsDirect, slot: 'op_flags', optional: true, doc: 'SOCK_NONBLOCK' },
    fileIndex: {
      kind: slotOrAlloc,
      slot: 'file_index',
      slotPlusOne: true,
      doc: 'direct-descriptor slot, or FILE_INDEX_ALLOC',
    },
  },
  extra: { ioprio: { kind: acceptIoprio, slot: 'ioprio', doc: 'ACCEPT_DONTWAIT | ACCEPT_POLL_FIRST' } },
  doc: 'accept4(2) into direct-descriptor slot fileIndex (or a free one with FILE_INDEX_ALLOC).',
});

export const multishotAccept = defineOp({
  name: 'multishotAccept',
  aliases: ['acceptMultishot'],
  prep: 'prep_multishot_accept',
  opcode: OP.ACCEPT,
  since: '5.19',
  args: {
    fd: { kind: fd, slot: 'fd' },
    addr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr *, or 0' },
    addrlen: { kind: ptr, slot: 'off', doc: 'socklen_t *, or 0' },
    acceptFlags: { kind: acceptFlags, slot: 'op_flags', optional: true, doc: 'SOCK_NONBLOCK | SOCK_CLOEXEC' },
  },
  extra: {
    ioprio: {
      kind: keeping(acceptIoprio, ACCEPT.MULTISHOT),
      slot: 'ioprio',
      doc: 'ACCEPT_DONTWAIT | ACCEPT_POLL_FIRST',
    },
  },
  fixed: { ioprio: ACCEPT.MULTISHOT },
  doc: 'accept4(2) repeatedly: one CQE (F_MORE) per connection until cancelled or an error.',
});

export const multishotAcceptDirect = defineOp({
  name: 'multishotAcceptDirect',
  prep: 'prep_multishot_accept_direct',
  opcode: OP.ACCEPT,
  since: '5.19',
  args: {
    fd: { kind: fd, slot: 'fd' },
    addr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr *, or 0' },
    addrlen: { kind: ptr, slot: 'off', doc: 'socklen_t *, or 0' },
    acceptFlags: { kind: acceptFlagsDirect, slot: 'op_flags', optional: true, doc: 'SOCK_NONBLOCK' },
  },
  extra: {
    ioprio: {
      kind: keeping(acceptIoprio, ACCEPT.MULTISHOT),
      slot: 'ioprio',
      doc: 'ACCEPT_DONTWAIT | ACCEPT_POLL_FIRST',
    },
  },
  fixed: { ioprio: ACCEPT.MULTISHOT, file_index: FILE_INDEX_ALLOC },
  doc: 'Multishot accept into free direct-descriptor slots; each CQE carries the slot.',
});

// ---- connect, bind, listen, shutdown -------------------------------------------------------------

export const connect = defineOp({
  name: 'connect',
  prep: 'prep_connect',
  opcode: OP.CONNECT,
  args: {
    fd: { kind: fd, slot: 'fd' },
    addr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr *' },
    addrlen: { kind: socklen, slot: 'off', doc: 'its length in bytes' },
  },
  doc: 'connect(2).',
});

export const bind = defineOp({
  name: 'bind',
  prep: 'prep_bind',
  opcode: OP.BIND,
  args: {
    fd: { kind: fd, slot: 'fd' },
    addr: { kind: ptr, slot: 'addr', doc: 'struct sockaddr *' },
    addrlen: { kind: socklen, slot: 'off', doc: 'its length in bytes' },
  },
  doc: 'bind(2).',
});

export const listen = defineOp({
  name: 'listen',
  prep: 'prep_listen',
  opcode: OP.LISTEN,
  args: {
    fd: { kind: fd, slot: 'fd' },
    backlog: {
      kind: i32,
      slot: 'len',
      doc: 'queue length; any int: the kernel caps it (as unsigned, so -1 too) at net.core.somaxconn',
    },
  },
  doc: 'listen(2). The backlog goes in len (the seed put it in addr, which the kernel rejects).',
});

export const shutdown = defineOp({
  name: 'shutdown',
  prep: 'prep_shutdown',
  opcode: OP.SHUTDOWN,
  args: { fd: { kind: fd, slot: 'fd' }, how: { kind: how, slot: 'len', doc: 'SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2' } },
  doc: 'shutdown(2).',
});

// ---- send ----------------------------------------------------------------------------------------

export const send = defineOp({
  name: 'send',
  prep: 'prep_send',
  opcode: OP.SEND,
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    len: { kind: u32, slot: 'len' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: {
    ioprio: {
      kind: sendIoprio,
      slot: 'ioprio',
      doc: 'RECVSEND_POLL_FIRST | SEND_VECTORIZED (addr: struct iovec[len])',
    },
  },
  doc: 'send(2): completes with the number of bytes sent.',
});

export const sendto = defineOp({
  name: 'sendto',
  prep: 'prep_sendto',
  opcode: OP.SEND,
  since: '6.0',
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    len: { kind: u32, slot: 'len' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
    addr: { kind: ptr, slot: 'off', doc: 'destination struct sockaddr *' },
    addrlen: { kind: destLen, slot: 'addr_len', doc: 'its length in bytes (1..65535)' },
  },
  extra: pollFirstExtra,
  doc: 'sendto(2): send with a destination address (addr2, addr_len).',
});

export const sendBundle = defineOp({
  name: 'sendBundle',
  prep: 'prep_send_bundle',
  opcode: OP.SEND,
  since: '6.10',
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    len: { kind: u32, slot: 'len', doc: 'most bytes to send, 0 for all the selected buffers hold' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: { ioprio: { kind: keeping(pollFirst, RECVSEND.BUNDLE), slot: 'ioprio', doc: 'RECVSEND_POLL_FIRST' } },
  fixed: { ioprio: RECVSEND.BUNDLE },
  doc: 'Send several provided buffers at once: pass flags IOSQE.BUFFER_SELECT and bufGroup.',
});

export const sendZc = defineOp({
  name: 'sendZc',
  prep: 'prep_send_zc',
  opcode: OP.SEND_ZC,
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr' },
    len: { kind: u32, slot: 'len' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
    zcFlags: {
      kind: zcFlags,
      slot: 'ioprio',
      optional: true,
      doc: 'RECVSEND_POLL_FIRST | SEND_ZC_REPORT_USAGE | SEND_VECTORIZED',
    },
  },
  extra: {
    destAddr: { kind: ptr, slot: 'off', doc: 'destination struct sockaddr * (sendto semantics)' },
    addrLen: { kind: u16, slot: 'addr_len', doc: 'length of destAddr' },
  },
  doc: 'Zero-copy send: a CQE with the result (F_MORE), then a F_NOTIF CQE once buf may be reused.',
});

export const sendZcFixed = defineOp({
  name: 'sendZcFixed',
  prep: 'prep_send_zc_fixed',
  opcode: OP.SEND_ZC,
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr', doc: 'address inside registered buffer bufIndex' },
    len: { kind: u32, slot: 'len' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
    zcFlags: {
      kind: zcFlags,
      slot: 'ioprio',
      optional: true,
      doc: 'RECVSEND_POLL_FIRST | SEND_ZC_REPORT_USAGE | SEND_VECTORIZED',
    },
    bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer' },
  },
  extra: {
    destAddr: { kind: ptr, slot: 'off', doc: 'destination struct sockaddr * (sendto semantics)' },
    addrLen: { kind: u16, slot: 'addr_len', doc: 'length of destAddr' },
  },
  fixed: { ioprio: RECVSEND.FIXED_BUF },
  doc: 'Zero-copy send from a registered buffer.',
});

export const sendmsg = defineOp({
  name: 'sendmsg',
  prep: 'prep_sendmsg',
  opcode: OP.SENDMSG,
  args: {
    fd: { kind: fd, slot: 'fd' },
    msg: { kind: ptr, slot: 'addr', doc: 'struct msghdr *' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: {
    ioprio: {
      kind: sendIoprio,
      slot: 'ioprio',
      doc: 'RECVSEND_POLL_FIRST | SEND_VECTORIZED (accepted; a msghdr is vectored already)',
    },
  },
  fixed: { len: 1 },
  doc: 'sendmsg(2).',
});

export const sendmsgZc = defineOp({
  name: 'sendmsgZc',
  prep: 'prep_sendmsg_zc',
  opcode: OP.SENDMSG_ZC,
  args: {
    fd: { kind: fd, slot: 'fd' },
    msg: { kind: ptr, slot: 'addr', doc: 'struct msghdr *' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: { ioprio: { kind: zcMsgFlags, slot: 'ioprio', doc: 'RECVSEND_POLL_FIRST | SEND_ZC_REPORT_USAGE' } },
  fixed: { len: 1 },
  doc: 'Zero-copy sendmsg(2): result CQE (F_MORE), then a F_NOTIF CQE.',
});

export const sendmsgZcFixed = defineOp({
  name: 'sendmsgZcFixed',
  prep: 'prep_sendmsg_zc_fixed',
  opcode: OP.SENDMSG_ZC,
  args: {
    fd: { kind: fd, slot: 'fd' },
    msg: { kind: ptr, slot: 'addr', doc: 'struct msghdr * whose iovecs lie in registered buffer bufIndex' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
    bufIndex: { kind: u16, slot: 'buf_index', doc: 'registered buffer' },
  },
  extra: {
    ioprio: {
      kind: keeping(zcMsgFlags, RECVSEND.FIXED_BUF),
      slot: 'ioprio',
      doc: 'RECVSEND_POLL_FIRST | SEND_ZC_REPORT_USAGE',
    },
  },
  fixed: { len: 1, ioprio: RECVSEND.FIXED_BUF },
  doc: 'Zero-copy sendmsg(2) from a registered buffer.',
});

// ---- recv ----------------------------------------------------------------------------------------

export const recv = defineOp({
  name: 'recv',
  prep: 'prep_recv',
  opcode: OP.RECV,
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr', doc: 'buffer, or 0 with IOSQE.BUFFER_SELECT' },
    len: { kind: u32, slot: 'len' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: { ioprio: { kind: recvIoprio, slot: 'ioprio', doc: 'RECVSEND_POLL_FIRST | RECVSEND_BUNDLE' } },
  doc: 'recv(2): completes with the number of bytes received (0 at EOF).',
});

export const recvMultishot = defineOp({
  name: 'recvMultishot',
  prep: 'prep_recv_multishot',
  opcode: OP.RECV,
  since: '6.0',
  args: {
    sockfd: { kind: fd, slot: 'fd' },
    buf: { kind: ptr, slot: 'addr', doc: '0: buffers come from bufGroup (IOSQE.BUFFER_SELECT)' },
    len: { kind: u32, slot: 'len' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: {
    ioprio: {
      kind: keeping(recvIoprio, RECVSEND.RECV_MULTISHOT),
      slot: 'ioprio',
      doc: 'RECVSEND_POLL_FIRST | RECVSEND_BUNDLE',
    },
  },
  fixed: { ioprio: RECVSEND.RECV_MULTISHOT },
  doc: 'recv(2) repeatedly into provided buffers: one CQE (F_MORE, F_BUFFER) per receive.',
});

export const recvmsg = defineOp({
  name: 'recvmsg',
  prep: 'prep_recvmsg',
  opcode: OP.RECVMSG,
  args: {
    fd: { kind: fd, slot: 'fd' },
    msg: { kind: ptr, slot: 'addr', doc: 'struct msghdr *' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: pollFirstExtra,
  fixed: { len: 1 },
  doc: 'recvmsg(2).',
});

export const recvmsgMultishot = defineOp({
  name: 'recvmsgMultishot',
  prep: 'prep_recvmsg_multishot',
  opcode: OP.RECVMSG,
  since: '6.0',
  args: {
    fd: { kind: fd, slot: 'fd' },
    msg: { kind: ptr, slot: 'addr', doc: 'struct msghdr * (template: namelen, controllen)' },
    msgFlags: { kind: msgFlags, slot: 'op_flags', optional: true, doc: 'MSG_*' },
  },
  extra: { ioprio: { kind: keeping(pollFirst, RECVSEND.RECV_MULTISHOT), slot: 'ioprio', doc: 'RECVSEND_POLL_FIRST' } },
  fixed: { len: 1, ioprio: RECVSEND.RECV_MULTISHOT },
  doc: 'recvmsg(2) repeatedly into provided buffers, each starting with struct io_uring_recvmsg_out.',
});

export const recvZc = defineOp({
  name: 'recvZc',
  prep: 'prep_recv_zc',
  opcode: OP.RECV_ZC,
  args: {
    fd: { kind: fd, slot: 'fd' },
    len: { kind: u32, slot: 'len', doc: 'most bytes to receive, 0 for no limit' },
    zcrxIfqIdx: {
      kind: u32,
      slot: 'file_index',
      doc: 'zcrx interface queue (zcrx_ifq_idx @44) from REGISTER_ZCRX_IFQ',
    },
  },
  extra: { ioprio: { kind: keeping(pollFirst, RECVSEND.RECV_MULTISHOT), slot: 'ioprio', doc: 'RECVSEND_POLL_FIRST' } },
  fixed: { ioprio: RECVSEND.RECV_MULTISHOT },
  doc: 'Zero-copy receive (always multishot); data arrives as big CQEs pointing into the zcrx area.',
});

// ---- epoll ---------------------------------------------------------------------------------------

export const epollCtl = defineOp({
  name: 'epollCtl',
  prep: 'prep_epoll_ctl',
  opcode: OP.EPOLL_CTL,
  args: {
    epfd: { kind: fd, slot: 'fd' },
    fd: { kind: fd, slot: 'off', doc: 'the fd to add, modify or remove' },
    op: { kind: epollOp, slot: 'len', doc: 'EPOLL_CTL_ADD 1, DEL 2, MOD 3' },
    ev: { kind: ptr, slot: 'addr', doc: 'struct epoll_event *' },
  },
  doc: 'epoll_ctl(2).',
});

export const epollWait = defineOp({
  name: 'epollWait',
  prep: 'prep_epoll_wait',
  opcode: OP.EPOLL_WAIT,
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'the epoll fd' },
    events: { kind: ptr, slot: 'addr', doc: 'struct epoll_event[maxevents]' },
    maxevents: { kind: range(1, 0x7fffffff), slot: 'len' },
    rwFlags: { kind: epollWaitFlags, slot: 'op_flags', optional: true, doc: 'reserved, 0' },
  },
  doc: 'epoll_wait(2) without a timeout: completes with the number of events once one is ready.',
});
