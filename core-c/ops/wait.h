/* waitid, futex wait / wake / waitv. */
#ifndef URING_OPS_WAIT_H
#define URING_OPS_WAIT_H
#include "../abi/abi.h"
/* idtype: P_ALL 0, P_PID 1, P_PGID 2, P_PIDFD 3; infop: siginfo_t address (may be 0). */
void uring_prep_waitid(struct uring_sqe *sqe, u32 idtype, u32 id, u64 infop, s32 options, u32 flags);
/* futex: address of the futex word; futex_flags: FUTEX2_* (in fd); flags: io_uring futex_flags (0). */
void uring_prep_futex_wait(struct uring_sqe *sqe, u64 futex, u64 val, u64 mask, u32 futex_flags, u32 flags);
void uring_prep_futex_wake(struct uring_sqe *sqe, u64 futex, u64 val, u64 mask, u32 futex_flags, u32 flags);
/* futexv: address of an array of nr_futex struct futex_waitv (24 bytes each). */
void uring_prep_futex_waitv(struct uring_sqe *sqe, u64 futexv, u32 nr_futex, u32 flags);
#endif
