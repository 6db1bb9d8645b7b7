/* Where free linear memory starts: JS carves rings and scratch space from here up (ts/core/memory.ts). */
#include "abi/types.h"
extern u8 __heap_base;
URING_EXPORT(heap_base) u32 uring_heap_base(void) { return (u32)(__SIZE_TYPE__)&__heap_base; }
