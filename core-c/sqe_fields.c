/* The SQE's fields as a table JS can read from the module, so the decoder, the explorer and the layout
 * tests name and place every field from this one definition. Union members that share bytes each have
 * their own row; rows are in offset order. */
#include "ops/prep.h"

#define OFF(f) ((u16)__builtin_offsetof(struct uring_sqe, f))
#define ROW(name, f, size, sgn) { name, OFF(f), size, sgn }

struct uring_field { const char *name; u16 offset; u8 size; u8 is_signed; };

static const struct uring_field sqe_fields[] = {
  ROW("opcode", opcode, 1, 0),
  ROW("flags", flags, 1, 0),
  ROW("ioprio", ioprio, 2, 0),
  ROW("fd", fd, 4, 1),
  ROW("off", off, 8, 0),
  ROW("cmd_op", cmd_op, 4, 0),
  ROW("__pad1", __pad1, 4, 0),
  ROW("addr", addr, 8, 0),
  ROW("level", level, 4, 0),
  ROW("optname", optname, 4, 0),
  ROW("len", len, 4, 0),
  ROW("op_flags", rw_flags, 4, 0),
  ROW("user_data", user_data, 8, 0),
  ROW("buf_index", buf_index, 2, 0),
  ROW("personality", personality, 2, 0),
  ROW("file_index", file_index, 4, 0),
  ROW("addr_len", addr_len, 2, 0),
  ROW("__pad3", __pad3, 2, 0),
  ROW("addr3", addr3, 8, 0),
  ROW("__pad2", __pad2, 8, 0),
};
#define NFIELDS (sizeof sqe_fields / sizeof sqe_fields[0])

URING_EXPORT(sqe_field_count) u32 uring_sqe_field_count(void) { return NFIELDS; }
URING_EXPORT(sqe_field_name) const char *uring_sqe_field_name(u32 i) { return i < NFIELDS ? sqe_fields[i].name : 0; }
URING_EXPORT(sqe_field_offset) u32 uring_sqe_field_offset(u32 i) { return i < NFIELDS ? sqe_fields[i].offset : 0; }
URING_EXPORT(sqe_field_size) u32 uring_sqe_field_size(u32 i) { return i < NFIELDS ? sqe_fields[i].size : 0; }
URING_EXPORT(sqe_field_signed) u32 uring_sqe_field_signed(u32 i) { return i < NFIELDS ? sqe_fields[i].is_signed : 0; }

/* Write one field by table index: the explorer's raw encoder and the builders' optional fields. */
URING_EXPORT(sqe_set_field)
int uring_sqe_set_field(struct uring_sqe *sqe, u32 i, u32 lo, u32 hi) {
  if (i >= NFIELDS) return -1;
  u8 *p = (u8 *)sqe + sqe_fields[i].offset;
  u64 v = ((u64)hi << 32) | lo;
  for (u32 b = 0; b < sqe_fields[i].size; b++) p[b] = (u8)(v >> (8 * b)); /* little-endian, as the kernel */
  return 0;
}
