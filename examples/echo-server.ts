// A TCP echo server on the async IoUring: every socket call goes through the ring. The listening socket is made
// with the socket / bind / listen ops, connections come from one multishot accept, each connection's data from
// a multishot recv into a provided-buffer ring shared by all connections (no buffer per idle connection), and
// goes back with send (short sends continued). EOF or an error closes the connection through the ring.
//
//   npx tsx examples/echo-server.ts [--port N] [--host 127.0.0.1]
//
// Prints `echo server listening on HOST:PORT`; SIGINT / SIGTERM close it cleanly (connections shut down, every
// op's final completion awaited, the ring closed) and the process exits by itself. bench/echo.ts imports
// startEchoServer to measure this very code against node:net.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IoUring, addressOf } from '../shim/index.ts';
// BufferRing is not re-exported by the `uring` entry (shim/index.ts) yet.
import { BufferRing } from '../shim/register/index.ts';

const AF_INET = 2,
  SOCK_STREAM = 1,
  SHUT_RDWR = 2,
  MSG_NOSIGNAL = 0x4000;
const SOL_SOCKET = 1,
  SO_REUSEADDR = 2,
  SOCKET_URING_OP_SETSOCKOPT = 3;
/** A peer going away mid-conversation is normal for a server, not an error worth reporting. */
const PEER_GONE = new Set(['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ETIMEDOUT', 'ECANCELED']);

export interface EchoServerOptions {
  /** IPv4 address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port; 0 or omitted: a free port. */
  port?: number;
  /** Ring SQ entries (default 1024). Each open connection keeps one op in the kernel (its multishot recv), two
   *  while it sends; IoUring caps ops in the kernel at the CQ size (2 x entries) and queues the rest in JS, where
   *  a queued multishot recv would wait for a free place: keep entries above the connections you expect. */
  entries?: number;
  /** Provided buffers (a power of two, default 1024) and the size of each (default 4096 bytes). */
  buffers?: number;
  bufferSize?: number;
  backlog?: number;
  /** Ring setup flags (IoUringOptions.flags; default: IoUring's own choice). */
  flags?: number;
  /** Called with unexpected errors (default: console.error). */
  onError?: (err: unknown) => void;
}

export interface EchoServer {
  readonly host: string;
  readonly port: number;
  readonly ring: IoUring;
  /** Open connections now, connections accepted so far, bytes echoed so far. */
  readonly connections: number;
  readonly accepted: number;
  readonly bytes: number;
  /** Stop accepting, shut every connection down, wait for every op's final CQE, close the ring. Idempotent. */
  close(): Promise<void>;
}

/** SO_REUSEADDR through the ring (a socket command, Linux 6.7), as node:net sets it on listening sockets: a
 *  restart binds the same port while old connections sit in TIME_WAIT. Older kernels just go without it. */
async function reuseAddr(ring: IoUring, fd: number): Promise<void> {
  const one = Buffer.alloc(4);
  one.writeInt32LE(1, 0);
  try {
    await ring.op(
      'cmdSock',
      {
        cmdOp: SOCKET_URING_OP_SETSOCKOPT,
        fd,
        level: SOL_SOCKET,
        optname: SO_REUSEADDR,
        optval: addressOf(one),
        optlen: 4,
      },
      [one],
    );
  } catch (e) {
    if (!['EINVAL', 'EOPNOTSUPP', 'ENOTSUP'].includes((e as { code?: string }).code ?? '')) throw e;
  }
}

function intOpt(name: string, v: unknown, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`startEchoServer: ${name} must be an integer in ${min}..${max}, got ${String(v)}`);
  return v;
}

export async function startEchoServer(opts: EchoServerOptions = {}): Promise<EchoServer> {
  if (opts === null || typeof opts !== 'object') throw new TypeError('startEchoServer: options must be an object');
  const host = opts.host ?? '127.0.0.1';
  if (typeof host !== 'string') throw new TypeError('startEchoServer: host must be a string');
  const wantPort = intOpt('port', opts.port, 0, 0, 65535);
  const entries = intOpt('entries', opts.entries, 1024, 1, 32768);
  const nbufs = intOpt('buffers', opts.buffers, 1024, 1, 32768);
  if (nbufs & (nbufs - 1)) throw new RangeError(`startEchoServer: buffers must be a power of two, got ${nbufs}`);
  const bufSize = intOpt('bufferSize', opts.bufferSize, 4096, 1, 1 << 20);
  const backlog = intOpt('backlog', opts.backlog, 511, 1, 65535);
  const onError = opts.onError ?? ((e: unknown) => console.error('echo server:', e));

  const ring = await IoUring.create(opts.flags === undefined ? { entries } : { entries, flags: opts.flags });
  let lfd = -1,
    port = wantPort;
  let br: BufferRing;
  try {
    lfd = await ring.socket(AF_INET, SOCK_STREAM);
    await reuseAddr(ring, lfd);
    await ring.bind(lfd, { address: host, port: wantPort });
    port = (ring.localAddress(lfd) as { port: number }).port; // port 0: the one the kernel chose
    await ring.listen(lfd, backlog);
    // One memory block carved into the provided buffers; the kernel picks one per received chunk, and each is
    // handed back as soon as recvMultishot has copied its bytes out.
    br = BufferRing.setup(ring, { entries: nbufs, bgid: 0 });
    const pool = Buffer.alloc(nbufs * bufSize);
    for (let i = 0; i < nbufs; i++) br.add(pool.subarray(i * bufSize, (i + 1) * bufSize), i, i);
    br.advance(nbufs);
  } catch (e) {
    await ring.close();
    throw e;
  }

  const conns = new Map<number, Promise<void>>(); // fd -> its loop
  let accepted = 0,
    bytes = 0;
  let closing: Promise<void> | null = null;

  function serve(fd: number): void {
    accepted++;
    const recv = ring.recvMultishot(fd, br);
    // What arrived and is not sent yet. Chunks that come in while a send is in flight go back together in the
    // next send (as node:net's writev does), in arrival order. Not bounded: a multishot recv cannot be paused
    // without losing data (cancelling it discards what it already received), so a peer that sends without
    // reading makes this grow until its connection fails.
    let out: Buffer[] = [],
      outBytes = 0;
    let data: Buffer | null = null; // being sent
    let sending = false;
    let idle: (() => void) | null = null; // the connection's end waits for the last send
    let failed: unknown = null;
    // One send in flight at a time, each started from the previous one's completion (plain callbacks: no
    // promise or async frame of our own per message); a short send continues with the rest.
    const sendNext = (): void => {
      if (!out.length || failed) {
        sending = false;
        idle?.();
        return;
      }
      data = out.length === 1 ? out[0]! : Buffer.concat(out, outBytes);
      out = [];
      outBytes = 0;
      ring.send(fd, data, MSG_NOSIGNAL).then(sent, stop);
    };
    const sent = (n: number): void => {
      if (n < data!.length) {
        data = data!.subarray(n); // short send
        ring.send(fd, data, MSG_NOSIGNAL).then(sent, stop);
        return;
      }
      bytes += data!.length;
      sendNext();
    };
    const stop = (e: unknown): void => {
      failed = e;
      void recv.return(); // the peer is gone: stop receiving
      sendNext();
    };
    const sendsDone = (): Promise<void> | undefined => (sending ? new Promise<void>((r) => (idle = r)) : undefined);
    const done = (async () => {
      try {
        for await (const chunk of recv) {
          out.push(chunk);
          outBytes += chunk.length;
          if (!sending) {
            sending = true;
            sendNext();
          }
        }
        await sendsDone(); // EOF: everything received goes back before the close
        if (failed) throw failed;
      } catch (e) {
        if (!PEER_GONE.has((e as { code?: string }).code ?? '')) onError(e);
      } finally {
        await sendsDone();
        conns.delete(fd);
        await ring.closeFd(fd).catch(onError);
      }
    })();
    conns.set(fd, done);
  }

  const accepts = ring.acceptMultishot(lfd);
  const acceptLoop = (async () => {
    try {
      for await (const fd of accepts) serve(fd);
    } catch (e) {
      if (!closing) onError(e);
    }
  })();

  return {
    host,
    port,
    ring,
    get connections() {
      return conns.size;
    },
    get accepted() {
      return accepted;
    },
    get bytes() {
      return bytes;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        await accepts.return(); // cancels the multishot accept; fds accepted but never handed out are closed
        await acceptLoop;
        // shutdown(2) ends each recv with EOF and fails a send blocked on a peer that stopped reading (EPIPE):
        // every connection's loop ends and closes its fd through the ring.
        await Promise.all([...conns.keys()].map((fd) => ring.shutdown(fd, SHUT_RDWR).catch(() => {})));
        await Promise.all(conns.values());
        await ring.closeFd(lfd).catch(onError);
        br.unregister();
        await ring.close();
      })();
      return closing;
    },
  };
}

function cliArgs(argv: string[]): { port: number; host: string } {
  let port = 0,
    host = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--port') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 65535)
        throw new RangeError(`--port must be an integer 0..65535, got ${argv[i]}`);
      port = v;
    } else if (a === '--host') host = argv[++i] ?? host;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npx tsx examples/echo-server.ts [--port N] [--host 127.0.0.1]');
      process.exit(0);
    } else throw new RangeError(`unknown argument ${a} (try --help)`);
  }
  return { port, host };
}

function isMain(): boolean {
  try {
    return (
      process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

if (isMain()) {
  const server = await startEchoServer(cliArgs(process.argv.slice(2)));
  console.log(
    `echo server listening on ${server.host}:${server.port} (io_uring: multishot accept, multishot recv into a buffer ring, send)`,
  );
  const stop = async (sig: string) => {
    console.log(
      `${sig}: closing (${server.connections} open connection(s), ${server.accepted} accepted, ${server.bytes} bytes echoed)`,
    );
    await server.close();
    // The counts again once every connection's last send has completed: a signal can arrive between the kernel
    // finishing a send and its completion being handled, so the line above may be a few bytes behind.
    console.log(`closed (${server.accepted} accepted, ${server.bytes} bytes echoed)`);
  };
  // `once`: a second Ctrl-C while closing kills the process the default way.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
