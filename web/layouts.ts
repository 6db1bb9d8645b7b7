// The layout tab: the core's struct tables (ts/layout.ts) checked against the hand-written ABI table, and
// the SQE field table the decoder uses (ts/sqe/fields.ts) against the same independent SQE table.
import type { SqeEncoder } from '../ts/sqe.ts';
import { layoutTables } from '../ts/layout.ts';
import { checkLayouts, type StructCheck } from '../ts/fuzz/layout-check.ts';
import { compareFieldTables } from '../ts/fuzz/check.ts';
import { h, clear } from './dom.ts';

const MARK = { ok: '✓', bad: '✗', unchecked: '·' } as const;

export function renderLayouts(enc: SqeEncoder, root: HTMLElement): { failures: number } {
  let failures = 0;
  // 1. The SQE field table the encoder and decoder read, against the ABI table.
  const rows = compareFieldTables(enc.core);
  const sqeBad = rows.filter((r) => r.ok === false).length;
  failures += sqeBad;
  const sqeSection = h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'SQE field table'),
    h(
      'p',
      { class: sqeBad ? 'error' : 'ok', id: 'sqe-table-verdict' },
      sqeBad
        ? `✗ ${sqeBad} of the core's SQE fields disagree with the hand-written ABI table`
        : `✓ all ${rows.filter((r) => r.core).length} fields of the core's SQE table (core-c/sqe_fields.c) sit where the hand-written ABI table says`,
    ),
    h(
      'table',
      { class: 'layout' },
      h(
        'tr',
        {},
        h('th', {}, ''),
        h('th', {}, 'field'),
        h('th', {}, 'core: offset+size'),
        h('th', {}, 'ABI table: offset+size'),
      ),
      rows.map((r) =>
        h(
          'tr',
          { class: r.ok === false ? 'bad' : '' },
          h('td', {}, r.ok === undefined ? '·' : r.ok ? '✓' : '✗'),
          h('td', {}, h('code', {}, r.name)),
          h('td', {}, r.core ? `${r.core.offset}+${r.core.size}${r.core.signed ? ' signed' : ''}` : '—'),
          h('td', {}, r.spec ? `${r.spec.offset}+${r.spec.size}${r.spec.signed ? ' signed' : ''}` : '—'),
        ),
      ),
    ),
  );

  // 2. Every struct of the core's layout table.
  let structs: StructCheck[] | undefined;
  let why = '';
  try {
    structs = checkLayouts(layoutTables(enc.core));
  } catch (e) {
    why = (e as Error).message;
  }
  let structSection: HTMLElement;
  if (!structs) {
    structSection = h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Struct layouts'),
      h('p', { class: 'warn' }, `This uring.wasm has no layout table yet (${why}).`),
    );
  } else {
    const bad = structs.filter((s) => s.verdict === 'bad');
    failures += bad.length;
    const checked = structs.filter((s) => s.verdict !== 'unchecked').length;
    structSection = h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Struct layouts'),
      h(
        'p',
        { class: bad.length ? 'error' : 'ok', id: 'struct-verdict' },
        bad.length
          ? `✗ ${bad.map((s) => s.name).join(', ')} disagree with the hand-written ABI table`
          : `✓ ${checked} of ${structs.length} structs checked against the hand-written ABI table, all agree`,
      ),
      h(
        'div',
        { class: 'structs' },
        structs.map((s) =>
          h(
            'details',
            { class: `struct ${s.verdict}`, open: s.verdict === 'bad' },
            h(
              'summary',
              {},
              `${MARK[s.verdict]} ${s.name} — ${s.size} bytes${s.wantSize !== undefined && s.wantSize !== s.size ? ` (ABI: ${s.wantSize})` : ''}`,
            ),
            s.missing.length ? h('div', { class: 'error' }, `missing: ${s.missing.join(', ')}`) : null,
            h(
              'table',
              { class: 'layout' },
              h(
                'tr',
                {},
                h('th', {}, ''),
                h('th', {}, 'field'),
                h('th', {}, 'offset'),
                h('th', {}, 'size'),
                h('th', {}, 'ABI'),
              ),
              s.fields.map((f) =>
                h(
                  'tr',
                  { class: f.verdict === 'bad' ? 'bad' : '' },
                  h('td', {}, MARK[f.verdict]),
                  h('td', {}, h('code', {}, f.name)),
                  h('td', { class: 'num' }, f.offset),
                  h('td', { class: 'num' }, f.size || 'flex'),
                  h('td', {}, f.note ?? (f.want ? `${f.want[0]}+${f.want[1]}` : '')),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  clear(root, sqeSection, structSection);
  root.dataset.failures = String(failures);
  return { failures };
}
