/* provide_buffers, remove_buffers. */
#include "harness.h"

DIFF(provide_buffers) {
  void *addr = rp(r); int len = ri32(r), nr = ri32(r), bgid = ri32(r), bid = ri32(r);
  io_uring_prep_provide_buffers(theirs, addr, len, nr, bgid, bid);
  uring_prep_provide_buffers(ours, (uintptr_t)addr, len, nr, bgid, bid);
}

DIFF(remove_buffers) {
  int nr = ri32(r), bgid = ri32(r);
  io_uring_prep_remove_buffers(theirs, nr, bgid);
  uring_prep_remove_buffers(ours, nr, bgid);
}
