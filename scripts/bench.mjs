#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts (bundled with esbuild), prints a table of medians
// and spreads, and writes bench/results.json with the machine and Node version. Not part of
// `npm test`: timings on a shared machine are figures to read, not assertions.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const only = process.argv[2];
const outDir = mkdtempSync(path.join(os.tmpdir(), 'cop-kit-bench-'));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    p95: quantile(sorted, 0.95),
  };
};

const benches = readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();

const results = [];
for (const file of benches) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(root, 'bench', file)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  });
  const mod = await import(pathToFileURL(outfile).href);
  for (const figure of await mod.run(runs)) {
    results.push({ bench: file, name: figure.name, unit: figure.unit, ...summary(figure.samples) });
  }
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
console.log('figure'.padEnd(52), 'median'.padStart(10), 'min'.padStart(10), 'max'.padStart(10));
for (const r of results) {
  console.log(
    r.name.padEnd(52),
    `${fmt(r.median)} ${r.unit}`.padStart(10),
    fmt(r.min).padStart(10),
    fmt(r.max).padStart(10),
  );
}

const report = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg(),
  },
  node: process.version,
  runsPerFigure: runs,
  results,
};
writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`wrote bench/results.json (${results.length} figures, ${runs} runs each)`);
