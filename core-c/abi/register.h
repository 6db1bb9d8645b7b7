/* placeholder filled by the ABI work */
#ifndef URING_ABI_REGISTER_H
#define URING_ABI_REGISTER_H
#include "types.h"
#endif
