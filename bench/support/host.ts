/**
 * Benchmark plumbing: the local Forge host in a child process (exactly `npm start --no-build`), its
 * HTTP invoke path, counters, Server-Sent Events subscribers, and percentile helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(process.cwd());

export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly samples: number[];
  /** What the target in DESIGN §5 is, when there is one (printed and stored). */
  readonly target?: string;
}

export interface ChildHost {
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `scripts/start.mjs --no-build` on a free port with an empty data folder. */
export function startChildHost(
  manifest: string,
  extraArgs: readonly string[] = [],
): Promise<ChildHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-bench-host-'));
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'start.mjs'),
      '--no-build',
      '--port',
      '0',
      '--data',
      dataDir,
      '--manifest',
      manifest,
      ...extraArgs,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((ok, fail) => {
    // BENCH_HOST_LOG=<file>: the host's own output (the app's console, its errors) is kept there.
    const logFile = process.env.BENCH_HOST_LOG;
    if (logFile) {
      const keep = (chunk: Buffer): void => appendFileSync(logFile, chunk);
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
    }
    const onData = (chunk: Buffer): void => {
      if (output.includes('listening on ')) return;
      output += chunk.toString('utf8');
      const m = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m?.[1]) {
        const url = m[1];
        ok({
          url,
          dataDir,
          child,
          async stop() {
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGINT');
            await exited;
            rmSync(dataDir, { recursive: true, force: true });
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`host exited (${String(code)}):\n${output}`)));
  });
}

export interface Frame {
  readonly accountId: string;
  readonly moduleKey: string;
  readonly localId: string;
  readonly contentId: string;
}

export const HOME_PAGE_ID = '98305';

export interface Timed<T> {
  readonly ms: number;
  readonly body: T;
}

/** One invoke over HTTP, as the shell forwards an iframe's `invoke`; platform failures throw. */
export async function invoke<T = unknown>(
  url: string,
  frame: Frame,
  functionKey: string,
  payload: unknown = {},
): Promise<Timed<T>> {
  const started = performance.now();
  const res = await fetch(`${url}/__emulator/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ context: frame, functionKey, payload }),
  });
  const answer = (await res.json()) as
    { ok: true; body: T } | { ok: false; error: { code: string; message: string } };
  const ms = performance.now() - started;
  if (!answer.ok) throw new Error(`${functionKey}: ${answer.error.code} ${answer.error.message}`);
  return { ms, body: answer.body };
}

export interface FunctionCounters {
  readonly invocations: number;
  readonly kvs: Readonly<Record<string, number>>;
  readonly realtimePublishes: number;
}

export async function counters(url: string): Promise<Record<string, FunctionCounters>> {
  const res = await fetch(`${url}/__emulator/counters`);
  const body = (await res.json()) as { byFunction: Record<string, FunctionCounters> };
  return body.byFunction;
}

export async function resetCounters(url: string): Promise<void> {
  await fetch(`${url}/__emulator/counters/reset`, { method: 'POST' });
}

const READS = new Set(['get', 'batch/get', 'query', 'entity/get', 'entity/query', 'secret/get']);

/** KVS reads, writes and publishes per invocation over the given resolver keys. */
export function perAction(
  byFunction: Record<string, FunctionCounters>,
  keys: readonly string[],
): { reads: number; writes: number; publishes: number; invocations: number } {
  let reads = 0;
  let writes = 0;
  let publishes = 0;
  let invocations = 0;
  for (const k of keys) {
    const c = byFunction[k];
    if (!c) continue;
    invocations += c.invocations;
    publishes += c.realtimePublishes;
    for (const [kind, n] of Object.entries(c.kvs)) {
      if (READS.has(kind)) reads += n;
      else writes += n;
    }
  }
  const per = (n: number) => (invocations === 0 ? 0 : n / invocations);
  return { reads: per(reads), writes: per(writes), publishes: per(publishes), invocations };
}

/** Bytes of the host's KVS log (every acknowledged write is one line in it). */
export const kvsLogBytes = (host: ChildHost): number => {
  try {
    return statSync(join(host.dataDir, 'kvs.jsonl')).size;
  } catch {
    return 0;
  }
};

/** A Server-Sent Events client subscribed to one channel, counting the notices it receives. */
export interface Subscriber {
  received: number;
  /** Resolves once `received` reaches `n`. */
  until(n: number): Promise<void>;
  close(): void;
}

export async function subscribe(
  url: string,
  clientId: string,
  channel: string,
  frame: Frame,
): Promise<Subscriber> {
  const waiters: { n: number; done: () => void }[] = [];
  const sub: Subscriber = {
    received: 0,
    until(n) {
      if (sub.received >= n) return Promise.resolve();
      return new Promise((done) => waiters.push({ n, done }));
    },
    close: () => req.destroy(),
  };
  let buffer = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => (ready = r));
  const req = http.get(`${url}/__emulator/events?client=${encodeURIComponent(clientId)}`, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (event.startsWith('event: ready')) ready();
        if (event.startsWith('event: realtime')) {
          sub.received += 1;
          for (let w = waiters.length - 1; w >= 0; w -= 1) {
            const waiter = waiters[w];
            if (waiter && sub.received >= waiter.n) {
              waiters.splice(w, 1);
              waiter.done();
            }
          }
        }
      }
    });
  });
  req.on('error', () => undefined);
  await isReady;
  const res = await fetch(`${url}/__emulator/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client: clientId, subscriptionId: 's1', channel, context: frame }),
  });
  if (!res.ok) throw new Error(`subscribe: ${res.status}`);
  return sub;
}

/** The q-quantile (nearest rank) of a list of numbers. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** Collects per-run values under figure names, in first-seen order. */
export class Figures {
  private readonly byName = new Map<string, Figure>();

  add(name: string, unit: string, value: number, target?: string): void {
    let f = this.byName.get(name);
    if (!f) {
      f = { name, unit, samples: [], target };
      this.byName.set(name, f);
    }
    f.samples.push(value);
  }

  list(): Figure[] {
    return [...this.byName.values()];
  }
}
