/* uring_cmd and the socket commands. liburing 2.3 has none of these helpers (they came in 2.5-2.13); the
 * cases rebuild liburing 2.15's helpers from 2.3's io_uring_prep_rw and struct io_uring_sqe (whose 2.3
 * layout has no level/optname/optlen/optval names: level+optname is addr, optlen file_index, optval
 * addr3), so the field offsets are checked against liburing's own struct. */
#include <string.h>
#include "harness.h"

static void their_uring_cmd(struct io_uring_sqe *sqe, int op, uint32_t cmd_op, int fd) {
  io_uring_prep_rw(op, sqe, fd, NULL, 0, 0);
  sqe->cmd_op = cmd_op;
  sqe->__pad1 = 0;
}

DIFF(uring_cmd) {
  uint32_t op = r32(r); int fd = ri32(r); uint64_t c[2] = {rv(r), rv(r)};
  their_uring_cmd(theirs, IORING_OP_URING_CMD, op, fd);
  memcpy(theirs->cmd, c, sizeof c);
  uring_prep_uring_cmd(ours, op, fd, c[0], c[1]);
}

/* 128-byte SQE: ours is prepared in a 128-byte buffer pre-filled with garbage; its upper half must come
 * back zero, else the case is made to mismatch. */
DIFF(uring_cmd128) {
  uint32_t op = r32(r); int fd = ri32(r); uint64_t c[2] = {rv(r), rv(r)};
  union { struct uring_sqe sqe; unsigned char b[128]; } big;
  memset(&big, 0xa5, sizeof big);
  their_uring_cmd(theirs, 64 /* IORING_OP_URING_CMD128 */, op, fd);
  memcpy(theirs->cmd, c, sizeof c);
  uring_prep_uring_cmd128(&big.sqe, op, fd, c[0], c[1]);
  memcpy(ours, &big, 64);
  for (int i = 64; i < 128; i++)
    if (big.b[i]) ours->opcode ^= 0xff;
}

DIFF(cmd_sock) {
  int op = ri32(r), fd = ri32(r), level = ri32(r), optname = ri32(r); void *optval = rp(r); int optlen = ri32(r);
  their_uring_cmd(theirs, IORING_OP_URING_CMD, (uint32_t)op, fd);
  theirs->addr3 = (uintptr_t)optval;
  theirs->addr = (uint64_t)(uint32_t)level | (uint64_t)(uint32_t)optname << 32;
  theirs->file_index = (uint32_t)optlen;
  uring_prep_cmd_sock(ours, op, fd, level, optname, (uintptr_t)optval, optlen);
}

DIFF(cmd_getsockname) {
  int fd = ri32(r); void *sa = rp(r); void *len = rp(r); int peer = ri32(r);
  their_uring_cmd(theirs, IORING_OP_URING_CMD, 5 /* SOCKET_URING_OP_GETSOCKNAME */, fd);
  theirs->addr = (uintptr_t)sa;
  theirs->addr3 = (uintptr_t)len;
  theirs->file_index = (uint32_t)peer;
  uring_prep_cmd_getsockname(ours, fd, (uintptr_t)sa, (uintptr_t)len, peer);
}

DIFF(cmd_discard) {
  int fd = ri32(r); uint64_t off = rv(r), n = rv(r);
  their_uring_cmd(theirs, IORING_OP_URING_CMD, 0x1200 /* BLOCK_URING_CMD_DISCARD */, fd);
  theirs->addr = off;
  theirs->addr3 = n;
  uring_prep_cmd_discard(ours, fd, off, n);
}
