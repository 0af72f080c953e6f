// Bundles an app's backend the way `forge deploy` does: `@forge/bundler`'s Node bundler (webpack +
// ts-loader on the app's own tsconfig.json), called as a library, one entry point per handler file
// named in manifest.yml. The output lands in `<app>/.forge-local/forge-bundle/<inputs hash>/` and is
// what the local host runs (`emulator/app-build.ts`). Plain CommonJS so that `npm run build`, jest's
// global setup and a host's child process can all run it without a TypeScript step.
//
// CLI: `node emulator/forge-bundle.cjs <appDir> [--force] [--retry-failed]` prints the bundle as
// JSON, or the bundler's own error and exits 1. The bundler needs a CommonJS main module
// (`require.main`, @forge/bundler `config/common.js`), as the Forge CLI has: callers that are ES
// modules (scripts/build.mjs) run this file as a child process.
'use strict';

const { createHash, randomBytes } = require('node:crypto');
const {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { parse } = require('yaml');

/**
 * Bumped whenever this file changes what it writes, so older bundles stop matching. (Not a hash of
 * this file: the host inlines it into its own bundle, where `__filename` is something else.)
 */
const FORMAT = 'forge-bundle 1';
/** Files a bundle is described by (written last: a folder holding it is complete). */
const INFO_FILE = 'forge-bundle.json';
const CACHE_DIR = join('.forge-local', 'forge-bundle');
/** A lock older than this is a crashed builder's leftover, whatever its pid says. */
const STALE_LOCK_MS = 10 * 60_000;
const POLL_MS = 150;
/** Older bundles kept beside the current one (a host still running may be loading one). */
const KEEP_OLD = 3;

/** `index.handler` → `index`: the module Forge makes one entry point of (@forge/bundler `getEntryPoints`). */
function handlerModules(manifestDoc) {
  const fns = manifestDoc?.modules?.function;
  const modules = new Set();
  for (const fn of Array.isArray(fns) ? fns : []) {
    const handler = typeof fn?.handler === 'string' ? fn.handler : '';
    const dot = handler.lastIndexOf('.');
    if (dot > 0) modules.add(handler.slice(0, dot));
  }
  return [...modules].sort();
}

function readManifest(appDir) {
  return parse(readFileSync(join(appDir, 'manifest.yml'), 'utf8')) ?? {};
}

function listFiles(dir) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** The installed packages webpack resolves from: the nearest node_modules' own lockfile. */
function installedPackagesFile(appDir) {
  for (let dir = appDir; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '.package-lock.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A hash of everything the bundle is made from: the app's `src/` (Forge bundles from there),
 * manifest.yml, tsconfig.json, package.json and lockfile, the installed packages' lockfile, the
 * bundler's version and this file's format. Same hash, same bundle: a host reuses it as it is.
 */
function inputsHash(appDir) {
  const root = resolve(appDir);
  const files = [
    ...listFiles(join(root, 'src')),
    ...['manifest.yml', 'tsconfig.json', 'package.json', 'package-lock.json'].map((f) =>
      join(root, f),
    ),
  ].filter((f) => existsSync(f));
  const hash = createHash('sha256');
  hash.update(`@forge/bundler ${require('@forge/bundler/package.json').version}\n`);
  hash.update(`${FORMAT}\n`);
  for (const file of files.sort()) {
    hash.update(`\0${relative(root, file)}\0`);
    hash.update(readFileSync(file));
  }
  const installed = installedPackagesFile(root);
  if (installed) hash.update(readFileSync(installed));
  return hash.digest('hex').slice(0, 20);
}

const cacheRoot = (appDir) => join(resolve(appDir), CACHE_DIR);

/** The complete bundle for these inputs, if one was built; reads no more than its info file. */
function findBundle(appDir, hash = inputsHash(appDir)) {
  const dir = join(cacheRoot(appDir), hash);
  const info = join(dir, INFO_FILE);
  if (!existsSync(info)) return undefined;
  return { dir, ...JSON.parse(readFileSync(info, 'utf8')) };
}

/** The failure recorded for these inputs (the same inputs fail the same way), if any. */
function findFailure(appDir, hash) {
  const file = join(cacheRoot(appDir), `${hash}.failed`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Stand-in for the Node runtime wrapper and loader that `forge deploy` downloads from Atlassian's
 * CDN (`@forge/bundler` `NetworkWrapperProvider`) and packs beside the bundle as `__forge__.cjs` and
 * `__forge_wrapper__.cjs`. Offline there is nothing to download; the local host calls the bundle's
 * exports itself, so these files are written (as the archive would hold them) but never run.
 */
const standInWrapperProvider = {
  script: (kind) =>
    `// Local stand-in for Forge's Node runtime ${kind} (downloaded by forge deploy from Atlassian's CDN).\n` +
    `throw new Error('The Forge runtime ${kind} is not available offline: the local host runs index.cjs itself.');\n`,
  async getNodeRuntimeWrapper() {
    return { script: this.script('wrapper'), source: 'local stand-in', version: 'local' };
  },
  async getNodeRuntimeLoader() {
    return { script: this.script('loader'), source: 'local stand-in', version: 'local' };
  },
};

/**
 * Runs `@forge/bundler`'s Node bundler on the app exactly as `forge deploy` calls it
 * (`bundle({ appDirectory, entryPoints })`, @forge/cli `runtime-bundler.js`) and copies what it
 * produced (its output folder plus the extra archive files) into `outDir`. Throws the bundler's
 * own error (e.g. ts-loader's "TypeScript emitted no output for …").
 */
async function bundleApp(appDir, outDir, log = () => undefined) {
  const root = resolve(appDir);
  const manifestDoc = readManifest(root);
  const { getNodeBundler, getEntryPoints } = require('@forge/bundler');
  const logger = {
    info: (m) => log(String(m)),
    warn: (m) => log(`warning: ${String(m)}`),
    debug: () => undefined,
    trace: () => undefined,
    error: (m) => log(`error: ${String(m)}`),
  };
  const configReader = { readConfig: async () => manifestDoc };
  const handlers = handlerModules(manifestDoc).map((module) => ({ module }));
  // getEntryPoints resolves `src/<module>` against the working directory, as the CLI runs in the
  // app folder; the same path made absolute here lets a caller run from anywhere.
  const entryPoints = getEntryPoints(handlers).map((e) => ({
    ...e,
    path: resolve(root, relative(process.cwd(), e.path)),
  }));
  const bundler = getNodeBundler(logger, standInWrapperProvider, configReader);
  const started = Date.now();
  const result = await bundler.bundle({ appDirectory: root, entryPoints });
  const bundleMs = Date.now() - started;
  mkdirSync(outDir, { recursive: true });
  for (const file of listFiles(result.outputDir)) {
    const target = join(outDir, relative(result.outputDir, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  for (const [name, content] of result.additionalOutputs ?? []) {
    const target = join(outDir, name);
    mkdirSync(dirname(target), { recursive: true });
    if (Buffer.isBuffer(content)) writeFileSync(target, content);
    else copyFileSync(content, target);
  }
  rmSync(result.outputDir, { recursive: true, force: true });
  return {
    bundleMs,
    entries: Object.fromEntries(entryPoints.map((e) => [e.name, `${e.name}.cjs`])),
    bundler: `@forge/bundler ${require('@forge/bundler/package.json').version}`,
    modules: result.metadata?.modules ?? [],
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Takes `<cache>/lock` (O_EXCL); resolves to a release function, or undefined once `ready()`. */
async function lock(root, ready) {
  const file = join(root, 'lock');
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, at: Date.now() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    if (ready()) return undefined;
    let holder;
    try {
      holder = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      holder = undefined; // being written or just released
    }
    const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if ((holder && !isAlive(holder.pid)) || age > STALE_LOCK_MS) rmSync(file, { force: true });
    else await sleep(POLL_MS);
  }
}

/** Keeps the newest bundles; drops failures of other inputs and crashed builders' scratch folders. */
function pruneOld(root, keep) {
  const entries = readdirSync(root, { withFileTypes: true });
  const bundles = entries
    .filter((e) => e.isDirectory() && e.name !== keep && existsSync(join(root, e.name, INFO_FILE)))
    .map((e) => ({ dir: join(root, e.name), at: statSync(join(root, e.name, INFO_FILE)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of bundles.slice(KEEP_OLD)) rmSync(old.dir, { recursive: true, force: true });
  for (const e of entries) {
    const full = join(root, e.name);
    if (e.name.endsWith('.failed')) rmSync(full, { force: true });
    const age = Date.now() - (statSync(full, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (e.name.startsWith('tmp-') && age > STALE_LOCK_MS)
      rmSync(full, { recursive: true, force: true });
  }
}

/**
 * The app's bundle for its current sources, built if missing. Safe when several processes ask at
 * once: one builds under `<cache>/lock` while the others wait for it; the bundle is written to a
 * private folder and renamed into place, so nobody ever reads a half-written one. A failed build is
 * recorded for its inputs and thrown again without re-running the bundler.
 */
async function ensureBundle(
  appDir,
  { force = false, retryFailed = false, log = () => undefined } = {},
) {
  const hash = inputsHash(appDir);
  const root = cacheRoot(appDir);
  const done = () => findBundle(appDir, hash);
  if (!force) {
    const found = done();
    if (found) return { ...found, built: false };
  }
  mkdirSync(root, { recursive: true });
  const failure = () => (force || retryFailed ? undefined : findFailure(appDir, hash));
  const release = await lock(root, () => !force && (done() !== undefined || !!failure()));
  if (!release) {
    const found = done();
    if (found) return { ...found, built: false };
    throw new Error(failure());
  }
  try {
    if (!force) {
      const found = done();
      if (found) return { ...found, built: false };
      const failed = failure();
      if (failed) throw new Error(failed);
    }
    const final = join(root, hash);
    const scratch = join(root, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const info = { hash, ...(await bundleApp(appDir, scratch, log)) };
      writeFileSync(join(scratch, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
      if (!force && existsSync(join(final, INFO_FILE))) {
        // Another builder got here first (a lock taken over from a dead holder can be taken twice):
        // same inputs, same bundle. Never replace one a host may be loading.
        rmSync(scratch, { recursive: true, force: true });
      } else {
        rmSync(final, { recursive: true, force: true });
        renameSync(scratch, final);
      }
    } catch (e) {
      rmSync(scratch, { recursive: true, force: true });
      const message = e instanceof Error ? e.message : String(e);
      writeFileSync(join(root, `${hash}.failed`), message);
      throw e;
    }
    pruneOld(root, hash);
    return { ...done(), built: true };
  } finally {
    release();
  }
}

module.exports = { ensureBundle, findBundle, findFailure, inputsHash, handlerModules, bundleApp };

if (require.main === module) {
  const args = process.argv.slice(2);
  const appDir = args.find((a) => !a.startsWith('--'));
  if (!appDir) {
    console.error('usage: node emulator/forge-bundle.cjs <appDir> [--force] [--retry-failed]');
    process.exit(2);
  }
  ensureBundle(appDir, {
    force: args.includes('--force'),
    retryFailed: args.includes('--retry-failed'),
    log: (m) => console.error(m),
  }).then(
    (bundle) => console.log(JSON.stringify(bundle)),
    (e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
