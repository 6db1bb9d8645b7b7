/* The completion side of a ring: how many CQEs are ready and which slot ranges of the kernel's CQE array
 * to copy (one or two, split at the wrap), all modulo 2^32. The head lives here; JS release-stores it to
 * the kernel once per batch. CQE i is at byte i << cqe_shift (4, or 5 with IORING_SETUP_CQE32). */
#ifndef URING_RING_CQ_H
#define URING_RING_CQ_H
#include "../abi/types.h"

struct uring_cq {
  u32 head;           /* our CQ head (local; JS stores it to the kernel after each batch) */
  u32 entries;        /* power of two */
  u32 mask;
  u32 cqe_shift;      /* log2 of the CQE size: 4, or 5 with CQE32 */
  u32 nranges;        /* output of uring_cq_take */
  u32 range_slot[2];
  u32 range_count[2];
};

#define URING_CQ_OFF_HEAD 0
#define URING_CQ_OFF_NRANGES 16
#define URING_CQ_OFF_RANGES 20 /* slot0, slot1, count0, count1 */

u32 uring_cq_state_size(void);
s32 uring_cq_init(struct uring_cq *cq, u32 entries, u32 cqe_size, u32 head);
u32 uring_cq_ready(const struct uring_cq *cq, u32 tail);
u32 uring_cq_take(struct uring_cq *cq, u32 tail, u32 max);
void uring_cqe_write(void *cqe, u32 ud_lo, u32 ud_hi, s32 res, u32 flags);
void uring_cqe_write_big(void *cqe, u32 w0, u32 w1, u32 w2, u32 w3);
#endif
