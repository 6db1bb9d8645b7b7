/* WASM entry points for the prep functions. JS passes 64-bit values as (lo, hi) u32 pairs: a BigInt
 * parameter costs ~55 ns per call on Node 20, two i32s ~4 ns. Natively these macros expand to nothing.
 *
 *   URING_WASM_PREP(read, I32(fd), U64(addr), U32(len), U64(off))
 * exports prep_read(sqe, fd, addr_lo, addr_hi, len, off_lo, off_hi) calling uring_prep_read(sqe, fd, addr, len, off).
 *
 * Nobody writes those lines: scripts/wasm-exports.mjs reads the prototypes of core-c/ops/<group>.h and generates
 * wasm_exports.h (into build/gen/, on the include path of the wasm build) with URING_PARAMS_<name> (the list
 * above) and URING_EXPORTS_<group> (every URING_WASM_PREP of the group). Each core-c/ops/<group>.c ends with
 * URING_WASM_EXPORTS(<group>), so the wrappers are compiled beside the bodies they inline. */
#ifndef URING_WASM_EXPORT_H
#define URING_WASM_EXPORT_H

#define URING_P_I32(n) , s32 n
#define URING_P_U32(n) , u32 n
#define URING_P_U64(n) , u32 n##_lo, u32 n##_hi
#define URING_A_I32(n) , n
#define URING_A_U32(n) , n
#define URING_A_U64(n) , (((u64)n##_hi << 32) | (u64)n##_lo)

#define URING_MAP0()
#define URING_MAP1(m, a) m##a
#define URING_MAP2(m, a, ...) m##a URING_MAP1(m, __VA_ARGS__)
#define URING_MAP3(m, a, ...) m##a URING_MAP2(m, __VA_ARGS__)
#define URING_MAP4(m, a, ...) m##a URING_MAP3(m, __VA_ARGS__)
#define URING_MAP5(m, a, ...) m##a URING_MAP4(m, __VA_ARGS__)
#define URING_MAP6(m, a, ...) m##a URING_MAP5(m, __VA_ARGS__)
#define URING_MAP7(m, a, ...) m##a URING_MAP6(m, __VA_ARGS__)
#define URING_MAP8(m, a, ...) m##a URING_MAP7(m, __VA_ARGS__)
#define URING_MAP9(m, a, ...) m##a URING_MAP8(m, __VA_ARGS__)
#define URING_NARGS(...) URING_NARGS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define URING_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, n, ...) n
#define URING_CAT(a, b) URING_CAT_(a, b)
#define URING_CAT_(a, b) a##b
#define URING_MAP(m, ...) URING_CAT(URING_MAP, URING_NARGS(__VA_ARGS__))(m, __VA_ARGS__)

#if defined(__wasm__)
#include "wasm_exports.h"
#define URING_WASM_EXPORTS(group) URING_EXPORTS_##group
#define URING_WASM_PREP(name, ...)                                                              \
  __attribute__((export_name("prep_" #name), used)) void uring_wasm_prep_##name(                \
      struct uring_sqe *sqe URING_MAP(URING_P_, __VA_ARGS__)) {                                 \
    uring_prep_##name(sqe URING_MAP(URING_A_, __VA_ARGS__));                                   \
  }
#define URING_WASM_PREP0(name)                                                                  \
  __attribute__((export_name("prep_" #name), used)) void uring_wasm_prep_##name(struct uring_sqe *sqe) { \
    uring_prep_##name(sqe);                                                                     \
  }
#else
#define URING_WASM_EXPORTS(group)
#endif
#endif
