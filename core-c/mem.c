/* The compiler may emit calls to these for struct copies and clears; the core links no libc. */
#include "abi/types.h"
typedef __SIZE_TYPE__ usize;

void *memset(void *dst, int c, usize n) {
  u8 *d = dst;
  while (n--) *d++ = (u8)c;
  return dst;
}

void *memcpy(void *dst, const void *src, usize n) {
  u8 *d = dst;
  const u8 *s = src;
  while (n--) *d++ = *s++;
  return dst;
}
