/* Fixed-width types without libc: the core is freestanding C11 (clang for wasm32, gcc natively). */
#ifndef URING_ABI_TYPES_H
#define URING_ABI_TYPES_H
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
_Static_assert(sizeof(u16) == 2 && sizeof(u32) == 4 && sizeof(u64) == 8, "fixed widths");

/* A 32-bit prep parameter whose value lands in a 64-bit SQE field (off, addr3). Its builder argument is a
 * 2-word kind (the decoder gives the field back whole), so the WASM export takes it as a u64 (lo, hi) pair
 * and passes the low 32 bits on; natively it is just the 32-bit type (scripts/wasm-exports.mjs reads it). */
typedef s32 s32_as_u64;
typedef u32 u32_as_u64;

/* Exported from the wasm module under its own name; a plain function natively. */
#if defined(__wasm__)
#define URING_EXPORT(name) __attribute__((export_name(#name), used, visibility("default")))
#else
#define URING_EXPORT(name)
#endif
#endif
