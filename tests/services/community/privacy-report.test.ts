/**
 * The weekly personal-data trigger against a rate-limited reporting API: accounts go 90 a request,
 * one request at a time, and a 429 is waited out for its `Retry-After` (user privacy guide: "429:
 * Rate limiting applies. Delay by the time period … specified in the Retry-After header (in
 * seconds)"). `@forge/api` alone would send every batch at once and fail the whole run on the first
 * 429. The trigger runs through the host's runtime as Forge runs it.
 */
import { kvs } from '@forge/kvs';
import { retryAfterMs, type PrivacyReport } from '../../../src/services/privacy';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { invokeFunction } from './support';

jest.setTimeout(120_000);

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
  // 95 participants of one game (two report requests), plus Eve, whose account is closed.
  const accounts = Array.from(
    { length: 95 },
    (_, i) => `557058:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  for (const accountId of [...accounts, USERS.eve]) {
    await app.host.runtime.runAs({}, () =>
      kvs.set(`p:macro-privacy-batches:card:${accountId}`, { text: 'a card' }),
    );
  }
  app.host.confluence.closeAccount(USERS.eve);
});

afterAll(async () => {
  await app.close();
});

afterEach(() => app.host.runtime.throttleReportAccounts(0));

const runTrigger = async (): Promise<PrivacyReport> =>
  (await invokeFunction(app, 'privacy-report', {
    context: { cloudId: 'local', moduleKey: 'personal-data-report' },
  })) as PrivacyReport;

const reportCalls = (): { answered: number; throttled: number } => {
  const c = app.counters().confluence;
  return {
    answered: c['POST app/report-accounts'] ?? 0,
    throttled: c['POST app/report-accounts (429)'] ?? 0,
  };
};

describe('reporting 96 accounts to a rate-limited API', () => {
  it('given the first request answered 429 with Retry-After 1, when the trigger runs, then it waits, retries and reports every account in two requests', async () => {
    app.resetCounters();
    app.host.runtime.throttleReportAccounts(1, 1);
    const report = await runTrigger();
    expect(report.reported).toBe(96);
    expect(report.closed).toEqual([USERS.eve]);
    expect(reportCalls()).toEqual({ answered: 2, throttled: 1 });
  });

  it('given a Retry-After longer than the trigger may wait, when the trigger runs, then it fails this run without erasing anything (next week retries)', async () => {
    await app.host.runtime.runAs({}, () =>
      kvs.set(`p:macro-privacy-later:card:${USERS.eve}`, { text: 'written again' }),
    );
    app.resetCounters();
    app.host.runtime.throttleReportAccounts(1, 3600);
    await expect(runTrigger()).rejects.toThrow();
    expect(reportCalls()).toEqual({ answered: 0, throttled: 1 });
    await expect(
      app.host.runtime.runAs({}, () => kvs.get(`p:macro-privacy-later:card:${USERS.eve}`)),
    ).resolves.toEqual({ text: 'written again' });
  });
});

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  const rejected = (status: number, retryAfter?: string): Response =>
    new Response(null, {
      status,
      headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
    });

  it.each([
    ['seconds', 7000, rejected(429, '7')],
    ['an HTTP date 30 s ahead', 30_000, rejected(429, new Date(now + 30_000).toUTCString())],
    ['an HTTP date in the past', 0, rejected(429, new Date(now - 5_000).toUTCString())],
    ['no header', 5000, rejected(429)],
    ['garbage', 5000, rejected(429, 'soon')],
  ])('given a 429 with %s, then it waits %d ms', (_label, ms, response) => {
    expect(retryAfterMs(response, now)).toBe(ms);
  });

  it.each([
    ['a 400', rejected(400)],
    ['a 500 with Retry-After', rejected(500, '1')],
    ['an Error', new Error('network')],
  ])('given %s, then it is not retried', (_label, value) => {
    expect(retryAfterMs(value, now)).toBeUndefined();
  });
});
