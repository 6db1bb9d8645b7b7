/* The C floor of an SQPOLL busy-poll loop for bench/ring-cost.ts: raw syscalls, no liburing. Stage `batch`
 * NOPs, release-store the SQ tail, wake the SQ thread only when it asks (IORING_SQ_NEED_WAKEUP), then spin on
 * the CQ tail (no io_uring_enter to wait) and store the head once per batch.
 *
 *   sqpoll_bench nop <batch> <ops> <entries> <setup-flags>    (IORING_SETUP_SQPOLL is always added)
 *
 * Prints `mode batch ops ns errors` like bench/c/uring_bench. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
  fprintf(stderr, "sqpoll_bench: %s: %s\n", what, strerror(errno));
  exit(2);
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 6 || strcmp(argv[1], "nop") != 0) {
    fprintf(stderr, "usage: sqpoll_bench nop batch ops entries setup-flags\n");
    return 2;
  }
  unsigned batch = (unsigned)strtoul(argv[2], 0, 0);
  unsigned long ops = strtoul(argv[3], 0, 0);
  unsigned entries = (unsigned)strtoul(argv[4], 0, 0);
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = (unsigned)strtoul(argv[5], 0, 0) | IORING_SETUP_SQPOLL;
  p.sq_thread_idle = 2000;
  if (batch == 0 || batch > entries) return 2;
  int fd = (int)syscall(__NR_io_uring_setup, entries, &p);
  if (fd < 0) die("io_uring_setup");
  size_t sq_sz = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  size_t cq_sz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  if (sq_sz < cq_sz) sq_sz = cq_sz;
  char *sq = mmap(0, sq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
  if (sq == MAP_FAILED) die("mmap sq ring");
  struct io_uring_sqe *sqes = mmap(0, p.sq_entries * sizeof *sqes, PROT_READ | PROT_WRITE,
                                   MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
  if (sqes == MAP_FAILED) die("mmap sqes");
  unsigned *sq_tail = (unsigned *)(sq + p.sq_off.tail), *sq_flags = (unsigned *)(sq + p.sq_off.flags);
  unsigned sq_mask = *(unsigned *)(sq + p.sq_off.ring_mask), *sq_array = (unsigned *)(sq + p.sq_off.array);
  unsigned *cq_head = (unsigned *)(sq + p.cq_off.head), *cq_tail = (unsigned *)(sq + p.cq_off.tail);
  unsigned cq_mask = *(unsigned *)(sq + p.cq_off.ring_mask);
  struct io_uring_cqe *cqes = (struct io_uring_cqe *)(sq + p.cq_off.cqes);
  for (unsigned i = 0; i <= sq_mask; i++) sq_array[i] = i;
  unsigned tail = *sq_tail, head = *cq_head;
  unsigned long errors = 0, warm = ops / 10 + batch, done = 0, start = 0, total = warm + ops;
  uint64_t t0 = 0;
  for (; done < total; done += batch) {
    if (done >= warm && t0 == 0) {
      t0 = now_ns();
      start = done;
    }
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_sqe *s = &sqes[tail++ & sq_mask];
      memset(s, 0, sizeof *s);
      s->opcode = IORING_OP_NOP;
      s->fd = -1;
      s->user_data = done + i;
    }
    __atomic_store_n(sq_tail, tail, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP)
      if (syscall(__NR_io_uring_enter, fd, 0, 0, IORING_ENTER_SQ_WAKEUP, NULL, 0) < 0) die("io_uring_enter");
    unsigned got = 0;
    while (got < batch) {
      unsigned t = __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE);
      for (; head != t; head++, got++)
        if (cqes[head & cq_mask].res != 0) errors++;
      __atomic_store_n(cq_head, head, __ATOMIC_RELEASE);
    }
  }
  uint64_t ns = now_ns() - t0;
  printf("nop %u %lu %llu %lu\n", batch, done - start, (unsigned long long)ns, errors);
  return errors ? 1 : 0;
}
