// Builds the Custom UI into static/dist (manifest resource `main`): one entry that reads the Forge
// context and lazily loads the view of its module, so each macro downloads only its own chunk.
// After the build it prints the gzipped initial JavaScript of every module (entry + its chunk +
// their static imports) and writes it to dist/size-report.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** View file of each manifest module (kept in step with static/src/modules.ts). */
const MODULE_VIEWS = {
  'thirty-five': 'src/thirty-five/ThirtyFive.tsx',
  'lean-coffee': 'src/lean-coffee/LeanCoffee.tsx',
  'cop-session': 'src/cop-session/CopSession.tsx',
  'topic-backlog-macro': 'src/backlog/BacklogMacro.tsx',
  'topic-backlog-page': 'src/backlog/BacklogPage.tsx',
};
const TARGET_KB = 150;

function sizeReport() {
  return {
    name: 'cop-kit-size-report',
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const gz = (file) => gzipSync(readFileSync(join(options.dir, file))).length;
      const closure = (start) => {
        const seen = new Set();
        const visit = (file) => {
          if (seen.has(file)) return;
          seen.add(file);
          const chunk = chunks.find((c) => c.fileName === file);
          for (const dep of chunk?.imports ?? []) visit(dep);
        };
        for (const f of start) visit(f);
        return seen;
      };
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) return;
      const report = {};
      for (const [moduleKey, view] of Object.entries(MODULE_VIEWS)) {
        const chunk = chunks.find((c) => c.facadeModuleId === join(here, view));
        const files = closure([entry.fileName, ...(chunk ? [chunk.fileName] : [])]);
        const bytes = [...files].reduce((sum, f) => sum + gz(f), 0);
        report[moduleKey] = { gzipBytes: bytes, files: [...files].sort() };
      }
      const lines = Object.entries(report).map(
        ([k, v]) =>
          `  ${k.padEnd(22)} ${(v.gzipBytes / 1024).toFixed(1).padStart(7)} KB gzip` +
          (v.gzipBytes / 1024 > TARGET_KB ? `  (over the ${TARGET_KB} KB target)` : ''),
      );
      console.log(`\nInitial JavaScript per module (entry + module chunk + static imports):`);
      console.log(lines.join('\n'));
      writeFileSync(
        join(options.dir, 'size-report.json'),
        JSON.stringify({ targetKB: TARGET_KB, modules: report }, null, 2),
      );
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [sizeReport()],
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
  },
});
