// The core's struct layout table (core-c/layout.c) against (a) an expected table written here from
// the kernel uapi, (b) the system headers (Debian's 6.1 <linux/io_uring.h>, glibc) through a native
// program compiled with gcc, and (c) the TypeScript list of SQE field names against the core's SQE table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from '../helpers/core.ts';
import { layoutTables } from '../../ts/layout.ts';
import { SQE_FIELDS, sqeFields } from '../../ts/sqe/fields.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tables = layoutTables(core);

// 'name@offset:size ...'; size 0 = variable-length trailing array.
const OP_FLAGS = [
  'rw_flags',
  'fsync_flags',
  'poll32_events',
  'sync_range_flags',
  'msg_flags',
  'timeout_flags',
  'accept_flags',
  'cancel_flags',
  'open_flags',
  'statx_flags',
  'fadvise_advice',
  'splice_flags',
  'rename_flags',
  'unlink_flags',
  'hardlink_flags',
  'xattr_flags',
  'msg_ring_flags',
  'uring_cmd_flags',
  'waitid_flags',
  'futex_flags',
  'install_fd_flags',
  'nop_flags',
  'pipe_flags',
]
  .map((n) => `${n}@28:4`)
  .join(' ');

const EXPECT: Record<string, [size: number, fields: string]> = {
  sqe: [
    64,
    `opcode@0:1 flags@1:1 ioprio@2:2 fd@4:4 off@8:8 addr2@8:8 cmd_op@8:4 __pad1@12:4 addr@16:8
    splice_off_in@16:8 level@16:4 optname@20:4 len@24:4 ${OP_FLAGS} poll_events@28:2 user_data@32:8 buf_index@40:2
    buf_group@40:2 personality@42:2 splice_fd_in@44:4 file_index@44:4 zcrx_ifq_idx@44:4 optlen@44:4 addr_len@44:2
    __pad3@46:2 addr3@48:8 __pad2@56:8 attr_ptr@48:8 attr_type_mask@56:8 optval@48:8 cmd@48:0`,
  ],
  cqe: [16, 'user_data@0:8 res@8:4 flags@12:4 big_cqe@16:0'],
  params: [
    120,
    `sq_entries@0:4 cq_entries@4:4 flags@8:4 sq_thread_cpu@12:4 sq_thread_idle@16:4 features@20:4
    wq_fd@24:4 resv@28:12 sq_off@40:40 cq_off@80:40`,
  ],
  sqring_offsets: [
    40,
    `head@0:4 tail@4:4 ring_mask@8:4 ring_entries@12:4 flags@16:4 dropped@20:4 array@24:4
    resv1@28:4 user_addr@32:8`,
  ],
  cqring_offsets: [
    40,
    `head@0:4 tail@4:4 ring_mask@8:4 ring_entries@12:4 overflow@16:4 cqes@20:4 flags@24:4
    resv1@28:4 user_addr@32:8`,
  ],
  getevents_arg: [24, 'sigmask@0:8 sigmask_sz@8:4 min_wait_usec@12:4 ts@16:8'],
  kernel_timespec: [16, 'tv_sec@0:8 tv_nsec@8:8'],
  reg_wait: [64, 'ts@0:16 min_wait_usec@16:4 flags@20:4 sigmask@24:8 sigmask_sz@32:4 pad@36:12 pad2@48:16'],
  rsrc_register: [32, 'nr@0:4 flags@4:4 resv2@8:8 data@16:8 tags@24:8'],
  rsrc_update: [16, 'offset@0:4 resv@4:4 data@8:8'],
  rsrc_update2: [32, 'offset@0:4 resv@4:4 data@8:8 tags@16:8 nr@24:4 resv2@28:4'],
  files_update: [16, 'offset@0:4 resv@4:4 fds@8:8'],
  probe: [16, 'last_op@0:1 ops_len@1:1 resv@2:2 resv2@4:12 ops@16:0'],
  probe_op: [8, 'op@0:1 resv@1:1 flags@2:2 resv2@4:4'],
  restriction: [16, 'opcode@0:2 register_op@2:1 sqe_op@2:1 sqe_flags@2:1 resv@3:1 resv2@4:12'],
  buf: [16, 'addr@0:8 len@8:4 bid@12:2 resv@14:2'],
  buf_ring: [16, 'resv1@0:8 resv2@8:4 resv3@12:2 tail@14:2 bufs@0:0'],
  buf_reg: [40, 'ring_addr@0:8 ring_entries@8:4 bgid@12:2 flags@14:2 min_left@16:4 resv@20:20'],
  buf_status: [40, 'buf_group@0:4 head@4:4 resv@8:32'],
  sync_cancel_reg: [64, 'addr@0:8 fd@8:4 flags@12:4 timeout@16:16 opcode@32:1 pad@33:7 pad2@40:24'],
  file_index_range: [16, 'off@0:4 len@4:4 resv@8:8'],
  recvmsg_out: [16, 'namelen@0:4 controllen@4:4 payloadlen@8:4 flags@12:4'],
  napi: [16, 'busy_poll_to@0:4 prefer_busy_poll@4:1 pad@5:3 resv@8:8'],
  clock_register: [16, 'clockid@0:4 __resv@4:12'],
  clone_buffers: [32, 'src_fd@0:4 flags@4:4 src_off@8:4 dst_off@12:4 nr@16:4 pad@20:12'],
  region_desc: [64, 'user_addr@0:8 size@8:8 flags@16:4 id@20:4 mmap_offset@24:8 __resv@32:32'],
  mem_region_reg: [32, 'region_uptr@0:8 flags@8:8 __resv@16:16'],
  iovec: [16, 'iov_base@0:8 iov_len@8:8'],
  msghdr: [
    56,
    `msg_name@0:8 msg_namelen@8:4 __pad1@12:4 msg_iov@16:8 msg_iovlen@24:8 msg_control@32:8
    msg_controllen@40:8 msg_flags@48:4 __pad2@52:4`,
  ],
  open_how: [24, 'flags@0:8 mode@8:8 resolve@16:8'],
  futex_waitv: [24, 'val@0:8 uaddr@8:8 flags@16:4 __reserved@20:4'],
  epoll_event: [12, 'events@0:4 data@4:8'],
  statx_timestamp: [16, 'tv_sec@0:8 tv_nsec@8:4 __reserved@12:4'],
  statx: [
    256,
    `stx_mask@0:4 stx_blksize@4:4 stx_attributes@8:8 stx_nlink@16:4 stx_uid@20:4 stx_gid@24:4
    stx_mode@28:2 __spare0@30:2 stx_ino@32:8 stx_size@40:8 stx_blocks@48:8 stx_attributes_mask@56:8
    stx_atime@64:16 stx_btime@80:16 stx_ctime@96:16 stx_mtime@112:16 stx_rdev_major@128:4 stx_rdev_minor@132:4
    stx_dev_major@136:4 stx_dev_minor@140:4 stx_mnt_id@144:8 stx_dio_mem_align@152:4 stx_dio_offset_align@156:4
    stx_subvol@160:8 stx_atomic_write_unit_min@168:4 stx_atomic_write_unit_max@172:4
    stx_atomic_write_segments_max@176:4 stx_dio_read_offset_align@180:4 stx_atomic_write_unit_max_opt@184:4
    __spare2@188:4 __spare3@192:64`,
  ],
  sockaddr_in: [16, 'sin_family@0:2 sin_port@2:2 sin_addr@4:4 sin_zero@8:8'],
  sockaddr_in6: [28, 'sin6_family@0:2 sin6_port@2:2 sin6_flowinfo@4:4 sin6_addr@8:16 sin6_scope_id@24:4'],
  sockaddr_un: [110, 'sun_family@0:2 sun_path@2:108'],
  sockaddr_storage: [128, 'ss_family@0:2 __ss_padding@2:118 __ss_align@120:8'],
  siginfo: [
    128,
    `si_signo@0:4 si_errno@4:4 si_code@8:4 __pad0@12:4 sigchld@16:32 sigchld.pid@16:4 sigchld.uid@20:4
    sigchld.status@24:4 sigchld.utime@32:8 sigchld.stime@40:8`,
  ],
};

/** Structs Debian's 6.1 headers do not have (registration structs of 6.8 and later). */
const NEWER_THAN_6_1 = [
  'reg_wait',
  'buf_status',
  'napi',
  'clock_register',
  'clone_buffers',
  'region_desc',
  'mem_region_reg',
];

function parseFields(spec: string): Record<string, { offset: number; size: number }> {
  const out: Record<string, { offset: number; size: number }> = {};
  for (const tok of spec.trim().split(/\s+/)) {
    const m = /^([\w.]+)@(\d+):(\d+)$/.exec(tok);
    if (!m) throw new Error(`bad field spec ${tok}`);
    out[m[1]!] = { offset: Number(m[2]), size: Number(m[3]) };
  }
  return out;
}

test('layout table: the same structs as the table written here', () => {
  assert.equal(Object.keys(tables).sort(), Object.keys(EXPECT).sort());
});

for (const [name, [size, spec]] of Object.entries(EXPECT)) {
  test(`layout ${name}: size and every field as written here`, () => {
    const t = tables[name];
    assert.ok(t, `no struct ${name} in the core's table`);
    assert.is(t!.size, size, `sizeof ${name}`);
    const want = parseFields(spec);
    assert.equal(Object.keys(t!.fields).sort(), Object.keys(want).sort(), `${name} field names`);
    for (const [f, w] of Object.entries(want)) assert.equal(t!.fields[f], w, `${name}.${f}`);
  });
}

test('layout: fields lie inside their struct', () => {
  for (const [name, t] of Object.entries(tables))
    for (const [f, x] of Object.entries(t.fields))
      assert.ok(
        x.offset + x.size <= t.size && (x.size > 0 || x.offset <= t.size),
        `${name}.${f} ${x.offset}+${x.size} > ${t.size}`,
      );
});

// (b) the system headers, through gcc
function nativeLayout(): { structs: Map<string, number>; fields: Map<string, { offset: number; size: number }> } {
  const dir = mkdtempSync(join(tmpdir(), 'uring-layout-'));
  try {
    const exe = join(dir, 'layout');
    execFileSync(
      'gcc',
      ['-std=gnu11', '-O0', '-Wall', '-Wextra', '-Werror', '-o', exe, join(root, 'test/native/layout.c')],
      { stdio: 'pipe' },
    );
    const out = execFileSync(exe, { encoding: 'utf8' });
    const structs = new Map<string, number>();
    const fields = new Map<string, { offset: number; size: number }>();
    for (const line of out.trim().split('\n')) {
      const p = line.split(' ');
      if (p[0] === 'S') structs.set(p[1]!, Number(p[2]));
      else if (p[0] === 'F') fields.set(`${p[1]}.${p[2]}`, { offset: Number(p[3]), size: Number(p[4]) });
      else throw new Error(`unexpected line from test/native/layout.c: ${line}`);
    }
    return { structs, fields };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('layout = the system headers (gcc, x86_64, linux-libc-dev 6.1) for every struct and field they have', () => {
  const native = nativeLayout();
  const expected = Object.keys(tables)
    .filter((n) => !NEWER_THAN_6_1.includes(n))
    .sort();
  assert.equal([...native.structs.keys()].sort(), expected, 'structs the native program measures');
  for (const [name, size] of native.structs) assert.is(tables[name]!.size, size, `sizeof ${name}`);
  assert.ok(native.fields.size >= 200, `only ${native.fields.size} native fields`);
  for (const [key, want] of native.fields) {
    const dot = key.indexOf('.');
    const s = key.slice(0, dot),
      f = key.slice(dot + 1);
    const got = tables[s]?.fields[f];
    assert.ok(got, `${key}: in the system header but not in the core's table`);
    assert.equal(got, want, key);
  }
});

// (c) the TypeScript SQE field names against the core's SQE field table
test('SQE_FIELDS = the core SQE field table, in order', () => {
  const core_names = [...sqeFields(core).keys()];
  assert.equal(core_names, [...SQE_FIELDS]);
});

test('the SQE field table agrees with the layout table', () => {
  const sqe = tables.sqe!;
  for (const [name, f] of sqeFields(core)) {
    const l = sqe.fields[name === 'op_flags' ? 'rw_flags' : name];
    assert.ok(l, `sqe field ${name} not in the layout table`);
    assert.equal({ offset: f.offset, size: f.size }, l, name);
  }
});

test.run();
