/* placeholder filled by the ABI work */
#ifndef URING_ABI_SETUP_H
#define URING_ABI_SETUP_H
#include "types.h"
#endif
