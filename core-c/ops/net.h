/* Sockets: socket, accept, connect, bind, listen, shutdown, send/recv and their msg, multishot and zero-copy forms, epoll_ctl, epoll_wait. */
#ifndef URING_OPS_NET_H
#define URING_OPS_NET_H
#include "../abi/abi.h"
void uring_prep_socket(struct uring_sqe *sqe, s32 domain, s32 type, s32 protocol, u32 flags);
void uring_prep_socket_direct(struct uring_sqe *sqe, s32 domain, s32 type, s32 protocol, u32 file_index, u32 flags);
void uring_prep_socket_direct_alloc(struct uring_sqe *sqe, s32 domain, s32 type, s32 protocol, u32 flags);
void uring_prep_accept(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags);
void uring_prep_accept_direct(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags, u32 file_index);
void uring_prep_multishot_accept(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags);
void uring_prep_multishot_accept_direct(struct uring_sqe *sqe, s32 fd, u64 addr, u64 addrlen, s32 flags);
void uring_prep_connect(struct uring_sqe *sqe, s32 fd, u64 addr, u32 addrlen);
void uring_prep_bind(struct uring_sqe *sqe, s32 fd, u64 addr, u32 addrlen);
void uring_prep_listen(struct uring_sqe *sqe, s32 fd, s32 backlog);
void uring_prep_shutdown(struct uring_sqe *sqe, s32 fd, s32 how);
void uring_prep_send(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags);
void uring_prep_send_set_addr(struct uring_sqe *sqe, u64 dest_addr, u16 addr_len); /* no wasm export: modifies a prepared SEND */
void uring_prep_sendto(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags, u64 addr, u32 addrlen);
void uring_prep_send_bundle(struct uring_sqe *sqe, s32 sockfd, u32 len, s32 flags);
void uring_prep_send_zc(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags, u32 zc_flags);
void uring_prep_send_zc_fixed(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags, u32 zc_flags, u32 buf_index);
void uring_prep_sendmsg(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags);
void uring_prep_sendmsg_zc(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags);
void uring_prep_sendmsg_zc_fixed(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags, u32 buf_index);
void uring_prep_recv(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags);
void uring_prep_recv_multishot(struct uring_sqe *sqe, s32 sockfd, u64 buf, u32 len, s32 flags);
void uring_prep_recvmsg(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags);
void uring_prep_recvmsg_multishot(struct uring_sqe *sqe, s32 fd, u64 msg, u32 flags);
void uring_prep_recv_zc(struct uring_sqe *sqe, s32 fd, u32 len, u32 zcrx_ifq_idx);
void uring_prep_epoll_ctl(struct uring_sqe *sqe, s32 epfd, s32 fd, s32 op, u64 ev);
void uring_prep_epoll_wait(struct uring_sqe *sqe, s32 fd, u64 events, s32 maxevents, u32 flags);
#endif
