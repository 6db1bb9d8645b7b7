// bench/echo.ts's default load generator: bench/c/echo_gen.c (one thread, epoll, non-blocking sockets), built
// into build/bench/ with gcc on demand and driven by line commands over its stdin / stdout.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What one run reports (both generators): echoed messages, wall ms, the generator's CPU µs, round trip µs. */
export interface RunResult {
  messages: number;
  ms: number;
  genUs: number;
  p50: number;
  p99: number;
}

/** The generator binary, rebuilt when its source is newer. */
export function buildEchoGen(outDir = join(root, 'build', 'bench')): string {
  const src = join(root, 'bench', 'c', 'echo_gen.c');
  const bin = join(outDir, 'echo_gen');
  mkdirSync(outDir, { recursive: true });
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(src).mtimeMs) return bin;
  const r = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', bin, src], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`bench: the C load generator did not build (gcc: ${r.error?.message ?? r.stderr.trim()})`);
  return bin;
}

/** The C generator as a child: one command at a time, its reply line parsed; "error ..." rejects. */
export class CEchoGen {
  readonly child: ChildProcess;
  private waiting: { res: (line: string) => void; rej: (e: Error) => void } | null = null;
  private exited = false;

  constructor(bin = buildEchoGen()) {
    this.child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const w = this.waiting;
      this.waiting = null;
      if (!w) return;
      if (line.startsWith('ok')) w.res(line);
      else w.rej(new Error(`C load generator: ${line.replace(/^error /, '')}`));
    });
    this.child.on('error', (e) => {
      this.exited = true;
      this.waiting?.rej(new Error(`C load generator: ${e.message}`));
    });
    this.child.on('exit', (code, sig) => {
      this.exited = true;
      this.waiting?.rej(new Error(`C load generator exited (${code ?? sig})`));
    });
  }

  private send(cmd: string): Promise<string> {
    return new Promise((res, rej) => {
      this.waiting = { res, rej };
      this.child.stdin!.write(`${cmd}\n`);
    });
  }

  async connect(port: number, conns: number): Promise<void> {
    await this.send(`connect ${port} ${conns}`);
  }

  async run(mode: 'ping-pong' | 'streamed', ms: number, depth: number): Promise<RunResult> {
    const [, messages, ns, us, p50, p99] = (await this.send(`run ${mode} ${ms} ${depth}`)).split(' ').map(Number);
    const pp = mode === 'ping-pong';
    return {
      messages: messages!,
      ms: ns! / 1e6,
      genUs: us!,
      p50: pp ? p50! / 1000 : NaN,
      p99: pp ? p99! / 1000 : NaN,
    };
  }

  async close(): Promise<void> {
    await this.send('close');
  }

  /** Ask it to quit and wait for the exit (killed after 5 s). */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin!.end('quit\n');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }
}
