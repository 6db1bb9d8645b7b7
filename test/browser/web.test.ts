// The web page in Debian's Chromium (playwright-core): the bundle is built, served on 127.0.0.1 on a free
// port, and the page is driven like a person would: an op encoded from the form and decoded from pasted
// hex (addresses in hex, modes in octal, stray bytes warned about before editing), bad input shown as
// messages, a 100,000-encoding fuzz campaign run through the WASM core (stopped, finished, and with a fault
// injected so failures show first), the layout checks, and the whole page at 420 px wide. Screenshots of
// each state go to test-artifacts/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb, ROOT } from '../../web/build.mjs';
import { startServer } from '../../web/serve.mjs';
import { packSqe } from '../../ts/sqe/abi-table.ts';
import { IOSQE, OP } from '../../ts/constants.ts';
import { ALL_OPS } from '../../ts/ops/index.ts';
import { Campaign } from '../../ts/fuzz/campaign.ts';
import { seedHex } from '../../ts/fuzz/rng.ts';
import { hex } from '../helpers/pack.ts';
import { enc } from '../helpers/core.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const SEED = 0x5eed;
const COUNT = 100_000;
const ARTIFACTS = join(ROOT, 'test-artifacts');

let browser: Browser | undefined;
let page: Page;
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const outdir = mkdtempSync(join(tmpdir(), 'uring-web-'));
const consoleErrors: string[] = [];

// read fd=3 buf=0x7f0000001000 nbytes=4096 offset=0, IO_LINK, user_data=1: stated by kernel field name.
const READ_BYTES = hex(
  packSqe({ opcode: OP.READ, flags: IOSQE.IO_LINK, fd: 3, addr: 0x7f0000001000n, len: 4096, off: 0, user_data: 1 }),
);
const READ_TEXT = 'read fd=3 buf=0x7f0000001000 nbytes=4096 offset=0 flags=IO_LINK user_data=1';
// read fd=3 buf=0x1000 nbytes=16, with bytes 44 and 60 set: neither belongs to a field of read.
const STRAY = packSqe({ opcode: OP.READ, fd: 3, addr: 0x1000n, len: 16, off: 0, user_data: 1 });
STRAY[44] = 0x5a;
STRAY[60] = 0x5a;

/** Elements of `sel` (and below) whose right edge passes the viewport's: what a person would have to scroll to. */
function overflowing(p: Page, sel: string): Promise<string[]> {
  return p.$$eval(`${sel}, ${sel} *`, (els) =>
    els
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > window.innerWidth + 0.5;
      })
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className} right=${e.getBoundingClientRect().right}`,
      ),
  );
}

test.before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/deps.sh (apt-get install chromium)`);
  await buildWeb({ outdir });
  server = await startServer({ port: 0, host: '127.0.0.1', dir: outdir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
});

test.after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(outdir, { recursive: true, force: true });
});

test('the server gives the wasm as application/wasm and nothing outside the page', async () => {
  const r = await fetch(new URL('wasm/uring.wasm', server!.url));
  assert.is(r.status, 200);
  assert.is(r.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await r.arrayBuffer());
  assert.equal([...bytes.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], 'wasm magic');
  assert.is((await fetch(new URL('../package.json', server!.url))).status, 404);
  assert.is((await fetch(new URL('%2e%2e/package.json', server!.url))).status, 404);
});

test('the page loads the core without errors', async () => {
  assert.is(await page.getAttribute('body', 'data-ready'), '1', (await page.textContent('#page-error')) ?? '');
  assert.ok(await page.isHidden('#page-error'));
  assert.match((await page.textContent('#core-info')) ?? '', `${ALL_OPS.length} op specs`);
  assert.equal(consoleErrors, []);
});

test('the explorer lists every builder', async () => {
  const names = await page.$$eval('#op-select option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  for (const s of ALL_OPS)
    for (const n of [s.name, ...(s.aliases ?? [])]) assert.ok(names.includes(n), `builder ${n} in the op list`);
});

test('explorer: read fd=3 ... from the form gives the known bytes, fields named', async () => {
  await page.click('[data-tab=explorer]');
  await page.selectOption('#op-select', 'nop');
  await page.selectOption('#op-select', 'read');
  await page.fill('input[data-arg=fd]', '3');
  await page.fill('input[data-arg=buf]', '0x7f0000001000');
  await page.fill('input[data-arg=nbytes]', '4096');
  await page.fill('input[data-arg=offset]', '0');
  await page.fill('input[data-arg=userData]', '1');
  await page.check('input[data-flag=IO_LINK]');
  assert.is(await page.inputValue('#hex-out'), READ_BYTES);
  assert.is(await page.textContent('#encoded-text'), READ_TEXT);
  assert.ok(await page.isHidden('#encode-error'));
  assert.match((await page.textContent('#op-since')) ?? '', 'Linux 5.6');
  assert.ok(await page.$('#op-info a[href*="io_uring_prep_read.3"]'), 'link to the liburing man page');
  // Every byte of the fd field (4..7) is named fd, the address (16..23) buf; bytes of no field say so.
  for (const [off, name] of [
    [4, 'fd'],
    [7, 'fd'],
    [16, 'buf'],
    [24, 'nbytes'],
    [8, 'offset'],
    [0, 'opcode'],
    [1, 'flags'],
    [32, 'user_data'],
  ] as const)
    assert.match((await page.getAttribute(`#enc-grid [data-off="${off}"]`, 'title')) ?? '', `${off}: ${name}`);
  assert.match((await page.getAttribute('#enc-grid [data-off="48"]', 'title')) ?? '', 'not a field of this op');
  const legend = await page.$$eval('#enc-legend tr td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
  for (const n of ['opcode', 'flags', 'fd', 'buf', 'nbytes', 'offset', 'user_data'])
    assert.ok(legend.includes(n), `legend names ${n}: ${legend}`);
});

test('explorer: pasted hex decodes back to read fd=3 ... and into the form', async () => {
  const dump = READ_BYTES.match(/../g)!.join(' ');
  await page.fill('#hex-in', dump);
  await page.click('#decode-btn');
  assert.ok(await page.isHidden('#decode-error'));
  assert.is(await page.textContent('#decoded-text'), READ_TEXT);
  assert.match((await page.getAttribute('#dec-grid [data-off="24"]', 'title')) ?? '', '24: nbytes');
  await page.selectOption('#op-select', 'nop');
  await page.click('#to-builder');
  assert.is(await page.inputValue('#op-select'), 'read');
  assert.is(await page.inputValue('#hex-out'), READ_BYTES);
  await page.screenshot({ path: join(ARTIFACTS, 'explorer.png'), fullPage: true });
});

test('explorer: malformed hex, wrong length and out-of-range values show messages', async () => {
  await page.fill('#hex-in', '16 00 zz');
  await page.click('#decode-btn');
  assert.ok(await page.isVisible('#decode-error'));
  assert.match((await page.textContent('#decode-error')) ?? '', 'not a hex digit: "z"');
  await page.fill('#hex-in', READ_BYTES.slice(0, 126));
  assert.match((await page.textContent('#decode-error')) ?? '', 'an SQE is 64 or 128 bytes, got 63');
  await page.fill('#hex-in', READ_BYTES.slice(0, 127));
  assert.match((await page.textContent('#decode-error')) ?? '', 'odd number of hex digits');
  await page.fill('input[data-arg=nbytes]', '-1');
  assert.ok(await page.isVisible('#encode-error'));
  assert.match(
    (await page.textContent('#encode-error')) ?? '',
    'RangeError: read: nbytes must be an integer in 0..4294967295, got -1',
  );
  assert.ok(await page.$('input[data-arg=nbytes].bad'), 'the bad input is marked');
  assert.is(await page.inputValue('#hex-out'), '');
  await page.fill('input[data-arg=nbytes]', 'lots');
  assert.match((await page.textContent('#encode-error')) ?? '', 'not an integer: "lots"');
  await page.fill('input[data-arg=nbytes]', '4096');
  assert.ok(await page.isHidden('#encode-error'));
  assert.is(await page.inputValue('#hex-out'), READ_BYTES);
  assert.equal(consoleErrors, [], 'no page errors after bad input');
});

test('explorer: addresses always in hex, modes in octal: in the text, the legend and back in the form', async () => {
  await page.selectOption('#op-select', 'read');
  await page.fill('input[data-arg=buf]', '4096');
  await page.fill('input[data-arg=nbytes]', '16');
  assert.match((await page.textContent('#encoded-text')) ?? '', /^read fd=3 buf=0x1000 nbytes=16 /);
  const legend = await page.$$eval('#enc-legend tr', (rs) =>
    Object.fromEntries(rs.map((r) => [r.children[1]?.textContent, r.children[4]?.textContent])),
  );
  assert.is(legend.buf, '0x1000');
  assert.is(legend.nbytes, '16');
  await page.selectOption('#op-select', 'openat');
  await page.fill('input[data-arg=dfd]', '-100');
  await page.fill('input[data-arg=path]', '16');
  await page.fill('input[data-arg=openFlags]', '0');
  await page.fill('input[data-arg=mode]', '0o644');
  assert.ok(await page.isHidden('#encode-error'), (await page.textContent('#encode-error')) ?? '');
  assert.match((await page.textContent('#encoded-text')) ?? '', /^openat dfd=-100 path=0x10 openFlags=0 mode=0o644 /);
  // Decoded and put back into the form, the values read as they were typed (octal stays octal).
  await page.fill('#hex-in', await page.inputValue('#hex-out'));
  assert.match((await page.textContent('#decoded-text')) ?? '', 'path=0x10 openFlags=0 mode=0o644');
  await page.selectOption('#op-select', 'nop');
  await page.click('#to-builder');
  assert.is(await page.inputValue('#op-select'), 'openat');
  assert.is(await page.inputValue('input[data-arg=mode]'), '0o644');
  assert.is(await page.inputValue('input[data-arg=path]'), '0x10');
  assert.is(await page.inputValue('input[data-arg=dfd]'), '-100');
  await page.screenshot({ path: join(ARTIFACTS, 'explorer-hex-octal.png'), fullPage: true });
});

test('explorer: stray bytes are warned about before "Edit in the encoder" drops them', async () => {
  await page.selectOption('#op-select', 'nop');
  await page.fill('#hex-in', hex(STRAY));
  assert.match((await page.textContent('#decoded-text')) ?? '', '!stray@44,60');
  assert.ok(await page.isHidden('#stray-confirm'));
  await page.click('#to-builder');
  assert.ok(await page.isVisible('#stray-confirm'), 'a warning before anything is dropped');
  assert.match((await page.textContent('#stray-confirm')) ?? '', '2 stray bytes (offsets 44, 60)');
  assert.is(await page.inputValue('#op-select'), 'nop', 'nothing loaded yet');
  await page.screenshot({ path: join(ARTIFACTS, 'explorer-stray-warning.png'), fullPage: true });
  await page.click('#stray-cancel');
  assert.ok(await page.isHidden('#stray-confirm'));
  assert.is(await page.inputValue('#op-select'), 'nop', 'cancel loads nothing');
  await page.click('#to-builder');
  await page.click('#stray-edit');
  assert.ok(await page.isHidden('#stray-confirm'));
  assert.is(await page.inputValue('#op-select'), 'read');
  const clean = STRAY.slice();
  clean[44] = 0;
  clean[60] = 0;
  assert.is(await page.inputValue('#hex-out'), hex(clean), 'the encoder has the fields, without the stray bytes');
  // Bytes without stray ones load at once, as before.
  await page.fill('#hex-in', READ_BYTES);
  await page.click('#to-builder');
  assert.ok(await page.isHidden('#stray-confirm'));
  assert.is(await page.inputValue('#hex-out'), READ_BYTES);
});

test(`fuzzer: ${COUNT} encodings of seed ${seedHex(SEED)} in Chromium, zero failures, same bytes as Node`, async () => {
  await page.click('[data-tab=fuzzer]');
  await page.fill('#fuzz-seed', seedHex(SEED));
  await page.fill('#fuzz-count', String(COUNT));
  await page.click('#fuzz-run');
  await page.waitForSelector('#fuzzer[data-state=done]', { timeout: 300_000 });
  const d = await page.$eval('#fuzzer', (e) => ({ ...(e as HTMLElement).dataset }));
  assert.is(d.done, String(COUNT));
  const problems = await page.$$eval('#fuzz-failures .cx', (xs) => xs.map((x) => x.textContent));
  assert.is(d.failed, '0', problems.slice(0, 3).join('\n'));
  assert.is(await page.textContent('#fuzz-state'), 'done');
  const perOp = await page.$$eval('#fuzz-ops [data-op]', (rs) =>
    rs.map((r) => [r.getAttribute('data-op'), Number(r.getAttribute('data-runs'))] as const),
  );
  assert.is(perOp.length, ALL_OPS.length);
  assert.is(
    perOp.reduce((s, [, n]) => s + n, 0),
    COUNT,
  );
  for (const [op, n] of perOp) assert.ok(n > 0, `${op} was fuzzed`);
  const rate = Number((await page.textContent('#fuzz-rate'))!.replace(/,/g, ''));
  assert.ok(rate > 0, 'encodings per second shown');
  // The same campaign in Node gives the same bytes (digest over every encoding).
  const node = new Campaign(enc, { seed: SEED, total: COUNT });
  while (!node.finished) node.run(10_000);
  assert.is(node.failed, 0);
  assert.is(d.digest, seedHex(node.digest), 'browser and Node encodings differ');
  // The per-op results fold into one line while all pass, and Replay stays on the first screen either way.
  assert.match((await page.textContent('#fuzz-ops-summary')) ?? '', `${ALL_OPS.length} ops, none failed`);
  assert.not.ok(await page.$eval('#fuzz-ops-box', (e) => (e as HTMLDetailsElement).open), 'folded while all pass');
  await page.evaluate(() => window.scrollTo(0, 0));
  const inView = async () => {
    const b = (await page.$('#replay-btn'))!;
    const r = (await b.boundingBox())!;
    return r.y + r.height <= 1000;
  };
  assert.ok(await inView(), 'Replay is on the first screen with the per-op results folded');
  await page.click('#fuzz-ops-summary');
  assert.ok(await page.isVisible('#fuzz-ops [data-op="read"]'));
  assert.ok(await inView(), 'Replay is on the first screen with the per-op grid open');
  await page.screenshot({ path: join(ARTIFACTS, 'fuzzer.png'), fullPage: false });
  await page.click('#fuzz-ops-summary');
});

test('fuzzer: a stopped campaign says it stopped, and how far it got', async () => {
  await page.fill('#fuzz-seed', '0x51');
  await page.fill('#fuzz-count', '100000000');
  await page.click('#fuzz-run');
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#fuzzer')!.dataset.done ?? 0) > 0);
  assert.is(await page.textContent('#fuzz-state'), 'running');
  await page.click('#fuzz-stop');
  await page.waitForSelector('#fuzzer[data-state=stopped]', { timeout: 10_000 });
  assert.is(await page.textContent('#fuzz-state'), 'stopped');
  const status = (await page.textContent('#fuzz-status')) ?? '';
  assert.match(status, /^stopped after [\d,]+ \/ 100,000,000 encodings/);
  assert.ok(await page.isEnabled('#fuzz-run'), 'Run is offered again');
  await page.screenshot({ path: join(ARTIFACTS, 'fuzzer-stopped.png'), fullPage: false });
});

test('fuzzer: ops with failures come first in the per-op grid, which opens by itself', async () => {
  // A fault put into the page's encoder (a stray byte 60 in every read) must reach the grid as failures of read.
  await page.evaluate(() => {
    const enc = window.uring!.enc as unknown as { encode: (s: { name: string }, o: unknown) => Uint8Array };
    const real = enc.encode.bind(enc);
    (window as unknown as { realEncode: unknown }).realEncode = enc.encode;
    enc.encode = (spec, opts) => {
      const b = real(spec, opts);
      if (spec.name === 'read') b[60] = 0x5a;
      return b;
    };
  });
  try {
    await page.fill('#fuzz-seed', '0x5eed');
    await page.fill('#fuzz-count', '5000');
    await page.click('#fuzz-run');
    await page.waitForSelector('#fuzzer[data-state=done]', { timeout: 60_000 });
  } finally {
    await page.evaluate(() => {
      const enc = window.uring!.enc as unknown as { encode: unknown };
      enc.encode = (window as unknown as { realEncode: unknown }).realEncode;
    });
  }
  const cells = await page.$$eval('#fuzz-ops [data-op]', (rs) =>
    rs.map((r) => [r.getAttribute('data-op')!, Number(r.getAttribute('data-fails'))] as const),
  );
  assert.is(cells.length, ALL_OPS.length);
  assert.equal(cells[0], ['read', cells[0]![1]], `read first: ${cells.slice(0, 3)}`);
  assert.ok(cells[0]![1] > 0, 'read failed');
  assert.equal(
    cells.slice(1).filter(([, f]) => f > 0),
    [],
    'no other op failed',
  );
  assert.ok(await page.$eval('#fuzz-ops-box', (e) => (e as HTMLDetailsElement).open), 'the grid opened itself');
  assert.match((await page.textContent('#fuzz-ops-summary')) ?? '', '1 with failures (listed first)');
  assert.ok(await page.isVisible('#fuzz-ops [data-op="read"].bad'));
  assert.match((await page.textContent('#fuzz-failures')) ?? '', 'stray');
  assert.match(
    (await page.textContent('#fuzz-failures .cx .muted code')) ?? '',
    /buf: 0x[0-9a-f]+/,
    'addresses in hex',
  );
  await page.screenshot({ path: join(ARTIFACTS, 'fuzzer-failures.png'), fullPage: false });
  assert.equal(consoleErrors, []);
});

test('fuzzer: the replay box re-runs one case from its seed, and refuses a bad seed', async () => {
  await page.fill('#replay-seed', '0x12345678');
  await page.click('#replay-btn');
  assert.match((await page.textContent('#replay-verdict')) ?? '', '✓');
  assert.ok((await page.textContent('#replay-text'))!.length > 0);
  await page.fill('#replay-seed', 'x12');
  await page.click('#replay-btn');
  assert.ok(await page.isVisible('#replay-error'));
  assert.match((await page.textContent('#replay-error')) ?? '', 'seed must be');
});

test('layouts: the core tables agree with the ABI table in the page', async () => {
  await page.click('[data-tab=layouts]');
  assert.match((await page.textContent('#sqe-table-verdict')) ?? '', '✓');
  assert.is(await page.getAttribute('#layouts', 'data-failures'), '0', (await page.textContent('#layouts')) ?? '');
  await page.screenshot({ path: join(ARTIFACTS, 'layouts.png'), fullPage: false });
  assert.equal(consoleErrors, []);
});

test('at 420 px wide nothing needs scrolling sideways: explorer (encode and decode), fuzzer, layouts', async () => {
  await page.setViewportSize({ width: 420, height: 900 });
  try {
    await page.click('[data-tab=explorer]');
    await page.selectOption('#op-select', 'openat');
    await page.fill('#hex-in', hex(STRAY));
    await page.click('#to-builder');
    assert.ok(await page.isVisible('#stray-confirm'));
    assert.equal(await overflowing(page, '#op-fields'), [], 'the argument table fits');
    assert.equal(await overflowing(page, 'body'), [], 'the explorer fits');
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-420.png'), fullPage: true });
    await page.click('#stray-cancel');
    await page.click('[data-tab=fuzzer]');
    await page.fill('#fuzz-count', '2000');
    await page.click('#fuzz-run');
    await page.waitForSelector('#fuzzer[data-state=done]', { timeout: 60_000 });
    assert.is(await page.getAttribute('#fuzzer', 'data-failed'), '0');
    await page.click('#fuzz-ops-summary');
    await page.fill('#replay-seed', '0x12345678');
    await page.click('#replay-btn');
    assert.equal(await overflowing(page, 'body'), [], 'the fuzzer fits');
    await page.screenshot({ path: join(ARTIFACTS, 'fuzzer-420.png'), fullPage: true });
    await page.click('[data-tab=layouts]');
    await page.$$eval('#layouts details', (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    assert.equal(await overflowing(page, 'body'), [], 'the layouts fit');
    await page.screenshot({ path: join(ARTIFACTS, 'layouts-420.png'), fullPage: false });
    assert.is(await page.evaluate(() => document.documentElement.scrollWidth), 420);
  } finally {
    await page.setViewportSize({ width: 1400, height: 1000 });
  }
  assert.equal(consoleErrors, []);
});

mkdirSync(ARTIFACTS, { recursive: true });
test.run();
