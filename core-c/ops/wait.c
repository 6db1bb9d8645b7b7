/* waitid, futex wait / wake / waitv. */
#include "prep.h"
#include "wait.h"

/* fd = id, len = idtype, file_index = options (WEXITED...), off (addr2) = siginfo_t*, waitid_flags. */
void uring_prep_waitid(struct uring_sqe *sqe, u32 idtype, u32 id, u64 infop, s32 options, u32 flags) {
  uring_prep_rw(URING_OP_WAITID, sqe, (s32)id, 0, idtype, infop);
  sqe->waitid_flags = flags;
  sqe->file_index = (u32)options;
}
URING_WASM_PREP(waitid, U32(idtype), U32(id), U64(infop), I32(options), U32(flags))

/* fd = FUTEX2_* flags, addr = futex word, off (addr2) = value, addr3 = bitmask, futex_flags = flags. */
static inline void prep_futex(u8 op, struct uring_sqe *sqe, u64 futex, u64 val, u64 mask, u32 futex_flags, u32 flags) {
  uring_prep_rw(op, sqe, (s32)futex_flags, futex, 0, val);
  sqe->futex_flags = flags;
  sqe->addr3 = mask;
}

/* Wait while *futex == val; val: the expected value. */
void uring_prep_futex_wait(struct uring_sqe *sqe, u64 futex, u64 val, u64 mask, u32 futex_flags, u32 flags) {
  prep_futex(URING_OP_FUTEX_WAIT, sqe, futex, val, mask, futex_flags, flags);
}
URING_WASM_PREP(futex_wait, U64(futex), U64(val), U64(mask), U32(futex_flags), U32(flags))

/* Wake up to val waiters. */
void uring_prep_futex_wake(struct uring_sqe *sqe, u64 futex, u64 val, u64 mask, u32 futex_flags, u32 flags) {
  prep_futex(URING_OP_FUTEX_WAKE, sqe, futex, val, mask, futex_flags, flags);
}
URING_WASM_PREP(futex_wake, U64(futex), U64(val), U64(mask), U32(futex_flags), U32(flags))

void uring_prep_futex_waitv(struct uring_sqe *sqe, u64 futexv, u32 nr_futex, u32 flags) {
  uring_prep_rw(URING_OP_FUTEX_WAITV, sqe, 0, futexv, nr_futex, 0);
  sqe->futex_flags = flags;
}
URING_WASM_PREP(futex_waitv, U64(futexv), U32(nr_futex), U32(flags))
