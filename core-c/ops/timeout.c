/* timeout, timeout remove and update, link timeout. */
#include "prep.h"
#include "timeout.h"

/* fd -1, addr = timespec, len = 1 (the kernel's number of timespecs), off = completion count (0: a pure
 * timer; with MULTISHOT the number of shots). The WASM export takes count as a u64 pair because it lands
 * in the 64-bit off field (the builder's kind is 2 words, so the decoder gives it back whole). */
void uring_prep_timeout(struct uring_sqe *sqe, u64 ts, u32 count, u32 flags) {
  uring_prep_rw(URING_OP_TIMEOUT, sqe, -1, ts, 1, count);
  sqe->timeout_flags = flags;
}
URING_WASM_PREP(timeout, U64(ts), U64(count), U32(flags))

void uring_prep_timeout_remove(struct uring_sqe *sqe, u64 user_data, u32 flags) {
  uring_prep_rw(URING_OP_TIMEOUT_REMOVE, sqe, -1, user_data, 0, 0);
  sqe->timeout_flags = flags;
}
URING_WASM_PREP(timeout_remove, U64(user_data), U32(flags))

/* TIMEOUT_REMOVE with IORING_TIMEOUT_UPDATE: addr = target user_data, off (addr2) = new timespec. */
void uring_prep_timeout_update(struct uring_sqe *sqe, u64 ts, u64 user_data, u32 flags) {
  uring_prep_rw(URING_OP_TIMEOUT_REMOVE, sqe, -1, user_data, 0, ts);
  sqe->timeout_flags = flags | URING_TIMEOUT_UPDATE;
}
URING_WASM_PREP(timeout_update, U64(ts), U64(user_data), U32(flags))

void uring_prep_link_timeout(struct uring_sqe *sqe, u64 ts, u32 flags) {
  uring_prep_rw(URING_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0);
  sqe->timeout_flags = flags;
}
URING_WASM_PREP(link_timeout, U64(ts), U32(flags))

/* Both bits: the kernel takes the update path only with IORING_TIMEOUT_UPDATE (LINK_TIMEOUT_UPDATE alone
 * would remove the timeout), and LINK_TIMEOUT_UPDATE makes it look among linked timeouts. */
void uring_prep_link_timeout_update(struct uring_sqe *sqe, u64 ts, u64 user_data, u32 flags) {
  uring_prep_timeout_update(sqe, ts, user_data, flags | URING_LINK_TIMEOUT_UPDATE);
}
URING_WASM_PREP(link_timeout_update, U64(ts), U64(user_data), U32(flags))
