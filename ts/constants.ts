// io_uring constants for JavaScript (kernel uapi values; core-c/abi/ holds the C side and a layout
// test checks both agree with the core).

/** Opcode numbers by kernel name (IORING_OP_*). */
export const OP = {
  NOP: 0, READV: 1, WRITEV: 2, FSYNC: 3, READ_FIXED: 4, WRITE_FIXED: 5, POLL_ADD: 6, POLL_REMOVE: 7,
  SYNC_FILE_RANGE: 8, SENDMSG: 9, RECVMSG: 10, TIMEOUT: 11, TIMEOUT_REMOVE: 12, ACCEPT: 13, ASYNC_CANCEL: 14,
  LINK_TIMEOUT: 15, CONNECT: 16, FALLOCATE: 17, OPENAT: 18, CLOSE: 19, FILES_UPDATE: 20, STATX: 21, READ: 22,
  WRITE: 23, FADVISE: 24, MADVISE: 25, SEND: 26, RECV: 27, OPENAT2: 28, EPOLL_CTL: 29, SPLICE: 30,
  PROVIDE_BUFFERS: 31, REMOVE_BUFFERS: 32, TEE: 33, SHUTDOWN: 34, RENAMEAT: 35, UNLINKAT: 36, MKDIRAT: 37,
  SYMLINKAT: 38, LINKAT: 39, MSG_RING: 40, FSETXATTR: 41, SETXATTR: 42, FGETXATTR: 43, GETXATTR: 44,
  SOCKET: 45, URING_CMD: 46, SEND_ZC: 47, SENDMSG_ZC: 48, READ_MULTISHOT: 49, WAITID: 50, FUTEX_WAIT: 51,
  FUTEX_WAKE: 52, FUTEX_WAITV: 53, FIXED_FD_INSTALL: 54, FTRUNCATE: 55, BIND: 56, LISTEN: 57, RECV_ZC: 58,
  EPOLL_WAIT: 59, READV_FIXED: 60, WRITEV_FIXED: 61, PIPE: 62, NOP128: 63, URING_CMD128: 64,
} as const;
export type OpName = keyof typeof OP;
export const OP_LAST = 65;
/** Kernel names by opcode number. */
export const OP_NAMES: readonly OpName[] = (() => {
  const a: OpName[] = [];
  for (const [k, v] of Object.entries(OP)) a[v] = k as OpName;
  return a;
})();

/** First kernel version with each opcode. */
export const OP_SINCE: Readonly<Record<OpName, string>> = {
  NOP: '5.1', READV: '5.1', WRITEV: '5.1', FSYNC: '5.1', READ_FIXED: '5.1', WRITE_FIXED: '5.1', POLL_ADD: '5.1',
  POLL_REMOVE: '5.1', SYNC_FILE_RANGE: '5.2', SENDMSG: '5.3', RECVMSG: '5.3', TIMEOUT: '5.4', TIMEOUT_REMOVE: '5.5',
  ACCEPT: '5.5', ASYNC_CANCEL: '5.5', LINK_TIMEOUT: '5.5', CONNECT: '5.5', FALLOCATE: '5.6', OPENAT: '5.6',
  CLOSE: '5.6', FILES_UPDATE: '5.6', STATX: '5.6', READ: '5.6', WRITE: '5.6', FADVISE: '5.6', MADVISE: '5.6',
  SEND: '5.6', RECV: '5.6', OPENAT2: '5.6', EPOLL_CTL: '5.6', SPLICE: '5.7', PROVIDE_BUFFERS: '5.7',
  REMOVE_BUFFERS: '5.7', TEE: '5.8', SHUTDOWN: '5.11', RENAMEAT: '5.11', UNLINKAT: '5.11', MKDIRAT: '5.15',
  SYMLINKAT: '5.15', LINKAT: '5.15', MSG_RING: '5.18', FSETXATTR: '5.19', SETXATTR: '5.19', FGETXATTR: '5.19',
  GETXATTR: '5.19', SOCKET: '5.19', URING_CMD: '5.19', SEND_ZC: '6.0', SENDMSG_ZC: '6.1', READ_MULTISHOT: '6.7',
  WAITID: '6.7', FUTEX_WAIT: '6.7', FUTEX_WAKE: '6.7', FUTEX_WAITV: '6.7', FIXED_FD_INSTALL: '6.8',
  FTRUNCATE: '6.9', BIND: '6.11', LISTEN: '6.11', RECV_ZC: '6.15', EPOLL_WAIT: '6.15', READV_FIXED: '6.15',
  WRITEV_FIXED: '6.15', PIPE: '6.16', NOP128: '6.19', URING_CMD128: '6.19',
};

/** sqe.flags */
export const IOSQE = {
  FIXED_FILE: 1 << 0, IO_DRAIN: 1 << 1, IO_LINK: 1 << 2, IO_HARDLINK: 1 << 3, ASYNC: 1 << 4,
  BUFFER_SELECT: 1 << 5, CQE_SKIP_SUCCESS: 1 << 6, ALL: 0x7f,
} as const;

/** cqe.flags */
export const CQE_F = {
  BUFFER: 1 << 0, MORE: 1 << 1, SOCK_NONEMPTY: 1 << 2, NOTIF: 1 << 3, BUF_MORE: 1 << 4, SKIP: 1 << 5,
  F32: 1 << 15, TSTAMP_HW: 1 << 16,
} as const;
export const CQE_BUFFER_SHIFT = 16;

/** file_index: let the kernel pick a free direct-descriptor slot. */
export const FILE_INDEX_ALLOC = 0xffffffff;
export const AT_FDCWD = -100;
