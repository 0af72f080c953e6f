/**
 * The host meters what Forge meters (emulator/counters.ts): KVS read and write units of 10 KB per
 * request, realtime operations (subscribes and publishes), Confluence calls and points — per
 * second, so the busiest second and minute can be read — and can enforce Forge's per-minute
 * quotas per installation (invocations 5,000; KVS read units 4,000; write units 4,000), refusing
 * what is over them.
 */
import type { Host } from '../../emulator/host';
import { confluencePoints, FORGE_QUOTAS, kvsUnits } from '../../emulator/counters';
import { ALICE, frame, invoke, postJson, removeDir, startFixtureHost, tempDir } from './helpers';

let host: Host;
let dataDir: string;
/** The host's clock, moved by hand (epoch ms). */
let now = Date.UTC(2026, 0, 5, 9, 0, 0);

beforeAll(async () => {
  dataDir = tempDir('metering');
  host = await startFixtureHost({ dataDir, clock: () => now });
});
afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});
beforeEach(() => {
  host.counters.setQuotas({});
  host.counters.reset();
});

const meter = () => host.counters.snapshot().meter;

describe('metering as Forge counts it', () => {
  it('given Forge rounds each KVS request up to 10 KB, when sizes around the unit are computed, then 1, 1, 2 and 3 units', () => {
    expect([kvsUnits(0), kvsUnits(10 * 1024), kvsUnits(10 * 1024 + 1), kvsUnits(25_000)]).toEqual([
      1, 1, 2, 3,
    ]);
  });

  it('given a 25 KB value, when the app writes it and reads it back and reads a missing key, then 3 write units, 3 + 1 read units, each attributed to its resolver', async () => {
    const big = 'x'.repeat(25_000);
    expect((await invoke(host, 'kv/set', { key: 'big', value: big })).ok).toBe(true);
    expect((await invoke(host, 'kv/get', { key: 'big' })).ok).toBe(true);
    expect((await invoke(host, 'kv/get', { key: 'missing' })).ok).toBe(true);
    const snap = host.counters.snapshot();
    expect(snap.meter.total).toMatchObject({
      invocations: 3,
      kvsRequests: 3,
      kvsWriteUnits: 3,
      kvsReadUnits: 4,
    });
    expect(snap.byFunction['kv/set']).toMatchObject({ kvsWriteUnits: 3, kvsReadUnits: 0 });
    expect(snap.byFunction['kv/get']).toMatchObject({ kvsReadUnits: 4, kvsWriteUnits: 0 });
  });

  it('given Confluence charges 1 point a request plus each object read, when the rule is applied, then writes cost 1, a page 2, three users 7 and a list of 4 pages 5', () => {
    expect(confluencePoints('POST', '/wiki/api/v2/pages', { id: '1' })).toBe(1);
    expect(confluencePoints('GET', '/wiki/api/v2/pages/{id}', { id: '1' })).toBe(2);
    expect(confluencePoints('POST', '/wiki/rest/api/user/bulk', { results: [{}, {}, {}] })).toBe(1);
    expect(confluencePoints('POST', '/wiki/api/v2/users-bulk', { results: [{}, {}, {}] })).toBe(7);
    expect(confluencePoints('GET', '/wiki/api/v2/pages', { results: [{}, {}, {}, {}] })).toBe(5);
    expect(confluencePoints('GET', '/wiki/api/v2/spaces/{id}/operations', { results: [] })).toBe(2);
  });

  it('given a page read and a page created through the app, when metered, then 2 Confluence calls and 1 + the page read points, attributed to their resolvers', async () => {
    const created = await invoke(host, 'page/create', { spaceId: '65537', title: 'Metered' });
    expect(created.ok).toBe(true);
    const snap = host.counters.snapshot();
    expect(snap.meter.total.confluenceCalls).toBeGreaterThanOrEqual(1);
    expect(snap.byFunction['page/create']?.confluencePoints).toBe(
      snap.byFunction['page/create']?.confluenceRequests,
    );
  });

  it('given subscribes and publishes in one second and more in the next minute, when read, then the busiest second and minute count them as realtime operations', async () => {
    const client = `metering-${Date.now()}`;
    const events = await fetch(`${host.url}/__emulator/events?client=${client}`);
    const reader = events.body?.getReader();
    await reader?.read();
    for (let i = 0; i < 3; i += 1) {
      const r = await postJson(`${host.url}/__emulator/subscribe`, {
        client,
        subscriptionId: `s${i}`,
        context: frame(),
        channel: 'metered',
      });
      expect(r.status).toBe(200);
    }
    await postJson(`${host.url}/__emulator/publish`, {
      context: frame(),
      channel: 'metered',
      payload: {},
    });
    now += 10_000;
    await postJson(`${host.url}/__emulator/publish`, {
      context: frame(),
      channel: 'metered',
      payload: {},
    });
    now += 70_000;
    await postJson(`${host.url}/__emulator/publish`, {
      context: frame(),
      channel: 'metered',
      payload: {},
    });
    expect(meter().busiestSecond.realtimeOperations).toBe(4);
    expect(meter().busiestMinute.realtimeOperations).toBe(5);
    expect(meter().total.realtimeOperations).toBe(6);
    await reader?.cancel();
  });
});

describe("Forge's per-minute quotas", () => {
  it('given an invocation quota of 3 a minute, when a 4th invocation comes in the same minute, then it is refused with RATE_LIMIT_EXCEEDED without running, and admitted in the next minute', async () => {
    now = Math.ceil(now / 60_000) * 60_000 + 1_000;
    host.counters.setQuotas({ invocationsPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) expect((await invoke(host, 'whoami', {})).ok).toBe(true);
    const refused = await invoke(host, 'kv/set', { key: 'over', value: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMIT_EXCEEDED' } });
    expect(host.kvs.keys('kv')).not.toContain('over');
    expect(host.counters.snapshot()).toMatchObject({ invocations: 3, refusedByQuota: 1 });
    now += 60_000;
    expect((await invoke(host, 'kv/set', { key: 'over', value: 1 })).ok).toBe(true);
  });

  it('given a read-unit quota of 2, when the app reads a third time in the minute, then the KVS answers 429 RATE_LIMIT_EXCEEDED and writes still pass', async () => {
    now = Math.ceil(now / 60_000) * 60_000 + 1_000;
    for (const key of ['a', 'b', 'c']) await host.kvs.handle('/api/v1/set', { key, value: key });
    host.counters.setQuotas({ kvsReadUnitsPerMinute: 2 });
    expect((await host.kvs.handle('/api/v1/get', { key: 'a' })).status).toBe(200);
    expect((await host.kvs.handle('/api/v1/get', { key: 'b' })).status).toBe(200);
    const refused = await host.kvs.handle('/api/v1/get', { key: 'c' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect((await host.kvs.handle('/api/v1/set', { key: 'w', value: 1 })).status).toBe(200);
  });

  it("given Forge's published quotas switched on over HTTP and subscriptions refused, when a screen subscribes, then it is refused; lifting both restores service", async () => {
    expect(
      await postJson(`${host.url}/__emulator/limits`, {
        quotas: 'forge',
        refuseSubscriptions: true,
      }),
    ).toEqual({ status: 200, json: { ok: true } });
    const client = `refused-${Date.now()}`;
    const events = await fetch(`${host.url}/__emulator/events?client=${client}`);
    const reader = events.body?.getReader();
    await reader?.read();
    const refused = await postJson(`${host.url}/__emulator/subscribe`, {
      client,
      subscriptionId: 's',
      context: frame({ accountId: ALICE }),
      channel: 'refused',
    });
    expect(refused).toEqual({ status: 429, json: { message: 'RATE_LIMIT_EXCEEDED' } });
    expect(FORGE_QUOTAS).toEqual({
      invocationsPerMinute: 5000,
      kvsReadUnitsPerMinute: 4000,
      kvsWriteUnitsPerMinute: 4000,
    });
    await postJson(`${host.url}/__emulator/limits`, { quotas: null, refuseSubscriptions: false });
    const ok = await postJson(`${host.url}/__emulator/subscribe`, {
      client,
      subscriptionId: 's',
      context: frame({ accountId: ALICE }),
      channel: 'refused',
    });
    expect(ok.status).toBe(200);
    expect(
      (await postJson(`${host.url}/__emulator/limits`, { quotas: { invocationsPerMinute: -1 } }))
        .status,
    ).toBe(400);
    await reader?.cancel();
  });
});
