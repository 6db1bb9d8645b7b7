/* poll add (one-shot, multishot), poll remove, poll update (events, user_data). */
#include "prep.h"
#include "poll.h"

/* The kernel reads poll32_events as two swapped halfwords on big-endian machines (swahw32), so the mask
 * is stored with its halves swapped there; on little-endian (wasm, x86) it is stored as is. */
static inline u32 poll_mask32(u32 mask) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return (mask << 16) | (mask >> 16);
#else
  return mask;
#endif
}

void uring_prep_poll_add(struct uring_sqe *sqe, s32 fd, u32 poll_mask) {
  uring_prep_rw(URING_OP_POLL_ADD, sqe, fd, 0, 0, 0);
  sqe->poll32_events = poll_mask32(poll_mask);
}
URING_WASM_PREP(poll_add, I32(fd), U32(poll_mask))

void uring_prep_poll_multishot(struct uring_sqe *sqe, s32 fd, u32 poll_mask) {
  uring_prep_poll_add(sqe, fd, poll_mask);
  sqe->len = URING_POLL_ADD_MULTI;
}
URING_WASM_PREP(poll_multishot, I32(fd), U32(poll_mask))

/* The target is found by its user_data in addr; fd -1 and no events (the seed set fd/events and left
 * addr 0, which the kernel answers with -EINVAL or -ENOENT). */
void uring_prep_poll_remove(struct uring_sqe *sqe, u64 user_data) {
  uring_prep_rw(URING_OP_POLL_REMOVE, sqe, -1, user_data, 0, 0);
}
URING_WASM_PREP(poll_remove, U64(user_data))

/* liburing's generic form: addr = old user_data, off = new user_data, len = IORING_POLL_UPDATE_* flags. */
void uring_prep_poll_update(struct uring_sqe *sqe, u64 old_user_data, u64 new_user_data, u32 poll_mask, u32 flags) {
  uring_prep_rw(URING_OP_POLL_REMOVE, sqe, -1, old_user_data, flags, new_user_data);
  sqe->poll32_events = poll_mask32(poll_mask);
}
URING_WASM_PREP(poll_update, U64(old_user_data), U64(new_user_data), U32(poll_mask), U32(flags))

void uring_prep_poll_update_events(struct uring_sqe *sqe, u64 old_user_data, u32 poll_mask) {
  uring_prep_poll_update(sqe, old_user_data, 0, poll_mask, URING_POLL_UPDATE_EVENTS);
}
URING_WASM_PREP(poll_update_events, U64(old_user_data), U32(poll_mask))

void uring_prep_poll_update_user_data(struct uring_sqe *sqe, u64 old_user_data, u64 new_user_data) {
  uring_prep_poll_update(sqe, old_user_data, new_user_data, 0, URING_POLL_UPDATE_USER_DATA);
}
URING_WASM_PREP(poll_update_user_data, U64(old_user_data), U64(new_user_data))
