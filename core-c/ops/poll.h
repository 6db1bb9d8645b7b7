/* poll add (one-shot, multishot), poll remove, poll update (events, user_data). */
#ifndef URING_OPS_POLL_H
#define URING_OPS_POLL_H
#include "../abi/abi.h"
void uring_prep_poll_add(struct uring_sqe *sqe, s32 fd, u32 poll_mask);
void uring_prep_poll_multishot(struct uring_sqe *sqe, s32 fd, u32 poll_mask);
void uring_prep_poll_remove(struct uring_sqe *sqe, u64 user_data);
void uring_prep_poll_update(struct uring_sqe *sqe, u64 old_user_data, u64 new_user_data, u32 poll_mask, u32 flags);
/* The seed's two named update forms (seed bug fixed: addr = old user_data, off = new user_data). */
void uring_prep_poll_update_events(struct uring_sqe *sqe, u64 old_user_data, u32 poll_mask);
void uring_prep_poll_update_user_data(struct uring_sqe *sqe, u64 old_user_data, u64 new_user_data);
#endif
