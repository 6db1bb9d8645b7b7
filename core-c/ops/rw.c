/* Reads, writes and their vectored and fixed-buffer forms; nop. */
#include "prep.h"
#include "rw.h"

void uring_prep_nop(struct uring_sqe *sqe) {
  uring_prep_rw(URING_OP_NOP, sqe, -1, 0, 0, 0);
}
URING_WASM_PREP0(nop)

/* A NOP that occupies a 128-byte SQE (IORING_SETUP_SQE128, or two slots of an SQE_MIXED ring, 6.19+).
 * The caller's memory must be 128 bytes; all of it is written. */
void uring_prep_nop128(struct uring_sqe *sqe) {
  uring_prep_rw(URING_OP_NOP128, sqe, -1, 0, 0, 0);
  uring_sqe_clear(sqe + 1); /* bytes 64..127 */
}
URING_WASM_PREP0(nop128)

void uring_prep_read(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset) {
  uring_prep_rw(URING_OP_READ, sqe, fd, buf, nbytes, offset);
}
URING_WASM_PREP(read, I32(fd), U64(buf), U32(nbytes), U64(offset))

void uring_prep_write(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset) {
  uring_prep_rw(URING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}
URING_WASM_PREP(write, I32(fd), U64(buf), U32(nbytes), U64(offset))

void uring_prep_readv2(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags) {
  uring_prep_rw(URING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
}
URING_WASM_PREP(readv2, I32(fd), U64(iovecs), U32(nr_vecs), U64(offset), I32(flags))

void uring_prep_writev2(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags) {
  uring_prep_rw(URING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
}
URING_WASM_PREP(writev2, I32(fd), U64(iovecs), U32(nr_vecs), U64(offset), I32(flags))

/* buf must lie inside registered buffer buf_index (liburing truncates the index to 16 bits). */
void uring_prep_read_fixed(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset, s32 buf_index) {
  uring_prep_rw(URING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
  sqe->buf_index = (u16)buf_index;
}
URING_WASM_PREP(read_fixed, I32(fd), U64(buf), U32(nbytes), U64(offset), I32(buf_index))

void uring_prep_write_fixed(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset, s32 buf_index) {
  uring_prep_rw(URING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
  sqe->buf_index = (u16)buf_index;
}
URING_WASM_PREP(write_fixed, I32(fd), U64(buf), U32(nbytes), U64(offset), I32(buf_index))

/* readv2/writev2 layout, the iovecs pointing inside registered buffer buf_index (6.15+). */
void uring_prep_readv_fixed(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags, s32 buf_index) {
  uring_prep_rw(URING_OP_READV_FIXED, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
  sqe->buf_index = (u16)buf_index;
}
URING_WASM_PREP(readv_fixed, I32(fd), U64(iovecs), U32(nr_vecs), U64(offset), I32(flags), I32(buf_index))

void uring_prep_writev_fixed(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags, s32 buf_index) {
  uring_prep_rw(URING_OP_WRITEV_FIXED, sqe, fd, iovecs, nr_vecs, offset);
  sqe->rw_flags = flags;
  sqe->buf_index = (u16)buf_index;
}
URING_WASM_PREP(writev_fixed, I32(fd), U64(iovecs), U32(nr_vecs), U64(offset), I32(flags), I32(buf_index))

/* Multishot read from a pollable file into provided buffers of buf_group: sets IOSQE_BUFFER_SELECT
 * itself, as liburing does. nbytes is written as given (liburing's layout), but kernels up to at
 * least 6.18 answer EINVAL unless it is 0; the TypeScript builder only accepts 0. */
void uring_prep_read_multishot(struct uring_sqe *sqe, s32 fd, u32 nbytes, u64 offset, s32 buf_group) {
  uring_prep_rw(URING_OP_READ_MULTISHOT, sqe, fd, 0, nbytes, offset);
  sqe->buf_group = (u16)buf_group;
  sqe->flags = URING_IOSQE_BUFFER_SELECT;
}
URING_WASM_PREP(read_multishot, I32(fd), U32(nbytes), U64(offset), I32(buf_group))
