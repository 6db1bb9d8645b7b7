// Per-op flag values (kernel uapi; C side in core-c/abi/opflags.h), by the SQE field they go in.

/** fsync_flags of FSYNC (IORING_FSYNC_*). */
export const FSYNC = { DATASYNC: 1 } as const;

/** timeout_flags of TIMEOUT, TIMEOUT_REMOVE and LINK_TIMEOUT (IORING_TIMEOUT_*, IORING_LINK_TIMEOUT_UPDATE). */
export const TIMEOUT = {
  ABS: 1 << 0,
  UPDATE: 1 << 1,
  BOOTTIME: 1 << 2,
  REALTIME: 1 << 3,
  LINK_TIMEOUT_UPDATE: 1 << 4,
  ETIME_SUCCESS: 1 << 5,
  MULTISHOT: 1 << 6,
  /** Proposed upstream (time in ns in addr / addr2); Linux 6.18 answers EINVAL, so the timeout builders refuse it. */
  IMMEDIATE_ARG: 1 << 7,
} as const;

/** len of POLL_ADD / POLL_REMOVE. */
export const POLL = { ADD_MULTI: 1 << 0, UPDATE_EVENTS: 1 << 1, UPDATE_USER_DATA: 1 << 2, ADD_LEVEL: 1 << 3 } as const;

/** cancel_flags of ASYNC_CANCEL (IORING_ASYNC_CANCEL_*): what to match and how many. */
export const ASYNC_CANCEL = {
  ALL: 1 << 0,
  FD: 1 << 1,
  ANY: 1 << 2,
  FD_FIXED: 1 << 3,
  USERDATA: 1 << 4,
  OP: 1 << 5,
} as const;

/** ioprio of send/recv/sendmsg/recvmsg/send_zc/recv_zc. */
export const RECVSEND = {
  POLL_FIRST: 1 << 0,
  RECV_MULTISHOT: 1 << 1,
  FIXED_BUF: 1 << 2,
  SEND_ZC_REPORT_USAGE: 1 << 3,
  BUNDLE: 1 << 4,
  SEND_VECTORIZED: 1 << 5,
} as const;
/** res of a SEND_ZC notification CQE with RECVSEND.SEND_ZC_REPORT_USAGE: the data was copied after all. */
export const NOTIF_USAGE_ZC_COPIED = 0x80000000;

/** ioprio of accept. */
export const ACCEPT = { MULTISHOT: 1 << 0, DONTWAIT: 1 << 1, POLL_FIRST: 1 << 2 } as const;

/** splice_flags of SPLICE and TEE (SPLICE_F_*, and SPLICE_F_FD_IN_FIXED for a registered fd_in). */
export const SPLICE_F = { MOVE: 1, NONBLOCK: 2, MORE: 4, GIFT: 8, FD_IN_FIXED: 0x80000000 } as const;

/** MSG_RING: the command in addr (IORING_MSG_DATA / IORING_MSG_SEND_FD) and msg_ring_flags (IORING_MSG_RING_*). */
export const MSG_RING = { DATA: 0, SEND_FD: 1, CQE_SKIP: 1 << 0, FLAGS_PASS: 1 << 1 } as const;

/** uring_cmd_flags of URING_CMD (IORING_URING_CMD_*). */
export const URING_CMD = { FIXED: 1 << 0, MULTISHOT: 1 << 1 } as const;

/** install_fd_flags of FIXED_FD_INSTALL (IORING_FIXED_FD_*). */
export const FIXED_FD = { NO_CLOEXEC: 1 } as const;

/** nop_flags of NOP (IORING_NOP_*): test hooks that make a NOP fail, use a file or buffer, or post a CQE32. */
export const NOP = {
  INJECT_RESULT: 1 << 0,
  FILE: 1 << 1,
  FIXED_FILE: 1 << 2,
  FIXED_BUFFER: 1 << 3,
  TW: 1 << 4,
  CQE32: 1 << 5,
} as const;

/** attr_type_mask bits of read/write attributes (IORING_RW_ATTR_*). */
export const RW_ATTR = { FLAG_PI: 1 } as const;

/** cmd_op of a socket URING_CMD (SOCKET_URING_OP_*). */
export const SOCKET_URING_OP = {
  SIOCINQ: 0,
  SIOCOUTQ: 1,
  GETSOCKOPT: 2,
  SETSOCKOPT: 3,
  TX_TIMESTAMP: 4,
  GETSOCKNAME: 5,
} as const;
