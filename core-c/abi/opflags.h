/* Per-op flag values (kernel uapi), in the SQE field each one belongs to. */
#ifndef URING_ABI_OPFLAGS_H
#define URING_ABI_OPFLAGS_H

/* fsync_flags */
#define URING_FSYNC_DATASYNC (1u << 0)

/* timeout_flags */
#define URING_TIMEOUT_ABS           (1u << 0)
#define URING_TIMEOUT_UPDATE        (1u << 1)
#define URING_TIMEOUT_BOOTTIME      (1u << 2)
#define URING_TIMEOUT_REALTIME      (1u << 3)
#define URING_LINK_TIMEOUT_UPDATE   (1u << 4)
#define URING_TIMEOUT_ETIME_SUCCESS (1u << 5)
#define URING_TIMEOUT_MULTISHOT     (1u << 6)
#define URING_TIMEOUT_IMMEDIATE_ARG (1u << 7)
#define URING_TIMEOUT_CLOCK_MASK    (URING_TIMEOUT_BOOTTIME | URING_TIMEOUT_REALTIME)
#define URING_TIMEOUT_UPDATE_MASK   (URING_TIMEOUT_UPDATE | URING_LINK_TIMEOUT_UPDATE)

/* len of POLL_ADD / POLL_REMOVE */
#define URING_POLL_ADD_MULTI        (1u << 0)
#define URING_POLL_UPDATE_EVENTS    (1u << 1)
#define URING_POLL_UPDATE_USER_DATA (1u << 2)
#define URING_POLL_ADD_LEVEL        (1u << 3)

/* cancel_flags */
#define URING_ASYNC_CANCEL_ALL      (1u << 0)
#define URING_ASYNC_CANCEL_FD       (1u << 1)
#define URING_ASYNC_CANCEL_ANY      (1u << 2)
#define URING_ASYNC_CANCEL_FD_FIXED (1u << 3)
#define URING_ASYNC_CANCEL_USERDATA (1u << 4)
#define URING_ASYNC_CANCEL_OP       (1u << 5)

/* ioprio of send/recv/sendmsg/recvmsg/send_zc/recv_zc */
#define URING_RECVSEND_POLL_FIRST    (1u << 0)
#define URING_RECV_MULTISHOT         (1u << 1)
#define URING_RECVSEND_FIXED_BUF     (1u << 2)
#define URING_SEND_ZC_REPORT_USAGE   (1u << 3)
#define URING_RECVSEND_BUNDLE        (1u << 4)
#define URING_SEND_VECTORIZED        (1u << 5)
#define URING_NOTIF_USAGE_ZC_COPIED  (1u << 31)

/* ioprio of accept */
#define URING_ACCEPT_MULTISHOT  (1u << 0)
#define URING_ACCEPT_DONTWAIT   (1u << 1)
#define URING_ACCEPT_POLL_FIRST (1u << 2)

/* splice_flags */
#define URING_SPLICE_F_MOVE     (1u << 0)
#define URING_SPLICE_F_NONBLOCK (1u << 1)
#define URING_SPLICE_F_MORE     (1u << 2)
#define URING_SPLICE_F_GIFT     (1u << 3)
#define URING_SPLICE_F_FD_IN_FIXED (1u << 31)

/* MSG_RING: command in addr, flags in msg_ring_flags */
#define URING_MSG_DATA    0u
#define URING_MSG_SEND_FD 1u
#define URING_MSG_RING_CQE_SKIP  (1u << 0)
#define URING_MSG_RING_FLAGS_PASS (1u << 1)

/* uring_cmd_flags */
#define URING_URING_CMD_FIXED     (1u << 0)
#define URING_URING_CMD_MULTISHOT (1u << 1)

/* install_fd_flags */
#define URING_FIXED_FD_NO_CLOEXEC (1u << 0)

/* nop_flags */
#define URING_NOP_INJECT_RESULT (1u << 0)
#define URING_NOP_FILE          (1u << 1)
#define URING_NOP_FIXED_FILE    (1u << 2)
#define URING_NOP_FIXED_BUFFER  (1u << 3)
#define URING_NOP_TW            (1u << 4)
#define URING_NOP_CQE32         (1u << 5)

/* attr_type_mask */
#define URING_RW_ATTR_FLAG_PI (1u << 0)

/* file_index: let the kernel pick a free direct-descriptor slot */
#define URING_FILE_INDEX_ALLOC (~0u)

/* uring_cmd on sockets: cmd_op */
#define URING_SOCKET_OP_SIOCINQ     0u
#define URING_SOCKET_OP_SIOCOUTQ    1u
#define URING_SOCKET_OP_GETSOCKOPT  2u
#define URING_SOCKET_OP_SETSOCKOPT  3u
#define URING_SOCKET_OP_TX_TIMESTAMP 4u
#define URING_SOCKET_OP_GETSOCKNAME 5u

/* process-ABI constants some preps need */
#define URING_AT_FDCWD (-100)
#endif
