/* async cancel by user_data, fd, fixed fd, opcode, any, all. */
#include "prep.h"
#include "cancel.h"

void uring_prep_cancel64(struct uring_sqe *sqe, u64 user_data, s32 flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, -1, user_data, 0, 0);
  sqe->cancel_flags = (u32)flags;
}
URING_WASM_PREP(cancel64, U64(user_data), I32(flags))

void uring_prep_cancel(struct uring_sqe *sqe, u64 user_data, s32 flags) {
  uring_prep_cancel64(sqe, user_data, flags);
}
URING_WASM_PREP(cancel, U64(user_data), I32(flags))

/* The fd is read only with IORING_ASYNC_CANCEL_FD; with ASYNC_CANCEL_FD_FIXED it is a fixed-file index. */
void uring_prep_cancel_fd(struct uring_sqe *sqe, s32 fd, u32 flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, fd, 0, 0, 0);
  sqe->cancel_flags = flags | URING_ASYNC_CANCEL_FD;
}
URING_WASM_PREP(cancel_fd, I32(fd), U32(flags))

void uring_prep_cancel_op(struct uring_sqe *sqe, u32 opcode, u32 flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, -1, 0, opcode, 0);
  sqe->cancel_flags = flags | URING_ASYNC_CANCEL_OP;
}
URING_WASM_PREP(cancel_op, U32(opcode), U32(flags))

void uring_prep_cancel_any(struct uring_sqe *sqe, u32 flags) {
  uring_prep_rw(URING_OP_ASYNC_CANCEL, sqe, -1, 0, 0, 0);
  sqe->cancel_flags = flags | URING_ASYNC_CANCEL_ANY;
}
URING_WASM_PREP(cancel_any, U32(flags))
