/* placeholder filled by the ABI work */
#ifndef URING_ABI_PROCESS_H
#define URING_ABI_PROCESS_H
#include "types.h"
#endif
