/* provide_buffers, remove_buffers. */
#ifndef URING_OPS_BUFFERS_H
#define URING_OPS_BUFFERS_H
#include "../abi/abi.h"
#endif
