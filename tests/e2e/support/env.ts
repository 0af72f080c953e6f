/**
 * End-to-end support: the app as `npm start` runs it (a child process on its own port and data
 * folder, with the emulator's test clock), Debian's headless Chromium, and the demo users.
 * Without /usr/bin/chromium the suites are SKIPPED loudly; under CI=true that is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const DOCS_DIR = join(REPO_ROOT, 'docs');
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** `describe` when Chromium is there; otherwise a loud SKIPPED line (an error under CI=true). */
export function e2eDescribe(name: string, body: () => void): void {
  if (!hasChromium) {
    const line = `SKIPPED: end-to-end "${name}" needs ${CHROMIUM} (apt-get install -y chromium)`;
    if (process.env.CI === 'true') throw new Error(`${line} — required in CI`);
    console.warn(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

export interface DemoUser {
  readonly name: string;
  readonly accountId: string;
}

const user = (name: string, accountId: string): DemoUser => ({ name, accountId });
export const ALICE = user('Alice Facilitator', '557058:aa11aa11-0000-4000-8000-000000000001');
export const BOB = user('Bob Scrum Master', '557058:bb22bb22-0000-4000-8000-000000000002');
export const CHLOE = user('Chloé Product Owner', '557058:cc33cc33-0000-4000-8000-000000000003');
export const DEV = user('Dev Agile Coach', '557058:dd44dd44-0000-4000-8000-000000000004');
export const EVE = user('Eve Developer', '557058:ee55ee55-0000-4000-8000-000000000005');
export const FINN = user('Finn Visitor', '557058:ff66ff66-0000-4000-8000-000000000006');
export const SAM = user('Sam Space Admin', '557058:ab77ab77-0000-4000-8000-000000000007');
export const EVERYONE: readonly DemoUser[] = [ALICE, BOB, CHLOE, DEV, EVE, FINN, SAM];

/** Builds `static/dist` once when a test runs without `npm run build` first. */
export function ensureBuilt(): void {
  if (existsSync(join(REPO_ROOT, 'static', 'dist', 'index.html'))) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** A running `npm start` host (child process) on a fixed port and data folder. */
export interface AppProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the host: SIGTERM (clean) or SIGKILL (as a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops it and starts it again on the same port and data folder. */
  restart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Moves the app's clock forward through the emulator's test clock. */
  advanceClock(ms: number): Promise<void>;
  /** Stops it and removes its data folder. */
  dispose(): Promise<void>;
}

function spawnHost(port: number, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'start.mjs'),
      '--no-build',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--test-clock',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((ok, fail) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) ok({ child, url: m[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`host exited ${String(code)}: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Starts the app on a free port with a fresh data folder and the test clock. */
export async function startApp(label: string): Promise<AppProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `cop-kit-e2e-${label}-`));
  mkdirSync(dataDir, { recursive: true });
  let { child, url } = await spawnHost(0, dataDir);
  const port = Number(new URL(url).port);
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    child.kill(signal);
    await exited(child);
  };
  return {
    url,
    port,
    dataDir,
    stop,
    async restart(signal = 'SIGKILL'): Promise<void> {
      await stop(signal);
      ({ child, url } = await spawnHost(port, dataDir));
    },
    async advanceClock(ms: number): Promise<void> {
      const res = await fetch(`${url}/__emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
      if (res.status !== 200) throw new Error(`clock: ${res.status} ${await res.text()}`);
    },
    async dispose(): Promise<void> {
      await stop('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
