/* msg_ring: data, data with CQE flags, passing a fixed file. */
#include "prep.h"
#include "msg.h"

/* IORING_MSG_DATA (addr 0): the target ring gets a CQE with res = len and user_data = data (off). */
void uring_prep_msg_ring(struct uring_sqe *sqe, s32 fd, u32 len, u64 data, u32 flags) {
  uring_prep_rw(URING_OP_MSG_RING, sqe, fd, URING_MSG_DATA, len, data);
  sqe->msg_ring_flags = flags;
}
URING_WASM_PREP(msg_ring, I32(fd), U32(len), U64(data), U32(flags))

/* As msg_ring, and the target CQE's flags are cqe_flags (file_index), with IORING_MSG_RING_FLAGS_PASS. */
void uring_prep_msg_ring_cqe_flags(struct uring_sqe *sqe, s32 fd, u32 len, u64 data, u32 flags, u32 cqe_flags) {
  uring_prep_msg_ring(sqe, fd, len, data, flags | URING_MSG_RING_FLAGS_PASS);
  sqe->file_index = cqe_flags;
}
URING_WASM_PREP(msg_ring_cqe_flags, I32(fd), U32(len), U64(data), U32(flags), U32(cqe_flags))

/* IORING_MSG_SEND_FD (addr 1): install our fixed file source_fd (addr3, sign-extended as liburing does)
 * into the target ring's slot target_fd (file_index = slot + 1; IORING_FILE_INDEX_ALLOC stays as is).
 * The WASM export takes source_fd as a u64 pair since it lands in the 64-bit addr3. */
void uring_prep_msg_ring_fd(struct uring_sqe *sqe, s32 fd, s32 source_fd, s32 target_fd, u64 data, u32 flags) {
  uring_prep_rw(URING_OP_MSG_RING, sqe, fd, URING_MSG_SEND_FD, 0, data);
  sqe->addr3 = (u64)(s64)source_fd;
  sqe->file_index = (u32)target_fd == URING_FILE_INDEX_ALLOC ? URING_FILE_INDEX_ALLOC : (u32)target_fd + 1;
  sqe->msg_ring_flags = flags;
}
URING_WASM_PREP(msg_ring_fd, I32(fd), U64(source_fd), U32(target_fd), U64(data), U32(flags))

void uring_prep_msg_ring_fd_alloc(struct uring_sqe *sqe, s32 fd, s32 source_fd, u64 data, u32 flags) {
  uring_prep_msg_ring_fd(sqe, fd, source_fd, (s32)URING_FILE_INDEX_ALLOC, data, flags);
}
URING_WASM_PREP(msg_ring_fd_alloc, I32(fd), U64(source_fd), U64(data), U32(flags))
