/* uring_cmd (64- and 128-byte SQEs) and the socket commands.
 *
 * Command payload: the bytes from offset 48 (16 in a 64-byte SQE, 80 in a 128-byte one). The preps take the
 * first 16 bytes as two little-endian u64 words (cmd0 @48, cmd1 @56), which covers every 64-byte command;
 * for a 128-byte command the caller writes payload bytes 16..79 (SQE bytes 64..127) into the slot after
 * the prep, which leaves them zero. */
#include "prep.h"
#include "cmd.h"

/* liburing's __io_uring_prep_uring_cmd on a cleared SQE: opcode, fd, cmd_op, and __pad1 = 0. */
static inline void prep_cmd(struct uring_sqe *sqe, u8 op, u32 cmd_op, s32 fd) {
  uring_sqe_clear(sqe);
  sqe->opcode = op;
  sqe->fd = fd;
  sqe->cmd_op = cmd_op;
}

static inline void set_payload(struct uring_sqe *sqe, u64 cmd0, u64 cmd1) {
  sqe->addr3 = cmd0;
  sqe->__pad2[0] = cmd1;
}

void uring_prep_uring_cmd(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u64 cmd0, u64 cmd1) {
  prep_cmd(sqe, URING_OP_URING_CMD, cmd_op, fd);
  set_payload(sqe, cmd0, cmd1);
}
URING_WASM_PREP(uring_cmd, U32(cmd_op), I32(fd), U64(cmd0), U64(cmd1))

/* IORING_URING_CMD_FIXED: the command's data is in registered buffer buf_index. */
void uring_prep_uring_cmd_fixed(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u32 buf_index, u64 cmd0, u64 cmd1) {
  uring_prep_uring_cmd(sqe, cmd_op, fd, cmd0, cmd1);
  sqe->uring_cmd_flags = URING_URING_CMD_FIXED;
  sqe->buf_index = (u16)buf_index;
}
URING_WASM_PREP(uring_cmd_fixed, U32(cmd_op), I32(fd), U32(buf_index), U64(cmd0), U64(cmd1))

/* URING_CMD128 occupies 128 bytes (an SQE128 ring's slot, or two slots of an SQE_MIXED ring): the prep
 * writes all of them, the upper 64 as zero. */
void uring_prep_uring_cmd128(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u64 cmd0, u64 cmd1) {
  u64 *hi = (u64 *)sqe + 8;
  for (int i = 0; i < 8; i++) hi[i] = 0;
  prep_cmd(sqe, URING_OP_URING_CMD128, cmd_op, fd);
  set_payload(sqe, cmd0, cmd1);
}
URING_WASM_PREP(uring_cmd128, U32(cmd_op), I32(fd), U64(cmd0), U64(cmd1))

void uring_prep_uring_cmd128_fixed(struct uring_sqe *sqe, u32 cmd_op, s32 fd, u32 buf_index, u64 cmd0, u64 cmd1) {
  uring_prep_uring_cmd128(sqe, cmd_op, fd, cmd0, cmd1);
  sqe->uring_cmd_flags = URING_URING_CMD_FIXED;
  sqe->buf_index = (u16)buf_index;
}
URING_WASM_PREP(uring_cmd128_fixed, U32(cmd_op), I32(fd), U32(buf_index), U64(cmd0), U64(cmd1))

/* Socket commands (6.7): level @16, optname @20, optlen @44, optval @48. */
void uring_prep_cmd_sock(struct uring_sqe *sqe, s32 cmd_op, s32 fd, s32 level, s32 optname, u64 optval, s32 optlen) {
  prep_cmd(sqe, URING_OP_URING_CMD, (u32)cmd_op, fd);
  sqe->optval = optval;
  sqe->optname = (u32)optname;
  sqe->optlen = (u32)optlen;
  sqe->level = (u32)level;
}
URING_WASM_PREP(cmd_sock, I32(cmd_op), I32(fd), I32(level), I32(optname), U64(optval), I32(optlen))

/* getsockname(2) (peer 0) or getpeername(2) (peer 1): addr = sockaddr*, addr3 = socklen_t*, optlen = peer. */
void uring_prep_cmd_getsockname(struct uring_sqe *sqe, s32 fd, u64 sockaddr, u64 sockaddr_len, s32 peer) {
  prep_cmd(sqe, URING_OP_URING_CMD, URING_SOCKET_OP_GETSOCKNAME, fd);
  sqe->addr = sockaddr;
  sqe->addr3 = sockaddr_len;
  sqe->optlen = (u32)peer;
}
URING_WASM_PREP(cmd_getsockname, I32(fd), U64(sockaddr), U64(sockaddr_len), I32(peer))

/* Block device discard (6.12): addr = byte offset, addr3 = byte count. */
void uring_prep_cmd_discard(struct uring_sqe *sqe, s32 fd, u64 offset, u64 nbytes) {
  prep_cmd(sqe, URING_OP_URING_CMD, URING_BLOCK_CMD_DISCARD, fd);
  sqe->addr = offset;
  sqe->addr3 = nbytes;
}
URING_WASM_PREP(cmd_discard, I32(fd), U64(offset), U64(nbytes))
