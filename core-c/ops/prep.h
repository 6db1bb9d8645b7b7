/* Prep functions: one per io_uring opcode and per liburing variant. Each writes all 64 bytes of the SQE
 * (the 64 extra bytes of an SQE128 slot are zeroed by the ring when the slot is taken), so a stale slot
 * never leaks fields into a new op. user_data, IOSQE flags and personality are set by uring_sqe_set_*.
 * Parameters follow liburing's helper of the same name; 64-bit values are u64. */
#ifndef URING_OPS_PREP_H
#define URING_OPS_PREP_H
#include "../abi/abi.h"
#include "../wasm/export.h"

static inline void uring_sqe_clear(struct uring_sqe *sqe) {
  u64 *w = (u64 *)sqe;
  w[0] = 0; w[1] = 0; w[2] = 0; w[3] = 0; w[4] = 0; w[5] = 0; w[6] = 0; w[7] = 0;
}

/* The shape shared by most ops (liburing's io_uring_prep_rw), on a cleared SQE. */
static inline void uring_prep_rw(u8 op, struct uring_sqe *sqe, s32 fd, u64 addr, u32 len, u64 off) {
  uring_sqe_clear(sqe);
  sqe->opcode = op;
  sqe->fd = fd;
  sqe->off = off;
  sqe->addr = addr;
  sqe->len = len;
}

#endif
