/* msg_ring (liburing 2.3 has only the data form; the cqe_flags and fd forms are covered by golden vectors). */
#include "harness.h"

DIFF(msg_ring) {
  int fd = ri32(r); unsigned len = r32(r); uint64_t data = rv(r); unsigned fl = r32(r);
  io_uring_prep_msg_ring(theirs, fd, len, data, fl);
  uring_prep_msg_ring(ours, fd, len, data, fl);
}
