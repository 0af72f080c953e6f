/**
 * The personal data reporting API through the real `@forge/api` (`privacy.reportPersonalData`,
 * `POST /app/report-accounts`): refused without the `report:personal-data` scope ("Enables the User
 * privacy API", Forge scopes reference), and rate limited with a 429 naming `Retry-After` in
 * seconds (user privacy guide). `@forge/api` rejects with the HTTP response itself.
 */
import { privacy } from '@forge/api';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { REPO_ROOT, removeDir, startFixtureHost, tempDir } from './helpers';

const ACCOUNT = '557058:aa11aa11-0000-4000-8000-000000000001';
const report = (host: Host) =>
  host.runtime.runAs({}, () =>
    privacy.reportPersonalData([{ accountId: ACCOUNT, updatedAt: '2026-12-01T00:00:00.000Z' }]),
  );

/** What `@forge/api` rejected with (a Response), as status, Retry-After and body. */
async function rejection(
  p: Promise<unknown>,
): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) {
      return { status: e.status, retryAfter: e.headers.get('retry-after'), body: await e.json() };
    }
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('report-accounts scope', () => {
  it('given a manifest without report:personal-data (the fixture app), when accounts are reported, then 401 and nothing is reported', async () => {
    const dir = tempDir('privacy-no-scope');
    const host = await startFixtureHost({ dataDir: dir });
    try {
      expect(host.manifest.scopes).not.toContain('report:personal-data');
      await expect(rejection(report(host))).resolves.toEqual({
        status: 401,
        retryAfter: null,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
      expect(host.counters.snapshot().confluence['POST app/report-accounts']).toBeUndefined();
    } finally {
      await host.close();
      removeDir(dir);
    }
  }, 60_000);

  it('given the CoP Kit manifest (which declares it), when accounts are reported, then they are; a throttled call answers 429 with Retry-After', async () => {
    const dir = tempDir('privacy-scope');
    const host = await startFixtureHost({
      dataDir: dir,
      manifestPath: join(REPO_ROOT, 'manifest.yml'),
    });
    try {
      expect(host.manifest.scopes).toContain('report:personal-data');
      await expect(report(host)).resolves.toEqual([]);
      host.runtime.throttleReportAccounts(1, 7);
      await expect(rejection(report(host))).resolves.toEqual({
        status: 429,
        retryAfter: '7',
        body: { errorType: 'RATE_LIMITED', errorMessage: 'Too many requests' },
      });
      await expect(report(host)).resolves.toEqual([]);
    } finally {
      await host.close();
      removeDir(dir);
    }
  }, 120_000);
});
