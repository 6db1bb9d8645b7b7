// The echo bench's load generator (bench/echo.ts runs it; `--gen node` picks the node:net one instead): one
// thread, epoll, non-blocking TCP sockets, so that at 200 connections the server, not the generator, sets the
// rate. Driven by line commands on stdin, one reply line each on stdout ("ok ..." or "error <why>"):
//
//   connect PORT N         open N connections to 127.0.0.1:PORT (TCP_NODELAY)   -> ok N
//   run MODE MS DEPTH      MODE ping-pong: each connection sends a 64-byte message and waits for its echo;
//                          MODE streamed: each keeps DEPTH messages in flight (refilled as echoes arrive).
//                          After MS ms no new messages; the run ends when every echo is back.
//                          -> ok MESSAGES ELAPSED_NS CPU_US P50_NS P99_NS   (round trips: ping-pong only, else 0)
//   close                  shut each connection down (FIN), wait for the server's FIN, close   -> ok
//   quit                   exit
//
// Every echoed byte is checked: message k of connection c carries c and k in its first 8 bytes and a fixed
// pattern after, so a wrong, reordered, stale or cross-connection byte fails the run ("error ...").
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define MAX_LAT (1u << 21)

struct conn {
  int fd;
  uint32_t id;
  uint64_t sent, done;    // messages sent / fully echoed this run
  uint32_t got;           // bytes of message `done` received so far
  uint8_t rx[MSG];        // message `done` as it arrives
  uint8_t *out;           // bytes not yet accepted by the kernel
  uint32_t out_off, out_len, out_cap;
  int want_out;           // EPOLLOUT registered
  uint64_t sent_at;       // ping-pong: when message `done` was sent
  int finished;
};

static struct conn *conns;
static int nconns, ep = -1;
static uint32_t *lat;
static uint32_t nlat;
static char err[256];

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint64_t cpu_us(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return (uint64_t)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000000u + (uint64_t)(r.ru_utime.tv_usec + r.ru_stime.tv_usec);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...) {
  if (err[0]) return; // keep the first failure
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, sizeof err, fmt, ap);
  va_end(ap);
}

/** Message `seq` of connection `id`. */
static void fill(uint8_t *m, uint32_t id, uint64_t seq) {
  uint32_t s = (uint32_t)seq;
  memcpy(m, &id, 4);
  memcpy(m + 4, &s, 4);
  for (int i = 8; i < MSG; i++) m[i] = (uint8_t)(32 + i);
}

static void set_out(struct conn *c, int on) {
  if (c->want_out == on) return;
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) fail("epoll_ctl: %s", strerror(errno));
  c->want_out = on;
}

/** Write what is pending; what the kernel does not take now waits for EPOLLOUT. */
static void flush(struct conn *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      fail("write: %s", strerror(errno));
      return;
    }
    c->out_off += (uint32_t)n;
  }
  if (c->out_off == c->out_len) c->out_off = c->out_len = 0;
  set_out(c, c->out_len != 0);
}

/** Queue messages sent..sent+k-1 and write them. */
static void send_msgs(struct conn *c, uint32_t k) {
  if (c->out_len + k * MSG > c->out_cap) {
    // Only if the kernel keeps refusing bytes (it does not on loopback at these depths): grow.
    uint32_t cap = (c->out_len + k * MSG) * 2;
    uint8_t *p = realloc(c->out, cap);
    if (!p) {
      fail("out of memory");
      return;
    }
    c->out = p;
    c->out_cap = cap;
  }
  for (uint32_t i = 0; i < k; i++) fill(c->out + c->out_len + i * MSG, c->id, c->sent + i);
  c->out_len += k * MSG;
  c->sent += k;
  flush(c);
}

/** Bytes echoed on `c`: check each message as it completes; returns how many completed. */
static uint32_t take(struct conn *c, const uint8_t *p, size_t n) {
  uint32_t k = 0;
  while (n) {
    if (c->done == c->sent) {
      fail("connection %u: %zu byte(s) echoed beyond what was sent", c->id, n);
      return k;
    }
    size_t m = MSG - c->got < n ? MSG - c->got : n;
    memcpy(c->rx + c->got, p, m);
    c->got += (uint32_t)m;
    p += m;
    n -= m;
    if (c->got < MSG) break;
    uint8_t want[MSG];
    fill(want, c->id, c->done);
    if (memcmp(c->rx, want, MSG)) {
      int at = 0;
      while (c->rx[at] == want[at]) at++;
      fail("connection %u, message %llu: wrong bytes echoed (byte %d is %u, sent %u)", c->id,
           (unsigned long long)c->done, at, c->rx[at], want[at]);
      return k;
    }
    c->got = 0;
    c->done++;
    k++;
  }
  return k;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/** Nearest rank, as bench/report.ts's quantile. */
static uint32_t quantile(double q) {
  if (!nlat) return 0;
  double r = q * nlat;
  long i = (long)r;
  if ((double)i < r) i++; // ceil
  i -= 1;
  if (i < 0) i = 0;
  if (i > (long)nlat - 1) i = (long)nlat - 1;
  return lat[i];
}

static void do_connect(int port, int n) {
  conns = calloc((size_t)n, sizeof *conns);
  if (!conns) {
    fail("out of memory");
    return;
  }
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < n; i++) {
    struct conn *c = &conns[i];
    c->id = (uint32_t)i;
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof a) < 0) {
      fail("connect %d of %d: %s", i + 1, n, strerror(errno));
      if (c->fd >= 0) close(c->fd);
      return;
    }
    nconns = i + 1; // from here on, do_close closes it
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fcntl(c->fd, F_SETFL, O_NONBLOCK) < 0) fail("fcntl: %s", strerror(errno));
    c->out_cap = 4096;
    c->out = malloc(c->out_cap);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (!c->out || epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) fail("setup: %s", strerror(errno));
  }
}

static void do_run(int pingpong, uint64_t ms, uint32_t depth, uint64_t *messages, uint64_t *elapsed, uint64_t *cpu) {
  static uint8_t buf[1 << 16];
  struct epoll_event evs[256];
  uint64_t total = 0, c0 = cpu_us(), t0 = now_ns();
  uint64_t deadline = t0 + ms * 1000000u, guard = deadline + 10000000000u;
  int active = nconns, stopped = 0;
  nlat = 0;
  for (int i = 0; i < nconns; i++) {
    struct conn *c = &conns[i];
    c->sent = c->done = 0;
    c->got = 0;
    c->finished = 0;
    c->sent_at = now_ns();
    send_msgs(c, pingpong ? 1 : depth);
  }
  while (active && !err[0]) {
    int n = epoll_wait(ep, evs, 256, 100);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("epoll_wait: %s", strerror(errno));
      break;
    }
    uint64_t now = now_ns();
    if (now >= deadline) stopped = 1;
    if (now >= guard) {
      fail("run did not drain within %llu ms (%d connection(s) still waiting)", (unsigned long long)(ms + 10000),
           active);
      break;
    }
    for (int e = 0; e < n && !err[0]; e++) {
      struct conn *c = evs[e].data.ptr;
      if (evs[e].events & EPOLLOUT) flush(c);
      if (!(evs[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
      ssize_t r = read(c->fd, buf, sizeof buf);
      if (r < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        fail("connection %u: read: %s", c->id, strerror(errno));
        break;
      }
      if (r == 0) {
        fail("connection %u: the server closed it", c->id);
        break;
      }
      uint32_t k = take(c, buf, (size_t)r);
      if (!k || c->finished) continue;
      total += k;
      now = now_ns();
      if (pingpong) {
        if (nlat < MAX_LAT) lat[nlat++] = (uint32_t)(now - c->sent_at > UINT32_MAX ? UINT32_MAX : now - c->sent_at);
        c->sent_at = now;
      }
      if (now < deadline && !stopped) send_msgs(c, k);
      else if (c->done == c->sent) {
        c->finished = 1;
        active--;
      }
    }
  }
  *elapsed = now_ns() - t0;
  *cpu = cpu_us() - c0;
  *messages = total;
  if (pingpong) qsort(lat, nlat, sizeof *lat, cmp_u32);
}

static void do_close(void) {
  static uint8_t buf[1 << 16];
  int open = 0;
  for (int i = 0; i < nconns; i++) {
    shutdown(conns[i].fd, SHUT_WR);
    set_out(&conns[i], 0);
    conns[i].finished = 0;
    open++;
  }
  uint64_t guard = now_ns() + 10000000000u;
  struct epoll_event evs[256];
  while (open && now_ns() < guard) {
    int n = epoll_wait(ep, evs, 256, 100);
    for (int e = 0; e < n; e++) {
      struct conn *c = evs[e].data.ptr;
      ssize_t r = read(c->fd, buf, sizeof buf);
      if ((r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) && !c->finished) {
        c->finished = 1;
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        open--;
      }
    }
  }
  if (open) fail("close: %d connection(s) not closed by the server within 10 s", open);
  for (int i = 0; i < nconns; i++) {
    close(conns[i].fd);
    free(conns[i].out);
  }
  free(conns);
  conns = NULL;
  nconns = 0;
}

int main(void) {
  char line[256];
  setvbuf(stdout, NULL, _IOLBF, 0);
  ep = epoll_create1(EPOLL_CLOEXEC);
  lat = malloc(MAX_LAT * sizeof *lat);
  if (ep < 0 || !lat) {
    printf("error setup: %s\n", strerror(errno));
    return 1;
  }
  while (fgets(line, sizeof line, stdin)) {
    char mode[32];
    int port, n;
    unsigned long long ms;
    unsigned depth;
    err[0] = 0;
    if (sscanf(line, "connect %d %d", &port, &n) == 2 && port > 0 && port < 65536 && n > 0) {
      if (conns) do_close();
      do_connect(port, n);
      if (err[0]) printf("error %s\n", err);
      else printf("ok %d\n", nconns);
    } else if (sscanf(line, "run %31s %llu %u", mode, &ms, &depth) == 3 && depth > 0 &&
               (!strcmp(mode, "ping-pong") || !strcmp(mode, "streamed"))) {
      uint64_t msgs, el, cpu;
      if (!nconns) {
        printf("error run: no connections\n");
        continue;
      }
      int pp = !strcmp(mode, "ping-pong");
      do_run(pp, ms, depth, &msgs, &el, &cpu);
      if (err[0]) printf("error %s\n", err);
      else
        printf("ok %llu %llu %llu %u %u\n", (unsigned long long)msgs, (unsigned long long)el, (unsigned long long)cpu,
               pp ? quantile(0.5) : 0, pp ? quantile(0.99) : 0);
    } else if (!strcmp(line, "close\n")) {
      do_close();
      if (err[0]) printf("error %s\n", err);
      else printf("ok\n");
    } else if (!strcmp(line, "quit\n")) {
      break;
    } else {
      printf("error unknown command: %.*s\n", (int)strcspn(line, "\n"), line);
    }
  }
  return 0;
}
