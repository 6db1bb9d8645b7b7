// The async IoUring over loopback TCP, networking through the ring only: socket, bind, listen, connect,
// accept (single and multishot), send, recv (single and multishot with a provided-buffer ring), shutdown;
// localAddress (getsockname) checked against a node:net client connecting to the port it reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { connect as netConnect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoUring } from '../../shim/async/index.ts';
import { localAddress } from '../../shim/index.ts';
import { BufferRing } from '../../shim/register/index.ts';
import { close as closeFd, pipe } from '../../shim/sys/libc.ts';
import { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM } from './_net.ts';

/** A listening socket on 127.0.0.1, port chosen by the kernel, made through the ring. */
async function listener(r: IoUring): Promise<{ fd: number; port: number }> {
  const fd = await r.socket(AF_INET, SOCK_STREAM);
  await r.bind(fd, { address: '127.0.0.1', port: 0 });
  await r.listen(fd, 64);
  const sa = r.localAddress(fd);
  assert.ok('port' in sa && sa.family === 'IPv4' && sa.port > 0);
  return { fd, port: (sa as { port: number }).port };
}

if (!unavailable('io-uring-net')) {
  test('accept / connect / send / recv over loopback: bytes compared both ways; accept reports the peer', async () => {
    const r = await IoUring.create({ entries: 16 });
    const fds: number[] = [];
    try {
      const l = await listener(r);
      fds.push(l.fd);
      const c = await r.socket(AF_INET, SOCK_STREAM);
      fds.push(c);
      const [acc] = await Promise.all([
        r.acceptWithAddress(l.fd),
        r.connect(c, { address: '127.0.0.1', port: l.port }),
      ]);
      fds.push(acc.fd);
      assert.is((acc.address as { address: string }).address, '127.0.0.1');
      const msg = Buffer.from('hello through io_uring');
      assert.is(await r.send(c, msg), msg.length);
      const got = Buffer.alloc(64);
      const n = await r.recv(acc.fd, got);
      assert.equal(got.subarray(0, n), msg);
      assert.is(await r.send(acc.fd, 'pong'), 4);
      const back = Buffer.alloc(8);
      assert.is(back.subarray(0, await r.recv(c, back)).toString(), 'pong');
      await r.shutdown(c, 1);
      assert.is(await r.recv(acc.fd, got), 0, 'EOF after shutdown(SHUT_WR)');
      const refused = await r
        .connect(
          await r.socket(AF_INET, SOCK_STREAM).then((fd) => {
            fds.push(fd);
            return fd;
          }),
          { address: '127.0.0.1', port: 1 },
        )
        .then(
          () => null,
          (e) => e,
        );
      assert.is(refused?.code, 'ECONNREFUSED');
      assert.is(refused?.syscall, 'connect');
    } finally {
      await r.close();
      for (const fd of fds) closeFd(fd);
    }
  });

  test('localAddress: bind port 0 through the ring, read back the real port, a node:net client connects to it', async () => {
    const r = await IoUring.create({ entries: 8 });
    const fds: number[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'uring-sock-'));
    let client: Socket | undefined;
    try {
      const fd = await r.socket(AF_INET, SOCK_STREAM);
      fds.push(fd);
      await r.bind(fd, { address: '127.0.0.1', port: 0 });
      const a = r.localAddress(fd);
      assert.ok('port' in a && a.port > 0 && a.port < 65536, `port ${JSON.stringify(a)}`);
      assert.equal(a, { address: '127.0.0.1', family: 'IPv4', port: (a as { port: number }).port });
      assert.equal(localAddress(fd), a, 'the standalone function (uring entry) agrees');
      const port = (a as { port: number }).port;
      await r.listen(fd, 8);
      // The port is real: Node's own TCP client connects to it and the ring accepts that connection.
      const accepting = r.accept(fd);
      client = netConnect(port, '127.0.0.1');
      await new Promise<void>((res, rej) => client!.once('connect', res).once('error', rej));
      const conn = await accepting;
      fds.push(conn);
      assert.is(client.remotePort, port);
      assert.equal(
        r.localAddress(conn),
        { address: '127.0.0.1', family: 'IPv4', port },
        'the accepted socket has the same local port',
      );
      client.write('over the real port');
      const got = Buffer.alloc(64);
      let n = 0;
      while (n < 18) n += await r.recv(conn, got.subarray(n));
      assert.is(got.subarray(0, n).toString(), 'over the real port');
      // IPv6 and AF_UNIX.
      const six = await r.socket(AF_INET6, SOCK_STREAM);
      fds.push(six);
      await r.bind(six, { address: '::1', port: 0 });
      const a6 = r.localAddress(six);
      assert.ok('port' in a6 && a6.family === 'IPv6' && a6.address === '::1' && a6.port > 0, JSON.stringify(a6));
      const un = await r.socket(AF_UNIX, SOCK_STREAM);
      fds.push(un);
      const path = join(dir, 's');
      await r.bind(un, { path });
      assert.equal(r.localAddress(un), { path });
      // An abstract name ('\0...', as node:net spells it; every byte counts, no NUL added): bound through the ring,
      // read back whole, reached by a second socket connecting to the same name. (Node 20's own net pads abstract
      // names with NULs to 108 bytes, a libuv quirk, so it names a different socket.)
      const ab = await r.socket(AF_UNIX, SOCK_STREAM);
      fds.push(ab);
      const name = `\0uring-test-${process.pid}\0tail`;
      await r.bind(ab, { path: name });
      await r.listen(ab, 4);
      assert.equal(r.localAddress(ab), { path: name });
      const peer = await r.socket(AF_UNIX, SOCK_STREAM);
      fds.push(peer);
      const [abConn] = await Promise.all([r.accept(ab), r.connect(peer, { path: name })]);
      fds.push(abConn);
      await r.send(peer, Buffer.from('abstract'));
      const ag = Buffer.alloc(16);
      assert.is(ag.subarray(0, await r.recv(abConn, ag)).toString(), 'abstract');
      assert.equal(r.localAddress(peer), { path: '' }, 'an unbound peer has no name');
      // Errors.
      const [rd, wr] = pipe();
      fds.push(rd, wr);
      for (const [bad, code, errno] of [
        [0x7ffffff0, 'EBADF', -9],
        [rd, 'ENOTSOCK', -88],
      ] as const) {
        assert.throws(
          () => r.localAddress(bad),
          (e: Error & Record<string, unknown>) => e.code === code && e.errno === errno && e.syscall === 'getsockname',
          `fd ${bad}: ${code}`,
        );
      }
      assert.throws(() => r.localAddress(-1), RangeError);
      assert.throws(() => localAddress('3' as unknown as number), TypeError);
    } finally {
      client?.destroy();
      await r.close();
      for (const fd of fds) closeFd(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('acceptMultishot + recvMultishot (buffer ring): three clients, every byte arrives, break cancels', async () => {
    const r = await IoUring.create({ entries: 32 });
    const fds: number[] = [];
    try {
      const l = await listener(r);
      fds.push(l.fd);
      const br = BufferRing.setup(r, { entries: 8, bgid: 3 });
      for (let i = 0; i < 8; i++) br.push(Buffer.alloc(16), i);
      const received = new Map<number, Buffer[]>();
      const done: Promise<void>[] = [];
      const accepted: number[] = [];
      const server = (async () => {
        for await (const fd of r.acceptMultishot(l.fd)) {
          fds.push(fd);
          accepted.push(fd);
          const chunks: Buffer[] = [];
          received.set(fd, chunks);
          done.push(
            (async () => {
              for await (const b of r.recvMultishot(fd, br)) chunks.push(b);
            })(),
          );
          if (accepted.length === 3) break;
        }
      })();
      const payloads = ['a'.repeat(100), 'b'.repeat(37), 'c'.repeat(250)].map((s, i) => Buffer.from(`${i}:${s}`));
      const clients: number[] = [];
      for (const p of payloads) {
        const c = await r.socket(AF_INET, SOCK_STREAM);
        fds.push(c);
        clients.push(c);
        await r.connect(c, { address: '127.0.0.1', port: l.port });
        let off = 0;
        while (off < p.length) off += await r.send(c, p.subarray(off));
        await r.shutdown(c, 1);
      }
      await server;
      await Promise.all(done);
      const got = [...received.values()].map((cs) => Buffer.concat(cs).toString()).sort();
      assert.equal(
        got,
        payloads.map((p) => p.toString()).sort(),
        "each connection's bytes, in order, through 16-byte provided buffers",
      );
      assert.is(r.inFlight, 0, 'break cancelled the multishot accept; EOF ended each recv');
      br.unregister();
    } finally {
      await r.close();
      for (const fd of fds) closeFd(fd);
    }
  });
}

test.run();
