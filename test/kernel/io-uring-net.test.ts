// The async IoUring over loopback TCP, networking through the ring only: socket, bind, listen, connect,
// accept (single and multishot), send, recv (single and multishot with a provided-buffer ring), shutdown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { IoUring, parseSockaddr } from '../../shim/io-uring.ts';
import { BufferRing } from '../../shim/registration.ts';
import { close as closeFd } from '../../shim/sys.ts';
import { sockName, AF_INET, SOCK_STREAM } from './_net.ts';

/** A listening socket on 127.0.0.1, port chosen by the kernel, made through the ring. */
async function listener(r: IoUring): Promise<{ fd: number; port: number }> {
  const fd = await r.socket(AF_INET, SOCK_STREAM);
  await r.bind(fd, { address: '127.0.0.1', port: 0 });
  await r.listen(fd, 64);
  const sa = parseSockaddr(sockName(fd), 16);
  assert.ok(sa && sa.family === 'IPv4' && sa.port > 0);
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
      const [acc] = await Promise.all([r.acceptWithAddress(l.fd), r.connect(c, { address: '127.0.0.1', port: l.port })]);
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
      const refused = await r.connect(await r.socket(AF_INET, SOCK_STREAM).then((fd) => {
        fds.push(fd);
        return fd;
      }), { address: '127.0.0.1', port: 1 }).then(() => null, (e) => e);
      assert.is(refused?.code, 'ECONNREFUSED');
      assert.is(refused?.syscall, 'connect');
    } finally {
      await r.close();
      for (const fd of fds) closeFd(fd);
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
          done.push((async () => {
            for await (const b of r.recvMultishot(fd, br)) chunks.push(b);
          })());
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
      assert.equal(got, payloads.map((p) => p.toString()).sort(), 'each connection\'s bytes, in order, through 16-byte provided buffers');
      assert.is(r.inFlight, 0, 'break cancelled the multishot accept; EOF ended each recv');
      br.unregister();
    } finally {
      await r.close();
      for (const fd of fds) closeFd(fd);
    }
  });
}

test.run();
