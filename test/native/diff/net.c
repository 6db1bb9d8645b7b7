/* Sockets: every liburing 2.3 helper of the group, then newer liburing helpers rebuilt from 2.3's
 * io_uring_prep_rw and the field assignments of liburing 2.15 (bind, listen, sendto, send_bundle,
 * sendmsg_zc_fixed, epoll_wait), against our preps. */
#include "harness.h"

/* liburing 2.3 stores file_index+1 even for IORING_FILE_INDEX_ALLOC (giving 0); newer liburing and we keep
 * ALLOC. Feed 2.3 what newer liburing would pass on. */
static unsigned alloc_as_newer(unsigned idx) {
  return idx == IORING_FILE_INDEX_ALLOC ? idx - 1 : idx;
}

DIFF(socket) {
  int dom = ri32(r), type = ri32(r), proto = ri32(r); unsigned fl = r32(r);
  io_uring_prep_socket(theirs, dom, type, proto, fl);
  uring_prep_socket(ours, dom, type, proto, fl);
}

DIFF(socket_direct) {
  int dom = ri32(r), type = ri32(r), proto = ri32(r); unsigned idx = r32(r), fl = r32(r);
  io_uring_prep_socket_direct(theirs, dom, type, proto, alloc_as_newer(idx), fl);
  uring_prep_socket_direct(ours, dom, type, proto, idx, fl);
}

DIFF(socket_direct_alloc) {
  int dom = ri32(r), type = ri32(r), proto = ri32(r); unsigned fl = r32(r);
  io_uring_prep_socket_direct_alloc(theirs, dom, type, proto, fl);
  uring_prep_socket_direct_alloc(ours, dom, type, proto, fl);
}

DIFF(accept) {
  int fd = ri32(r); void *addr = rp(r); void *len = rp(r); int fl = ri32(r);
  io_uring_prep_accept(theirs, fd, addr, len, fl);
  uring_prep_accept(ours, fd, (uintptr_t)addr, (uintptr_t)len, fl);
}

DIFF(accept_direct) {
  int fd = ri32(r); void *addr = rp(r); void *len = rp(r); int fl = ri32(r); unsigned idx = r32(r);
  io_uring_prep_accept_direct(theirs, fd, addr, len, fl, alloc_as_newer(idx));
  uring_prep_accept_direct(ours, fd, (uintptr_t)addr, (uintptr_t)len, fl, idx);
}

DIFF(multishot_accept) {
  int fd = ri32(r); void *addr = rp(r); void *len = rp(r); int fl = ri32(r);
  io_uring_prep_multishot_accept(theirs, fd, addr, len, fl);
  uring_prep_multishot_accept(ours, fd, (uintptr_t)addr, (uintptr_t)len, fl);
}

DIFF(multishot_accept_direct) {
  int fd = ri32(r); void *addr = rp(r); void *len = rp(r); int fl = ri32(r);
  io_uring_prep_multishot_accept_direct(theirs, fd, addr, len, fl);
  uring_prep_multishot_accept_direct(ours, fd, (uintptr_t)addr, (uintptr_t)len, fl);
}

DIFF(connect) {
  int fd = ri32(r); void *addr = rp(r); socklen_t len = r32(r);
  io_uring_prep_connect(theirs, fd, addr, len);
  uring_prep_connect(ours, fd, (uintptr_t)addr, len);
}

DIFF(bind) {
  int fd = ri32(r); void *addr = rp(r); socklen_t len = r32(r);
  io_uring_prep_rw(56 /* IORING_OP_BIND */, theirs, fd, addr, 0, len);
  uring_prep_bind(ours, fd, (uintptr_t)addr, len);
}

DIFF(listen) {
  int fd = ri32(r), backlog = ri32(r);
  io_uring_prep_rw(57 /* IORING_OP_LISTEN */, theirs, fd, 0, backlog, 0);
  uring_prep_listen(ours, fd, backlog);
}

DIFF(shutdown) {
  int fd = ri32(r), how = ri32(r);
  io_uring_prep_shutdown(theirs, fd, how);
  uring_prep_shutdown(ours, fd, how);
}

DIFF(send) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r);
  io_uring_prep_send(theirs, fd, buf, len, fl);
  uring_prep_send(ours, fd, (uintptr_t)buf, (uint32_t)len, fl);
}

/* liburing 2.3's modifier, applied after a send on both sides. */
DIFF(send_set_addr) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r); void *dest = rp(r); uint16_t alen = r16(r);
  io_uring_prep_send(theirs, fd, buf, len, fl);
  io_uring_prep_send_set_addr(theirs, dest, alen);
  uring_prep_send(ours, fd, (uintptr_t)buf, (uint32_t)len, fl);
  uring_prep_send_set_addr(ours, (uintptr_t)dest, alen);
}

DIFF(sendto) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r); void *dest = rp(r); socklen_t alen = r32(r);
  io_uring_prep_send(theirs, fd, buf, len, fl);
  io_uring_prep_send_set_addr(theirs, dest, (uint16_t)alen);
  uring_prep_sendto(ours, fd, (uintptr_t)buf, (uint32_t)len, fl, (uintptr_t)dest, alen);
}

DIFF(send_bundle) {
  int fd = ri32(r); size_t len = rv(r); int fl = ri32(r);
  io_uring_prep_send(theirs, fd, NULL, len, fl);
  theirs->ioprio |= 16; /* IORING_RECVSEND_BUNDLE */
  uring_prep_send_bundle(ours, fd, (uint32_t)len, fl);
}

DIFF(send_zc) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r); unsigned zc = r32(r);
  io_uring_prep_send_zc(theirs, fd, buf, len, fl, zc);
  uring_prep_send_zc(ours, fd, (uintptr_t)buf, (uint32_t)len, fl, zc);
}

DIFF(send_zc_fixed) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r); unsigned zc = r32(r), bi = r32(r);
  io_uring_prep_send_zc_fixed(theirs, fd, buf, len, fl, zc, bi);
  uring_prep_send_zc_fixed(ours, fd, (uintptr_t)buf, (uint32_t)len, fl, zc, bi);
}

DIFF(sendmsg) {
  int fd = ri32(r); void *msg = rp(r); unsigned fl = r32(r);
  io_uring_prep_sendmsg(theirs, fd, msg, fl);
  uring_prep_sendmsg(ours, fd, (uintptr_t)msg, fl);
}

DIFF(sendmsg_zc) {
  int fd = ri32(r); void *msg = rp(r); unsigned fl = r32(r);
  io_uring_prep_sendmsg_zc(theirs, fd, msg, fl);
  uring_prep_sendmsg_zc(ours, fd, (uintptr_t)msg, fl);
}

DIFF(sendmsg_zc_fixed) {
  int fd = ri32(r); void *msg = rp(r); unsigned fl = r32(r), bi = r32(r);
  io_uring_prep_sendmsg_zc(theirs, fd, msg, fl);
  theirs->ioprio |= IORING_RECVSEND_FIXED_BUF;
  theirs->buf_index = bi;
  uring_prep_sendmsg_zc_fixed(ours, fd, (uintptr_t)msg, fl, bi);
}

DIFF(recv) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r);
  io_uring_prep_recv(theirs, fd, buf, len, fl);
  uring_prep_recv(ours, fd, (uintptr_t)buf, (uint32_t)len, fl);
}

DIFF(recv_multishot) {
  int fd = ri32(r); void *buf = rp(r); size_t len = rv(r); int fl = ri32(r);
  io_uring_prep_recv_multishot(theirs, fd, buf, len, fl);
  uring_prep_recv_multishot(ours, fd, (uintptr_t)buf, (uint32_t)len, fl);
}

DIFF(recvmsg) {
  int fd = ri32(r); void *msg = rp(r); unsigned fl = r32(r);
  io_uring_prep_recvmsg(theirs, fd, msg, fl);
  uring_prep_recvmsg(ours, fd, (uintptr_t)msg, fl);
}

DIFF(recvmsg_multishot) {
  int fd = ri32(r); void *msg = rp(r); unsigned fl = r32(r);
  io_uring_prep_recvmsg_multishot(theirs, fd, msg, fl);
  uring_prep_recvmsg_multishot(ours, fd, (uintptr_t)msg, fl);
}

DIFF(epoll_ctl) {
  int epfd = ri32(r), fd = ri32(r), op = ri32(r); void *ev = rp(r);
  io_uring_prep_epoll_ctl(theirs, epfd, fd, op, ev);
  uring_prep_epoll_ctl(ours, epfd, fd, op, (uintptr_t)ev);
}

DIFF(epoll_wait) {
  int fd = ri32(r); void *evs = rp(r); int max = ri32(r); unsigned fl = r32(r);
  io_uring_prep_rw(59 /* IORING_OP_EPOLL_WAIT */, theirs, fd, evs, max, 0);
  theirs->rw_flags = fl;
  uring_prep_epoll_wait(ours, fd, (uintptr_t)evs, max, fl);
}
