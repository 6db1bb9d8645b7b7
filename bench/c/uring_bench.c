/* The C baseline for bench/run.ts: io_uring with raw syscalls (io_uring_setup / io_uring_enter + mmap, no
 * liburing), doing exactly what the JS side does through the sync Ring: stage `batch` SQEs (each written in
 * full, as liburing's prep helpers do), submit and wait for all of them in one io_uring_enter, reap the CQEs
 * with one head store.
 *
 * With IORING_SETUP_SQPOLL in the setup flags it is the busy-poll loop instead: store the SQ tail and enter
 * only if the SQ thread sleeps (IORING_SQ_NEED_WAKEUP, read after a full fence, as liburing does), then spin
 * on the CQ tail until the batch's CQEs are there; never an enter to wait.
 *
 *   uring_bench nop  <batch> <ms> <entries> <setup-flags>[:<sq-cpu>]
 *   uring_bench read <batch> <ms> <entries> <setup-flags>[:<sq-cpu>] <file> <file-bytes>
 *
 * `:<sq-cpu>` (with IORING_SETUP_SQ_AFF in the flags) pins the SQ thread to that CPU.
 *
 * Runs for about `ms` milliseconds after a warm-up of a fifth of that (at least one batch), reading the clock
 * once per 256 ops. Prints one line: `mode batch ops ns errors` (errors: CQEs whose res was not the expected
 * value). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#define __NR_io_uring_enter 426
#endif

struct ring {
  int fd;
  unsigned *sq_head, *sq_tail, sq_mask, *sq_array, *sq_flags, sq_entries;
  unsigned *cq_head, *cq_tail, cq_mask;
  struct io_uring_sqe *sqes;
  struct io_uring_cqe *cqes;
  unsigned sqe_tail;
};

static void die(const char *what) {
  fprintf(stderr, "uring_bench: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void ring_setup(struct ring *r, unsigned entries, unsigned flags, unsigned sq_cpu) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  p.sq_thread_cpu = sq_cpu;
  p.sq_thread_idle = 2000; /* ms the SQ thread spins before it sleeps (SQPOLL; the JS rings use the same) */
  r->fd = (int)syscall(__NR_io_uring_setup, entries, &p);
  if (r->fd < 0) die("io_uring_setup");
  size_t sq_sz = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  size_t cq_sz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  if (sq_sz < cq_sz) sq_sz = cq_sz; /* IORING_FEAT_SINGLE_MMAP (5.4+) */
  char *sq = mmap(0, sq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
  if (sq == MAP_FAILED) die("mmap sq ring");
  char *cq = sq;
  r->sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
                 r->fd, IORING_OFF_SQES);
  if (r->sqes == MAP_FAILED) die("mmap sqes");
  r->sq_head = (unsigned *)(sq + p.sq_off.head);
  r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
  r->sq_mask = *(unsigned *)(sq + p.sq_off.ring_mask);
  r->sq_flags = (unsigned *)(sq + p.sq_off.flags);
  r->sq_entries = p.sq_entries;
  r->sq_array = (unsigned *)(sq + p.sq_off.array);
  r->cq_head = (unsigned *)(cq + p.cq_off.head);
  r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
  r->cq_mask = *(unsigned *)(cq + p.cq_off.ring_mask);
  r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
  for (unsigned i = 0; i <= r->sq_mask; i++) r->sq_array[i] = i;
  r->sqe_tail = *r->sq_tail;
}

static struct io_uring_sqe *get_sqe(struct ring *r) {
  struct io_uring_sqe *s = &r->sqes[r->sqe_tail & r->sq_mask];
  r->sqe_tail++;
  return s;
}

static void enter(struct ring *r, unsigned to_submit, unsigned min_complete, unsigned flags) {
  for (;;) {
    long ret = syscall(__NR_io_uring_enter, r->fd, to_submit, min_complete, flags, NULL, 0);
    if (ret >= 0) return;
    if (errno != EINTR) die("io_uring_enter");
  }
}

static void submit_and_wait(struct ring *r, unsigned n) {
  __atomic_store_n(r->sq_tail, r->sqe_tail, __ATOMIC_RELEASE);
  enter(r, n, n, IORING_ENTER_GETEVENTS);
}

/* SQPOLL: publish the tail; wake the SQ thread only if it went to sleep. */
static void submit_sqpoll(struct ring *r) {
  __atomic_store_n(r->sq_tail, r->sqe_tail, __ATOMIC_RELEASE);
  __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the tail store before the NEED_WAKEUP load (liburing's smp_mb) */
  if (__atomic_load_n(r->sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP) enter(r, 0, 0, IORING_ENTER_SQ_WAKEUP);
}

/* SQPOLL: the SQ thread stores its head after posting the CQEs, so all CQEs reaped does not yet mean room for
 * `n` more SQEs: spin until it has (waking it should it sleep). */
static void sq_room_sqpoll(struct ring *r, unsigned n) {
  while (r->sqe_tail - __atomic_load_n(r->sq_head, __ATOMIC_ACQUIRE) > r->sq_entries - n) {
    if (__atomic_load_n(r->sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP) enter(r, 0, 0, IORING_ENTER_SQ_WAKEUP);
  }
}

/* Reap what is ready; returns how many, counts CQEs whose res differs from `want`. */
static unsigned reap(struct ring *r, int want, unsigned long *errors) {
  unsigned head = *r->cq_head;
  unsigned tail = __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE);
  unsigned n = tail - head;
  for (; head != tail; head++) {
    struct io_uring_cqe *c = &r->cqes[head & r->cq_mask];
    if (c->res != want) (*errors)++;
  }
  __atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
  return n;
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint32_t rng = 2463534242u;
static uint32_t xorshift(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: uring_bench nop|read batch ms entries setup-flags[:sq-cpu] [file file-bytes]\n");
    return 2;
  }
  const char *mode = argv[1];
  unsigned batch = (unsigned)strtoul(argv[2], 0, 0);
  unsigned long ms = strtoul(argv[3], 0, 0);
  unsigned entries = (unsigned)strtoul(argv[4], 0, 0);
  char *rest;
  unsigned flags = (unsigned)strtoul(argv[5], &rest, 0);
  unsigned sq_cpu = *rest == ':' ? (unsigned)strtoul(rest + 1, 0, 0) : 0;
  int is_read = strcmp(mode, "read") == 0;
  if (!is_read && strcmp(mode, "nop") != 0) return 2;
  if (batch == 0 || batch > entries || ms == 0) return 2;
  int sqpoll = (flags & IORING_SETUP_SQPOLL) != 0;
  int file = -1;
  uint32_t blocks = 0;
  char *bufs = 0;
  if (is_read) {
    if (argc < 8) return 2;
    file = open(argv[6], O_RDONLY);
    if (file < 0) die("open");
    blocks = (uint32_t)(strtoull(argv[7], 0, 0) / 4096);
    if (posix_memalign((void **)&bufs, 4096, (size_t)batch * 4096)) die("posix_memalign");
    memset(bufs, 0, (size_t)batch * 4096);
  }
  struct ring r;
  ring_setup(&r, entries, flags, sq_cpu);
  unsigned long errors = 0;
  int want = is_read ? 4096 : 0;
  /* Read the clock once per `every` batches (>= 256 ops): a vDSO call per NOP would be measured too. */
  unsigned every = batch >= 256 ? 1 : 256 / batch;
  uint64_t start_ns = now_ns(), warm_until = start_ns + ms * 200000ull, end = 0, t0 = 0;
  unsigned long done = 0, start = 0;
  for (unsigned k = 0;; k++) {
    if (k % every == 0) {
      uint64_t t = now_ns();
      if (t0 == 0 && t >= warm_until && done > 0) {
        t0 = t;
        start = done;
        end = t + ms * 1000000ull;
      } else if (t0 != 0 && t >= end) {
        end = t;
        break;
      }
    }
    if (sqpoll) sq_room_sqpoll(&r, batch);
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_sqe *s = get_sqe(&r);
      memset(s, 0, sizeof *s);
      if (is_read) {
        s->opcode = IORING_OP_READ;
        s->fd = file;
        s->addr = (uint64_t)(uintptr_t)(bufs + (size_t)i * 4096);
        s->len = 4096;
        s->off = (uint64_t)(xorshift() % blocks) * 4096;
      } else {
        s->opcode = IORING_OP_NOP;
        s->fd = -1;
      }
      s->user_data = done + i;
    }
    if (sqpoll)
      submit_sqpoll(&r);
    else
      submit_and_wait(&r, batch);
    unsigned got = 0;
    while (got < batch) got += reap(&r, want, &errors);
    done += batch;
  }
  uint64_t ns = end - t0;
  unsigned long measured = done - start;
  printf("%s %u %lu %llu %lu\n", mode, batch, measured, (unsigned long long)ns, errors);
  return errors ? 1 : 0;
}
