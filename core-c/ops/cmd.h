/* uring_cmd (64- and 128-byte SQEs) and the socket commands. */
#ifndef URING_OPS_CMD_H
#define URING_OPS_CMD_H
#include "../abi/abi.h"
#endif
