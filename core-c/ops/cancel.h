/* async cancel by user_data, fd, fixed fd, opcode, any, all. */
#ifndef URING_OPS_CANCEL_H
#define URING_OPS_CANCEL_H
#include "../abi/abi.h"
#endif
