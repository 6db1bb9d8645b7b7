/* CQE batch parsing: N CQEs copied in bulk from the kernel's CQ (into `raw`, in ring order) become
 * structure-of-arrays the JS reads through typed-array views, with no object per CQE.
 *
 * Buffer id: F_BUFFER set -> flags >> 16 (0..65535); otherwise -1 (an s32 array, since 0xffff is a valid
 * buffer id). The four flag booleans are u8 arrays (0/1). On a CQE32 ring the extra 16 bytes are four
 * u32 words per CQE in `big` (big_cqe[0] lo, hi, big_cqe[1] lo, hi); on a 16-byte ring big is 0. */
#include "../abi/cqe.h"
#include "sq.h"
#include "cq.h"

struct uring_cqe_batch {
  u32 capacity;
  u32 count;           /* CQEs parsed by the last uring_cqe_batch_parse */
  u32 cqe_shift;       /* 4 or 5 */
  uring_uptr raw;      /* capacity << cqe_shift bytes: the copy destination */
  uring_uptr ud_lo;    /* u32[capacity] */
  uring_uptr ud_hi;    /* u32[capacity] */
  uring_uptr res;      /* s32[capacity] */
  uring_uptr flags;    /* u32[capacity] */
  uring_uptr buf_id;   /* s32[capacity]: -1 without F_BUFFER */
  uring_uptr more;     /* u8[capacity]: F_MORE */
  uring_uptr notif;    /* u8[capacity]: F_NOTIF */
  uring_uptr sock_nonempty; /* u8[capacity]: F_SOCK_NONEMPTY */
  uring_uptr buf_more; /* u8[capacity]: F_BUF_MORE */
  uring_uptr big;      /* u32[capacity * 4] with CQE32, else 0 */
};

#if defined(__wasm__)
_Static_assert(sizeof(struct uring_cqe_batch) == 56, "batch header");
#endif

#define HDR ((sizeof(struct uring_cqe_batch) + 63u) & ~63u)

static u32 align16(u32 n) { return (n + 15u) & ~15u; }

static u32 batch_bytes(u32 capacity, u32 shift) {
  u32 n = HDR;
  n += capacity << shift;                 /* raw */
  n += 5 * align16(capacity * 4);         /* ud_lo, ud_hi, res, flags, buf_id */
  n += 4 * align16(capacity);             /* booleans */
  if (shift == 5) n += align16(capacity * 16); /* big */
  return n;
}

/* Bytes a batch of `capacity` CQEs of `cqe_size` (16 or 32) needs; 0 for bad arguments. */
URING_EXPORT(cqe_batch_size)
u32 uring_cqe_batch_size(u32 capacity, u32 cqe_size) {
  if (capacity == 0 || capacity > 65536 || (cqe_size != 16 && cqe_size != 32)) return 0;
  return batch_bytes(capacity, cqe_size == 32 ? 5 : 4);
}

/* Lay out a batch in `mem` (cqe_batch_size bytes, 64-aligned). Returns 0 or -22 (EINVAL). */
URING_EXPORT(cqe_batch_init)
s32 uring_cqe_batch_init(struct uring_cqe_batch *b, u32 capacity, u32 cqe_size) {
  if (uring_cqe_batch_size(capacity, cqe_size) == 0) return -22;
  u32 shift = cqe_size == 32 ? 5 : 4;
  uring_uptr p = (uring_uptr)b + HDR;
  b->capacity = capacity;
  b->count = 0;
  b->cqe_shift = shift;
  b->raw = p;           p += capacity << shift;
  b->ud_lo = p;         p += align16(capacity * 4);
  b->ud_hi = p;         p += align16(capacity * 4);
  b->res = p;           p += align16(capacity * 4);
  b->flags = p;         p += align16(capacity * 4);
  b->buf_id = p;        p += align16(capacity * 4);
  b->more = p;          p += align16(capacity);
  b->notif = p;         p += align16(capacity);
  b->sock_nonempty = p; p += align16(capacity);
  b->buf_more = p;      p += align16(capacity);
  if (shift == 5) b->big = p;
  else b->big = 0;
  return 0;
}

/* Parse n CQEs at `src` (ring order, no wrap inside) into batch entries at..at+n-1. */
static void parse_range(struct uring_cqe_batch *b, const u8 *src, u32 at, u32 n) {
  u32 *ud_lo = (u32 *)b->ud_lo, *ud_hi = (u32 *)b->ud_hi, *flags = (u32 *)b->flags;
  s32 *res = (s32 *)b->res, *buf_id = (s32 *)b->buf_id;
  u8 *more = (u8 *)b->more, *notif = (u8 *)b->notif, *sne = (u8 *)b->sock_nonempty, *bmore = (u8 *)b->buf_more;
  u32 shift = b->cqe_shift;
  u32 *big = (u32 *)b->big;
  for (u32 j = 0; j < n; j++) {
    const struct uring_cqe *c = (const struct uring_cqe *)(src + ((uring_uptr)j << shift));
    u32 i = at + j;
    u32 f = c->flags;
    ud_lo[i] = (u32)c->user_data;
    ud_hi[i] = (u32)(c->user_data >> 32);
    res[i] = c->res;
    flags[i] = f;
    buf_id[i] = (f & URING_CQE_F_BUFFER) ? (s32)(f >> URING_CQE_BUFFER_SHIFT) : -1;
    more[i] = (f & URING_CQE_F_MORE) != 0;
    notif[i] = (f & URING_CQE_F_NOTIF) != 0;
    sne[i] = (f & URING_CQE_F_SOCK_NONEMPTY) != 0;
    bmore[i] = (f & URING_CQE_F_BUF_MORE) != 0;
    if (shift == 5) {
      u64 a = c->big_cqe[0], d = c->big_cqe[1];
      big[i * 4] = (u32)a;
      big[i * 4 + 1] = (u32)(a >> 32);
      big[i * 4 + 2] = (u32)d;
      big[i * 4 + 3] = (u32)(d >> 32);
    }
  }
}

/* Parse the first n CQEs of raw (n is clamped to the capacity). Returns the count parsed. */
URING_EXPORT(cqe_batch_parse)
u32 uring_cqe_batch_parse(struct uring_cqe_batch *b, u32 n) {
  if (n > b->capacity) n = b->capacity;
  parse_range(b, (const u8 *)b->raw, 0, n);
  b->count = n;
  return n;
}

/* In-place mode (IORING_SETUP_NO_MMAP: the kernel's CQE array lives in this module's memory at `cqes`):
 * take up to `max` ready CQEs as uring_cq_take does (max clamped to the batch capacity) and parse them
 * where the kernel wrote them, range by range (split at the wrap), into the batch: nothing is copied.
 * Returns how many; cq->head is then the head JS release-stores (after this call: the kernel must not
 * reuse the slots while they are read). */
URING_EXPORT(cq_take_parse)
u32 uring_cq_take_parse(struct uring_cq *cq, struct uring_cqe_batch *b, u32 tail, u32 max, uring_uptr cqes) {
  if (max > b->capacity) max = b->capacity;
  u32 n = uring_cq_take(cq, tail, max);
  u32 shift = b->cqe_shift;
  const u8 *base = (const u8 *)cqes;
  if (cq->nranges >= 1) parse_range(b, base + ((uring_uptr)cq->range_slot[0] << shift), 0, cq->range_count[0]);
  if (cq->nranges == 2) parse_range(b, base + ((uring_uptr)cq->range_slot[1] << shift), cq->range_count[0], cq->range_count[1]);
  b->count = n;
  return n;
}
