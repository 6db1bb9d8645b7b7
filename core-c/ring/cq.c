/* Completion-side ring math: see cq.h. */
#include "cq.h"
#include "sq.h"
#include "../abi/cqe.h"

_Static_assert(__builtin_offsetof(struct uring_cq, head) == URING_CQ_OFF_HEAD, "head");
_Static_assert(__builtin_offsetof(struct uring_cq, nranges) == URING_CQ_OFF_NRANGES, "nranges");
_Static_assert(__builtin_offsetof(struct uring_cq, range_slot) == URING_CQ_OFF_RANGES, "ranges");
_Static_assert(sizeof(struct uring_cq) == 36, "cq state size");

URING_EXPORT(cq_state_size)
u32 uring_cq_state_size(void) { return sizeof(struct uring_cq); }

/* entries: power of two (1..65536); cqe_size 16 or 32; head: the kernel's CQ head at setup.
 * Returns 0 or -22 (EINVAL). */
URING_EXPORT(cq_init)
s32 uring_cq_init(struct uring_cq *cq, u32 entries, u32 cqe_size, u32 head) {
  if (entries == 0 || entries > 65536 || (entries & (entries - 1)) != 0) return -22;
  if (cqe_size != 16 && cqe_size != 32) return -22;
  cq->head = head;
  cq->entries = entries;
  cq->mask = entries - 1;
  cq->cqe_shift = cqe_size == 32 ? 5 : 4;
  cq->nranges = 0;
  cq->range_slot[0] = cq->range_slot[1] = 0;
  cq->range_count[0] = cq->range_count[1] = 0;
  return 0;
}

/* CQEs ready given the tail JS acquire-loaded. Never more than entries (a tail beyond head + entries
 * would be a kernel bug; clamped so a copy can never read a slot twice). */
URING_EXPORT(cq_ready)
u32 uring_cq_ready(const struct uring_cq *cq, u32 tail) {
  u32 n = tail - cq->head;
  return n > cq->entries ? cq->entries : n;
}

/* Take up to `max` ready CQEs: describe the one or two slot ranges to copy (in order, the second starting
 * at slot 0) and advance the local head past them. Returns how many; the new head (cq->head) is what JS
 * release-stores to the kernel after copying. */
URING_EXPORT(cq_take)
u32 uring_cq_take(struct uring_cq *cq, u32 tail, u32 max) {
  u32 n = uring_cq_ready(cq, tail);
  if (n > max) n = max;
  u32 out[4];
  cq->nranges = uring_ring_split(cq->head, n, cq->entries, out);
  cq->range_slot[0] = out[0];
  cq->range_slot[1] = out[1];
  cq->range_count[0] = out[2];
  cq->range_count[1] = out[3];
  cq->head += n;
  return n;
}

/* Write a CQE (the simulated kernel posts completions with this). */
URING_EXPORT(cqe_write)
void uring_cqe_write(void *p, u32 ud_lo, u32 ud_hi, s32 res, u32 flags) {
  struct uring_cqe *cqe = p;
  cqe->user_data = ((u64)ud_hi << 32) | ud_lo;
  cqe->res = res;
  cqe->flags = flags;
}

/* The extra 16 bytes of a 32-byte CQE, as four u32 words (big_cqe[0] lo, hi, big_cqe[1] lo, hi). */
URING_EXPORT(cqe_write_big)
void uring_cqe_write_big(void *p, u32 w0, u32 w1, u32 w2, u32 w3) {
  struct uring_cqe *cqe = p;
  cqe->big_cqe[0] = ((u64)w1 << 32) | w0;
  cqe->big_cqe[1] = ((u64)w3 << 32) | w2;
}
