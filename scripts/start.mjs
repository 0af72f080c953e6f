// `npm start`: builds the static app, then runs the offline Forge + Confluence host on PORT
// (default 4000), listening on 127.0.0.1 only; `--hostname <address>` or HOST=<address> binds
// elsewhere, and the host then warns once that anyone on the network can act as any user.
// `npm start -- --reset` starts from empty data. Data lives in .forge-local/.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { bundleHost, repoRoot } from '../emulator/bundle-host.mjs';

const args = process.argv.slice(2);
if (!args.includes('--no-build')) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The host bundle goes under the data folder so several hosts (tests) never share one file.
const dataArg = args.indexOf('--data');
const dataDir = resolve(dataArg >= 0 ? args[dataArg + 1] : join(repoRoot, '.forge-local'));
const bundle = await bundleHost(join(dataDir, 'build'));
const require = createRequire(import.meta.url);
const { main } = require(bundle);
const hostArgs = args.filter((a) => a !== '--no-build');
if (!hostArgs.includes('--manifest')) hostArgs.push('--manifest', join(repoRoot, 'manifest.yml'));
if (!hostArgs.includes('--data')) hostArgs.push('--data', dataDir);
await main(hostArgs, join(repoRoot, 'emulator'));
