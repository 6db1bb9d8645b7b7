// The shipped .d.ts under a strict consumer (skipLibCheck off, strict, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess, noPropertyAccessFromIndexSignature, noUnused*), with module resolution node16 and
// bundler; the browser-safe entries (uring/sqe, uring/ring, uring/wasm-inline) with neither @types/node nor the
// DOM lib. Compiled in-process with this repository's TypeScript against the installed tarball. And: every type
// the public API names can be imported from an entry point (nothing public only by a deep path).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT, app, write } from './_pack.ts';

const dir = app('esm-app', 'module'); // shared with node-app.test.ts: one install per type

const STRICT: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  skipLibCheck: false,
  noEmit: true,
};
const NODE16 = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
const BUNDLER = { module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler };
const WITH_NODE = { types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] };
const NO_NODE = { types: [], typeRoots: [] };

// A Node program using each entry the way the README does.
const NODE_APP = write(
  dir,
  'src/node-app.ts',
  `
import { IoUring, createRing, useWasm, UringError, isErrno, SETUP, IOSQE, OP, type IoUringOptions, type OpOptions, type SetupOptions } from 'uring';
import {
  BufferRing, registerBuffers, unregisterBuffers, registerFiles, updateFiles, registerEventfd, unregisterEventfd, eventfd,
  probe, registerPersonality, registerRestrictions, enableRings, registerIowqMaxWorkers, syncCancel, registerRingFd,
  ioUringRegister, probeKernel, RESTRICTION, type RingTarget, type BufferRingOptions, type Probe, type IowqWorkers,
} from 'uring/register';
import { createEncoder, type Decoded } from 'uring/sqe';
import { wasmBytes } from 'uring/wasm-inline';

export async function main(path: string): Promise<string> {
  useWasm(wasmBytes());
  const opts: IoUringOptions = { entries: 8 };
  const ring = await IoUring.create(opts);
  const o: OpOptions = {};
  const fd = await ring.open(path, 'w+', 0o644, o);
  await ring.write(fd, 'x', 0);
  const buf = new Uint8Array(16);
  const n = await ring.read(fd, buf, 0);
  const target: RingTarget = ring;
  registerFiles(target, [fd]);
  updateFiles(target, 0, [fd]);
  registerBuffers(target, [buf]);
  unregisterBuffers(target);
  const efd = eventfd();
  registerEventfd(target, efd, { async: true });
  unregisterEventfd(target);
  const bro: BufferRingOptions = { entries: 8, bgid: 1 };
  const br = BufferRing.setup(ring, bro);
  for await (const chunk of ring.readMultishot(fd, br)) void chunk.length;
  br.unregister();
  const p: Probe = probe(ring);
  const w: IowqWorkers = registerIowqMaxWorkers(ring, { bounded: 1 });
  const setup: SetupOptions = { entries: 4, flags: SETUP.R_DISABLED };
  const sync = createRing(setup);
  registerRestrictions(sync, [{ sqeOp: OP.READ }, { sqeFlagsAllowed: IOSQE.IO_LINK }]);
  enableRings(sync);
  const id = registerPersonality(sync);
  syncCancel(sync, { userData: 1 });
  registerRingFd(sync);
  sync.close();
  await ring.closeFd(fd);
  await ring.close();
  const enc = await createEncoder(wasmBytes());
  const d: Decoded = enc.decode(enc.op.nop({ userData: 1 }));
  try {
    ioUringRegister(-1, 0, null, 0);
  } catch (e) {
    if (e instanceof UringError && isErrno(e, 'EBADF')) return \`\${d.text} \${e.errno}\`;
  }
  return [n, p.lastOp, w.bounded, id, probeKernel().supported('NOP'), RESTRICTION.SQE_OP].join(' ');
}
`,
);

// Browser-safe: the encoder, the sync Ring over the simulated kernel, the inlined core. No console, no DOM.
const BROWSER_APP = write(
  dir,
  'src/browser-app.ts',
  `
import { createEncoder, ALL_OPS, IOSQE, SqeEncoder, type Decoded, type WasmBytes, type WasmModule } from 'uring/sqe';
import { Ring, SimBackend, type RingBackend } from 'uring/ring';
import { wasmBytes, wasmBase64 } from 'uring/wasm-inline';

export async function encodeRead(source?: WasmModule): Promise<[string, number]> {
  const bytes: WasmBytes = wasmBytes();
  const enc: SqeEncoder = await createEncoder(source ?? bytes);
  const sqe = enc.op.read({ fd: 3, buf: 0x1000, nbytes: 64, offset: 0n, flags: IOSQE.IO_LINK, userData: 7 });
  const d: Decoded = enc.decode(sqe);
  const backend: RingBackend | undefined = undefined as RingBackend | undefined;
  void backend;
  return [d.text, ALL_OPS.length + wasmBase64.length + (Ring.name.length & SimBackend.name.length)];
}
`,
);

// A CommonJS TypeScript file: require() of the ESM package is modelled by module nodenext (TypeScript 5.8+,
// as Node 20.19+ runs it); node16 predates require(esm) and asks for import() instead.
const CJS_APP = write(
  dir,
  'src/cjs-app.cts',
  `
import { IoUring, type IoUringOptions } from 'uring';
import { BufferRing, type BufferRingOptions } from 'uring/register';
export async function open(path: string, opts: IoUringOptions = {}): Promise<number> {
  const ring = await IoUring.create(opts);
  const b: BufferRingOptions = { entries: 4, bgid: 0 };
  const br = BufferRing.setup(ring, b);
  br.unregister();
  const fd = await ring.open(path);
  await ring.close();
  return fd;
}
`,
);

function compile(files: string[], options: ts.CompilerOptions): { program: ts.Program; errors: string[] } {
  const program = ts.createProgram(files, { ...STRICT, ...options });
  const diags = ts.getPreEmitDiagnostics(program);
  const errors = diags.map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(`${dir}/`, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  return { program, errors };
}

const shipped = (p: ts.Program) =>
  p
    .getSourceFiles()
    .filter((f) => f.fileName.includes('/node_modules/uring/'))
    .map((f) => f.fileName);

let nodeProgram: ts.Program | undefined;

test('node16 + @types/node: the Node app and the browser-safe app compile with zero errors', () => {
  const { program, errors } = compile([NODE_APP, BROWSER_APP], { ...NODE16, ...WITH_NODE });
  assert.equal(errors, []);
  nodeProgram = program;
  const files = shipped(program);
  assert.ok(
    files.some((f) => f.endsWith('dist/shim/register/index.d.ts')),
    'checked against the shipped .d.ts',
  );
  assert.not.ok(
    files.some((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')),
    `a .ts source was compiled: ${files.filter((f) => !f.endsWith('.d.ts'))}`,
  );
});

test('bundler + @types/node: zero errors', () => {
  assert.equal(compile([NODE_APP, BROWSER_APP], { ...BUNDLER, ...WITH_NODE }).errors, []);
});

test('CommonJS (.cts) with module nodenext + @types/node: zero errors', () => {
  const { errors } = compile([CJS_APP], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    ...WITH_NODE,
  });
  assert.equal(errors, []);
});

test('browser-safe entries without @types/node or DOM (node16 and bundler): zero errors, no Node typings loaded', () => {
  for (const mode of [NODE16, BUNDLER]) {
    const { program, errors } = compile([BROWSER_APP], { ...mode, ...NO_NODE });
    assert.equal(errors, []);
    const names = program.getSourceFiles().map((f) => f.fileName);
    assert.not.ok(
      names.some((f) => f.includes('@types/node') || f.includes('lib.dom')),
      'Node or DOM typings were loaded',
    );
    assert.ok(shipped(program).some((f) => f.endsWith('dist/ts/sqe.d.ts')));
    assert.not.ok(
      shipped(program).some((f) => f.includes('/dist/shim/')),
      'a browser-safe entry reaches shim/ types',
    );
  }
});

test('the guard can fail: the Node entry without @types/node does not compile', () => {
  const { errors } = compile([NODE_APP], { ...BUNDLER, ...NO_NODE });
  assert.ok(errors.length > 0);
});

test('every type named by the public API can be imported from an entry point', () => {
  const program = nodeProgram ?? compile([NODE_APP, BROWSER_APP], { ...NODE16, ...WITH_NODE }).program;
  const checker = program.getTypeChecker();
  const pkgDir = join(dir, 'node_modules/uring/');
  const entries = [
    'dist/shim/index.d.ts',
    'dist/shim/register/index.d.ts',
    'dist/ts/sqe.d.ts',
    'dist/ts/ring/index.d.ts',
    'dist/wasm/inline.d.ts',
  ];
  const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const exported = new Set<ts.Symbol>();
  for (const e of entries) {
    const sf = program.getSourceFile(join(pkgDir, e));
    assert.ok(sf, `${e} not in the program`);
    const mod = checker.getSymbolAtLocation(sf!)!;
    for (const s of checker.getExportsOfModule(mod)) exported.add(resolve(s));
  }
  const missing = new Map<string, string>();
  const seen = new Set<ts.Node>();
  const internal = (node: ts.Node) => ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
  const visit = (node: ts.Node, from: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    // @internal members are not API; private members carry no types in a .d.ts
    if (internal(node)) return;
    if (
      (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) &&
      ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private
    )
      return;
    // a type alias's body is how it is computed (helper types a user never names); the alias itself is checked
    if (ts.isTypeAliasDeclaration(node)) return;
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : undefined;
    if (name) {
      const sym = checker.getSymbolAtLocation(name);
      const target = sym && resolve(sym);
      const decl = target?.declarations?.[0];
      if (
        target &&
        decl?.getSourceFile().fileName.startsWith(pkgDir) &&
        !exported.has(target) &&
        !internal(decl) &&
        !(target.flags & ts.SymbolFlags.TypeParameter)
      )
        missing.set(`${target.name} (${decl.getSourceFile().fileName.slice(pkgDir.length)})`, from);
    }
    ts.forEachChild(node, (c) => visit(c, from));
  };
  for (const s of exported)
    for (const d of s.declarations ?? []) if (d.getSourceFile().fileName.startsWith(pkgDir)) visit(d, s.name);
  const list = [...missing].map(([t, from]) => `${t}, named by ${from}`);
  assert.equal(list, [], `types in the public API that no entry exports:\n  ${list.join('\n  ')}`);
});

test.run();
