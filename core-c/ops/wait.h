/* waitid, futex wait / wake / waitv. */
#ifndef URING_OPS_WAIT_H
#define URING_OPS_WAIT_H
#include "../abi/abi.h"
#endif
