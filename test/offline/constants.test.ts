// The core's constant table (core-c/consts.c) against (a) the kernel uapi values, written out here, (b) every
// constant exported by ts/constants.ts and ts/opflags.ts, (c) every URING_* constant in core-c/abi/*.h,
// and (d) the system <linux/io_uring.h> (Debian's 6.1) through a native program, for every name it defines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from '../helpers/core.ts';
import { constantEntries } from '../../ts/layout.ts';
import * as TSC from '../../ts/constants.ts';
import * as TSF from '../../ts/opflags.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entries = constantEntries(core);
const byName = new Map(entries.map((e) => [e.name, e]));

test('constant table: names and C names are unique', () => {
  assert.is(byName.size, entries.length, 'duplicate kernel names');
  assert.is(new Set(entries.map((e) => e.cname)).size, entries.length, 'duplicate C names');
});

// (a) the kernel uapi: opcodes and flag values
const OPCODES =
  `NOP READV WRITEV FSYNC READ_FIXED WRITE_FIXED POLL_ADD POLL_REMOVE SYNC_FILE_RANGE SENDMSG RECVMSG TIMEOUT
  TIMEOUT_REMOVE ACCEPT ASYNC_CANCEL LINK_TIMEOUT CONNECT FALLOCATE OPENAT CLOSE FILES_UPDATE STATX READ WRITE FADVISE
  MADVISE SEND RECV OPENAT2 EPOLL_CTL SPLICE PROVIDE_BUFFERS REMOVE_BUFFERS TEE SHUTDOWN RENAMEAT UNLINKAT MKDIRAT
  SYMLINKAT LINKAT MSG_RING FSETXATTR SETXATTR FGETXATTR GETXATTR SOCKET URING_CMD SEND_ZC SENDMSG_ZC READ_MULTISHOT
  WAITID FUTEX_WAIT FUTEX_WAKE FUTEX_WAITV FIXED_FD_INSTALL FTRUNCATE BIND LISTEN RECV_ZC EPOLL_WAIT READV_FIXED
  WRITEV_FIXED PIPE NOP128 URING_CMD128 LAST`.split(/\s+/);

const REGISTER_OPS =
  `REGISTER_BUFFERS UNREGISTER_BUFFERS REGISTER_FILES UNREGISTER_FILES REGISTER_EVENTFD UNREGISTER_EVENTFD
  REGISTER_FILES_UPDATE REGISTER_EVENTFD_ASYNC REGISTER_PROBE REGISTER_PERSONALITY UNREGISTER_PERSONALITY
  REGISTER_RESTRICTIONS REGISTER_ENABLE_RINGS REGISTER_FILES2 REGISTER_FILES_UPDATE2 REGISTER_BUFFERS2
  REGISTER_BUFFERS_UPDATE REGISTER_IOWQ_AFF UNREGISTER_IOWQ_AFF REGISTER_IOWQ_MAX_WORKERS REGISTER_RING_FDS
  UNREGISTER_RING_FDS REGISTER_PBUF_RING UNREGISTER_PBUF_RING REGISTER_SYNC_CANCEL REGISTER_FILE_ALLOC_RANGE
  REGISTER_PBUF_STATUS REGISTER_NAPI UNREGISTER_NAPI REGISTER_CLOCK REGISTER_CLONE_BUFFERS REGISTER_SEND_MSG_RING
  REGISTER_ZCRX_IFQ REGISTER_RESIZE_RINGS REGISTER_MEM_REGION REGISTER_QUERY REGISTER_ZCRX_CTRL REGISTER_BPF_FILTER
  REGISTER_LAST`.split(/\s+/);

const bits = (prefix: string, names: string) =>
  Object.fromEntries(
    names
      .trim()
      .split(/\s+/)
      .map((n, i) => [`${prefix}${n}`, 2 ** i]),
  );

const ABI: Record<string, number> = {
  ...Object.fromEntries(OPCODES.map((n, i) => [`IORING_OP_${n}`, i])),
  ...Object.fromEntries(REGISTER_OPS.map((n, i) => [`IORING_${n}`, i])),
  IORING_REGISTER_USE_REGISTERED_RING: 2 ** 31,
  ...bits('IOSQE_', 'FIXED_FILE IO_DRAIN IO_LINK IO_HARDLINK ASYNC BUFFER_SELECT CQE_SKIP_SUCCESS'),
  ...bits(
    'IORING_SETUP_',
    `IOPOLL SQPOLL SQ_AFF CQSIZE CLAMP ATTACH_WQ R_DISABLED SUBMIT_ALL COOP_TASKRUN TASKRUN_FLAG
    SQE128 CQE32 SINGLE_ISSUER DEFER_TASKRUN NO_MMAP REGISTERED_FD_ONLY NO_SQARRAY HYBRID_IOPOLL CQE_MIXED SQE_MIXED SQ_REWIND`,
  ),
  ...bits(
    'IORING_FEAT_',
    `SINGLE_MMAP NODROP SUBMIT_STABLE RW_CUR_POS CUR_PERSONALITY FAST_POLL POLL_32BITS
    SQPOLL_NONFIXED EXT_ARG NATIVE_WORKERS RSRC_TAGS CQE_SKIP LINKED_FILE REG_REG_RING RECVSEND_BUNDLE MIN_TIMEOUT
    RW_ATTR NO_IOWAIT`,
  ),
  ...bits('IORING_ENTER_', 'GETEVENTS SQ_WAKEUP SQ_WAIT EXT_ARG REGISTERED_RING ABS_TIMER EXT_ARG_REG NO_IOWAIT'),
  IORING_RESTRICTION_REGISTER_OP: 0,
  IORING_RESTRICTION_SQE_OP: 1,
  IORING_RESTRICTION_SQE_FLAGS_ALLOWED: 2,
  IORING_RESTRICTION_SQE_FLAGS_REQUIRED: 3,
  IORING_REGISTER_FILES_SKIP: -2,
  IO_WQ_BOUND: 0,
  IO_WQ_UNBOUND: 1,
  IORING_SQ_NEED_WAKEUP: 1,
  IORING_SQ_CQ_OVERFLOW: 2,
  IORING_SQ_TASKRUN: 4,
  IORING_CQ_EVENTFD_DISABLED: 1,
  ...bits('IORING_CQE_F_', 'BUFFER MORE SOCK_NONEMPTY NOTIF BUF_MORE SKIP'),
  IORING_CQE_F_32: 1 << 15,
  IORING_CQE_BUFFER_SHIFT: 16,
  IORING_TIMESTAMP_HW_SHIFT: 16,
  IORING_TIMESTAMP_TYPE_SHIFT: 17,
  IORING_CQE_F_TSTAMP_HW: 1 << 16,
  IORING_OFF_SQ_RING: 0,
  IORING_OFF_CQ_RING: 0x8000000,
  IORING_OFF_SQES: 0x10000000,
  IORING_OFF_PBUF_RING: 0x80000000,
  IORING_OFF_PBUF_SHIFT: 16,
  IORING_OFF_MMAP_MASK: 0xf8000000,
  IORING_FSYNC_DATASYNC: 1,
  ...bits('IORING_TIMEOUT_', 'ABS UPDATE BOOTTIME REALTIME'),
  IORING_LINK_TIMEOUT_UPDATE: 16,
  IORING_TIMEOUT_ETIME_SUCCESS: 32,
  IORING_TIMEOUT_MULTISHOT: 64,
  IORING_TIMEOUT_IMMEDIATE_ARG: 128,
  IORING_TIMEOUT_CLOCK_MASK: 4 | 8,
  IORING_TIMEOUT_UPDATE_MASK: 2 | 16,
  ...bits('IORING_POLL_', 'ADD_MULTI UPDATE_EVENTS UPDATE_USER_DATA ADD_LEVEL'),
  ...bits('IORING_ASYNC_CANCEL_', 'ALL FD ANY FD_FIXED USERDATA OP'),
  IORING_RECVSEND_POLL_FIRST: 1,
  IORING_RECV_MULTISHOT: 2,
  IORING_RECVSEND_FIXED_BUF: 4,
  IORING_SEND_ZC_REPORT_USAGE: 8,
  IORING_RECVSEND_BUNDLE: 16,
  IORING_SEND_VECTORIZED: 32,
  IORING_NOTIF_USAGE_ZC_COPIED: 2 ** 31,
  ...bits('IORING_ACCEPT_', 'MULTISHOT DONTWAIT POLL_FIRST'),
  ...bits('SPLICE_F_', 'MOVE NONBLOCK MORE GIFT'),
  SPLICE_F_FD_IN_FIXED: 2 ** 31,
  IORING_MSG_DATA: 0,
  IORING_MSG_SEND_FD: 1,
  IORING_MSG_RING_CQE_SKIP: 1,
  IORING_MSG_RING_FLAGS_PASS: 2,
  IORING_URING_CMD_FIXED: 1,
  IORING_FIXED_FD_NO_CLOEXEC: 1,
  IORING_NOP_INJECT_RESULT: 1,
  IORING_NOP_CQE32: 32,
  IORING_RW_ATTR_FLAG_PI: 1,
  IORING_FILE_INDEX_ALLOC: 0xffffffff,
  ...Object.fromEntries(
    'SIOCINQ SIOCOUTQ GETSOCKOPT SETSOCKOPT TX_TIMESTAMP GETSOCKNAME'
      .split(' ')
      .map((n, i) => [`SOCKET_URING_OP_${n}`, i]),
  ),
  IOU_PBUF_RING_MMAP: 1,
  IOU_PBUF_RING_INC: 2,
  // values inside the register structs
  IORING_RSRC_REGISTER_SPARSE: 1,
  IO_URING_OP_SUPPORTED: 1,
  IORING_REGISTER_SRC_REGISTERED: 1,
  IORING_REGISTER_DST_REPLACE: 2,
  IORING_REG_WAIT_TS: 1,
};

test('the C table has every constant written out here with its value', () => {
  assert.is(OPCODES.length, 66);
  assert.is(REGISTER_OPS.length, 39);
  const wrong: string[] = [];
  for (const [name, want] of Object.entries(ABI)) {
    const e = byName.get(name);
    if (!e) wrong.push(`${name}: missing`);
    else if (e.value !== want) wrong.push(`${name}: ${e.value} != ${want}`);
  }
  assert.equal(wrong, []);
});

// (b) ts/constants.ts and ts/opflags.ts. Each exported group maps its keys to kernel names.
type Namer = (key: string) => string;
const prefix =
  (p: string, except: Record<string, string> = {}): Namer =>
  (k) =>
    except[k] ?? `${p}${k}`;

const GROUPS: Record<string, Namer> = {
  // ts/constants.ts
  OP: prefix('IORING_OP_'),
  IOSQE: prefix('IOSQE_', { ALL: 'URING_IOSQE_ALL' }),
  CQE_F: prefix('IORING_CQE_F_', { F32: 'IORING_CQE_F_32' }),
  SETUP: prefix('IORING_SETUP_'),
  FEAT: prefix('IORING_FEAT_'),
  ENTER: prefix('IORING_ENTER_'),
  SQ_RING: prefix('IORING_SQ_'),
  CQ_RING: prefix('IORING_CQ_'),
  OFF: prefix('IORING_OFF_'),
  REGISTER: (k) => (k.startsWith('UNREGISTER_') ? `IORING_${k}` : `IORING_REGISTER_${k}`),
  RESTRICTION: prefix('IORING_RESTRICTION_'),
  RSRC: prefix('IORING_RSRC_'),
  IO_WQ: prefix('IO_WQ_'),
  PBUF_RING: prefix('IOU_PBUF_RING_'),
  PROBE_OP: () => 'IO_URING_OP_SUPPORTED',
  CLONE_BUFFERS: prefix('IORING_REGISTER_'),
  MEM_REGION: prefix('IORING_MEM_REGION_'),
  REG_WAIT: prefix('IORING_REG_WAIT_'),
  // ts/opflags.ts
  FSYNC: prefix('IORING_FSYNC_'),
  TIMEOUT: prefix('IORING_TIMEOUT_', { LINK_TIMEOUT_UPDATE: 'IORING_LINK_TIMEOUT_UPDATE' }),
  POLL: prefix('IORING_POLL_'),
  ASYNC_CANCEL: prefix('IORING_ASYNC_CANCEL_'),
  RECVSEND: prefix('IORING_RECVSEND_', {
    RECV_MULTISHOT: 'IORING_RECV_MULTISHOT',
    SEND_ZC_REPORT_USAGE: 'IORING_SEND_ZC_REPORT_USAGE',
    SEND_VECTORIZED: 'IORING_SEND_VECTORIZED',
  }),
  ACCEPT: prefix('IORING_ACCEPT_'),
  SPLICE_F: prefix('SPLICE_F_'),
  MSG_RING: prefix('IORING_MSG_RING_', { DATA: 'IORING_MSG_DATA', SEND_FD: 'IORING_MSG_SEND_FD' }),
  URING_CMD: prefix('IORING_URING_CMD_'),
  FIXED_FD: prefix('IORING_FIXED_FD_'),
  NOP: prefix('IORING_NOP_'),
  RW_ATTR: prefix('IORING_RW_ATTR_'),
  SOCKET_URING_OP: prefix('SOCKET_URING_OP_'),
};
/** Top-level numeric exports and their kernel names. */
const SINGLES: Record<string, string> = {
  OP_LAST: 'IORING_OP_LAST',
  CQE_BUFFER_SHIFT: 'IORING_CQE_BUFFER_SHIFT',
  FILE_INDEX_ALLOC: 'IORING_FILE_INDEX_ALLOC',
  AT_FDCWD: 'AT_FDCWD',
  TIMESTAMP_HW_SHIFT: 'IORING_TIMESTAMP_HW_SHIFT',
  TIMESTAMP_TYPE_SHIFT: 'IORING_TIMESTAMP_TYPE_SHIFT',
  REGISTER_FILES_SKIP: 'IORING_REGISTER_FILES_SKIP',
  NOTIF_USAGE_ZC_COPIED: 'IORING_NOTIF_USAGE_ZC_COPIED',
};
/** Exports that are not kernel constants. */
const NOT_CONSTANTS = new Set(['OP_NAMES', 'OP_SINCE']);

for (const [file, mod] of [
  ['ts/constants.ts', TSC],
  ['ts/opflags.ts', TSF],
] as const) {
  test(`every constant of ${file} equals the C table`, () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [exp, v] of Object.entries(mod as Record<string, unknown>)) {
      if (NOT_CONSTANTS.has(exp) || typeof v === 'function') continue;
      const pairs: [string, unknown][] = [];
      if (typeof v === 'number' || typeof v === 'bigint') {
        const k = SINGLES[exp];
        if (!k) {
          wrong.push(`${exp}: no kernel name known to this test`);
          continue;
        }
        pairs.push([k, v]);
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        const namer = GROUPS[exp];
        if (!namer) {
          wrong.push(`${exp}: no kernel name mapping known to this test`);
          continue;
        }
        for (const [k, x] of Object.entries(v)) pairs.push([namer(k), x]);
      } else {
        wrong.push(`${exp}: unexpected export`);
        continue;
      }
      for (const [k, x] of pairs) {
        const e = byName.get(k);
        checked++;
        if (!e) wrong.push(`${exp} → ${k}: not in the C table`);
        else if (e.value !== x) wrong.push(`${exp} → ${k}: TS ${String(x)} != C ${String(e.value)}`);
      }
    }
    assert.equal(wrong, []);
    assert.ok(checked >= (file === 'ts/constants.ts' ? 150 : 40), `only ${checked} constants checked`);
  });
}

// (c) every URING_* constant in core-c/abi/*.h is in the table
test('every named constant of core-c/abi/*.h is in the C table', () => {
  const dir = join(root, 'core-c/abi');
  const names = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.h'))) {
    const src = readFileSync(join(dir, f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    // object-like macros with a value (not header guards, not function-like macros)
    for (const m of src.matchAll(/^#define\s+(URING_\w+)[ \t]+\S/gm)) names.add(m[1]!);
    // enumerators
    for (const m of src.matchAll(/\benum\s+\w*\s*\{([^}]*)\}/g))
      for (const e of m[1]!.matchAll(/(URING_\w+)\s*(?:=[^,]*)?(?:,|$)/g)) names.add(e[1]!);
  }
  assert.ok(names.size > 200, `only ${names.size} constants found in the headers`);
  const have = new Set(entries.map((e) => e.cname));
  const missing = [...names].filter((n) => !have.has(n)).sort();
  assert.equal(missing, [], `not in core-c/consts.c: ${missing.join(', ')}`);
});

// (d) the system <linux/io_uring.h> (Debian bookworm: Linux 6.1 uapi)
/** Grow with every kernel: the system header's value is its own count, not ours. */
const VERSIONED = (n: string) => n.endsWith('_LAST');

function systemEnumerators(header: string): Set<string> {
  const src = header.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const out = new Set<string>();
  for (const m of src.matchAll(/\benum\s*\w*\s*\{([^}]*)\}/g))
    for (const e of m[1]!.split(',')) {
      const id = /^\s*([A-Za-z_]\w*)/.exec(e);
      if (id) out.add(id[1]!);
    }
  return out;
}

test('constants = the system <linux/io_uring.h> for every name it defines', () => {
  const headerPath = '/usr/include/linux/io_uring.h';
  const enums = systemEnumerators(readFileSync(headerPath, 'utf8'));
  const names = entries.map((e) => e.name).filter((n) => /^[A-Z_][A-Z0-9_]*$/.test(n) && !VERSIONED(n));
  let prog =
    '#define _GNU_SOURCE\n#include <stdio.h>\n#include <fcntl.h>\n#include <linux/io_uring.h>\n#define P(n) printf("%s %lld\\n", #n, (long long)(n))\nint main(void) {\n';
  for (const n of names) prog += enums.has(n) ? `  P(${n});\n` : `#ifdef ${n}\n  P(${n});\n#endif\n`;
  prog += '  return 0;\n}\n';
  const dir = mkdtempSync(join(tmpdir(), 'uring-consts-'));
  let out: string;
  try {
    writeFileSync(join(dir, 'c.c'), prog);
    execFileSync('gcc', ['-std=gnu11', '-Wall', '-Werror', '-o', join(dir, 'c'), join(dir, 'c.c')], { stdio: 'pipe' });
    out = execFileSync(join(dir, 'c'), { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wrong: string[] = [];
  const seen = new Set<string>();
  for (const line of out.trim().split('\n')) {
    const [n, v] = line.split(' ') as [string, string];
    seen.add(n);
    const ours = byName.get(n)!.value;
    // the header's unsigned values were printed as long long; ours are unsigned unless declared signed
    if (BigInt(v) !== BigInt(ours)) wrong.push(`${n}: system ${v} != ours ${ours}`);
  }
  assert.equal(wrong, []);
  assert.ok(seen.size >= 150, `only ${seen.size} constants compared`);
  for (const n of [
    'IORING_OP_SENDMSG_ZC',
    'IORING_REGISTER_FILE_ALLOC_RANGE',
    'IORING_SETUP_DEFER_TASKRUN',
    'IORING_FEAT_LINKED_FILE',
    'IORING_ENTER_REGISTERED_RING',
    'IOSQE_CQE_SKIP_SUCCESS',
    'IORING_CQE_BUFFER_SHIFT',
    'IO_WQ_UNBOUND',
    'IORING_RESTRICTION_SQE_FLAGS_REQUIRED',
    'AT_FDCWD',
    'SPLICE_F_MOVE',
  ])
    assert.ok(seen.has(n), `${n} was not compared with the system header`);
});

test.run();
