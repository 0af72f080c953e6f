/**
 * The personal data reporting API through the real `@forge/api` (`privacy.reportPersonalData`,
 * `POST /app/report-accounts`): refused without the `report:personal-data` scope ("Enables the User
 * privacy API", Forge scopes reference), and rate limited with a 429 naming `Retry-After` in
 * seconds (user privacy guide). `@forge/api` rejects with the HTTP response itself.
 */
import { privacy } from '@forge/api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { loadManifest } from '../../emulator/manifest';
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

/** A host for a manifest with only these scopes (no functions: the test drives `@forge/api`). */
async function hostWithScopes(
  scopes: readonly string[],
): Promise<{ host: Host; dispose: () => Promise<void> }> {
  const dir = tempDir('privacy-scopes');
  const manifestPath = join(dir, 'manifest.yml');
  writeFileSync(
    manifestPath,
    `modules: {}\npermissions:\n  scopes:\n${scopes.map((s) => `    - ${s}\n`).join('')}`,
  );
  const host = await startFixtureHost({ manifestPath, dataDir: join(dir, 'data') });
  return {
    host,
    dispose: async () => {
      await host.close();
      removeDir(dir);
    },
  };
}

describe('report-accounts scope', () => {
  it('given a manifest without report:personal-data, when accounts are reported, then 401 and nothing is reported', async () => {
    const { host, dispose } = await hostWithScopes(['storage:app', 'read:user:confluence']);
    try {
      await expect(rejection(report(host))).resolves.toEqual({
        status: 401,
        retryAfter: null,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
      expect(host.counters.snapshot().confluence['POST app/report-accounts']).toBeUndefined();
    } finally {
      await dispose();
    }
  }, 60_000);

  it('given a manifest with report:personal-data, when accounts are reported, then they are; a throttled call answers 429 with Retry-After', async () => {
    const { host, dispose } = await hostWithScopes(['storage:app', 'report:personal-data']);
    try {
      await expect(report(host)).resolves.toEqual([]);
      host.runtime.throttleReportAccounts(1, 7);
      await expect(rejection(report(host))).resolves.toEqual({
        status: 429,
        retryAfter: '7',
        body: { errorType: 'RATE_LIMITED', errorMessage: 'Too many requests' },
      });
      await expect(report(host)).resolves.toEqual([]);
    } finally {
      await dispose();
    }
  }, 60_000);

  it('given the CoP Kit manifest, then it declares report:personal-data', () => {
    expect(loadManifest(join(REPO_ROOT, 'manifest.yml')).scopes).toContain('report:personal-data');
  });
});
