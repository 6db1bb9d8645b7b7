#!/usr/bin/env node
// The `uring` command (package.json "bin": dist/bin/cli.js, plain node). A reader that stops early
// (`uring probe | head -1`) closes the pipe: that ends the command quietly instead of an EPIPE stack.
import { main } from './uring.ts';

for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

process.exitCode = await main(process.argv.slice(2));
