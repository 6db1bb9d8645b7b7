/* The submission side of a ring: a staging SQE array in WASM memory and its index math.
 *
 * Counters are u32 and every difference is taken modulo 2^32, so the ring keeps working when they wrap
 * (tested from 2^32-3). Slot i of the staging array is slot i of the kernel's SQE array: a flush copies
 * the new slots to the same indices there, in one or two ranges (split where the index wraps past the
 * end of the array), then the tail is release-stored by JS.
 *
 *   khead <= sqe_head <= sqe_tail   (modulo 2^32), sqe_tail - khead <= entries
 *   [khead, sqe_head)     flushed: the kernel owns them until its head passes them
 *   [sqe_head, sqe_tail)  staged: handed out by get_sqe, not yet flushed
 *
 * No slot is held in reserve (liburing's rule, not the seed's): get_sqe succeeds while
 * sqe_tail - khead < entries, so all `entries` slots can be used and space_left is entries minus the slots
 * in use, never negative. A caller that needs an op and its LINK_TIMEOUT to go in together checks
 * space_left >= 2 first (the seed kept one slot back for that and its free_space asserted once the
 * link_timeout had taken it).
 *
 * SQ index array: with the array (no IORING_SETUP_NO_SQARRAY) the kernel reads slot array[head & mask].
 * The kernel backend fills it with the identity once at setup (uring_ring_fill_identity on a scratch
 * buffer, copied into the mapping), liburing style, and never writes it again; with NO_SQARRAY there is
 * no array and the kernel uses head & mask directly. Both give the same slot, so the math here is the
 * same for both. */
#ifndef URING_RING_SQ_H
#define URING_RING_SQ_H
#include "../abi/types.h"

typedef __UINTPTR_TYPE__ uring_uptr;

struct uring_sq {
  u32 sqe_head;       /* first staged SQE not yet flushed (local) */
  u32 sqe_tail;       /* one past the last SQE handed out (local) */
  u32 khead;          /* the kernel's SQ head as JS last acquire-loaded it */
  u32 entries;        /* power of two */
  u32 mask;           /* entries - 1 */
  u32 sqe_shift;      /* log2 of the SQE size: 6, or 7 with IORING_SETUP_SQE128 */
  uring_uptr sqes;    /* staging SQE array: entries << sqe_shift bytes */
  u32 nranges;        /* output of uring_sq_flush: 0, 1 or 2 ranges */
  u32 range_slot[2];  /* first slot of each range */
  u32 range_count[2]; /* SQEs in each range */
};

/* Byte offsets of the fields JS reads through a u32 view (wasm32 layout). */
#define URING_SQ_OFF_SQE_HEAD 0
#define URING_SQ_OFF_SQE_TAIL 4
#define URING_SQ_OFF_KHEAD 8
#define URING_SQ_OFF_NRANGES 28
#define URING_SQ_OFF_RANGES 32 /* slot0, slot1, count0, count1 */

u32 uring_sq_state_size(void);
s32 uring_sq_init(struct uring_sq *sq, u32 entries, u32 sqe_size, uring_uptr sqes, u32 start);
struct uring_sqe *uring_sq_get_sqe(struct uring_sq *sq);
u32 uring_sq_unget_sqe(struct uring_sq *sq);
u32 uring_sq_space_left(const struct uring_sq *sq);
u32 uring_sq_ready(const struct uring_sq *sq);
u32 uring_sq_pending(const struct uring_sq *sq);
u32 uring_sq_set_khead(struct uring_sq *sq, u32 khead);
u32 uring_sq_flush(struct uring_sq *sq);
u32 uring_ring_split(u32 head, u32 count, u32 entries, u32 *out);
void uring_ring_fill_identity(u32 *array, u32 entries);
void uring_sqe_summary(const struct uring_sqe *sqe, u32 *out);
#endif
