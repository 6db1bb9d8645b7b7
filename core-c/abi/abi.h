/* The io_uring kernel ABI, own definitions (no kernel headers). */
#ifndef URING_ABI_H
#define URING_ABI_H
#include "types.h"
#include "sqe.h"
#include "cqe.h"
#include "opflags.h"
#include "setup.h"
#include "register.h"
#include "process.h"
#endif
