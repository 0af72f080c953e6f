// `npm run build`: builds the Custom UI resources the manifest points at. The UI lives in static/
// (its own issue); until it has a build config there is nothing to build and the local host shows
// a "not built yet" page inside each live iframe.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../emulator/bundle-host.mjs';

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
