/**
 * Contract tests for the host endpoints the community backend relies on, through the real
 * `@forge/api`: a space's permitted operations per user, the personal-data reporting API, and
 * invoking a non-resolver function.
 */
import api, { privacy, route } from '@forge/api';
import type { Host } from '../../emulator/host';
import { ALICE, FINN_READ_ONLY, SPACE_ID, removeDir, startFixtureHost, tempDir } from './helpers';

const SAM_ADMIN = '557058:ab77ab77-0000-4000-8000-000000000007';

let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('community-endpoints');
  host = await startFixtureHost({ dataDir });
});

afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

async function operationsOf(accountId: string): Promise<unknown> {
  return host.runtime.runAs({ accountId }, async () => {
    const res = await api
      .asUser()
      .requestConfluence(route`/wiki/api/v2/spaces/${SPACE_ID}/operations`);
    return { status: res.status, body: (await res.json()) as unknown };
  });
}

describe('GET /wiki/api/v2/spaces/{id}/operations', () => {
  it('given a space admin, when asked as them, then administer space is permitted', async () => {
    await expect(operationsOf(SAM_ADMIN)).resolves.toEqual({
      status: 200,
      body: {
        operations: [
          { operation: 'read', targetType: 'space' },
          { operation: 'create', targetType: 'page' },
          { operation: 'administer', targetType: 'space' },
        ],
        _links: {},
      },
    });
  });

  it('given a member or a read-only visitor, when asked, then no administer operation', async () => {
    const member = (await operationsOf(ALICE)) as { body: { operations: unknown[] } };
    expect(member.body.operations).not.toContainEqual({
      operation: 'administer',
      targetType: 'space',
    });
    const visitor = (await operationsOf(FINN_READ_ONLY)) as { body: { operations: unknown[] } };
    expect(visitor.body.operations).toEqual([{ operation: 'read', targetType: 'space' }]);
  });
});

describe('POST /app/report-accounts (privacy.reportPersonalData)', () => {
  it('given no closed account, when reported, then nothing needs action', async () => {
    await expect(
      host.runtime.runAs({}, () =>
        privacy.reportPersonalData([{ accountId: ALICE, updatedAt: '2026-11-24T10:00:00.000Z' }]),
      ),
    ).resolves.toEqual([]);
  });

  it('given a closed account among 95 (two requests of at most 90), when reported, then it comes back closed', async () => {
    host.confluence.closeAccount('557058:closed-0000');
    const accounts = Array.from({ length: 95 }, (_, i) => ({
      accountId: i === 93 ? '557058:closed-0000' : `557058:open-${i}`,
      updatedAt: '2026-11-24T10:00:00.000Z',
    }));
    await expect(
      host.runtime.runAs({}, () => privacy.reportPersonalData(accounts)),
    ).resolves.toEqual([{ accountId: '557058:closed-0000', status: 'closed' }]);
    expect(host.counters.snapshot().confluence['POST app/report-accounts']).toBeGreaterThanOrEqual(
      2,
    );
  });
});
