/* async cancel by user_data, fd, fixed fd, opcode, any, all. */
#ifndef URING_OPS_CANCEL_H
#define URING_OPS_CANCEL_H
#include "../abi/abi.h"
void uring_prep_cancel64(struct uring_sqe *sqe, u64 user_data, s32 flags);
/* liburing's takes the user_data as a pointer; same encoding. */
void uring_prep_cancel(struct uring_sqe *sqe, u64 user_data, s32 flags);
void uring_prep_cancel_fd(struct uring_sqe *sqe, s32 fd, u32 flags);
/* No liburing helpers: cancel by opcode (IORING_ASYNC_CANCEL_OP, opcode in len) and any request. */
void uring_prep_cancel_op(struct uring_sqe *sqe, u32 opcode, u32 flags);
void uring_prep_cancel_any(struct uring_sqe *sqe, u32 flags);
#endif
