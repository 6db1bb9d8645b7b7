// The package as a user gets it: `npm pack` once per run (its prepack builds dist/), then the tarball installed
// into fresh apps in a temporary folder, offline. The pack test files share these through one module.
//
// Offline install: npm 11 asks for a dependency's full registry document when it resolves a new one, and
// `npm ci` caches only the abbreviated one, so `npm install --offline uring.tgz` alone fails with ENOTCACHED
// for koffi. Each app therefore starts with a package-lock.json holding koffi's entries copied from this
// repository's lock (versions and integrity hashes); npm then takes koffi's tarballs from its cache by hash.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TMP = mkdtempSync(join(tmpdir(), 'uring-pack-'));
process.on('exit', () => rmSync(TMP, { recursive: true, force: true }));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command; throws with its output when it fails and `check` is set. */
export function run(cmd: string, args: string[], opts: SpawnSyncOptions & { check?: boolean } = {}): Run {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: 120_000,
    ...opts,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  const out: Run = {
    status: r.status,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    ms: Math.round(performance.now() - t0),
  };
  if (opts.check && r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (exit ${r.status}, ${r.error?.message ?? r.signal ?? ''})\n${out.stdout}${out.stderr}`,
    );
  return out;
}

export interface Packed {
  tarball: string;
  /** The tarball's bytes and npm's list of what is in it. */
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
  packMs: number;
}

let packed: Packed | undefined;

/** `npm pack` of the repository, once per process. Its prepack runs the build, unless scripts/test.mjs has just
 *  built dist/ (URING_BUILT=1), which saves a second tsc run. */
export function pack(): Packed {
  if (packed) return packed;
  const dest = join(TMP, 'tarball');
  mkdirSync(dest);
  const skipBuild = process.env.URING_BUILT === '1' ? ['--ignore-scripts'] : [];
  const r = run('npm', ['pack', '--json', ...skipBuild, '--pack-destination', dest], { cwd: ROOT, check: true });
  const [info] = JSON.parse(r.stdout) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string; size: number }[];
  }[];
  if (!info) throw new Error(`npm pack printed no package: ${r.stdout}`);
  packed = {
    tarball: join(dest, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files,
    packMs: r.ms,
  };
  return packed;
}

/** koffi's lock entries (koffi and its per-platform packages), from the repository's package-lock.json. */
function koffiLock(): Record<string, unknown> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(lock.packages)) {
    if (!/^node_modules\/(koffi|@koromix\/koffi-[^/]+)$/.test(k)) continue;
    const { dev: _dev, devOptional: _devOptional, ...rest } = v;
    out[k] = rest;
  }
  if (!out['node_modules/koffi']) throw new Error('package-lock.json has no koffi entry');
  return out;
}

const apps = new Map<string, string>();

/** A fresh app (package.json of `type`) with the tarball installed offline; memoised by name. */
export function app(name: string, type: 'module' | 'commonjs'): string {
  const have = apps.get(name);
  if (have) return have;
  const { tarball } = pack();
  const dir = join(TMP, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type }, null, 2));
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify(
      {
        name,
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name, version: '1.0.0' }, ...koffiLock() },
      },
      null,
      2,
    ),
  );
  const r = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: dir,
    check: true,
  });
  installMs.set(name, r.ms);
  apps.set(name, dir);
  return dir;
}

/** How long each app's `npm install --offline <tarball>` took. */
export const installMs = new Map<string, number>();

export const write = (dir: string, file: string, text: string): string => {
  const p = join(dir, file);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};
