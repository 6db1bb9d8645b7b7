/* Submission-side ring math: see sq.h. Everything modulo 2^32. */
#include "sq.h"
#include "../abi/sqe.h"

#if defined(__wasm__)
_Static_assert(__builtin_offsetof(struct uring_sq, sqe_head) == URING_SQ_OFF_SQE_HEAD, "sqe_head");
_Static_assert(__builtin_offsetof(struct uring_sq, sqe_tail) == URING_SQ_OFF_SQE_TAIL, "sqe_tail");
_Static_assert(__builtin_offsetof(struct uring_sq, khead) == URING_SQ_OFF_KHEAD, "khead");
_Static_assert(__builtin_offsetof(struct uring_sq, nranges) == URING_SQ_OFF_NRANGES, "nranges");
_Static_assert(__builtin_offsetof(struct uring_sq, range_slot) == URING_SQ_OFF_RANGES, "ranges");
_Static_assert(sizeof(struct uring_sq) == 48, "sq state size");
#endif

URING_EXPORT(sq_state_size)
u32 uring_sq_state_size(void) { return sizeof(struct uring_sq); }

/* entries: a power of two (1..32768); sqe_size 64 or 128; sqes: the staging array (entries * sqe_size
 * bytes, 64-aligned); start: the kernel's SQ head and tail at setup (0 on a fresh ring; tests pass values
 * just below 2^32). Returns 0, or -22 (EINVAL) for a bad size. */
URING_EXPORT(sq_init)
s32 uring_sq_init(struct uring_sq *sq, u32 entries, u32 sqe_size, uring_uptr sqes, u32 start) {
  if (entries == 0 || entries > 32768 || (entries & (entries - 1)) != 0) return -22;
  if (sqe_size != 64 && sqe_size != 128) return -22;
  sq->sqe_head = start;
  sq->sqe_tail = start;
  sq->khead = start;
  sq->entries = entries;
  sq->mask = entries - 1;
  sq->sqe_shift = sqe_size == 128 ? 7 : 6;
  sq->sqes = sqes;
  sq->nranges = 0;
  sq->range_slot[0] = sq->range_slot[1] = 0;
  sq->range_count[0] = sq->range_count[1] = 0;
  return 0;
}

/* The next staging slot, zeroed (all 128 bytes on an SQE128 ring), or 0 when every slot is in use
 * (as far as the cached khead knows: JS reloads the kernel head and asks again before reporting full). */
URING_EXPORT(sq_get_sqe)
struct uring_sqe *uring_sq_get_sqe(struct uring_sq *sq) {
  u32 tail = sq->sqe_tail;
  if (tail - sq->khead >= sq->entries) return 0;
  u8 *p = (u8 *)(sq->sqes + ((uring_uptr)(tail & sq->mask) << sq->sqe_shift));
  if (sq->sqe_shift == 7) __builtin_memset(p, 0, 128);
  else __builtin_memset(p, 0, 64);
  sq->sqe_tail = tail + 1;
  return (struct uring_sqe *)p;
}

/* Give back the slot the last get_sqe handed out (its prep failed before writing anything).
 * Returns 1, or 0 when there is no staged SQE to give back. */
URING_EXPORT(sq_unget_sqe)
u32 uring_sq_unget_sqe(struct uring_sq *sq) {
  if (sq->sqe_tail == sq->sqe_head) return 0;
  sq->sqe_tail--;
  return 1;
}

/* How many more get_sqe calls can succeed before the kernel consumes anything. */
URING_EXPORT(sq_space_left)
u32 uring_sq_space_left(const struct uring_sq *sq) {
  u32 used = sq->sqe_tail - sq->khead;
  return used >= sq->entries ? 0 : sq->entries - used;
}

/* SQEs not yet consumed by the kernel: staged plus flushed (liburing's io_uring_sq_ready). */
URING_EXPORT(sq_ready)
u32 uring_sq_ready(const struct uring_sq *sq) { return sq->sqe_tail - sq->khead; }

/* SQEs staged since the last flush. */
URING_EXPORT(sq_pending)
u32 uring_sq_pending(const struct uring_sq *sq) { return sq->sqe_tail - sq->sqe_head; }

/* Record the kernel head JS acquire-loaded; returns sq_ready with it (after a flush, the to_submit count
 * for io_uring_enter). A head outside [khead, sqe_head] (modulo 2^32: the kernel can neither go back nor
 * pass what was flushed) would be a kernel or backend bug and is ignored, so space_left can never exceed
 * what is really free. */
URING_EXPORT(sq_set_khead)
u32 uring_sq_set_khead(struct uring_sq *sq, u32 khead) {
  if (khead - sq->khead <= sq->sqe_head - sq->khead) sq->khead = khead;
  return sq->sqe_tail - sq->khead;
}

/* Split `count` slots starting at counter `head` into at most two contiguous runs of a ring of `entries`
 * (a power of two). out: slot0, slot1, count0, count1. Returns the number of runs (0, 1 or 2). */
URING_EXPORT(ring_split)
u32 uring_ring_split(u32 head, u32 count, u32 entries, u32 *out) {
  u32 slot = head & (entries - 1);
  u32 first = entries - slot;
  out[0] = count ? slot : 0;
  out[1] = 0;
  if (count <= first) {
    out[2] = count;
    out[3] = 0;
    return count ? 1 : 0;
  }
  out[2] = first;
  out[3] = count - first;
  return 2;
}

/* Mark everything staged as flushed and describe the slot ranges JS copies into the kernel's SQE array
 * (same slot numbers there). Returns the number of SQEs flushed; the SQ tail to release-store is then
 * sqe_tail, and the to_submit count for io_uring_enter is sq_ready (previously flushed but unconsumed
 * SQEs included). */
URING_EXPORT(sq_flush)
u32 uring_sq_flush(struct uring_sq *sq) {
  u32 n = sq->sqe_tail - sq->sqe_head;
  u32 out[4];
  sq->nranges = uring_ring_split(sq->sqe_head, n, sq->entries, out);
  sq->range_slot[0] = out[0];
  sq->range_slot[1] = out[1];
  sq->range_count[0] = out[2];
  sq->range_count[1] = out[3];
  sq->sqe_head = sq->sqe_tail;
  return n;
}

/* array[i] = i for the SQ index array (without IORING_SETUP_NO_SQARRAY), filled once at setup. */
URING_EXPORT(ring_fill_identity)
void uring_ring_fill_identity(u32 *array, u32 entries) {
  for (u32 i = 0; i < entries; i++) array[i] = i;
}

/* The fields a consumer of SQEs (the simulated kernel) needs, without parsing bytes in JS:
 * out[0] opcode, [1] IOSQE flags, [2] len, [3] user_data lo, [4] user_data hi, [5] op flags word
 * (rw_flags/nop_flags/...), [6] fd. */
URING_EXPORT(sqe_summary)
void uring_sqe_summary(const struct uring_sqe *sqe, u32 *out) {
  out[0] = sqe->opcode;
  out[1] = sqe->flags;
  out[2] = sqe->len;
  out[3] = (u32)sqe->user_data;
  out[4] = (u32)(sqe->user_data >> 32);
  out[5] = sqe->nop_flags;
  out[6] = (u32)sqe->fd;
}
