/**
 * The host as `npm start` runs it, in a child process: every acknowledged write survives `kill -9`
 * during a burst of writes, a busy port is a clear message, Ctrl-C (SIGINT) stops it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { FIXTURE_MANIFEST, REPO_ROOT, frame, postJson, removeDir, tempDir } from './helpers';
import type { InvokeResult } from '../../emulator/runtime';

jest.setTimeout(60_000);

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function startChild(dataDir: string, port = 0): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'start.mjs'),
      '--no-build',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--manifest',
      FIXTURE_MANIFEST,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m?.[1]) resolve({ child, url: m[1], output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`host exited (${String(code)}) before listening:\n${output}`)),
    );
  });
}

const call = async (url: string, functionKey: string, payload: unknown): Promise<InvokeResult> =>
  (await postJson(`${url}/__emulator/invoke`, { context: frame(), functionKey, payload }))
    .json as InvokeResult;

const running: ChildProcess[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

it('given a burst of writes, when the host is killed with SIGKILL and restarted, then every acknowledged write is there', async () => {
  const dataDir = tempDir('kill');
  try {
    const first = await startChild(dataDir);
    running.push(first.child);
    const acked = new Set<number>();
    let started = 0;
    // Each writer keeps writing until the dead host refuses it, so the kill always lands mid-burst.
    const writer = async (): Promise<void> => {
      for (;;) {
        const i = started;
        started += 1;
        try {
          const r = await call(first.url, 'kv/set', {
            key: `burst:${i}`,
            value: { i, text: 'x'.repeat(i % 50) },
          });
          if (r.ok) acked.add(i); // acknowledged, even if the kill lands right after: must survive
        } catch {
          return; // connection cut by the kill: not acknowledged
        }
      }
    };
    const writers = Array.from({ length: 12 }, () => writer());
    while (acked.size < 150) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(writers);
    expect(started).toBeGreaterThan(acked.size); // writes were still being sent when it died

    const second = await startChild(dataDir);
    running.push(second.child);
    const missing: number[] = [];
    for (const i of acked) {
      const r = await call(second.url, 'kv/get', { key: `burst:${i}` });
      const value = r.ok ? (r.body as { value: { i: number } | null }).value : null;
      if (value?.i !== i) missing.push(i);
    }
    expect(missing).toEqual([]);

    // A busy port is a clear message, not a stack trace.
    const port = new URL(second.url).port;
    const clash = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'scripts', 'start.mjs'),
        '--no-build',
        '--port',
        port,
        '--data',
        join(dataDir, 'other'),
        '--manifest',
        FIXTURE_MANIFEST,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.push(clash);
    let clashOutput = '';
    clash.stderr?.on('data', (c: Buffer) => (clashOutput += c.toString('utf8')));
    const clashCode = await new Promise<number | null>((r) => clash.on('exit', r));
    expect(clashCode).toBe(1);
    expect(clashOutput).toContain(`Port ${port} is already in use`);

    // Ctrl-C stops it cleanly.
    second.child.kill('SIGINT');
    await expect(second.exited).resolves.toBe(0);
  } finally {
    removeDir(dataDir);
  }
});
