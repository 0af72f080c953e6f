/**
 * Forge's storage quota, as the host enforces it when asked: past the rate, a KVS request answers
 * HTTP 429 `RATE_LIMIT_EXCEEDED` (what Forge documents for any storage quota), writes nothing, and
 * reaches the app as the real `@forge/kvs` error; lifting the limit restores service.
 */
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { loadManifest } from '../../emulator/manifest';
import { INVOKE_LIMITS } from '../../emulator/runtime';
import { invoke, postJson, REPO_ROOT, removeDir, startFixtureHost, tempDir } from './helpers';

let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('limits');
  host = await startFixtureHost({ dataDir });
});
afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

afterEach(() => host.kvs.setRateLimit(undefined));

describe('KVS rate limit', () => {
  it('given a limit of 3 operations a minute, when a 4th arrives over the wire, then 429 RATE_LIMIT_EXCEEDED and nothing is written', async () => {
    host.kvs.setRateLimit({ operations: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i += 1) {
      const r = await host.kvs.handle('/api/v1/set', { key: `k${i}`, value: i });
      expect(r.status).toBe(200);
    }
    const refused = await host.kvs.handle('/api/v1/set', { key: 'k3', value: 3 });
    expect(refused).toEqual({
      status: 429,
      body: {
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Rate limit exceeded: more than 3 storage operations in 60000 ms',
      },
    });
    host.kvs.setRateLimit(undefined);
    expect(host.kvs.keys('kv')).toEqual(['k0', 'k1', 'k2']);
  });

  it('given the limit set over HTTP, when the app writes, then the invoke fails with the KVS message, and after lifting it succeeds', async () => {
    const set = await postJson(`${host.url}/__emulator/limits`, {
      kvsRateLimit: { operations: 0, windowMs: 1_000 },
    });
    expect(set).toEqual({ status: 200, json: { ok: true } });
    const refused = await invoke(host, 'kv/set', { key: 'limited', value: 1 });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'FUNCTION_ERR',
        message:
          'There was an error invoking the function - Rate limit exceeded: more than 0 storage operations in 1000 ms',
      },
    });
    await postJson(`${host.url}/__emulator/limits`, { kvsRateLimit: null });
    expect(await invoke(host, 'kv/set', { key: 'limited', value: 1 })).toEqual({
      ok: true,
      body: { ok: true },
    });
  });

  it('given a window, when it has passed, then operations are admitted again', async () => {
    host.kvs.setRateLimit({ operations: 1, windowMs: 50 });
    expect((await host.kvs.handle('/api/v1/get', { key: 'k0' })).status).toBe(200);
    expect((await host.kvs.handle('/api/v1/get', { key: 'k0' })).status).toBe(429);
    await new Promise((r) => setTimeout(r, 80));
    expect((await host.kvs.handle('/api/v1/get', { key: 'k0' })).status).toBe(200);
  });

  it('given a malformed limit over HTTP, then 400 with the expected shape', async () => {
    const r = await postJson(`${host.url}/__emulator/limits`, { kvsRateLimit: { operations: 1 } });
    expect(r).toEqual({
      status: 400,
      json: { message: 'kvsRateLimit is null or { operations >= 0, windowMs > 0 }' },
    });
  });
});

describe('front-end invocation sizes (limits-invocation: request 500KB, response 5MB)', () => {
  it('given a payload just under 500 KB, when invoked, then it runs; just over, then PAYLOAD_TOO_LARGE and the resolver never runs', async () => {
    // `{"blob":"…"}` adds 11 bytes to the string.
    const under = await invoke(host, 'echo', {
      blob: 'x'.repeat(INVOKE_LIMITS.payloadMaxBytes - 11),
    });
    expect(under).toEqual({ ok: true, body: { size: INVOKE_LIMITS.payloadMaxBytes } });
    host.counters.reset();
    const over = await invoke(host, 'echo', { blob: 'x'.repeat(INVOKE_LIMITS.payloadMaxBytes) });
    expect(over).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(host.counters.snapshot().invocations).toBe(0);
  });

  it('given a response over 5 MB, when the resolver answers, then RESPONSE_TOO_LARGE; just under it is delivered', async () => {
    // `{"text":"…"}` adds 11 bytes to the string.
    const under = await invoke(host, 'big', { length: INVOKE_LIMITS.responseMaxBytes - 11 });
    expect(under.ok).toBe(true);
    const over = await invoke(host, 'big', { length: INVOKE_LIMITS.responseMaxBytes });
    expect(over).toMatchObject({ ok: false, error: { code: 'RESPONSE_TOO_LARGE' } });
  });
});

describe('KVS latency', () => {
  it('given kvsLatencyMs 40, when the app reads once, then the invoke takes at least the round trip', async () => {
    const dir = tempDir('latency');
    const slow = await startFixtureHost({ dataDir: dir, kvsLatencyMs: 40 });
    try {
      const started = performance.now();
      expect(await invoke(slow, 'kv/get', { key: 'nothing' })).toEqual({
        ok: true,
        body: { value: null },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    } finally {
      await slow.close();
      removeDir(dir);
    }
  });
});

describe('asynchronous functions (limits-invocation: 55 s by default, `timeoutSeconds` up to 900)', () => {
  it('given a function declaring timeoutSeconds: 1, when it runs, then the platform reports at most 1 s left at its start', async () => {
    const r = await host.runtime.invokeFunction('fixture-sleeper', { ms: 0 });
    if (!r.ok) throw new Error(r.error.message);
    const { remainingAtStart } = r.body as { remainingAtStart: number };
    expect(remainingAtStart).toBeGreaterThan(0);
    expect(remainingAtStart).toBeLessThanOrEqual(1000);
  });

  it('given a function declaring timeoutSeconds: 1, when it runs past it, then FUNCTION_TIMEOUT', async () => {
    const r = await host.runtime.invokeFunction('fixture-sleeper', { ms: 3000 });
    expect(r).toEqual({
      ok: false,
      error: { code: 'FUNCTION_TIMEOUT', message: 'The function timed out after 1 seconds' },
    });
  });

  it('given the real manifest, then its scheduled trigger declares the 900 s it may need and the host reads it', () => {
    const manifest = loadManifest(join(REPO_ROOT, 'manifest.yml'));
    const timed = manifest.functions.filter((f) => f.timeoutSeconds !== undefined);
    expect(timed.map((f) => f.timeoutSeconds)).toEqual([900]);
  });
});
