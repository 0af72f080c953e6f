#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts (bundled with esbuild), prints a table of medians
// and spreads, and writes bench/results.json with the machine and Node version. Not part of
// `npm test`: timings on a shared machine are figures to read, not assertions.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const only = process.argv[2];
// Inside the repository (ignored .forge-local/) so external packages resolve from node_modules.
mkdirSync(path.join(root, '.forge-local'), { recursive: true });
const outDir = mkdtempSync(path.join(root, '.forge-local', 'bench-'));
process.chdir(root);

// Nearest-rank quantile of a sorted list; the median of an even count is the mean of the middle two.
const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const median = (sorted) => {
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1
    ? sorted[Math.floor(mid)]
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: median(sorted),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25),
    p95: quantile(sorted, 0.95),
    samples,
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
    // Packages stay in node_modules (esbuild, @forge/*): the bundle runs from the repository.
    packages: 'external',
  });
  const mod = await import(pathToFileURL(outfile).href);
  for (const figure of await mod.run(runs)) {
    results.push({
      bench: file,
      name: figure.name,
      unit: figure.unit,
      ...(figure.target ? { target: figure.target } : {}),
      ...(figure.note ? { note: figure.note } : {}),
      ...summary(figure.samples),
    });
  }
}

rmSync(outDir, { recursive: true, force: true });
const fmt = (v) =>
  !Number.isFinite(v) ? String(v) : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
const w = Math.max(6, ...results.map((r) => r.name.length));
console.log(
  'figure'.padEnd(w),
  'median'.padStart(14),
  'IQR'.padStart(9),
  'min'.padStart(9),
  'max'.padStart(9),
  '  target',
);
for (const r of results) {
  console.log(
    r.name.padEnd(w),
    `${fmt(r.median)} ${r.unit}`.padStart(14),
    fmt(r.iqr).padStart(9),
    fmt(r.min).padStart(9),
    fmt(r.max).padStart(9),
    r.target ? `  ${r.target}` : '',
  );
}

const report = {
  date: new Date().toISOString(),
  note: "median, IQR, min, max over runs of each figure; a figure is itself a per-run value (e.g. that run's p95 over all its actions)",
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
