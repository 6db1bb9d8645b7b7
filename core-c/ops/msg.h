/* msg_ring: data, data with CQE flags, passing a fixed file. */
#ifndef URING_OPS_MSG_H
#define URING_OPS_MSG_H
#include "../abi/abi.h"
#endif
