/* Sockets: socket, accept, connect, bind, listen, shutdown, send/recv and their msg, multishot and zero-copy forms, epoll_ctl, epoll_wait. */
#include "prep.h"
#include "net.h"

/* Direct-descriptor target: slot+1, IORING_FILE_INDEX_ALLOC stays ALLOC (liburing >= 2.4 does the same;
 * 2.3 stored ALLOC+1 = 0, i.e. a plain fd). */
static inline void set_target_slot(struct uring_sqe *sqe, u32 file_index) {
  sqe->file_index = file_index == URING_FILE_INDEX_ALLOC ? URING_FILE_INDEX_ALLOC : file_index + 1;
}

/* socket(2): fd = domain, off = type (with SOCK_NONBLOCK / SOCK_CLOEXEC), len = protocol. The kernel
 * rejects non-zero rw_flags; liburing passes its flags argument through, so do we. */
void uring_prep_socket(struct uring_sqe *sqe, s32 domain, s32 type, s32 protocol, u32 flags) {
  uring_prep_rw(URING_OP_SOCKET, sqe, domain, 0, (u32)protocol, (u64)(s64)type);
  sqe->rw_flags = (s32)flags;
}

void uring_prep_socket_direct(struct uring_sqe *sqe, s32 domain, s32 type, s32 protocol, u32 file_index, u32 flags) {
  uring_prep_socket(sqe, domain, type, protocol, flags);
  set_target_slot(sqe, file_index);
}

void uring_prep_socket_direct_alloc(struct uring_sqe *sqe, s32 domain, s32 type, s32 protocol, u32 flags) {
  uring_prep_socket(sqe, domain, type, protocol, flags);
  sqe->file_index = URING_FILE_INDEX_ALLOC;
}

/* accept4(2): addr = sockaddr*, addr2 = socklen_t*, accept_flags = SOCK_NONBLOCK | SOCK_CLOEXEC. */
void uring_prep_accept(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags) {
  uring_prep_rw(URING_OP_ACCEPT, sqe, fd, addr, 0, addrlen);
  sqe->accept_flags = (u32)flags;
}

void uring_prep_accept_direct(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags, u32 file_index) {
  uring_prep_accept(sqe, fd, addr, addrlen, flags);
  set_target_slot(sqe, file_index);
}

void uring_prep_multishot_accept(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags) {
  uring_prep_accept(sqe, fd, addr, addrlen, flags);
  sqe->ioprio |= URING_ACCEPT_MULTISHOT;
}

void uring_prep_multishot_accept_direct(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags) {
  uring_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
  sqe->file_index = URING_FILE_INDEX_ALLOC;
}

/* connect(2) / bind(2): addr = sockaddr*, addr2 = its length (a value, not a pointer). */
void uring_prep_connect(struct uring_sqe *sqe, s32 fd, u64 addr, u32 addrlen) {
  uring_prep_rw(URING_OP_CONNECT, sqe, fd, addr, 0, addrlen);
}

/* The seed declared bind as returning the SQE by value; here it is an ordinary prep. */
void uring_prep_bind(struct uring_sqe *sqe, s32 fd, u64 addr, u32 addrlen) {
  uring_prep_rw(URING_OP_BIND, sqe, fd, addr, 0, addrlen);
}

/* listen(2): the backlog goes in len; the kernel rejects a non-zero addr (the seed's bug). */
void uring_prep_listen(struct uring_sqe *sqe, s32 fd, s32 backlog) {
  uring_prep_rw(URING_OP_LISTEN, sqe, fd, 0, (u32)backlog, 0);
}

void uring_prep_shutdown(struct uring_sqe *sqe, s32 fd, s32 how) {
  uring_prep_rw(URING_OP_SHUTDOWN, sqe, fd, 0, (u32)how, 0);
}

void uring_prep_send(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags) {
  uring_prep_rw(URING_OP_SEND, sqe, sockfd, buf, len, 0);
  sqe->msg_flags = (u32)flags;
}

/* Modifier, not a prep: adds a destination to a prepared SEND / SEND_ZC (sendto semantics). */
void uring_prep_send_set_addr(struct uring_sqe *sqe, u64 dest_addr, u16 addr_len) {
  sqe->addr2 = dest_addr;
  sqe->addr_len = addr_len;
}

void uring_prep_sendto(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags, u64 addr, u32 addrlen) {
  uring_prep_send(sqe, sockfd, buf, len, flags);
  uring_prep_send_set_addr(sqe, addr, (u16)addrlen);
}

/* Send from provided buffers (IOSQE_BUFFER_SELECT + buf_group, set by the caller), several per CQE. */
void uring_prep_send_bundle(struct uring_sqe *sqe, s32 sockfd, u32 len, s32 flags) {
  uring_prep_send(sqe, sockfd, 0, len, flags);
  sqe->ioprio |= URING_RECVSEND_BUNDLE;
}

void uring_prep_send_zc(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags, u32 zc_flags) {
  uring_prep_rw(URING_OP_SEND_ZC, sqe, sockfd, buf, len, 0);
  sqe->msg_flags = (u32)flags;
  sqe->ioprio = (u16)zc_flags;
}

void uring_prep_send_zc_fixed(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags, u32 zc_flags, u32 buf_index) {
  uring_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
  sqe->ioprio |= URING_RECVSEND_FIXED_BUF;
  sqe->buf_index = (u16)buf_index;
}

/* sendmsg(2) / recvmsg(2): addr = msghdr*, len = 1 (liburing's value; the kernel ignores it except as
 * the buffer length of a provided-buffer recvmsg). */
void uring_prep_sendmsg(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags) {
  uring_prep_rw(URING_OP_SENDMSG, sqe, fd, msg, 1, 0);
  sqe->msg_flags = flags;
}

void uring_prep_sendmsg_zc(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags) {
  uring_prep_sendmsg(sqe, fd, msg, flags);
  sqe->opcode = URING_OP_SENDMSG_ZC;
}

void uring_prep_sendmsg_zc_fixed(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags, u32 buf_index) {
  uring_prep_sendmsg_zc(sqe, fd, msg, flags);
  sqe->ioprio |= URING_RECVSEND_FIXED_BUF;
  sqe->buf_index = (u16)buf_index;
}

void uring_prep_recv(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags) {
  uring_prep_rw(URING_OP_RECV, sqe, sockfd, buf, len, 0);
  sqe->msg_flags = (u32)flags;
}

void uring_prep_recv_multishot(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags) {
  uring_prep_recv(sqe, sockfd, buf, len, flags);
  sqe->ioprio |= URING_RECV_MULTISHOT;
}

void uring_prep_recvmsg(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags) {
  uring_prep_rw(URING_OP_RECVMSG, sqe, fd, msg, 1, 0);
  sqe->msg_flags = flags;
}

void uring_prep_recvmsg_multishot(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags) {
  uring_prep_recvmsg(sqe, fd, msg, flags);
  sqe->ioprio |= URING_RECV_MULTISHOT;
}

/* Zero-copy receive into a registered zcrx interface queue (IORING_REGISTER_ZCRX_IFQ). liburing has no
 * helper; the kernel requires IORING_RECV_MULTISHOT and zero addr, addr2, addr3 and msg_flags. */
void uring_prep_recv_zc(struct uring_sqe *sqe, s32 fd, u32 len, u32 zcrx_ifq_idx) {
  uring_prep_rw(URING_OP_RECV_ZC, sqe, fd, 0, len, 0);
  sqe->ioprio = URING_RECV_MULTISHOT;
  sqe->zcrx_ifq_idx = zcrx_ifq_idx;
}

/* epoll_ctl(2): fd = epfd, addr = epoll_event*, len = op, off = the target fd (as u32, like liburing). */
void uring_prep_epoll_ctl(struct uring_sqe *sqe, s32 epfd, s32 fd, s32 op, u64 ev) {
  uring_prep_rw(URING_OP_EPOLL_CTL, sqe, epfd, ev, (u32)op, (u32)fd);
}

/* epoll_wait(2) without a timeout: addr = events, len = maxevents; the kernel requires rw_flags 0. */
void uring_prep_epoll_wait(struct uring_sqe *sqe, s32 fd, u64 events, s32 maxevents, u32 flags) {
  uring_prep_rw(URING_OP_EPOLL_WAIT, sqe, fd, events, (u32)maxevents, 0);
  sqe->rw_flags = (s32)flags;
}

/* prep_<name> for each prototype of net.h (wasm only; generated by scripts/wasm-exports.mjs). */
URING_WASM_EXPORTS(net)
