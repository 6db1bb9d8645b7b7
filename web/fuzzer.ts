// The fuzzing page: a seeded campaign (ts/fuzz/campaign.ts, the same code the Node tests run) over every
// op through the WASM core, in slices so progress shows; counterexamples with their seed and bytes; a
// replay box that re-runs one case from its seed.
import type { SqeEncoder } from '../ts/sqe.ts';
import { ALL_OPS } from '../ts/sqe.ts';
import { Campaign, replay, type Counterexample } from '../ts/fuzz/campaign.ts';
import { hexDump } from '../ts/fuzz/hex.ts';
import { parseSeed, seedHex } from '../ts/fuzz/rng.ts';
import { optsText } from '../ts/fuzz/sample.ts';
import { BUILDERS } from '../ts/ops/index.ts';
import { h, $, clear, fmtInt } from './dom.ts';

/** What the status line says first: a stopped campaign says so, with how far it got. */
type State = 'running' | 'done' | 'stopped';

export class Fuzzer {
  private stopRequested = false;
  /** The per-op grid opens itself once, at the first failure; after that the person decides. */
  private opsOpened = false;

  constructor(
    private readonly enc: SqeEncoder,
    private readonly root: HTMLElement,
    private readonly openInExplorer: (op: string, opts: Record<string, number | bigint>) => void,
  ) {
    this.render();
  }

  private render(): void {
    clear(
      this.root,
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Campaign'),
        h(
          'p',
          { class: 'muted' },
          `Random valid inputs for all ${ALL_OPS.length} op specs, encoded by uring.wasm. Each case checks decode(encode(x)) = x, `,
          "that the bytes re-encode, that no byte outside the op's fields is set (decoder and hand-written ABI table), ",
          "and that every field is where the kernel's SQE layout puts it (the whole SQE rebuilt independently).",
        ),
        h(
          'div',
          { class: 'row' },
          h('label', {}, 'seed ', h('input', { id: 'fuzz-seed', value: '0x5eed', size: 12 })),
          h('label', {}, 'encodings ', h('input', { id: 'fuzz-count', value: '100000', size: 10 })),
          h('button', { id: 'fuzz-run', onclick: () => void this.start() }, 'Run'),
          h(
            'button',
            {
              id: 'fuzz-stop',
              disabled: true,
              onclick: () => {
                this.stopRequested = true;
              },
            },
            'Stop',
          ),
        ),
        h('div', { id: 'fuzz-error', class: 'error', role: 'alert', hidden: true }),
        h('progress', { id: 'fuzz-progress', max: 1, value: 0 }),
        h('div', { id: 'fuzz-status', class: 'status' }, 'idle'),
        h('div', { id: 'fuzz-table-check' }),
        // Per op, failures first, folded away while all pass so Replay stays in view.
        h(
          'details',
          { id: 'fuzz-ops-box' },
          h('summary', { id: 'fuzz-ops-summary' }, 'encodings per op'),
          h('div', { id: 'fuzz-ops', class: 'opgrid' }),
        ),
        h('div', { id: 'fuzz-failures' }),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Replay'),
        h(
          'p',
          { class: 'muted' },
          'A case seed (from a counterexample, or any u32) regenerates that one case: op, options, bytes, verdict.',
        ),
        h(
          'div',
          { class: 'row' },
          h('label', {}, 'case seed ', h('input', { id: 'replay-seed', size: 12, placeholder: '0x1234abcd' })),
          h('button', { id: 'replay-btn', onclick: () => this.replay() }, 'Replay'),
        ),
        h('div', { id: 'replay-error', class: 'error', role: 'alert', hidden: true }),
        h('div', { id: 'replay-out' }),
      ),
    );
    this.root.dataset.state = 'idle';
  }

  private error(id: string, msg?: string): void {
    const el = $(id, this.root);
    el.hidden = !msg;
    el.textContent = msg ?? '';
  }

  /** Start a campaign from the form; resolves when it is done or stopped. */
  async start(): Promise<void> {
    let seed: number, total: number;
    try {
      seed = parseSeed(($('#fuzz-seed', this.root) as HTMLInputElement).value);
      const t = ($('#fuzz-count', this.root) as HTMLInputElement).value.trim().replace(/[_,]/g, '');
      total = Number(t);
      if (!/^\d+$/.test(t) || !Number.isSafeInteger(total) || total < 1 || total > 1e9)
        throw new RangeError(`encodings must be an integer in 1..1000000000, got ${JSON.stringify(t)}`);
    } catch (e) {
      this.error('#fuzz-error', (e as Error).message);
      return;
    }
    this.error('#fuzz-error');
    const c = new Campaign(this.enc, { seed, total });
    this.stopRequested = false;
    this.opsOpened = false;
    ($('#fuzz-ops-box', this.root) as HTMLDetailsElement).open = false;
    this.root.dataset.state = 'running';
    ($('#fuzz-run', this.root) as HTMLButtonElement).disabled = true;
    ($('#fuzz-stop', this.root) as HTMLButtonElement).disabled = false;
    this.showTableCheck(c);
    let lastPaint = 0;
    while (!c.finished && !this.stopRequested) {
      const t0 = performance.now();
      while (!c.finished && performance.now() - t0 < 40) c.run(500);
      if (performance.now() - lastPaint > 150 || c.finished) {
        this.paint(c, 'running');
        lastPaint = performance.now();
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    const state = c.finished ? 'done' : 'stopped';
    this.paint(c, state);
    this.root.dataset.state = state;
    ($('#fuzz-run', this.root) as HTMLButtonElement).disabled = false;
    ($('#fuzz-stop', this.root) as HTMLButtonElement).disabled = true;
  }

  private showTableCheck(c: Campaign): void {
    const ok = c.tableFailures.length === 0;
    clear(
      $('#fuzz-table-check', this.root),
      h(
        'div',
        { class: ok ? 'ok' : 'error' },
        ok
          ? `✓ the core's ${c.fieldRows.filter((r) => r.core).length} SQE fields sit where the ABI table says`
          : `✗ ${c.tableFailures.join('; ')}`,
      ),
    );
  }

  private paint(c: Campaign, state: State): void {
    const prog = $('#fuzz-progress', this.root) as HTMLProgressElement;
    prog.max = c.total;
    prog.value = c.done;
    const failed = c.failed + c.tableFailures.length;
    this.root.dataset.done = String(c.done);
    this.root.dataset.failed = String(failed);
    this.root.dataset.digest = seedHex(c.digest);
    clear(
      $('#fuzz-status', this.root),
      h('b', { id: 'fuzz-state', class: `state ${state}` }, state),
      state === 'stopped' ? ' after ' : ' · ',
      h('b', { id: 'fuzz-done' }, fmtInt(c.done)),
      ` / ${fmtInt(c.total)} encodings · `,
      h('b', { id: 'fuzz-rate' }, fmtInt(c.rate)),
      ' per second · ',
      h('b', { id: 'fuzz-failed', class: failed ? 'bad' : 'good' }, String(failed)),
      ` failure${failed === 1 ? '' : 's'} · seed ${seedHex(c.seed)} · digest `,
      h(
        'code',
        { id: 'fuzz-digest', title: 'FNV-1a of every encoded byte: equal to Node for the same seed and count' },
        seedHex(c.digest),
      ),
    );
    const ops = [...c.perOp.entries()].sort((a, b) => b[1].fails - a[1].fails || a[0].localeCompare(b[0]));
    const badOps = ops.filter(([, n]) => n.fails).length;
    clear(
      $('#fuzz-ops-summary', this.root),
      `encodings per op: ${ops.length} ops, `,
      h('span', { class: badOps ? 'bad' : 'good' }, badOps ? `${badOps} with failures (listed first)` : 'none failed'),
    );
    clear(
      $('#fuzz-ops', this.root),
      ops.map(([name, n]) =>
        h(
          'div',
          {
            class: `op${n.fails ? ' bad' : ''}`,
            'data-op': name,
            'data-runs': n.runs,
            'data-fails': n.fails,
            title: `${name}: ${n.runs} encodings, ${n.fails} failed`,
          },
          h('span', { class: 'name' }, name),
          h('span', { class: 'num' }, n.fails ? `${fmtInt(n.fails)} ✗ / ${fmtInt(n.runs)}` : fmtInt(n.runs)),
        ),
      ),
    );
    if (badOps && !this.opsOpened) {
      this.opsOpened = true;
      ($('#fuzz-ops-box', this.root) as HTMLDetailsElement).open = true;
    }
    const fl = $('#fuzz-failures', this.root);
    if (fl.childElementCount !== c.counterexamples.length)
      clear(
        fl,
        c.counterexamples.length
          ? h(
              'h3',
              {},
              `Counterexamples (${c.counterexamples.length}${c.failed > c.counterexamples.length ? ` of ${c.failed} shown` : ''})`,
            )
          : null,
        c.counterexamples.map((x) => this.counterexample(x)),
      );
  }

  private counterexample(x: Counterexample): HTMLElement {
    return h(
      'div',
      { class: 'cx' },
      h(
        'div',
        {},
        h('b', {}, x.op),
        ` case ${x.index}, seed `,
        h('code', { class: 'cx-seed' }, seedHex(x.seed)),
        ' ',
        h(
          'button',
          {
            onclick: () => {
              ($('#replay-seed', this.root) as HTMLInputElement).value = seedHex(x.seed);
              this.replay();
            },
          },
          'replay',
        ),
      ),
      h('div', { class: 'muted' }, h('code', {}, optsText(x.opts, BUILDERS.get(x.op)))),
      h(
        'ul',
        {},
        x.problems.map((p) => h('li', {}, p)),
      ),
      x.text ? h('div', {}, 'decoded: ', h('code', {}, x.text)) : null,
      x.hex
        ? h('pre', { class: 'dump' }, hexDump(Uint8Array.from(x.hex.match(/../g) ?? [], (b) => parseInt(b, 16))))
        : null,
    );
  }

  replay(): void {
    clear($('#replay-out', this.root));
    let seed: number;
    try {
      seed = parseSeed(($('#replay-seed', this.root) as HTMLInputElement).value);
    } catch (e) {
      this.error('#replay-error', (e as Error).message);
      return;
    }
    this.error('#replay-error');
    const { spec, opts, result } = replay(this.enc, seed);
    const ok = result.problems.length === 0;
    clear(
      $('#replay-out', this.root),
      h(
        'div',
        { id: 'replay-verdict', class: ok ? 'ok' : 'error' },
        ok ? `✓ ${spec.name}: every check holds` : `✗ ${spec.name}: ${result.problems.length} problem(s)`,
      ),
      h(
        'div',
        {},
        'options: ',
        h('code', { id: 'replay-opts' }, optsText(opts, spec)),
        ' ',
        h('button', { onclick: () => this.openInExplorer(spec.name, opts) }, 'open in the explorer'),
      ),
      ok
        ? null
        : h(
            'ul',
            {},
            result.problems.map((p) => h('li', {}, p)),
          ),
      result.decoded ? h('div', {}, 'decoded: ', h('code', { id: 'replay-text' }, result.decoded.text)) : null,
      result.bytes ? h('pre', { class: 'dump', id: 'replay-dump' }, hexDump(result.bytes)) : null,
      !ok && result.expected
        ? h('div', {}, 'the ABI table says:', h('pre', { class: 'dump' }, hexDump(result.expected)))
        : null,
    );
  }
}
