/**
 * Bundles what the host runs: each manifest function's handler (CommonJS for Node, the way Forge
 * packages it, `@forge/*` included) and the built-in placeholder page shown while a resource is
 * not built yet (browser bundle with the real `@forge/bridge`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { AppManifest, FunctionDefinition } from './manifest';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'];

/** Forge resolves `handler: index.handler` against the app's `src/` folder. */
export function handlerSource(manifest: AppManifest, fn: FunctionDefinition): string {
  for (const ext of SOURCE_EXTENSIONS) {
    const candidate = resolve(manifest.rootDir, 'src', `${fn.file}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `Function ${fn.key}: no source for handler ${fn.file}.${fn.exportName} under ${join(manifest.rootDir, 'src')}`,
  );
}

/** Bundles one function; returns the path of the CommonJS bundle. */
export async function buildFunction(
  manifest: AppManifest,
  fn: FunctionDefinition,
  outDir: string,
): Promise<string> {
  const outfile = join(outDir, `function-${fn.key}.cjs`);
  await build({
    entryPoints: [handlerSource(manifest, fn)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'silent',
    absWorkingDir: manifest.rootDir,
  });
  return outfile;
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
