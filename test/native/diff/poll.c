/* poll add, multishot, remove, update. */
#include "harness.h"

DIFF(poll_add) {
  int fd = ri32(r); unsigned mask = r32(r);
  io_uring_prep_poll_add(theirs, fd, mask);
  uring_prep_poll_add(ours, fd, mask);
}

DIFF(poll_multishot) {
  int fd = ri32(r); unsigned mask = r32(r);
  io_uring_prep_poll_multishot(theirs, fd, mask);
  uring_prep_poll_multishot(ours, fd, mask);
}

DIFF(poll_remove) {
  uint64_t ud = rv(r);
  io_uring_prep_poll_remove(theirs, ud);
  uring_prep_poll_remove(ours, ud);
}

DIFF(poll_update) {
  uint64_t old_ud = rv(r), new_ud = rv(r); unsigned mask = r32(r), fl = r32(r);
  io_uring_prep_poll_update(theirs, old_ud, new_ud, mask, fl);
  uring_prep_poll_update(ours, old_ud, new_ud, mask, fl);
}
