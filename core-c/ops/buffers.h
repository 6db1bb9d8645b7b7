/* provide_buffers, remove_buffers. */
#ifndef URING_OPS_BUFFERS_H
#define URING_OPS_BUFFERS_H
#include "../abi/abi.h"
void uring_prep_provide_buffers(struct uring_sqe *sqe, u64 addr, s32 len, s32 nr, s32 bgid, s32_as_u64 bid);
void uring_prep_remove_buffers(struct uring_sqe *sqe, s32 nr, s32 bgid);
#endif
