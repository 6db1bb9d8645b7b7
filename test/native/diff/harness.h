/* Differential harness: our prep functions against liburing's io_uring_prep_* (Debian liburing-dev 2.3)
 * on random inputs. Each DIFF(name) case fills one SQE with liburing and one with ours from the same
 * random values; main.c compares all 64 bytes. Cases register themselves in a linker section, so a group
 * file only has to be added to this folder. */
#ifndef URING_DIFF_HARNESS_H
#define URING_DIFF_HARNESS_H
#include <liburing.h>
#include <stdint.h>
#include "ops/ops.h"

struct rnd { uint64_t s; };

/* splitmix64: deterministic, seeded per case. */
static inline uint64_t r64(struct rnd *r) {
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
/* Edge values one time in eight: 0, all ones, sign bits. */
static inline uint64_t rv(struct rnd *r) {
  uint64_t x = r64(r);
  switch (x & 7) {
    case 0: return 0;
    case 1: return ~0ull;
    default: return r64(r);
  }
}
static inline uint32_t r32(struct rnd *r) { return (uint32_t)rv(r); }
static inline int32_t ri32(struct rnd *r) { return (int32_t)rv(r); }
static inline uint16_t r16(struct rnd *r) { return (uint16_t)rv(r); }
static inline void *rp(struct rnd *r) { return (void *)(uintptr_t)rv(r); }

struct diff_case {
  const char *name; /* the liburing helper's name without io_uring_prep_ */
  void (*run)(struct rnd *r, struct io_uring_sqe *theirs, struct uring_sqe *ours);
};

#define DIFF(name)                                                                              \
  static void diff_##name(struct rnd *r, struct io_uring_sqe *theirs, struct uring_sqe *ours); \
  static const struct diff_case diff_case_##name                                                \
      __attribute__((section("uring_diff"), used, aligned(sizeof(void *)))) = {#name, diff_##name}; \
  static void diff_##name(struct rnd *r, struct io_uring_sqe *theirs, struct uring_sqe *ours)
#endif
