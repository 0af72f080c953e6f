/**
 * What the host runs. The app's functions: the bundle `@forge/bundler` made of the app — the code
 * `forge deploy` bundles with (`forge-bundle.cjs`) — built once by `npm run build` and reused by every
 * host while the app's sources are unchanged; a missing or stale bundle is rebuilt here first, in a
 * child process, so a source that `forge deploy` cannot bundle stops the host with the bundler's own
 * error. The host's own placeholder page (not app code) is still bundled with esbuild.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { findBundle, findFailure, inputsHash, type ForgeBundleInfo } from './forge-bundle.cjs';
import type { AppManifest } from './manifest';

/** A function's code: the Forge bundle's file for the handler's module. */
export interface AppBundle {
  readonly info: ForgeBundleInfo;
  /** Function key → the `.cjs` file exporting its handler. */
  readonly files: ReadonlyMap<string, string>;
  /** Whether this host had to run the bundler (missing or stale bundle). */
  readonly built: boolean;
}

/** Runs `forge-bundle.cjs` for the app in a child process; rejects with the bundler's error. */
function runBundler(rootDir: string, emulatorDir: string): Promise<ForgeBundleInfo> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(emulatorDir, 'forge-bundle.cjs'), rootDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.once('error', fail);
    child.once('close', (code) => {
      if (code === 0) return ok(JSON.parse(out) as ForgeBundleInfo);
      fail(new Error(`@forge/bundler could not bundle ${rootDir}:\n${err.trim()}`));
    });
  });
}

/**
 * The Forge bundle of the app's functions, for the sources as they are now (inputs hash of `src/`,
 * manifest, tsconfig and installed packages). Several hosts starting at once share one build.
 */
export async function appBundle(manifest: AppManifest, emulatorDir: string): Promise<AppBundle> {
  const rootDir = resolve(manifest.rootDir);
  const hash = inputsHash(rootDir);
  let info = findBundle(rootDir, hash);
  let built = false;
  if (!info) {
    const failure = findFailure(rootDir, hash);
    if (failure !== undefined)
      throw new Error(`@forge/bundler could not bundle ${rootDir}:\n${failure}`);
    info = await runBundler(rootDir, emulatorDir);
    built = true;
  }
  const files = new Map<string, string>();
  for (const fn of manifest.functions) {
    const entry = info.entries[fn.file];
    if (entry === undefined)
      throw new Error(`Function ${fn.key}: the Forge bundle has no entry for ${fn.file}`);
    files.set(fn.key, join(info.dir, entry));
  }
  return { info, files, built };
}

/** Bundles the placeholder page script (uses the real `@forge/bridge`). */
export async function buildPlaceholder(outDir: string, emulatorDir: string): Promise<string> {
  const outfile = join(outDir, 'placeholder.js');
  await build({
    entryPoints: [join(emulatorDir, 'placeholder', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
    nodePaths: [resolve(emulatorDir, '..', 'node_modules')],
  });
  return outfile;
}
