/* poll add (one-shot, multishot), poll remove, poll update (events, user_data). */
#ifndef URING_OPS_POLL_H
#define URING_OPS_POLL_H
#include "../abi/abi.h"
#endif
