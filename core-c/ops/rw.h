/* Reads, writes and their vectored and fixed-buffer forms; nop. */
#ifndef URING_OPS_RW_H
#define URING_OPS_RW_H
#include "../abi/abi.h"
void uring_prep_nop(struct uring_sqe *sqe);
void uring_prep_nop128(struct uring_sqe *sqe);
void uring_prep_read(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset);
void uring_prep_write(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset);
void uring_prep_readv2(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags);
void uring_prep_writev2(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags);
void uring_prep_read_fixed(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset, s32 buf_index);
void uring_prep_write_fixed(struct uring_sqe *sqe, s32 fd, u64 buf, u32 nbytes, u64 offset, s32 buf_index);
void uring_prep_readv_fixed(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags, s32 buf_index);
void uring_prep_writev_fixed(struct uring_sqe *sqe, s32 fd, u64 iovecs, u32 nr_vecs, u64 offset, s32 flags, s32 buf_index);
void uring_prep_read_multishot(struct uring_sqe *sqe, s32 fd, u32 nbytes, u64 offset, s32 buf_group);
#endif
