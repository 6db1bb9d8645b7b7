/* The completion queue entry (kernel uapi struct io_uring_cqe) and CQE flags. */
#ifndef URING_ABI_CQE_H
#define URING_ABI_CQE_H
#include "types.h"

struct uring_cqe {
  u64 user_data;
  s32 res;
  u32 flags;
  u64 big_cqe[];
};

#define URING_CQE_SIZE 16u
#define URING_CQE32_SIZE 32u

#define URING_CQE_F_BUFFER        (1u << 0)
#define URING_CQE_F_MORE          (1u << 1)
#define URING_CQE_F_SOCK_NONEMPTY (1u << 2)
#define URING_CQE_F_NOTIF         (1u << 3)
#define URING_CQE_F_BUF_MORE      (1u << 4)
#define URING_CQE_F_SKIP          (1u << 5)
#define URING_CQE_F_32            (1u << 15)
#define URING_CQE_F_TSTAMP_HW     (1u << 16)
#define URING_CQE_BUFFER_SHIFT    16
#define URING_TIMESTAMP_HW_SHIFT  16
#define URING_TIMESTAMP_TYPE_SHIFT 17

_Static_assert(sizeof(struct uring_cqe) == 16, "cqe size");
_Static_assert(__builtin_offsetof(struct uring_cqe, res) == 8, "res");
_Static_assert(__builtin_offsetof(struct uring_cqe, flags) == 12, "flags");
_Static_assert(__builtin_offsetof(struct uring_cqe, big_cqe) == 16, "big_cqe");
#endif
