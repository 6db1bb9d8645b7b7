// The web page in Debian's Chromium (playwright-core): the bundle is built, served on 127.0.0.1 on a free
// port, and the page is driven like a person would: an op encoded from the form and decoded from pasted
// hex, bad input shown as messages, a 100,000-encoding fuzz campaign run through the WASM core, and the
// layout checks. A screenshot of the explorer goes to test-artifacts/.
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
  const perOp = await page.$$eval('#fuzz-ops tr[data-op]', (rs) =>
    rs.map((r) => [r.getAttribute('data-op'), Number(r.children[1]!.textContent!.replace(/,/g, ''))] as const),
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
  await page.screenshot({ path: join(ARTIFACTS, 'fuzzer.png'), fullPage: false });
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

mkdirSync(ARTIFACTS, { recursive: true });
test.run();
