/* Sockets: socket, accept, connect, bind, listen, shutdown, send/recv and their msg, multishot and zero-copy forms, epoll_ctl, epoll_wait. */
#ifndef URING_OPS_NET_H
#define URING_OPS_NET_H
#include "../abi/abi.h"
#endif
