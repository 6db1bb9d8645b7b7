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

/* What each argument column holds: its check. */
enum { C_FD, C_U53, C_U32, C_OFF, C_U16 };

static const u8 STRIDE[URING_MANY_OPS] = {1, 5, 5, 6, 6, 5, 5};
static const u8 COLS[URING_MANY_OPS][6] = {
    {C_U53},
    {C_FD, C_U53, C_U32, C_OFF, C_U53},
    {C_FD, C_U53, C_U32, C_OFF, C_U53},
    {C_FD, C_U53, C_U32, C_OFF, C_U16, C_U53},
    {C_FD, C_U53, C_U32, C_OFF, C_U16, C_U53},
    {C_FD, C_U53, C_U32, C_U32, C_U53},
    {C_FD, C_U53, C_U32, C_U32, C_U53},
};

#define TWO53 9007199254740992.0

/* Arguments per op of `op`, or 0 for an op prep_many does not encode. */
URING_EXPORT(many_stride)
u32 uring_many_stride(u32 op) { return op < URING_MANY_OPS ? STRIDE[op] : 0; }

/* 1 when `v` is not an integer of column kind `col` (NaN fails every comparison; ranges first, so the cast
 * that tests integrality is always defined). */
static int bad(double v, u8 col) {
  int out;
  switch (col) {
  case C_FD: out = !(v >= -2147483648.0 && v <= 2147483647.0); break;
  case C_U53: out = !(v >= 0 && v < TWO53); break;
  case C_U32: out = !(v >= 0 && v <= 4294967295.0); break;
  case C_OFF: out = !((v >= 0 || v == -1.0) && v < TWO53); break;
  default: out = !(v >= 0 && v <= 65535.0); break;
  }
  return out || (double)(s64)v != v;
}

static inline u64 u64_of(double v) { return v < 0 ? ~(u64)0 : (u64)v; }

/* Encode `count` SQEs of `op` from `args` (count * stride f64), each finished with user_data from its row and
 * the same IOSQE `flags` and `personality`; `rw_flags` goes into the read / write family's op flags (as the
 * single builders' rwFlags). All or nothing. Returns count; -1 when fewer than count slots are free as far as
 * the cached kernel head knows (checked first; JS reloads the head and asks again); -2 for an unknown op;
 * -(3 + k) when args[k] is out of range (JS names the column). */
URING_EXPORT(sq_prep_many)
s32 uring_sq_prep_many(struct uring_sq *sq, u32 op, const double *args, u32 count, u32 flags, u32 personality,
                       s32 rw_flags) {
  if (op >= URING_MANY_OPS) return -2;
  u32 stride = STRIDE[op];
  const u8 *cols = COLS[op];
  /* A full SQ first, as a single prep reports it before bad options. */
  if (sq->sqe_tail - sq->khead > sq->entries || sq->entries - (sq->sqe_tail - sq->khead) < count) return -1;
  for (u32 i = 0; i < count; i++)
    for (u32 c = 0; c < stride; c++)
      if (bad(args[i * stride + c], cols[c])) return -(s32)(3 + i * stride + c);
  u32 tail = sq->sqe_tail;
  for (u32 i = 0; i < count; i++, tail++) {
    u8 *p = (u8 *)(sq->sqes + ((uring_uptr)(tail & sq->mask) << sq->sqe_shift));
    if (sq->sqe_shift == 7) __builtin_memset(p + 64, 0, 64);
    struct uring_sqe *sqe = (struct uring_sqe *)p;
    const double *a = args + i * stride;
    u64 ud;
    switch (op) {
    case URING_MANY_NOP:
      uring_prep_nop(sqe);
      ud = (u64)a[0];
      break;
    case URING_MANY_READ:
    case URING_MANY_WRITE:
      if (op == URING_MANY_READ) uring_prep_read(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]));
      else uring_prep_write(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]));
      if (rw_flags) sqe->rw_flags = rw_flags;
      ud = (u64)a[4];
      break;
    case URING_MANY_READ_FIXED:
    case URING_MANY_WRITE_FIXED:
      if (op == URING_MANY_READ_FIXED)
        uring_prep_read_fixed(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]), (s32)a[4]);
      else uring_prep_write_fixed(sqe, (s32)a[0], (u64)a[1], (u32)a[2], u64_of(a[3]), (s32)a[4]);
      if (rw_flags) sqe->rw_flags = rw_flags;
      ud = (u64)a[5];
      break;
    case URING_MANY_SEND:
      uring_prep_send(sqe, (s32)a[0], (u64)a[1], (u32)a[2], (s32)(u32)a[3]);
      ud = (u64)a[4];
      break;
    default:
      uring_prep_recv(sqe, (s32)a[0], (u64)a[1], (u32)a[2], (s32)(u32)a[3]);
      ud = (u64)a[4];
      break;
    }
    uring_sqe_finish(sqe, (u32)ud, (u32)(ud >> 32), flags, personality, 0);
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
