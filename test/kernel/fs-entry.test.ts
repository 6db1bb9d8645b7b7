// uring/fs (shim/fs/): the entry as a whole. Its export list is node:fs/promises'; the default ring is made on
// first use, one per thread, and never keeps a process alive (fresh child processes); createFs(ring) runs on
// the caller's ring; FileHandle's close / asyncDispose / closed-handle errors; what the kernel did for readFile,
// FileHandle.read, writeFile of an iterable, copyFile (mode kept, many splice chunks), special files and FIFOs.
// The differential suite against node:fs/promises is test/kernel/fs-diff*.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  Stats,
} from 'node:fs';
import * as nfs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { IoUring } from '../../shim/index.ts';
import * as ufs from '../../shim/fs/index.ts';
import ufsDefault from '../../shim/fs/index.ts';
import { meansUnavailable } from '../../shim/fs/default-ring.ts';
import { UringError } from '../../ts/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'uring-fs-entry-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const CHILD = new URL('./fixtures/fs-child.ts', import.meta.url).pathname;

/** Run fs-child.ts `mode`: its last stdout line (JSON) and the ms from that line to the process's exit. */
function child(
  mode: string,
  env: Record<string, string> = {},
): Promise<{ out: Record<string, unknown>; exitMs: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '',
      stderr = '',
      lineAt = 0;
    const kill = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) lineAt ||= performance.now();
    });
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('exit', (code) => {
      clearTimeout(kill);
      const line = stdout.trim().split('\n').pop() ?? '';
      let out: Record<string, unknown> = {};
      try {
        out = JSON.parse(line);
      } catch {}
      resolve({ out, exitMs: lineAt ? performance.now() - lineAt : Number.POSITIVE_INFINITY, code, stderr });
    });
  });
}

test("the export list is node:fs/promises' (plus createFs, fallbackReason and the FileHandle class); default: the same API", () => {
  const extra = new Set(['createFs', 'fallbackReason', 'FileHandle']);
  assert.equal(
    Object.keys(ufs)
      .filter((k) => !extra.has(k))
      .sort(),
    Object.keys(nfs).sort(),
  );
  assert.equal(Object.keys(ufsDefault).sort(), Object.keys((nfs as unknown as { default: object }).default).sort());
  for (const k of Object.keys(nfs))
    assert.is(typeof (ufs as Record<string, unknown>)[k], typeof (nfs as Record<string, unknown>)[k], k);
  // the delegated ones are Node's own functions; the io_uring ones are not
  assert.is(ufs.readdir, nfs.readdir);
  assert.is(ufs.constants, nfs.constants);
  assert.is.not(ufs.readFile, nfs.readFile);
});

test('the default ring: made on first use, and the process exits by itself (no close needed)', async () => {
  const r = await child('default');
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.out.before, false, 'no ring before the first call');
  assert.equal(r.out.after, true);
  assert.is(r.out.text, 'child data|10|5|child data');
  assert.ok(r.exitMs < 2000, `exited ${Math.round(r.exitMs)} ms after its last line`);
});

test("URING_FS=node: uring/fs is node:fs/promises itself (no ring, Node's FileHandle, no warning)", async () => {
  const r = await child('node', { URING_FS: 'node' });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.out.text, 'child data|10|5|child data');
  assert.is(r.out.reason, 'URING_FS=node');
  assert.is(r.out.ring, false, 'no ring was made');
  assert.is(r.out.nodes, true, "open resolved node:fs/promises' FileHandle");
  assert.equal(r.out.warnings, []);
  assert.is(ufs.fallbackReason(), null, 'here, on io_uring');
});

test('which setup errors mean "no io_uring here" (the fallback) and which do not', () => {
  assert.ok(meansUnavailable(new UringError(1, 'io_uring_setup')), 'EPERM: io_uring_disabled, seccomp');
  assert.ok(meansUnavailable(new UringError(38, 'io_uring_setup')), 'ENOSYS: no io_uring in this kernel');
  assert.ok(meansUnavailable(new UringError(13, 'io_uring_setup')), 'EACCES: not in io_uring_group');
  assert.not.ok(meansUnavailable(new UringError(12, 'io_uring_setup')), 'ENOMEM: a shortage, reported');
  assert.not.ok(meansUnavailable(new UringError(22, 'io_uring_setup')), 'EINVAL: a bad option, reported');
  assert.not.ok(meansUnavailable(new UringError(1, 'io_uring_register')), 'EPERM of another call');
  assert.not.ok(meansUnavailable(new Error('EPERM')));
});

test('one default ring per thread: a worker gets its own', async () => {
  const r = await child('worker');
  assert.is(r.code, 0, r.stderr);
  assert.is(r.out.text, 'child data|10|5|child data');
  assert.is(r.out.workerText, 'child data|10|5|child data');
  assert.type(r.out.main, 'number');
  assert.type(r.out.worker, 'number');
  assert.is.not(r.out.main, r.out.worker, 'two rings, two fds');
  assert.ok(r.exitMs < 2000, `exited ${Math.round(r.exitMs)} ms after its last line`);
});

test("createFs(ring): the caller's ring (a FileHandle on it; closed ring: its error); no default ring made", async () => {
  const r = await child('own');
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.out, { text: 'own ring', same: true, afterClose: 'ERR_URING_CLOSED', defaultMade: false });
});

test('readFile: the kernel bytes, Buffer and string, small, large (chunked) and zero-size special files', async () => {
  const small = join(dir, 'small'),
    large = join(dir, 'large');
  const s = Buffer.from('hello uring/fs\n'.repeat(100));
  const l = Buffer.alloc(9 << 20);
  for (let i = 0; i < l.length; i += 4096) l.writeUInt32LE(i, i);
  writeFileSync(small, s);
  writeFileSync(large, l);
  assert.ok((await ufs.readFile(small)).equals(s));
  assert.is(await ufs.readFile(small, 'utf8'), s.toString());
  assert.ok((await ufs.readFile(large)).equals(l));
  const status = await ufs.readFile('/proc/self/status', 'utf8');
  assert.match(status, /^Name:/);
  assert.match(status, new RegExp(`^Pid:\\s+${process.pid}$`, 'm'));
});

test('readFile of a FIFO: the read loop until the writer closes', async () => {
  const f = join(dir, 'fifo');
  execFileSync('mkfifo', [f]);
  const p = ufs.readFile(f, 'utf8');
  // The ring's open is submitted at the end of this tick; only then does a writer's open find a reader.
  await new Promise((r) => setTimeout(r, 20));
  const w = openSync(f, 'w');
  writeSync(w, 'through a fifo');
  closeSync(w);
  assert.is(await p, 'through a fifo');
});

test('FileHandle.read at random positions returns the file bytes; stat is a real fs.Stats', async () => {
  const f = join(dir, 'rand');
  const data = Buffer.alloc(1 << 20);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
  writeFileSync(f, data);
  const h = await ufs.open(f);
  try {
    const bufs = Array.from({ length: 32 }, () => Buffer.alloc(4096));
    const pos = bufs.map((_, i) => ((i * 7919) % 256) * 4096);
    const rs = await Promise.all(bufs.map((b, i) => h.read<Buffer>(b, 0, 4096, pos[i])));
    rs.forEach((r, i) => {
      assert.is(r.bytesRead, 4096);
      assert.ok(r.buffer.equals(data.subarray(pos[i]!, pos[i]! + 4096)), `read ${i}`);
    });
    const st = await h.stat();
    assert.instance(st, Stats);
    assert.is(st.size, data.length);
    assert.is(st.ino, statSync(f).ino);
    const bst = await ufs.stat(f, { bigint: true });
    assert.is(bst.constructor, statSync(f, { bigint: true }).constructor, 'BigIntStats');
    assert.is(bst.size, BigInt(data.length));
    assert.is(bst.mtimeNs, statSync(f, { bigint: true }).mtimeNs);
  } finally {
    await h.close();
  }
});

test('writeFile of an async iterable and of strings; appendFile; what is on disk', async () => {
  const f = join(dir, 'iter');
  async function* chunks() {
    yield 'ab';
    yield Buffer.from('cd');
    yield new Uint8Array([0x65]);
  }
  await ufs.writeFile(f, chunks());
  assert.is(readFileSync(f, 'utf8'), 'abcde');
  await ufs.appendFile(f, 'fg');
  assert.is(readFileSync(f, 'utf8'), 'abcdefg');
  await ufs.writeFile(f, 'ff00', 'hex');
  assert.ok(readFileSync(f).equals(Buffer.from([0xff, 0])));
});

test('copyFile: bytes across many splice chunks, the source mode kept, COPYFILE_EXCL refused with EEXIST', async () => {
  const src = join(dir, 'cp-src'),
    dst = join(dir, 'cp-dst');
  const data = Buffer.alloc(5 * (1 << 20) + 123);
  for (let i = 0; i < data.length; i += 512) data.writeUInt32LE(i, i);
  writeFileSync(src, data);
  chmodSync(src, 0o640);
  writeFileSync(dst, 'old contents that are longer than nothing');
  await ufs.copyFile(src, dst);
  assert.ok(readFileSync(dst).equals(data));
  assert.is(statSync(dst).mode & 0o777, 0o640);
  try {
    await ufs.copyFile(src, dst, ufs.constants.COPYFILE_EXCL);
    assert.unreachable('EXCL onto an existing file');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    assert.is(err.code, 'EEXIST');
    assert.is(err.message, `EEXIST: file already exists, copyfile '${src}' -> '${dst}'`);
  }
});

test('FileHandle: close waits for a read in flight; a closed handle rejects as Node (EBADF, "file closed")', async () => {
  const f = join(dir, 'close');
  writeFileSync(f, 'x'.repeat(1000));
  const h = await ufs.open(f);
  const fd = h.fd;
  const rd = h.read(Buffer.alloc(10), 0, 10, 0);
  const cl = h.close();
  const r = await rd;
  assert.is(r.bytesRead, 10);
  await cl;
  assert.is(h.fd, -1);
  assert.throws(() => fstatSync(fd), /EBADF/);
  for (const [m, syscall] of [
    ['read', 'read'],
    ['stat', 'fstat'],
    ['truncate', 'ftruncate'],
    ['sync', 'fsync'],
  ] as const) {
    try {
      await (h[m] as () => Promise<unknown>)();
      assert.unreachable(m);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      assert.is(err.message, 'file closed', m);
      assert.is(err.code, 'EBADF');
      assert.is(err.syscall, syscall);
    }
  }
  await h.close(); // closing again: fine, as Node
});

test('FileHandle[Symbol.asyncDispose] closes the fd', async () => {
  const f = join(dir, 'dispose');
  writeFileSync(f, 'dispose');
  const h = await ufs.open(f);
  const fd = h.fd;
  await h[Symbol.asyncDispose]();
  assert.is(h.fd, -1);
  assert.throws(() => fstatSync(fd), /EBADF/);
});

test('many operations in one tick share a submit (the ring stays within its size, all complete)', async () => {
  const ring = await IoUring.create({ entries: 8 });
  try {
    const fs = ufs.createFs(ring);
    const names = Array.from({ length: 200 }, (_, i) => join(dir, `batch-${i}`));
    await Promise.all(names.map((n, i) => fs.writeFile(n, `file ${i}`)));
    const texts = await Promise.all(names.map((n) => fs.readFile(n, 'utf8')));
    texts.forEach((t, i) => {
      assert.is(t, `file ${i}`);
    });
    const sizes = await Promise.all(names.map((n) => fs.stat(n).then((s) => s.size)));
    sizes.forEach((s, i) => {
      assert.is(s, `file ${i}`.length);
    });
  } finally {
    await ring.close();
  }
});

test.run();
