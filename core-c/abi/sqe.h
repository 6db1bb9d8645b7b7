/* The submission queue entry (kernel uapi struct io_uring_sqe), opcodes and IOSQE flags.
 * Own definitions, prefixed uring_/URING_ so they can sit beside <linux/io_uring.h> in native tests. */
#ifndef URING_ABI_SQE_H
#define URING_ABI_SQE_H
#include "types.h"

struct uring_sqe {
  u8 opcode;
  u8 flags;
  u16 ioprio;
  s32 fd;
  union {
    u64 off;
    u64 addr2;
    struct { u32 cmd_op; u32 __pad1; };
  };
  union {
    u64 addr;
    u64 splice_off_in;
    struct { u32 level; u32 optname; };
  };
  u32 len;
  union {
    s32 rw_flags;
    u32 fsync_flags;
    u16 poll_events;
    u32 poll32_events;
    u32 sync_range_flags;
    u32 msg_flags;
    u32 timeout_flags;
    u32 accept_flags;
    u32 cancel_flags;
    u32 open_flags;
    u32 statx_flags;
    u32 fadvise_advice;
    u32 splice_flags;
    u32 rename_flags;
    u32 unlink_flags;
    u32 hardlink_flags;
    u32 xattr_flags;
    u32 msg_ring_flags;
    u32 uring_cmd_flags;
    u32 waitid_flags;
    u32 futex_flags;
    u32 install_fd_flags;
    u32 nop_flags;
    u32 pipe_flags;
  };
  u64 user_data;
  union { u16 buf_index; u16 buf_group; } __attribute__((packed));
  u16 personality;
  union {
    s32 splice_fd_in;
    u32 file_index;
    u32 zcrx_ifq_idx;
    u32 optlen;
    struct { u16 addr_len; u16 __pad3[1]; };
  };
  union {
    struct { u64 addr3; u64 __pad2[1]; };
    struct { u64 attr_ptr; u64 attr_type_mask; };
    u64 optval;
    u8 cmd[0];
  };
};

#define URING_SQE_SIZE 64u
#define URING_SQE128_SIZE 128u
/* bytes of command payload from offset 48 */
#define URING_CMD_BYTES 16u
#define URING_CMD128_BYTES 80u

enum uring_op {
  URING_OP_NOP, URING_OP_READV, URING_OP_WRITEV, URING_OP_FSYNC, URING_OP_READ_FIXED,
  URING_OP_WRITE_FIXED, URING_OP_POLL_ADD, URING_OP_POLL_REMOVE, URING_OP_SYNC_FILE_RANGE,
  URING_OP_SENDMSG, URING_OP_RECVMSG, URING_OP_TIMEOUT, URING_OP_TIMEOUT_REMOVE, URING_OP_ACCEPT,
  URING_OP_ASYNC_CANCEL, URING_OP_LINK_TIMEOUT, URING_OP_CONNECT, URING_OP_FALLOCATE, URING_OP_OPENAT,
  URING_OP_CLOSE, URING_OP_FILES_UPDATE, URING_OP_STATX, URING_OP_READ, URING_OP_WRITE,
  URING_OP_FADVISE, URING_OP_MADVISE, URING_OP_SEND, URING_OP_RECV, URING_OP_OPENAT2,
  URING_OP_EPOLL_CTL, URING_OP_SPLICE, URING_OP_PROVIDE_BUFFERS, URING_OP_REMOVE_BUFFERS, URING_OP_TEE,
  URING_OP_SHUTDOWN, URING_OP_RENAMEAT, URING_OP_UNLINKAT, URING_OP_MKDIRAT, URING_OP_SYMLINKAT,
  URING_OP_LINKAT, URING_OP_MSG_RING, URING_OP_FSETXATTR, URING_OP_SETXATTR, URING_OP_FGETXATTR,
  URING_OP_GETXATTR, URING_OP_SOCKET, URING_OP_URING_CMD, URING_OP_SEND_ZC, URING_OP_SENDMSG_ZC,
  URING_OP_READ_MULTISHOT, URING_OP_WAITID, URING_OP_FUTEX_WAIT, URING_OP_FUTEX_WAKE, URING_OP_FUTEX_WAITV,
  URING_OP_FIXED_FD_INSTALL, URING_OP_FTRUNCATE, URING_OP_BIND, URING_OP_LISTEN, URING_OP_RECV_ZC,
  URING_OP_EPOLL_WAIT, URING_OP_READV_FIXED, URING_OP_WRITEV_FIXED, URING_OP_PIPE, URING_OP_NOP128,
  URING_OP_URING_CMD128,
  URING_OP_LAST
};

/* sqe->flags */
#define URING_IOSQE_FIXED_FILE       (1u << 0)
#define URING_IOSQE_IO_DRAIN         (1u << 1)
#define URING_IOSQE_IO_LINK          (1u << 2)
#define URING_IOSQE_IO_HARDLINK      (1u << 3)
#define URING_IOSQE_ASYNC            (1u << 4)
#define URING_IOSQE_BUFFER_SELECT    (1u << 5)
#define URING_IOSQE_CQE_SKIP_SUCCESS (1u << 6)
#define URING_IOSQE_ALL              0x7fu

_Static_assert(sizeof(struct uring_sqe) == 64, "sqe size");
_Static_assert(__builtin_offsetof(struct uring_sqe, opcode) == 0, "opcode");
_Static_assert(__builtin_offsetof(struct uring_sqe, flags) == 1, "flags");
_Static_assert(__builtin_offsetof(struct uring_sqe, ioprio) == 2, "ioprio");
_Static_assert(__builtin_offsetof(struct uring_sqe, fd) == 4, "fd");
_Static_assert(__builtin_offsetof(struct uring_sqe, off) == 8, "off");
_Static_assert(__builtin_offsetof(struct uring_sqe, cmd_op) == 8, "cmd_op");
_Static_assert(__builtin_offsetof(struct uring_sqe, __pad1) == 12, "__pad1");
_Static_assert(__builtin_offsetof(struct uring_sqe, addr) == 16, "addr");
_Static_assert(__builtin_offsetof(struct uring_sqe, level) == 16, "level");
_Static_assert(__builtin_offsetof(struct uring_sqe, optname) == 20, "optname");
_Static_assert(__builtin_offsetof(struct uring_sqe, len) == 24, "len");
_Static_assert(__builtin_offsetof(struct uring_sqe, rw_flags) == 28, "rw_flags");
_Static_assert(__builtin_offsetof(struct uring_sqe, user_data) == 32, "user_data");
_Static_assert(__builtin_offsetof(struct uring_sqe, buf_index) == 40, "buf_index");
_Static_assert(__builtin_offsetof(struct uring_sqe, personality) == 42, "personality");
_Static_assert(__builtin_offsetof(struct uring_sqe, file_index) == 44, "file_index");
_Static_assert(__builtin_offsetof(struct uring_sqe, addr_len) == 44, "addr_len");
_Static_assert(__builtin_offsetof(struct uring_sqe, __pad3) == 46, "__pad3");
_Static_assert(__builtin_offsetof(struct uring_sqe, addr3) == 48, "addr3");
_Static_assert(__builtin_offsetof(struct uring_sqe, __pad2) == 56, "__pad2");
_Static_assert(__builtin_offsetof(struct uring_sqe, attr_type_mask) == 56, "attr_type_mask");
_Static_assert(__builtin_offsetof(struct uring_sqe, optval) == 48, "optval");
_Static_assert(__builtin_offsetof(struct uring_sqe, cmd) == 48, "cmd");
_Static_assert(URING_OP_LAST == 65, "opcode count");
_Static_assert(URING_OP_BIND == 56 && URING_OP_PIPE == 62 && URING_OP_SEND_ZC == 47, "opcode numbers");

#endif
