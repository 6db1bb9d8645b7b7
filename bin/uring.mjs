#!/usr/bin/env node
// Launcher for the `uring` command: runs bin/uring.ts through tsx (the package ships TypeScript sources).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./uring.ts');
process.exitCode = await main(process.argv.slice(2));
