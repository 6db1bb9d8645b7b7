/* provide_buffers, remove_buffers. */
#include "prep.h"
#include "buffers.h"

/* fd = number of buffers, addr = start of nr * len bytes, len = size of each, off = first buffer id
 * (sign-extended as liburing does), buf_group = group id. The WASM export takes bid as a u64 pair since
 * it lands in the 64-bit off field. */
void uring_prep_provide_buffers(struct uring_sqe *sqe, u64 addr, s32 len, s32 nr, s32 bgid, s32 bid) {
  uring_prep_rw(URING_OP_PROVIDE_BUFFERS, sqe, nr, addr, (u32)len, (u64)(s64)bid);
  sqe->buf_group = (u16)bgid;
}
URING_WASM_PREP(provide_buffers, U64(addr), U32(len), I32(nr), I32(bgid), U64(bid))

void uring_prep_remove_buffers(struct uring_sqe *sqe, s32 nr, s32 bgid) {
  uring_prep_rw(URING_OP_REMOVE_BUFFERS, sqe, nr, 0, 0, 0);
  sqe->buf_group = (u16)bgid;
}
URING_WASM_PREP(remove_buffers, I32(nr), I32(bgid))
