// `npm start`: builds the static app, then runs the offline Forge + Confluence host on PORT
// (default 4000). `npm start -- --reset` starts from empty data. Data lives in .forge-local/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleHost, repoRoot } from '../emulator/bundle-host.mjs';

const args = process.argv.slice(2);
if (!args.includes('--no-build')) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const bundle = await bundleHost();
const require = createRequire(import.meta.url);
const { main } = require(bundle);
process.chdir(repoRoot);
await main(
  args.filter((a) => a !== '--no-build'),
  join(repoRoot, 'emulator'),
);
