// A tiny DOM helper for the page: h('div', { class: 'x', onclick }, child, ...).
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
  }
}

export function $(sel: string, root: ParentNode = document): HTMLElement {
  const el = root.querySelector(sel);
  if (!el) throw new Error(`page: no element ${sel}`);
  return el as HTMLElement;
}

export function clear(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const PALETTE = [
  '#ffb3ba',
  '#bae1ff',
  '#ffdfba',
  '#baffc9',
  '#e0c3fc',
  '#fff5ba',
  '#b5ead7',
  '#ffc8dd',
  '#c7ceea',
  '#f1cbff',
  '#d4f0f0',
  '#ffd6a5',
  '#caffbf',
  '#9bf6ff',
  '#fdffb6',
  '#bdb2ff',
];

/** A distinct, readable background per field index. */
export function fieldColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}
