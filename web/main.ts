// The uring web page: loads wasm/uring.wasm (served as application/wasm) into the same browser-safe code
// Node uses (uring/sqe), then the explorer, the fuzzer and the layout checks.
import { createEncoder, ALL_OPS, type SqeEncoder } from '../ts/sqe.ts';
import { BUILDERS } from '../ts/ops/index.ts';
import { Explorer } from './explorer.ts';
import { Fuzzer } from './fuzzer.ts';
import { renderLayouts } from './layouts.ts';
import { $, clear } from './dom.ts';

declare global {
  interface Window {
    uring?: { enc: SqeEncoder; explorer: Explorer; fuzzer: Fuzzer };
  }
}

function pageError(msg: string): void {
  const el = $('#page-error');
  el.hidden = false;
  el.textContent = msg;
}

window.addEventListener('error', (e) => pageError(`Unexpected error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) =>
  pageError(`Unexpected error: ${(e.reason as Error)?.message ?? e.reason}`),
);

function showTab(name: string): void {
  document.querySelectorAll<HTMLElement>('[data-tab]').forEach((t) => {
    t.classList.toggle('active', t.dataset.tab === name);
  });
  document.querySelectorAll<HTMLElement>('.tab').forEach((p) => {
    p.hidden = p.id !== name;
  });
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  // compileStreaming insists on Content-Type application/wasm: a wrongly served module fails here, visibly.
  const module = await WebAssembly.compileStreaming(fetch('wasm/uring.wasm'));
  const enc = await createEncoder(module);
  const ms = performance.now() - t0;
  clear(
    $('#core-info'),
    `uring.wasm loaded in ${ms.toFixed(0)} ms · ${ALL_OPS.length} op specs · ${BUILDERS.size} builders`,
  );
  const explorer = new Explorer(enc, $('#explorer'));
  const fuzzer = new Fuzzer(enc, $('#fuzzer'), (op, opts) => {
    explorer.load(op, opts);
    showTab('explorer');
  });
  renderLayouts(enc, $('#layouts'));
  document.querySelectorAll<HTMLElement>('[data-tab]').forEach((b) => {
    b.addEventListener('click', () => showTab(b.dataset.tab!));
  });
  showTab(['explorer', 'fuzzer', 'layouts'].includes(location.hash.slice(1)) ? location.hash.slice(1) : 'explorer');
  window.uring = { enc, explorer, fuzzer };
  document.body.dataset.ready = '1';
}

main().catch((e: Error) => {
  pageError(`Could not start: ${e.message}`);
  document.body.dataset.ready = 'error';
});
