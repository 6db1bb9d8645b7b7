/* async cancel by user_data (pointer and u64 forms) and by fd. */
#include "harness.h"

DIFF(cancel) {
  void *ud = rp(r); int fl = ri32(r);
  io_uring_prep_cancel(theirs, ud, fl);
  uring_prep_cancel(ours, (uintptr_t)ud, fl);
}

DIFF(cancel64) {
  uint64_t ud = rv(r); int fl = ri32(r);
  io_uring_prep_cancel64(theirs, ud, fl);
  uring_prep_cancel64(ours, ud, fl);
}

DIFF(cancel_fd) {
  int fd = ri32(r); unsigned fl = r32(r);
  io_uring_prep_cancel_fd(theirs, fd, fl);
  uring_prep_cancel_fd(ours, fd, fl);
}
