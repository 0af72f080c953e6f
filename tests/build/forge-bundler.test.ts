/**
 * The backend is bundled by `@forge/bundler` — the code `forge deploy` bundles with — and the local
 * host runs that bundle: what the bundler refuses, the host refuses. Small scratch apps carry the
 * repository's own tsconfig.json (and `node_modules`, linked) so each bundler run stays short.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost, type Host } from '../../emulator/host';
import { findBundle, inputsHash, type ForgeBundleInfo } from '../../emulator/forge-bundle.cjs';

jest.setTimeout(300_000);

const REPO_ROOT = resolve(__dirname, '..', '..');
const EMULATOR_DIR = join(REPO_ROOT, 'emulator');
const CLI = join(EMULATOR_DIR, 'forge-bundle.cjs');
/** Loads a file as Node does (not through jest's transform). */
const nodeRequire = createRequire(__filename);
const REAL_TSCONFIG = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: Record<string, unknown>;
};

const MANIFEST = `modules:
  function:
    - key: fn
      handler: index.handler
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-00000000b0b0
  runtime:
    name: nodejs22.x
`;

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A one-function app with the given tsconfig compiler options and handler answer. */
function scratchApp(compilerOptions: Record<string, unknown>, answer: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cop-kit-bundle-'));
  scratch.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'manifest.yml'), MANIFEST);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...REAL_TSCONFIG, compilerOptions }));
  writeFileSync(
    join(dir, 'src', 'index.ts'),
    `export const handler = async (): Promise<string> => ${JSON.stringify(answer)};\n`,
  );
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node emulator/forge-bundle.cjs <app>`, as `npm run build` and a host run it. */
const bundleCli = (app: string): Promise<CliRun> =>
  new Promise((done) => {
    execFile(process.execPath, [CLI, app], { cwd: REPO_ROOT }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

const startOn = (app: string): Promise<Host> =>
  startHost({
    manifestPath: join(app, 'manifest.yml'),
    dataDir: join(app, 'data'),
    port: 0,
    emulatorDir: EMULATOR_DIR,
    log: () => undefined,
  });

async function answerOf(app: string): Promise<unknown> {
  const host = await startOn(app);
  try {
    const r = await host.runtime.invokeFunction('fn', {});
    if (!r.ok) throw new Error(r.error.message);
    return r.body;
  } finally {
    await host.close();
  }
}

const bundlesOf = (app: string): string[] =>
  readdirSync(join(app, '.forge-local', 'forge-bundle')).sort();

describe("the backend, bundled by forge deploy's bundler", () => {
  it('given the real app and tsconfig.json, when bundled, then @forge/bundler made the bundle of the current sources and it exports every handler the manifest names', () => {
    // Made by `npm run build` or by jest's global setup, for exactly these sources.
    const bundle = findBundle(REPO_ROOT) as ForgeBundleInfo;
    expect(bundle).toBeDefined();
    expect(bundle.hash).toBe(inputsHash(REPO_ROOT));
    expect(bundle.bundler).toBe(
      `@forge/bundler ${(nodeRequire('@forge/bundler/package.json') as { version: string }).version}`,
    );
    expect(bundle.entries).toEqual({ index: 'index.cjs' });
    // As forge deploy's archive holds them: the bundle, its map and the runtime files.
    for (const f of ['index.cjs', 'index.cjs.map', '__forge__.cjs', '__forge_wrapper__.cjs'])
      expect(existsSync(join(bundle.dir, f))).toBe(true);
    const code = readFileSync(join(bundle.dir, 'index.cjs'), 'utf8');
    expect(code).toContain('webpackBootstrap');
    const exported = nodeRequire(join(bundle.dir, 'index.cjs')) as Record<string, unknown>;
    for (const name of ['handler', 'reportPersonalData', 'adfExport'])
      expect(typeof exported[name]).toBe('function');
  });

  it('given the real tsconfig with noEmit put back, when bundled, then ts-loader fails as forge deploy fails, and a host refuses to start with that error', async () => {
    const app = scratchApp({ ...REAL_TSCONFIG.compilerOptions, noEmit: true }, 'unreachable');
    const run = await bundleCli(app);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Module build failed (from ./node_modules/ts-loader/index.js)');
    expect(run.stderr).toContain(
      `TypeScript emitted no output for ${join(app, 'src', 'index.ts')}`,
    );
    expect(existsSync(join(app, '.forge-local', 'forge-bundle', 'lock'))).toBe(false);
    await expect(startOn(app)).rejects.toThrow(/TypeScript emitted no output for .*index\.ts/);
  });

  it('given the same app with the real tsconfig as it is, when a host starts, then it runs the Forge bundle: a changed bundle file changes the answer, a changed source is bundled again', async () => {
    const app = scratchApp(REAL_TSCONFIG.compilerOptions, 'first');
    expect(await answerOf(app)).toBe('first');
    const [hash] = bundlesOf(app);
    const file = join(app, '.forge-local', 'forge-bundle', hash ?? '', 'index.cjs');
    // The host executes this very file: edit it and the next host answers the edit.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"first"', '"edited bundle"'));
    expect(await answerOf(app)).toBe('edited bundle');
    // New sources, new inputs hash: the next host bundles them before it serves.
    writeFileSync(
      join(app, 'src', 'index.ts'),
      'export const handler = async (): Promise<string> => "second";\n',
    );
    expect(await answerOf(app)).toBe('second');
    expect(bundlesOf(app)).toHaveLength(2);
  });

  it('given three processes bundling the same new app at once, when they finish, then one ran the bundler, all got the same bundle, and no lock or scratch folder is left', async () => {
    const app = scratchApp(REAL_TSCONFIG.compilerOptions, 'shared');
    const runs = await Promise.all([bundleCli(app), bundleCli(app), bundleCli(app)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    const results = runs.map((r) => JSON.parse(r.stdout) as ForgeBundleInfo & { built: boolean });
    expect(results.filter((r) => r.built)).toHaveLength(1);
    expect(new Set(results.map((r) => r.dir)).size).toBe(1);
    expect(bundlesOf(app)).toEqual([results[0]?.hash]);
  });
});
