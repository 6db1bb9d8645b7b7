/* msg_ring: data, data with CQE flags, passing a fixed file. */
#ifndef URING_OPS_MSG_H
#define URING_OPS_MSG_H
#include "../abi/abi.h"
void uring_prep_msg_ring(struct uring_sqe *sqe, s32 fd, u32 len, u64 data, u32 flags);
void uring_prep_msg_ring_cqe_flags(struct uring_sqe *sqe, s32 fd, u32 len, u64 data, u32 flags, u32 cqe_flags);
void uring_prep_msg_ring_fd(struct uring_sqe *sqe, s32 fd, s32_as_u64 source_fd, s32 target_fd, u64 data, u32 flags);
void uring_prep_msg_ring_fd_alloc(struct uring_sqe *sqe, s32 fd, s32_as_u64 source_fd, u64 data, u32 flags);
#endif
