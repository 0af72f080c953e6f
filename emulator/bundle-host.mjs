// Bundles the local Forge host (emulator/cli.ts) into one CommonJS file. Node packages stay
// external and resolve from this repository's node_modules.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Returns the path of the bundle written under `outDir`. */
export async function bundleHost(outDir = join(repoRoot, '.forge-local', 'build')) {
  const outfile = join(outDir, 'host.cjs');
  await build({
    entryPoints: [join(repoRoot, 'emulator', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    absWorkingDir: repoRoot,
    nodePaths: [join(repoRoot, 'node_modules')],
    logLevel: 'warning',
    // The bundle may live outside the repository (tests put it in a temp folder): resolve the
    // external packages from this repository's node_modules.
    banner: {
      js: `require = require('node:module').createRequire(${JSON.stringify(join(repoRoot, 'package.json'))});`,
    },
    footer: {
      js: `if (require.main === module) { module.exports.main(process.argv.slice(2), ${JSON.stringify(join(repoRoot, 'emulator'))}); }`,
    },
  });
  return outfile;
}
