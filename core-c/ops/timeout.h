/* timeout, timeout remove and update, link timeout. */
#ifndef URING_OPS_TIMEOUT_H
#define URING_OPS_TIMEOUT_H
#include "../abi/abi.h"
#endif
