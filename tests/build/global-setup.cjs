// Jest global setup: every app a test host runs (the real app and tests/fixtures/fixture-app) has
// its Forge bundle (@forge/bundler) for its current sources before any worker starts, so no test's
// host waits for the bundler inside a hook's timeout. Up to date (the usual case after
// `npm run build`): a hash of the sources, a few milliseconds. Stale: bundled once here.
const { join, resolve } = require('node:path');
const { ensureBundle } = require('../../emulator/forge-bundle.cjs');

const root = resolve(__dirname, '..', '..');
const APPS = [root, join(root, 'tests', 'fixtures', 'fixture-app')];

module.exports = async function globalSetup() {
  for (const app of APPS) {
    const started = Date.now();
    const bundle = await ensureBundle(app);
    if (bundle.built) {
      console.log(
        `\n[forge-bundle] ${app.slice(root.length + 1) || 'app'}: sources changed, bundled with ` +
          `${bundle.bundler} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
  }
};
