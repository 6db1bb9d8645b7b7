// Loads the given test files into one uvu run (what uvu's CLI does), under tsx.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');
let idx = 0;
for (const f of process.argv.slice(2)) {
  globalThis.UVU_INDEX = idx++;
  globalThis.UVU_QUEUE.push([f]);
  await import(pathToFileURL(resolve(f)).href);
}
await uvu.exec(false);
