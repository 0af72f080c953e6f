// `npm run build`: what `forge deploy` needs built, built the way it builds it.
// 1. The backend: `@forge/bundler`'s Node bundler (webpack + ts-loader on tsconfig.json, the code
//    `forge deploy` bundles with) on every handler module in manifest.yml, into
//    .forge-local/forge-bundle/<inputs hash>/ — the bundle the local host runs. Skipped when a
//    bundle of the same sources exists; `--force` bundles again anyway. A bundling error fails here
//    exactly as it would fail `forge deploy`.
// 2. The Custom UI resources the manifest points at (static/ → static/dist, with vite).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../emulator/bundle-host.mjs';

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;

// A child process: the bundler insists on a CommonJS main module, as in the Forge CLI.
const started = Date.now();
const backend = spawnSync(
  process.execPath,
  [
    join(repoRoot, 'emulator', 'forge-bundle.cjs'),
    repoRoot,
    '--retry-failed',
    ...(process.argv.includes('--force') ? ['--force'] : []),
  ],
  { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (backend.status !== 0) {
  console.error(
    'build: @forge/bundler could not bundle the backend (forge deploy would fail too).',
  );
  process.exit(backend.status ?? 1);
}
const bundle = JSON.parse(backend.stdout);
for (const [entry, file] of Object.entries(bundle.entries)) {
  const code = readFileSync(join(bundle.dir, file));
  console.log(
    `build: backend ${entry} → ${join(bundle.dir, file).slice(repoRoot.length + 1)} ` +
      `(${kib(code.length)}, ${kib(gzipSync(code).length)} gzip; ${bundle.bundler}, ` +
      (bundle.built
        ? `bundled in ${(bundle.bundleMs / 1000).toFixed(1)} s`
        : `sources unchanged, reused in ${Date.now() - started} ms`) +
      ')',
  );
}

const staticDir = join(repoRoot, 'static');
const viteConfig = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']
  .map((f) => join(staticDir, f))
  .find((f) => existsSync(f));
const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');

if (!viteConfig) {
  console.log(
    'build: static/ has no vite config yet — nothing to build (macros show "not built yet").',
  );
} else if (!existsSync(viteBin)) {
  console.error('build: static/ has a vite config but vite is not installed (npm ci).');
  process.exit(1);
} else {
  const r = spawnSync(process.execPath, [viteBin, 'build', '--config', viteConfig], {
    cwd: staticDir,
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
