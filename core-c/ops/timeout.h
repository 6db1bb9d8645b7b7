/* timeout, timeout remove and update, link timeout. */
#ifndef URING_OPS_TIMEOUT_H
#define URING_OPS_TIMEOUT_H
#include "../abi/abi.h"
/* ts: address of a 16-byte struct __kernel_timespec { s64 tv_sec; s64 tv_nsec; }. */
void uring_prep_timeout(struct uring_sqe *sqe, u64 ts, u32_as_u64 count, u32 flags);
void uring_prep_timeout_remove(struct uring_sqe *sqe, u64 user_data, u32 flags);
void uring_prep_timeout_update(struct uring_sqe *sqe, u64 ts, u64 user_data, u32 flags);
void uring_prep_link_timeout(struct uring_sqe *sqe, u64 ts, u32 flags);
/* No liburing helper: liburing's callers pass IORING_LINK_TIMEOUT_UPDATE to timeout_update. */
void uring_prep_link_timeout_update(struct uring_sqe *sqe, u64 ts, u64 user_data, u32 flags);
#endif
