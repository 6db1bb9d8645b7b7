/* Batched encoding: N SQEs of one hot op from an array of per-op arguments in ONE call from JS (the Ring's
 * prepMany). A call from JS into WASM costs ~10 ns and a checked options object ~20 ns more; at batch 256 that
 * was most of the prep cost. Each SQE goes through the same prep_<op> and sqe_finish as a single prep, so the
 * bytes are those of N single preps (test/offline/prep-many.test.ts compares them).
 *
 * Arguments are f64 (JS numbers, exact integers up to 2^53), `stride` of them per op, in this order:
 *   nop                      user_data
 *   read, write              fd, addr, len, offset, user_data
 *   read_fixed, write_fixed  fd, addr, len, offset, buf_index, user_data
 *   send, recv               fd, addr, len, msg_flags, user_data
 * Every value is checked before anything is taken: fd an i32, addr and user_data integers in 0..2^53-1, len
 * and msg_flags u32, offset in 0..2^53-1 or -1 (the file position), buf_index u16. */
#include "sq.h"
#include "../ops/ops.h"

enum {
  URING_MANY_NOP = 0,
  URING_MANY_READ = 1,
  URING_MANY_WRITE = 2,
  URING_MANY_READ_FIXED = 3,
  URING_MANY_WRITE_FIXED = 4,
  URING_MANY_SEND = 5,
  URING_MANY_RECV = 6,
  URING_MANY_OPS = 7
};

#define TWO53 9007199254740992.0

/* Integrality after the range check (so the native cast is defined): wasm has f64.trunc; natively the cast
 * keeps the test build free of libm. */
#if defined(__wasm__)
#define IS_INT(v) ((v) == __builtin_trunc(v))
#else
#define IS_INT(v) ((double)(s64)(v) == (v))
#endif

/* The column checks (NaN fails every comparison). */
static inline int ok_fd(double v) { return v >= -2147483648.0 && v <= 2147483647.0 && IS_INT(v); }
static inline int ok_u53(double v) { return v >= 0 && v < TWO53 && IS_INT(v); }
static inline int ok_u32(double v) { return v >= 0 && v <= 4294967295.0 && IS_INT(v); }
static inline int ok_off(double v) { return ((v >= 0 && v < TWO53) || v == -1.0) && IS_INT(v); }
static inline int ok_u16(double v) { return v >= 0 && v <= 65535.0 && IS_INT(v); }

static const u8 STRIDE[URING_MANY_OPS] = {1, 5, 5, 6, 6, 5, 5};

/* Arguments per op of `op`, or 0 for an op prep_many does not encode. */
URING_EXPORT(many_stride)
u32 uring_many_stride(u32 op) { return op < URING_MANY_OPS ? STRIDE[op] : 0; }

/* Each row's checks, unrolled per op (one loop per op: no per-value dispatch). 0, or -(3 + k) for args[k]. */
#define COL(k, ok) \
  if (!ok(a[k])) return -(s32)(3 + i * STRIDE_ + (k));
#define ROWS(stride, cols)                                  \
  {                                                         \
    enum { STRIDE_ = stride };                              \
    for (u32 i = 0; i < count; i++) {                       \
      const double *a = args + i * STRIDE_;                 \
      cols                                                  \
    }                                                       \
    return 0;                                               \
  }

static s32 check_rows(u32 op, const double *args, u32 count) {
  switch (op) {
  case URING_MANY_NOP: ROWS(1, COL(0, ok_u53))
  case URING_MANY_READ:
  case URING_MANY_WRITE: ROWS(5, COL(0, ok_fd) COL(1, ok_u53) COL(2, ok_u32) COL(3, ok_off) COL(4, ok_u53))
  case URING_MANY_READ_FIXED:
  case URING_MANY_WRITE_FIXED:
    ROWS(6, COL(0, ok_fd) COL(1, ok_u53) COL(2, ok_u32) COL(3, ok_off) COL(4, ok_u16) COL(5, ok_u53))
  default: ROWS(5, COL(0, ok_fd) COL(1, ok_u53) COL(2, ok_u32) COL(3, ok_u32) COL(4, ok_u53))
  }
}

static inline u64 u64_of(double v) { return v < 0 ? ~(u64)0 : (u64)v; }

/* One loop per op: take the slot (zeroing the second half of a 128-byte SQE, as uring_sq_take), prep, finish
 * with the row's user_data (its last column). */
#define ENCODE(stride, prep)                                                                  \
  for (u32 i = 0; i < count; i++, tail++) {                                                   \
    u8 *p = (u8 *)(sq->sqes + ((uring_uptr)(tail & sq->mask) << sq->sqe_shift));              \
    if (big) __builtin_memset(p + 64, 0, 64);                                                 \
    struct uring_sqe *sqe = (struct uring_sqe *)p;                                            \
    const double *a = args + i * (stride);                                                    \
    prep;                                                                                     \
    u64 ud = (u64)a[(stride) - 1];                                                            \
    uring_sqe_finish(sqe, (u32)ud, (u32)(ud >> 32), flags, personality, 0);                   \
  }

/* Encode `count` SQEs of `op` from `args` (count * stride f64), each finished with user_data from its row and
 * the same IOSQE `flags` and `personality`; `rw_flags` goes into the read / write family's op flags (as the
 * single builders' rwFlags). All or nothing. Returns count; -1 when fewer than count slots are free as far as
 * the cached kernel head knows (checked first; JS reloads the head and asks again); -2 for an unknown op;
 * -(3 + k) when args[k] is out of range (JS names the column). */
URING_EXPORT(sq_prep_many)
s32 uring_sq_prep_many(struct uring_sq *sq, u32 op, const double *args, u32 count, u32 flags, u32 personality,
                       s32 rw_flags) {
  if (op >= URING_MANY_OPS) return -2;
  /* A full SQ first, as a single prep reports it before bad options. */
  if (sq->sqe_tail - sq->khead > sq->entries || sq->entries - (sq->sqe_tail - sq->khead) < count) return -1;
  s32 bad = check_rows(op, args, count);
  if (bad) return bad;
  u32 tail = sq->sqe_tail;
  int big = sq->sqe_shift == 7;
  switch (op) {
  case URING_MANY_NOP: ENCODE(1, uring_prep_nop(sqe)) break;
  case URING_MANY_READ:
    ENCODE(5, uring_prep_read(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]));
           if (rw_flags) sqe->rw_flags = rw_flags)
    break;
  case URING_MANY_WRITE:
    ENCODE(5, uring_prep_write(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]));
           if (rw_flags) sqe->rw_flags = rw_flags)
    break;
  case URING_MANY_READ_FIXED:
    ENCODE(6, uring_prep_read_fixed(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]), (s32)a[4]);
           if (rw_flags) sqe->rw_flags = rw_flags)
    break;
  case URING_MANY_WRITE_FIXED:
    ENCODE(6, uring_prep_write_fixed(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]), (s32)a[4]);
           if (rw_flags) sqe->rw_flags = rw_flags)
    break;
  case URING_MANY_SEND: ENCODE(5, uring_prep_send(sqe, (s32)a[0], (u64)a[1], (u32)a[2], (s32)(u32)a[3])) break;
  default: ENCODE(5, uring_prep_recv(sqe, (s32)a[0], (u64)a[1], (u32)a[2], (s32)(u32)a[3])) break;
  }
  sq->sqe_tail = tail;
  return (s32)count;
}

/* A flush (uring_sq_flush) with the kernel head JS just acquire-loaded recorded first (uring_sq_set_khead):
 * one call instead of two on every submit. Returns sq_ready after both (the to_submit count); the ranges to
 * copy are in the state as after uring_sq_flush. Loading the head before the tail store is what the kernel
 * sees anyway without SQPOLL (it moves the head only inside io_uring_enter); with SQPOLL the count may include
 * SQEs the thread consumes meanwhile, which only makes a wakeup more likely. */
URING_EXPORT(sq_flush_at)
u32 uring_sq_flush_at(struct uring_sq *sq, u32 khead) {
  uring_sq_set_khead(sq, khead);
  uring_sq_flush(sq);
  return sq->sqe_tail - sq->khead;
}
