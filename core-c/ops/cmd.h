/* uring_cmd (64- and 128-byte SQEs) and the socket commands. */
#ifndef URING_OPS_CMD_H
#define URING_OPS_CMD_H
#include "../abi/abi.h"
/* BLOCK_URING_CMD_DISCARD = _IO(0x12, 0), linux/fs.h (6.12) */
#define URING_BLOCK_CMD_DISCARD 0x1200u
void uring_prep_uring_cmd(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u64 cmd0, u64 cmd1);
void uring_prep_uring_cmd_fixed(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u32 buf_index, u64 cmd0, u64 cmd1);
void uring_prep_uring_cmd128(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u64 cmd0, u64 cmd1);
void uring_prep_uring_cmd128_fixed(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u32 buf_index, u64 cmd0, u64 cmd1);
void uring_prep_cmd_sock(struct uring_sqe *sqe, s32 cmd_op, s32 fd, s32 level, s32 optname, u64 optval, s32 optlen);
void uring_prep_cmd_getsockname(struct uring_sqe *sqe, s32 fd, u64 sockaddr, u64 sockaddr_len, s32 peer);
void uring_prep_cmd_discard(struct uring_sqe *sqe, s32 fd, u64 offset, u64 nbytes);
#endif
