/* Fields any op may carry besides its own: user_data, IOSQE flags, personality, provided-buffer group. */
#include "ops/prep.h"

/* One call from JS for the common tail of every builder: OR the IOSQE flags (fixed_fd_install and
 * read_multishot set their own), set user_data, and personality / buf_group only when given, since
 * buf_group shares its slot with buf_index. */
URING_EXPORT(sqe_finish)
void uring_sqe_finish(struct uring_sqe *sqe, u32 ud_lo, u32 ud_hi, u32 flags, u32 personality, u32 buf_group) {
  sqe->user_data = ((u64)ud_hi << 32) | ud_lo;
  sqe->flags |= (u8)flags;
  if (personality) sqe->personality = (u16)personality;
  if (buf_group) sqe->buf_group = (u16)buf_group;
}

/* The seed's fixed_file, given a meaning: make an SQE address a registered (direct) file by its slot. */
URING_EXPORT(sqe_fixed_file)
void uring_sqe_fixed_file(struct uring_sqe *sqe, u32 slot) {
  sqe->fd = (s32)slot;
  sqe->flags |= URING_IOSQE_FIXED_FILE;
}
