/* Sockets: socket, accept, connect, bind, listen, shutdown, send/recv and their msg, multishot and zero-copy forms, epoll_ctl, epoll_wait. */
#include "prep.h"
#include "net.h"
