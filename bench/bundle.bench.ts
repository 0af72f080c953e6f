/**
 * DESIGN §5 / issue 7 item 5: what each macro downloads before it can show anything, and what the
 * backend costs to load.
 *  - Initial JS per module, gzip (level 9): the entry named by `static/dist/index.html`, the
 *    module's lazy chunk, and every chunk either reaches through static `import … from` (dynamic
 *    `import()` is not counted: it loads later). CSS is reported apart. Run `npm run build` first;
 *    the figures read what it emitted.
 *  - The backend bundle: `src/index.ts` bundled as the host does for Forge (esbuild, CommonJS,
 *    `@forge/*` included, no source map), raw and gzip.
 *  - Cold import: a fresh `node` process `require`s that bundle; the time the require takes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { Figures, REPO_ROOT, type Figure } from './support/host';

const DIST = join(REPO_ROOT, 'static', 'dist');

/** Module key → the name its lazy chunk starts with. */
const MODULE_CHUNKS: Readonly<Record<string, string>> = {
  'thirty-five': 'ThirtyFive-',
  'lean-coffee': 'LeanCoffee-',
  'cop-session': 'CopSession-',
  'community-sessions-page': 'SessionsPage-',
  'topic-backlog-macro': 'BacklogMacro-',
  'topic-backlog-page': 'BacklogPage-',
};

const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']\.\/([^"']+\.js)["']/g;

function closure(start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, 'assets', file), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) if (m[1]) queue.push(m[1]);
  }
  return seen;
}

const gzipBytes = (path: string): number => gzipSync(readFileSync(path), { level: 9 }).length;

export async function run(runs: number): Promise<Figure[]> {
  const figures = new Figures();
  if (existsSync(join(DIST, 'index.html'))) {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const entry = /<script[^>]+src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\.\/assets\/([^"]+)"/g)]
      .map((m) => m[1] ?? '')
      .filter(Boolean);
    const assets = readdirSync(join(DIST, 'assets'));
    if (!entry) throw new Error('static/dist/index.html names no entry script');
    for (const [moduleKey, prefix] of Object.entries(MODULE_CHUNKS)) {
      const chunk = assets.find((f) => f.startsWith(prefix) && f.endsWith('.js'));
      if (!chunk) continue;
      const files = closure([entry, chunk]);
      const bytes = [...files].reduce((sum, f) => sum + gzipBytes(join(DIST, 'assets', f)), 0);
      figures.add(
        `initial JS, ${moduleKey} (gzip, ${files.size} files)`,
        'KB',
        bytes / 1000,
        '≤ 150 KB',
      );
    }
    const cssBytes = css.reduce((sum, f) => sum + gzipBytes(join(DIST, 'assets', f)), 0);
    figures.add('initial CSS, every module (gzip)', 'KB', cssBytes / 1000);
  } else {
    console.log('bundle bench: static/dist is not built (npm run build); UI sizes skipped');
  }

  const outDir = mkdtempSync(join(tmpdir(), 'cop-kit-backend-'));
  try {
    const outfile = join(outDir, 'index.cjs');
    await build({
      entryPoints: [join(REPO_ROOT, 'src', 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
      absWorkingDir: REPO_ROOT,
    });
    figures.add('backend bundle (raw)', 'KB', statSync(outfile).size / 1000);
    figures.add('backend bundle (gzip)', 'KB', gzipBytes(outfile) / 1000);
    const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    for (let r = 0; r < Math.max(runs, 5); r += 1) {
      const ms = Number(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }));
      figures.add('backend cold import (fresh node process)', 'ms', ms);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return figures.list();
}
