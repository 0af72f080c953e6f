#!/usr/bin/env node
// Validates manifest.yml offline, the way `forge lint` does before a deploy, without a login:
// Atlassian's @forge/manifest schema (FULL validation) plus @forge/lint in client-side mode, which
// also checks that every function handler named in the manifest is exported by its source file.
// Usage: node scripts/lint-manifest.mjs [appDir]   (default: the repository root)
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const appDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
process.chdir(appDir);

// The permission linter downloads Atlassian's REST OpenAPI specs to map product calls onto scopes.
// Offline we hand it empty specs: it still checks storage, UI hooks, fetch and image use; product
// REST calls are checked against the manifest's scopes by the local host at run time instead.
const emptySpec = path.join(mkdtempSync(path.join(os.tmpdir(), 'cop-kit-lint-')), 'openapi.json');
writeFileSync(emptySpec, JSON.stringify({ paths: {} }));
process.env.USE_LOCAL_SWAGGER = 'true';
for (const name of ['CONF', 'CONF_V2', 'JIRA', 'JSM', 'JSW', 'BB']) {
  process.env[`LOCAL_${name}_SWAGGER`] = emptySpec;
}

const { ProcessorBuilder, ValidationTypes } = require('@forge/manifest');
const { lint, problemCount } = require('@forge/lint');
const { StatsigReader } = require('@forge/cli-shared');

/** Offline stand-in for Atlassian's feature-flag service: no flags, no remote configuration. */
class OfflineFlags extends StatsigReader {
  async checkGate() {
    return null;
  }
  async getDynamicConfig() {
    return null;
  }
}

const logger = { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} };

function sourceFiles(dir) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(t|j)sx?$/.test(entry.name) ? [path.relative(appDir, full)] : [];
  });
}

const schema = await ProcessorBuilder.instance()
  .withValidation(ValidationTypes.FULL)
  .build()
  .process();

const problems = [];
if (!schema.success) {
  for (const e of schema.errors ?? []) {
    problems.push({ level: e.level, where: `manifest.yml:${e.line ?? '?'}`, message: e.message });
  }
}

// The linters need a parsed manifest; only run them once the schema accepts it.
if (schema.success && schema.manifestObject) {
  const results = await lint(
    sourceFiles('src'),
    schema.manifestObject.typedContent,
    'development',
    logger,
    new OfflineFlags(),
    { linter: { mode: 'client-side' } },
  );
  for (const result of results) {
    for (const rule of [...result.errors, ...result.warnings]) {
      problems.push({
        level: rule.class,
        where: `${result.file}:${rule.line}`,
        message: rule.message,
      });
    }
  }
  const counts = problemCount(results);
  if (counts.errors > 0 && problems.every((p) => p.level !== 'error')) {
    problems.push({ level: 'error', where: '-', message: `${counts.errors} lint error(s)` });
  }
}

// Warnings fail too: Forge's own lint reports an unexported handler only as a warning, and the
// deploy that follows would then fail in the cloud.
for (const p of problems) console.log(`${p.level.padEnd(7)} ${p.where}  ${p.message}`);
if (problems.length > 0) {
  console.log(
    `manifest lint: ${problems.length} problem(s) in ${path.join(appDir, 'manifest.yml')}`,
  );
  process.exit(1);
}
console.log(`manifest lint: OK (${path.join(appDir, 'manifest.yml')})`);
