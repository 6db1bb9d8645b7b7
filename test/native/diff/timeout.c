/* timeout, timeout remove / update, link timeout. */
#include "harness.h"

DIFF(timeout) {
  void *ts = rp(r); unsigned count = r32(r), fl = r32(r);
  io_uring_prep_timeout(theirs, ts, count, fl);
  uring_prep_timeout(ours, (uintptr_t)ts, count, fl);
}

DIFF(timeout_remove) {
  uint64_t ud = rv(r); unsigned fl = r32(r);
  io_uring_prep_timeout_remove(theirs, ud, fl);
  uring_prep_timeout_remove(ours, ud, fl);
}

DIFF(timeout_update) {
  void *ts = rp(r); uint64_t ud = rv(r); unsigned fl = r32(r);
  io_uring_prep_timeout_update(theirs, ts, ud, fl);
  uring_prep_timeout_update(ours, (uintptr_t)ts, ud, fl);
}

DIFF(link_timeout) {
  void *ts = rp(r); unsigned fl = r32(r);
  io_uring_prep_link_timeout(theirs, ts, fl);
  uring_prep_link_timeout(ours, (uintptr_t)ts, fl);
}
