/* Reads, writes and their vectored and fixed-buffer forms; nop. */
#include "prep.h"
#include "rw.h"

void uring_prep_nop(struct uring_sqe *sqe) {
  uring_prep_rw(URING_OP_NOP, sqe, -1, 0, 0, 0);
}
URING_WASM_PREP0(nop)

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
