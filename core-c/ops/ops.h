/* Every prep function's declaration. */
#ifndef URING_OPS_H
#define URING_OPS_H
#include "rw.h"
#include "fs.h"
#include "net.h"
#include "cmd.h"
#include "poll.h"
#include "timeout.h"
#include "cancel.h"
#include "msg.h"
#include "buffers.h"
#include "wait.h"
void uring_sqe_finish(struct uring_sqe *sqe, u32 ud_lo, u32 ud_hi, u32 flags, u32 personality, u32 buf_group);
void uring_sqe_fixed_file(struct uring_sqe *sqe, u32 slot);
#endif
