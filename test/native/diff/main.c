/* Runs every DIFF case N times (argv[1], default 10000) and prints one line per case plus the list of
 * liburing helpers covered; exits 1 on any mismatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

extern const struct diff_case __start_uring_diff[], __stop_uring_diff[];

static void dump(const char *who, const void *p) {
  const unsigned char *b = p;
  printf("  %-7s", who);
  for (int i = 0; i < 64; i++) printf("%02x%s", b[i], (i % 8 == 7) ? " " : "");
  printf("\n");
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000;
  int bad = 0, cases = 0;
  for (const struct diff_case *c = __start_uring_diff; c < __stop_uring_diff; c++) {
    struct rnd r = {0x5eed0000ull ^ (uint64_t)(c - __start_uring_diff)};
    long mism = 0;
    for (long i = 0; i < n; i++) {
      struct io_uring_sqe theirs;
      struct uring_sqe ours;
      memset(&theirs, 0, sizeof theirs);
      memset(&ours, 0xa5, sizeof ours); /* ours must write every byte */
      c->run(&r, &theirs, &ours);
      if (memcmp(&theirs, &ours, 64) != 0) {
        if (mism++ < 3) {
          printf("MISMATCH %s input %ld\n", c->name, i);
          dump("liburing", &theirs);
          dump("ours", &ours);
        }
      }
    }
    printf("case %s: %ld inputs, %ld mismatches\n", c->name, n, mism);
    cases++;
    if (mism) bad++;
  }
  printf("total: %d cases, %d with mismatches\n", cases, bad);
  return bad ? 1 : 0;
}
