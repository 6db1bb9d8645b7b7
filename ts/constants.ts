// io_uring constants for JavaScript (kernel uapi values; core-c/abi/ holds the C side and a layout
// test checks both agree with the core).

/** Opcode numbers by kernel name (IORING_OP_*). */
export const OP = {
  NOP: 0,
  READV: 1,
  WRITEV: 2,
  FSYNC: 3,
  READ_FIXED: 4,
  WRITE_FIXED: 5,
  POLL_ADD: 6,
  POLL_REMOVE: 7,
  SYNC_FILE_RANGE: 8,
  SENDMSG: 9,
  RECVMSG: 10,
  TIMEOUT: 11,
  TIMEOUT_REMOVE: 12,
  ACCEPT: 13,
  ASYNC_CANCEL: 14,
  LINK_TIMEOUT: 15,
  CONNECT: 16,
  FALLOCATE: 17,
  OPENAT: 18,
  CLOSE: 19,
  FILES_UPDATE: 20,
  STATX: 21,
  READ: 22,
  WRITE: 23,
  FADVISE: 24,
  MADVISE: 25,
  SEND: 26,
  RECV: 27,
  OPENAT2: 28,
  EPOLL_CTL: 29,
  SPLICE: 30,
  PROVIDE_BUFFERS: 31,
  REMOVE_BUFFERS: 32,
  TEE: 33,
  SHUTDOWN: 34,
  RENAMEAT: 35,
  UNLINKAT: 36,
  MKDIRAT: 37,
  SYMLINKAT: 38,
  LINKAT: 39,
  MSG_RING: 40,
  FSETXATTR: 41,
  SETXATTR: 42,
  FGETXATTR: 43,
  GETXATTR: 44,
  SOCKET: 45,
  URING_CMD: 46,
  SEND_ZC: 47,
  SENDMSG_ZC: 48,
  READ_MULTISHOT: 49,
  WAITID: 50,
  FUTEX_WAIT: 51,
  FUTEX_WAKE: 52,
  FUTEX_WAITV: 53,
  FIXED_FD_INSTALL: 54,
  FTRUNCATE: 55,
  BIND: 56,
  LISTEN: 57,
  RECV_ZC: 58,
  EPOLL_WAIT: 59,
  READV_FIXED: 60,
  WRITEV_FIXED: 61,
  PIPE: 62,
  NOP128: 63,
  URING_CMD128: 64,
} as const;
/** An opcode's kernel name without IORING_OP_, e.g. 'READ'. */
export type OpName = keyof typeof OP;
/** IORING_OP_LAST: one past the highest opcode this library knows. */
export const OP_LAST = 65;
/** Kernel names by opcode number. */
export const OP_NAMES: readonly OpName[] = (() => {
  const a: OpName[] = [];
  for (const [k, v] of Object.entries(OP)) a[v] = k as OpName;
  return a;
})();

/** First kernel version with each opcode. */
export const OP_SINCE: Readonly<Record<OpName, string>> = {
  NOP: '5.1',
  READV: '5.1',
  WRITEV: '5.1',
  FSYNC: '5.1',
  READ_FIXED: '5.1',
  WRITE_FIXED: '5.1',
  POLL_ADD: '5.1',
  POLL_REMOVE: '5.1',
  SYNC_FILE_RANGE: '5.2',
  SENDMSG: '5.3',
  RECVMSG: '5.3',
  TIMEOUT: '5.4',
  TIMEOUT_REMOVE: '5.5',
  ACCEPT: '5.5',
  ASYNC_CANCEL: '5.5',
  LINK_TIMEOUT: '5.5',
  CONNECT: '5.5',
  FALLOCATE: '5.6',
  OPENAT: '5.6',
  CLOSE: '5.6',
  FILES_UPDATE: '5.6',
  STATX: '5.6',
  READ: '5.6',
  WRITE: '5.6',
  FADVISE: '5.6',
  MADVISE: '5.6',
  SEND: '5.6',
  RECV: '5.6',
  OPENAT2: '5.6',
  EPOLL_CTL: '5.6',
  SPLICE: '5.7',
  PROVIDE_BUFFERS: '5.7',
  REMOVE_BUFFERS: '5.7',
  TEE: '5.8',
  SHUTDOWN: '5.11',
  RENAMEAT: '5.11',
  UNLINKAT: '5.11',
  MKDIRAT: '5.15',
  SYMLINKAT: '5.15',
  LINKAT: '5.15',
  MSG_RING: '5.18',
  FSETXATTR: '5.19',
  SETXATTR: '5.19',
  FGETXATTR: '5.19',
  GETXATTR: '5.19',
  SOCKET: '5.19',
  URING_CMD: '5.19',
  SEND_ZC: '6.0',
  SENDMSG_ZC: '6.1',
  READ_MULTISHOT: '6.7',
  WAITID: '6.7',
  FUTEX_WAIT: '6.7',
  FUTEX_WAKE: '6.7',
  FUTEX_WAITV: '6.7',
  FIXED_FD_INSTALL: '6.8',
  FTRUNCATE: '6.9',
  BIND: '6.11',
  LISTEN: '6.11',
  RECV_ZC: '6.15',
  EPOLL_WAIT: '6.15',
  READV_FIXED: '6.15',
  WRITEV_FIXED: '6.15',
  PIPE: '6.16',
  NOP128: '6.19',
  URING_CMD128: '6.19',
};

/** sqe.flags */
export const IOSQE = {
  FIXED_FILE: 1 << 0,
  IO_DRAIN: 1 << 1,
  IO_LINK: 1 << 2,
  IO_HARDLINK: 1 << 3,
  ASYNC: 1 << 4,
  BUFFER_SELECT: 1 << 5,
  CQE_SKIP_SUCCESS: 1 << 6,
  ALL: 0x7f,
} as const;

/** cqe.flags */
export const CQE_F = {
  BUFFER: 1 << 0,
  MORE: 1 << 1,
  SOCK_NONEMPTY: 1 << 2,
  NOTIF: 1 << 3,
  BUF_MORE: 1 << 4,
  SKIP: 1 << 5,
  F32: 1 << 15,
  TSTAMP_HW: 1 << 16,
} as const;
/** cqe.flags >> CQE_BUFFER_SHIFT is the provided buffer's id when CQE_F.BUFFER is set. */
export const CQE_BUFFER_SHIFT = 16;

/** file_index: let the kernel pick a free direct-descriptor slot. */
export const FILE_INDEX_ALLOC = 0xffffffff;
/** dirfd meaning "relative to the current directory" (openat, statx, unlinkat, ...). */
export const AT_FDCWD = -100;

/** cqe.flags of a TX timestamp completion: bit TIMESTAMP_HW_SHIFT set for a hardware timestamp. */
export const TIMESTAMP_HW_SHIFT = 16;
/** cqe.flags of a TX timestamp completion: the timestamp type (SCM_TSTAMP_*) from this bit up. */
export const TIMESTAMP_TYPE_SHIFT = 17;

/** io_uring_setup(2) flags: io_uring_params.flags (IORING_SETUP_*). */
export const SETUP = {
  IOPOLL: 1 << 0,
  SQPOLL: 1 << 1,
  SQ_AFF: 1 << 2,
  CQSIZE: 1 << 3,
  CLAMP: 1 << 4,
  ATTACH_WQ: 1 << 5,
  R_DISABLED: 1 << 6,
  SUBMIT_ALL: 1 << 7,
  COOP_TASKRUN: 1 << 8,
  TASKRUN_FLAG: 1 << 9,
  SQE128: 1 << 10,
  CQE32: 1 << 11,
  SINGLE_ISSUER: 1 << 12,
  DEFER_TASKRUN: 1 << 13,
  NO_MMAP: 1 << 14,
  REGISTERED_FD_ONLY: 1 << 15,
  NO_SQARRAY: 1 << 16,
  HYBRID_IOPOLL: 1 << 17,
  CQE_MIXED: 1 << 18,
  SQE_MIXED: 1 << 19,
  SQ_REWIND: 1 << 20,
} as const;

/** io_uring_params.features, set by the kernel (IORING_FEAT_*). */
export const FEAT = {
  SINGLE_MMAP: 1 << 0,
  NODROP: 1 << 1,
  SUBMIT_STABLE: 1 << 2,
  RW_CUR_POS: 1 << 3,
  CUR_PERSONALITY: 1 << 4,
  FAST_POLL: 1 << 5,
  POLL_32BITS: 1 << 6,
  SQPOLL_NONFIXED: 1 << 7,
  EXT_ARG: 1 << 8,
  NATIVE_WORKERS: 1 << 9,
  RSRC_TAGS: 1 << 10,
  CQE_SKIP: 1 << 11,
  LINKED_FILE: 1 << 12,
  REG_REG_RING: 1 << 13,
  RECVSEND_BUNDLE: 1 << 14,
  MIN_TIMEOUT: 1 << 15,
  RW_ATTR: 1 << 16,
  NO_IOWAIT: 1 << 17,
} as const;

/** io_uring_enter(2) flags (IORING_ENTER_*). */
export const ENTER = {
  GETEVENTS: 1 << 0,
  SQ_WAKEUP: 1 << 1,
  SQ_WAIT: 1 << 2,
  EXT_ARG: 1 << 3,
  REGISTERED_RING: 1 << 4,
  ABS_TIMER: 1 << 5,
  EXT_ARG_REG: 1 << 6,
  NO_IOWAIT: 1 << 7,
} as const;

/** The SQ ring's flags word, written by the kernel (IORING_SQ_*). */
export const SQ_RING = { NEED_WAKEUP: 1 << 0, CQ_OVERFLOW: 1 << 1, TASKRUN: 1 << 2 } as const;
/** The CQ ring's flags word, written by the application (IORING_CQ_*). */
export const CQ_RING = { EVENTFD_DISABLED: 1 << 0 } as const;

/** mmap(2) offsets on the ring fd (IORING_OFF_*); a buffer ring is PBUF_RING | bgid << PBUF_SHIFT. */
export const OFF = {
  SQ_RING: 0,
  CQ_RING: 0x8000000,
  SQES: 0x10000000,
  PBUF_RING: 0x80000000,
  PBUF_SHIFT: 16,
  MMAP_MASK: 0xf8000000,
} as const;

/** io_uring_register(2) opcodes: REGISTER.X is IORING_REGISTER_X, REGISTER.UNREGISTER_X is IORING_UNREGISTER_X.
 *  USE_REGISTERED_RING is OR-ed into the opcode when the fd argument is a registered ring index. */
export const REGISTER = {
  BUFFERS: 0,
  UNREGISTER_BUFFERS: 1,
  FILES: 2,
  UNREGISTER_FILES: 3,
  EVENTFD: 4,
  UNREGISTER_EVENTFD: 5,
  FILES_UPDATE: 6,
  EVENTFD_ASYNC: 7,
  PROBE: 8,
  PERSONALITY: 9,
  UNREGISTER_PERSONALITY: 10,
  RESTRICTIONS: 11,
  ENABLE_RINGS: 12,
  FILES2: 13,
  FILES_UPDATE2: 14,
  BUFFERS2: 15,
  BUFFERS_UPDATE: 16,
  IOWQ_AFF: 17,
  UNREGISTER_IOWQ_AFF: 18,
  IOWQ_MAX_WORKERS: 19,
  RING_FDS: 20,
  UNREGISTER_RING_FDS: 21,
  PBUF_RING: 22,
  UNREGISTER_PBUF_RING: 23,
  SYNC_CANCEL: 24,
  FILE_ALLOC_RANGE: 25,
  PBUF_STATUS: 26,
  NAPI: 27,
  UNREGISTER_NAPI: 28,
  CLOCK: 29,
  CLONE_BUFFERS: 30,
  SEND_MSG_RING: 31,
  ZCRX_IFQ: 32,
  RESIZE_RINGS: 33,
  MEM_REGION: 34,
  QUERY: 35,
  ZCRX_CTRL: 36,
  BPF_FILTER: 37,
  LAST: 38,
  USE_REGISTERED_RING: 0x80000000,
} as const;

/** io_uring_restriction.opcode (IORING_RESTRICTION_*). */
export const RESTRICTION = { REGISTER_OP: 0, SQE_OP: 1, SQE_FLAGS_ALLOWED: 2, SQE_FLAGS_REQUIRED: 3, LAST: 4 } as const;

/** io_uring_rsrc_register.flags (IORING_RSRC_REGISTER_*). */
export const RSRC = { REGISTER_SPARSE: 1 << 0 } as const;
/** An fd in a files update that leaves its slot unchanged (IORING_REGISTER_FILES_SKIP). */
export const REGISTER_FILES_SKIP = -2;

/** Index into the u32[2] of REGISTER_IOWQ_MAX_WORKERS (IO_WQ_*). */
export const IO_WQ = { BOUND: 0, UNBOUND: 1 } as const;

/** io_uring_buf_reg.flags (IOU_PBUF_RING_*). */
export const PBUF_RING = { MMAP: 1, INC: 2 } as const;

/** io_uring_probe_op.flags (IO_URING_OP_SUPPORTED). */
export const PROBE_OP = { SUPPORTED: 1 << 0 } as const;

/** io_uring_clone_buffers.flags (IORING_REGISTER_SRC_REGISTERED / DST_REPLACE). */
export const CLONE_BUFFERS = { SRC_REGISTERED: 1 << 0, DST_REPLACE: 1 << 1 } as const;

/** io_uring_region_desc.flags and io_uring_mem_region_reg.flags (IORING_MEM_REGION_*). */
export const MEM_REGION = { TYPE_USER: 1, REG_WAIT_ARG: 1 } as const;

/** io_uring_reg_wait.flags (IORING_REG_WAIT_*). */
export const REG_WAIT = { TS: 1 << 0 } as const;
