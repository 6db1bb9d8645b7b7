// The echo benchmark: examples/echo-server.ts (IoUring) against the same server on node:net, in one run.
//
//   npx tsx bench/echo.ts [--reps 3] [--duration 1500] [--warmup 300] [--conns 1,50,200] [--depth 16]
//                         [--gen c|node] [--flags default,defer] [--quick]
//
// Three processes: this one (orchestrator), the two servers (each started once, idle while the other is
// measured), and one load generator, the same for both servers: by default bench/c/echo_gen.c (built into
// build/bench/ with gcc on demand; one thread, epoll, non-blocking sockets; bench/echo-gen.ts drives it over
// stdin/stdout), or with --gen node the node:net clients below (one process, which saturates its core from ~50
// connections on 2 cores). Per cell (connections x mode), each rep connects the clients, warms up, then
// measures: the generator counts echoed messages and round trips and checks every echoed byte (the C one
// against a per-connection, per-message pattern; the node:net one at both ends of each chunk), and the SERVER's
// CPU time (process.cpuUsage read inside the server process just before and after the timed window, over IPC)
// gives CPU per message. Implementations alternate which goes first, reps repeat the whole sweep; the table
// shows medians with min-max, and IoUring/node:net ratios paired per rep.
//   ping-pong: each connection sends a 64-byte message and waits for its echo before the next (p50/p99 round trip).
//   streamed:  each connection keeps --depth 64-byte messages in flight (refilled as echoes arrive).
// --flags: one IoUring server per named setup flag set (bench/report.ts FLAG_SETS), each against node:net.
// When the generator's own CPU (getrusage in the C one, process.cpuUsage in the node:net one) nears 100% of a
// core, it, not the server, limits the rate: such cells are marked.
import { fork, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CEchoGen, type RunResult } from './echo-gen.ts';
import {
  FLAG_SETS,
  flagSetsArg,
  intArg,
  ioUringInfo,
  listArg,
  load,
  machine,
  median,
  quantile,
  quick,
  setupFlagNames,
  spread,
  strArg,
  table,
  times,
} from './report.ts';

const MSG = 64;
type Mode = 'ping-pong' | 'streamed';
/** 'net', or 'uring:<flag set name>'. */
type Impl = string;
const implName = (impl: Impl, sets: number): string => {
  if (impl === 'net') return 'node:net';
  const set = impl.slice('uring:'.length);
  return sets === 1 && set === 'default' ? 'IoUring' : `IoUring [${set}]`;
};
/** Generator CPU at or above this share of one core: the generator is the bottleneck. */
const GEN_BOUND = 0.9;

// ---- IPC: one request at a time per child ----

interface Peer {
  child: ChildProcess;
  call(msg: object): Promise<any>;
}

function peer(child: ChildProcess, name: string): Peer {
  let waiting: { res: (v: any) => void; rej: (e: Error) => void } | null = null;
  child.on('message', (m: any) => {
    const w = waiting;
    waiting = null;
    if (!w) return;
    if (m?.error) w.rej(new Error(`${name}: ${m.error}`));
    else w.res(m);
  });
  child.on('exit', (code, sig) => waiting?.rej(new Error(`${name} exited (${code ?? sig})`)));
  return {
    child,
    call(msg) {
      return new Promise((res, rej) => {
        waiting = { res, rej };
        child.send(msg);
      });
    },
  };
}

function reply(fn: (m: any) => unknown | Promise<unknown>): void {
  process.on('message', async (m) => {
    try {
      process.send!(await fn(m));
    } catch (e) {
      process.send!({ error: (e as Error).stack ?? String(e) });
    }
  });
}

// ---- the server process ----

async function serverRole(impl: Impl): Promise<void> {
  let port: number, stop: () => Promise<void>;
  if (impl.startsWith('uring:')) {
    const { startEchoServer } = await import('../examples/echo-server.ts');
    const flags = FLAG_SETS[impl.slice('uring:'.length)];
    const s = await startEchoServer(flags === undefined ? {} : { flags });
    port = s.port;
    stop = () => s.close();
  } else {
    // The idiomatic node:net echo: write back each chunk as it arrives (the generator bounds what is in flight).
    const socks = new Set<Socket>();
    const srv = createServer((sock) => {
      socks.add(sock);
      sock.on('data', (d) => sock.write(d));
      sock.on('error', () => {});
      sock.on('close', () => socks.delete(sock));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', 511, r));
    port = (srv.address() as { port: number }).port;
    stop = () =>
      new Promise((r) => {
        for (const s of socks) s.destroy();
        srv.close(() => r());
      });
  }
  reply(async (m) => {
    if (m.cmd === 'cpu') {
      const u = process.cpuUsage();
      return { us: u.user + u.system };
    }
    if (m.cmd === 'stop') {
      await stop();
      setImmediate(() => process.disconnect());
      return { stopped: true };
    }
    throw new Error(`unknown command ${m.cmd}`);
  });
  process.send!({ ready: true, port });
}

// ---- the load generator process ----

function generatorRole(): void {
  let socks: Socket[] = [];
  let failed: Error | null = null;
  const msg = Buffer.alloc(MSG);
  for (let i = 0; i < MSG; i++) msg[i] = 32 + i;
  const lat = new Float64Array(1 << 21);

  async function open(port: number, n: number): Promise<void> {
    failed = null;
    for (let at = 0; at < n; at += 50) {
      const batch = await Promise.all(
        Array.from(
          { length: Math.min(50, n - at) },
          () =>
            new Promise<Socket>((res, rej) => {
              const s = connect(port, '127.0.0.1', () => res(s));
              s.setNoDelay(true);
              s.once('error', rej);
            }),
        ),
      );
      for (const s of batch) {
        s.removeAllListeners('error');
        s.on('error', (e) => (failed ??= e));
        s.on('end', () => (failed ??= new Error('the server closed a connection')));
      }
      socks.push(...batch);
    }
  }

  function run(mode: Mode, ms: number, depth: number): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      let nlat = 0,
        messages = 0,
        active = socks.length;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const deadline = t0 + ms;
      const refill = Buffer.concat(Array.from({ length: depth }, () => msg));
      const guard = setTimeout(
        () =>
          reject(new Error(`${mode} run did not drain within ${ms + 10_000} ms (${active} connections still waiting)`)),
        ms + 10_000,
      );
      const finish = () => {
        const t1 = performance.now();
        clearTimeout(guard);
        for (const s of socks) s.removeAllListeners('data');
        const cpu = process.cpuUsage(cpu0);
        const sorted = lat.subarray(0, nlat).sort();
        if (failed) return reject(failed);
        resolve({
          messages,
          ms: t1 - t0,
          genUs: cpu.user + cpu.system,
          p50: quantile(sorted, 0.5) * 1000,
          p99: quantile(sorted, 0.99) * 1000,
        });
      };
      for (const s of socks) {
        let got = 0; // bytes received
        const bad = (chunk: Buffer) => {
          // Each echoed byte must be the one sent at that stream position (checked at both ends of a chunk).
          return chunk[0] !== msg[got % MSG] || chunk[chunk.length - 1] !== msg[(got + chunk.length - 1) % MSG];
        };
        if (mode === 'ping-pong') {
          let sentAt = 0;
          s.on('data', (chunk: Buffer) => {
            if (bad(chunk) || got + chunk.length > MSG) failed ??= new Error('ping-pong: wrong bytes echoed');
            got += chunk.length;
            if (got < MSG) return;
            got = 0;
            const now = performance.now();
            if (nlat < lat.length) lat[nlat++] = now - sentAt;
            messages++;
            if (now < deadline) {
              sentAt = now;
              s.write(msg);
            } else if (--active === 0) finish();
          });
          sentAt = performance.now();
          s.write(msg);
        } else {
          let done = 0,
            sent = depth;
          s.on('data', (chunk: Buffer) => {
            if (bad(chunk)) failed ??= new Error('streamed: wrong bytes echoed');
            got += chunk.length;
            const k = Math.floor(got / MSG) - done;
            if (k === 0) return;
            done += k;
            messages += k;
            if (performance.now() < deadline) {
              s.write(refill.subarray(0, k * MSG)); // keep `depth` messages in flight
              sent += k;
            } else if (done === sent && --active === 0) finish();
          });
          for (let i = 0; i < depth; i++) s.write(msg);
        }
      }
    });
  }

  async function close(): Promise<void> {
    await Promise.all(
      socks.map(
        (s) =>
          new Promise<void>((r) => {
            s.removeAllListeners('end');
            s.on('close', () => r());
            s.end();
            s.resume();
          }),
      ),
    );
    socks = [];
  }

  reply(async (m) => {
    if (m.cmd === 'connect') {
      await open(m.port, m.conns);
      return { connected: socks.length };
    }
    if (m.cmd === 'run') return await run(m.mode, m.ms, m.depth);
    if (m.cmd === 'close') {
      await close();
      return { closed: true };
    }
    if (m.cmd === 'stop') {
      setImmediate(() => process.disconnect());
      return { stopped: true };
    }
    throw new Error(`unknown command ${m.cmd}`);
  });
  process.send!({ ready: true });
}

// ---- the orchestrator ----

interface Sample {
  mps: number;
  p50: number;
  p99: number;
  cpuPerMsg: number;
  srvCpu: number;
  genCpu: number;
}

function start(role: string, ...args: string[]): Promise<{ peer: Peer; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['--role', role, ...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const p = peer(child, `${role}${args.length ? ` ${args.join(' ')}` : ''}`);
  return new Promise((res, rej) => {
    child.once('message', (m: any) =>
      m?.ready ? res({ peer: p, port: m.port }) : rej(new Error(`${role}: ${m?.error}`)),
    );
    child.once('exit', (code) => rej(new Error(`${role} exited (${code}) before it was ready`)));
  });
}

async function stopChild(p: Peer): Promise<void> {
  const exited = new Promise<void>((r) => (p.child.exitCode !== null ? r() : p.child.once('exit', () => r())));
  await p.call({ cmd: 'stop' });
  const t = setTimeout(() => {
    console.error(`${p.child.pid} did not exit 5 s after stop: killed`);
    p.child.kill('SIGKILL');
  }, 5000);
  await exited;
  clearTimeout(t);
}

/** The load generator, either kind, as the orchestrator drives it. */
interface Generator {
  connect(port: number, conns: number): Promise<void>;
  run(mode: Mode, ms: number, depth: number): Promise<RunResult>;
  close(): Promise<void>;
  stop(): Promise<void>;
}

async function nodeGen(): Promise<Generator> {
  const p = (await start('client')).peer;
  return {
    connect: (port, conns) => p.call({ cmd: 'connect', port, conns }),
    run: (mode, ms, depth) => p.call({ cmd: 'run', mode, ms, depth }),
    close: () => p.call({ cmd: 'close' }),
    stop: () => stopChild(p),
  };
}

async function main(): Promise<void> {
  const REPS = intArg('reps', quick ? 1 : 3);
  const DURATION = intArg('duration', quick ? 150 : 1500);
  const WARMUP = intArg('warmup', quick ? 50 : 300);
  const CONNS = listArg('conns', quick ? [1, 8] : [1, 50, 200]);
  const DEPTH = intArg('depth', 16);
  const MODES: Mode[] = ['ping-pong', 'streamed'];
  const SETS = flagSetsArg();
  const IMPLS: Impl[] = ['net', ...SETS.map((f) => `uring:${f.name}`)];
  const GEN = strArg('gen', 'c');
  if (GEN !== 'c' && GEN !== 'node') throw new RangeError(`--gen must be c or node, got ${GEN}`);
  const t0 = performance.now();
  console.log(`echo bench: ${machine()}; ${await ioUringInfo()}`);
  console.log(
    `${MSG}-byte messages over loopback TCP; ${REPS} rep(s) of ${DURATION} ms per cell after ${WARMUP} ms warm-up; streamed depth ${DEPTH}; servers and load generator in separate processes; ${load()} at start`,
  );
  console.log(
    `load generator: ${GEN === 'c' ? 'C (bench/c/echo_gen.c: one thread, epoll, non-blocking sockets)' : 'node:net (one process; --gen node)'}`,
  );

  const servers: Record<Impl, { peer: Peer; port: number }> = Object.fromEntries(
    await Promise.all(IMPLS.map(async (impl) => [impl, await start('server', '--impl', impl)] as const)),
  );
  const gen: Generator = GEN === 'c' ? new CEchoGen() : await nodeGen();

  const cells = CONNS.flatMap((conns) =>
    MODES.map((mode) => ({
      conns,
      mode,
      s: Object.fromEntries(IMPLS.map((impl) => [impl, [] as Sample[]])) as Record<Impl, Sample[]>,
    })),
  );
  try {
    for (let rep = 0; rep < REPS; rep++) {
      for (const [ci, cell] of cells.entries()) {
        // Rotate which goes first (with two: alternate).
        const k = (rep + ci) % IMPLS.length;
        const order: Impl[] = [...IMPLS.slice(k), ...IMPLS.slice(0, k)];
        for (const impl of order) {
          const srv = servers[impl]!;
          await gen.connect(srv.port, cell.conns);
          await gen.run(cell.mode, WARMUP, DEPTH);
          const c0 = (await srv.peer.call({ cmd: 'cpu' })).us as number;
          const w0 = performance.now();
          const r = await gen.run(cell.mode, DURATION, DEPTH);
          const c1 = (await srv.peer.call({ cmd: 'cpu' })).us as number;
          const wall = performance.now() - w0;
          await gen.close();
          cell.s[impl]!.push({
            mps: r.messages / (r.ms / 1000),
            p50: r.p50,
            p99: r.p99,
            cpuPerMsg: (c1 - c0) / r.messages,
            srvCpu: (c1 - c0) / 1000 / wall,
            genCpu: r.genUs / 1000 / r.ms,
          });
        }
      }
    }
  } finally {
    await Promise.all([gen.stop(), ...IMPLS.map((impl) => stopChild(servers[impl]!.peer))]);
  }

  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const head = ['conns', 'mode', 'server', 'msgs/s', 'p50 µs', 'p99 µs', 'server CPU µs/msg', 'server CPU', 'gen CPU'];
  const rows: string[][] = [];
  let genBound = 0;
  for (const c of cells) {
    const col = (impl: Impl, k: keyof Sample, f?: (v: number) => string) =>
      spread(
        c.s[impl]!.map((x) => x[k]),
        f,
      );
    for (const impl of IMPLS) {
      const g = median(c.s[impl]!.map((x) => x.genCpu));
      const mark = g >= GEN_BOUND ? ' *' : '';
      if (mark) genBound++;
      const pp = c.mode === 'ping-pong';
      rows.push([
        String(c.conns),
        c.mode,
        implName(impl, SETS.length),
        col(impl, 'mps') + mark,
        pp ? col(impl, 'p50') : '-',
        pp ? col(impl, 'p99') : '-',
        col(impl, 'cpuPerMsg'),
        col(impl, 'srvCpu', pct),
        col(impl, 'genCpu', pct),
      ]);
    }
    // Ratios paired within each rep (run back to back), then median (min-max) over reps: each IoUring server
    // against node:net, and with several flag sets each later set against the first.
    const ratio = (a: Impl, b: Impl, k: keyof Sample) =>
      spread(
        c.s[a]!.map((u, i) => u[k] / c.s[b]![i]![k]),
        times,
      );
    const pairs: [Impl, Impl][] = IMPLS.slice(1).map((u) => [u, 'net']);
    for (const u of IMPLS.slice(2)) pairs.push([u, IMPLS[1]!]);
    for (const [a, b] of pairs) {
      const pp = c.mode === 'ping-pong';
      rows.push([
        String(c.conns),
        c.mode,
        `${implName(a, SETS.length)}/${implName(b, SETS.length)}`,
        ratio(a, b, 'mps'),
        pp ? ratio(a, b, 'p50') : '-',
        pp ? ratio(a, b, 'p99') : '-',
        ratio(a, b, 'cpuPerMsg'),
        '',
        '',
      ]);
    }
  }
  console.log(table(head, rows));
  console.log(
    "server CPU: the server process's CPU time (all its threads) over the timed window, 100% = one core. gen CPU: the load generator's.",
  );
  for (const { name, flags } of SETS)
    if (flags !== undefined) console.log(`[${name}]: setup flags ${setupFlagNames(flags)}`);
  console.log(
    'IoUring/node:net: msgs/s above 1x = IoUring faster; round trip and CPU per message below 1x = IoUring better. Ratios are paired per rep (both ran back to back), median (min-max).',
  );
  console.log(
    genBound
      ? `* the load generator used >= ${GEN_BOUND * 100}% of a core: there it, not the server, limits msgs/s (read CPU per message and the ratios, not the absolute rate)`
      : 'the load generator stayed below 90% of a core in every cell',
  );
  console.log(`echo bench took ${((performance.now() - t0) / 1000).toFixed(1)} s; ${load()} at the end`);
}

const role = strArg('role', 'main');
if (role === 'server') await serverRole(strArg('impl', 'net') as Impl);
else if (role === 'client') generatorRole();
else await main();
