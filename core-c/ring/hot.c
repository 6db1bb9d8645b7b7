/* One WASM call per SQE for the ops a hot loop submits: take the next staging slot, prep the op into it and
 * finish it (user_data, IOSQE flags, personality, buf_group), i.e. uring_sq_get_sqe + prep_<name> +
 * sqe_finish in one call (each JS->WASM call costs ~5 ns; an op through three of them cost more than the
 * kernel's own work for a NOP). JS checks every argument first, so nothing is taken for bad input.
 *
 *   sq_prep_<name>(sq, <prep_<name>'s parameters after the SQE>, ud_lo, ud_hi, flags, personality, buf_group)
 *
 * returns the SQE's address, or 0 when the SQ is full as far as the cached kernel head knows (nothing
 * written; JS reloads the head and asks again). Every prep writes all 64 bytes of its SQE, so the slot is
 * not zeroed first; the second half of an SQE128 slot is (what uring_sq_get_sqe guarantees). */
#include "sq.h"
#include "../ops/ops.h"
#include "../wasm/export.h"


static inline struct uring_sqe *uring_sq_take(struct uring_sq *sq) {
  u32 tail = sq->sqe_tail;
  if (tail - sq->khead >= sq->entries) return 0;
  u8 *p = (u8 *)(sq->sqes + ((uring_uptr)(tail & sq->mask) << sq->sqe_shift));
  if (sq->sqe_shift == 7) __builtin_memset(p + 64, 0, 64);
  sq->sqe_tail = tail + 1;
  return (struct uring_sqe *)p;
}

#if defined(__wasm__)
#define URING_SQ_FINISH_P , u32 fin_ud_lo, u32 fin_ud_hi, u32 fin_flags, u32 fin_personality, u32 fin_buf_group
#define URING_SQ_PREP(name, ...)                                                                     \
  __attribute__((export_name("sq_prep_" #name), used)) struct uring_sqe *uring_sq_prep_##name(       \
      struct uring_sq *sq URING_MAP(URING_P_, __VA_ARGS__) URING_SQ_FINISH_P) {                      \
    struct uring_sqe *sqe = uring_sq_take(sq);                                                       \
    if (!sqe) return 0;                                                                              \
    uring_prep_##name(sqe URING_MAP(URING_A_, __VA_ARGS__));                                         \
    uring_sqe_finish(sqe, fin_ud_lo, fin_ud_hi, fin_flags, fin_personality, fin_buf_group);          \
    return sqe;                                                                                      \
  }
#define URING_SQ_PREP0(name)                                                                         \
  __attribute__((export_name("sq_prep_" #name), used)) struct uring_sqe *uring_sq_prep_##name(       \
      struct uring_sq *sq URING_SQ_FINISH_P) {                                                       \
    struct uring_sqe *sqe = uring_sq_take(sq);                                                       \
    if (!sqe) return 0;                                                                              \
    uring_prep_##name(sqe);                                                                          \
    uring_sqe_finish(sqe, fin_ud_lo, fin_ud_hi, fin_flags, fin_personality, fin_buf_group);          \
    return sqe;                                                                                      \
  }

/* Parameter lists from the prototypes in core-c/ops/ (URING_PARAMS_<name>, generated: see wasm/export.h). */
URING_SQ_PREP0(nop)
URING_SQ_PREP(read, URING_PARAMS_read)
URING_SQ_PREP(write, URING_PARAMS_write)
URING_SQ_PREP(readv2, URING_PARAMS_readv2)
URING_SQ_PREP(writev2, URING_PARAMS_writev2)
URING_SQ_PREP(read_fixed, URING_PARAMS_read_fixed)
URING_SQ_PREP(write_fixed, URING_PARAMS_write_fixed)
URING_SQ_PREP(send, URING_PARAMS_send)
URING_SQ_PREP(recv, URING_PARAMS_recv)
URING_SQ_PREP(fsync, URING_PARAMS_fsync)
#endif
