#!/usr/bin/env node
// A small static server for the web page: build/web/ at /, wasm/uring.wasm at /wasm/uring.wasm
// (as application/wasm, which WebAssembly.compileStreaming requires). Nothing else is served.
// Usage: node web/serve.mjs [--port N] [--host H] [--no-build]   (make web)
// A port already taken: one line saying so and how to pick another, exit status 3 (make web treats it as handled).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb, OUT, ROOT } from './build.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Where a request path is served from, or undefined (404). Only files under build/web and the wasm. */
function resolvePath(urlPath, dir) {
  if (urlPath === '/wasm/uring.wasm') return join(ROOT, 'wasm', 'uring.wasm');
  const rel = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
  const p = normalize(join(dir, rel));
  if (p !== dir && !p.startsWith(dir + sep)) return undefined;
  return p;
}

/** Start serving; resolves to { url, port, close() } once listening. Port 0 picks a free one. */
export function startServer({ port = 8080, host = '127.0.0.1', dir = OUT } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolvePath(url.pathname, dir) : undefined;
    const ext = file ? file.slice(file.lastIndexOf('.')) : '';
    if (!file || !TYPES[ext]) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[ext], 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      const p = typeof a === 'object' && a ? a.port : port;
      resolve({
        url: `http://${host}:${p}/`,
        port: p,
        close: () => new Promise((r) => server.close(() => r(undefined))),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const host = opt('--host', process.env.HOST ?? '127.0.0.1');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      `uring web: the port must be an integer 0-65535, got ${JSON.stringify(opt('--port', process.env.PORT))}; e.g. make web PORT=8081`,
    );
    process.exit(2);
  }
  if (!args.includes('--no-build')) await buildWeb();
  try {
    const { url } = await startServer({ port, host });
    console.log(`uring web page: ${url}  (explorer, fuzzer, layouts; Ctrl-C to stop)`);
  } catch (e) {
    if (e.code === 'EADDRINUSE') {
      console.error(
        `uring web: port ${port} on ${host} is already in use; choose another with make web PORT=${port === 65535 ? 8081 : port + 1} (0 picks a free one)`,
      );
      process.exit(3);
    }
    console.error(`uring web: cannot listen on ${host}:${port}: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '));
    process.exit(1);
  }
}
