/**
 * The offline manifest lint must accept the real manifest and refuse the mistakes a deploy would
 * trip on. Each case copies the real manifest into a scratch app, breaks one thing, and runs the
 * same script `npm test` runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/lint-manifest.mjs');
const realManifest = readFileSync(path.join(root, 'manifest.yml'), 'utf8');

interface Outcome {
  code: number;
  output: string;
}

function scratchApp(manifest: string, handlerSource: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cop-kit-manifest-'));
  mkdirSync(path.join(dir, 'src'));
  mkdirSync(path.join(dir, 'static/dist'), { recursive: true });
  writeFileSync(path.join(dir, 'manifest.yml'), manifest);
  writeFileSync(path.join(dir, 'src/index.ts'), handlerSource);
  writeFileSync(path.join(dir, 'static/dist/index.html'), '<!doctype html><title>x</title>');
  return dir;
}

async function lintApp(dir: string): Promise<Outcome> {
  try {
    const { stdout } = await run(process.execPath, [script, dir], { cwd: root });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, output: failure.stdout };
  }
}

// Every function the real manifest names: the resolver, the privacy trigger, the macros' adfExport.
const exported = [
  'export const handler = () => ({});',
  'export const reportPersonalData = () => ({});',
  'export const adfExport = () => ({});',
  '',
].join('\n');

describe('npm run lint:manifest', () => {
  jest.setTimeout(120_000);

  it('accepts the real manifest with its handler exported', async () => {
    const result = await lintApp(scratchApp(realManifest, exported));
    expect(result.code).toBe(0);
    expect(result.output).toContain('manifest lint: OK');
  });

  it('refuses a handler the source does not export', async () => {
    const result = await lintApp(scratchApp(realManifest, 'export const other = 1;\n'));
    expect(result.code).toBe(1);
    expect(result.output).toContain('Cannot find exported function "handler"');
  });

  it('refuses an index whose range is not an array', async () => {
    const broken = realManifest.replace(/( {12})range:\n {14}- rankKey\n/, '$1range: rankKey\n');
    expect(broken).not.toEqual(realManifest);
    const result = await lintApp(scratchApp(broken, exported));
    expect(result.code).toBe(1);
    expect(result.output).toContain("property range 'rankKey' must be array");
  });

  it('refuses a Custom UI resource that was never built', async () => {
    const result = await lintApp(
      scratchApp(realManifest.replace('path: static/dist', 'path: static/missing'), exported),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain("missing resource 'static/missing'");
  });
});
