/** Joining, leaving and reordering the facilitator rotation through the resolvers in the local host. */
import type { ApiResult } from '../../../src/contract/result';
import type { SettingsView } from '../../../src/contract/settings';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor } from './support';

let app: AppHost;

beforeAll(async () => {
  // KVS latency widens the read-then-write window, so concurrent writers really race.
  app = await startAppHost({ kvsLatencyMs: 20 });
}, 60_000);

afterAll(async () => {
  await app.close();
});

const page = (accountId: string) => clientFor(app, accountId, { moduleKey: 'topic-backlog-page' });

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const rotationNow = async (): Promise<readonly string[]> =>
  ok(await page(USERS.sam).invoke<SettingsView>('settings/get')).settings.rotation.facilitators;

describe('facilitator rotation', () => {
  it('given an empty rotation, when 5 people volunteer at once, then all 5 are in it exactly once', async () => {
    const people = [USERS.alice, USERS.bob, USERS.chloe, USERS.dev, USERS.eve];
    const answers = await Promise.all(
      people.map((p) => page(p).invoke<SettingsView>('settings/joinRotation')),
    );
    for (const answer of answers) expect(answer.ok).toBe(true);
    const rotation = await rotationNow();
    expect([...rotation].sort()).toEqual([...people].sort());
    expect(new Set(rotation).size).toBe(5);
  });

  it('given someone in the rotation, when they volunteer again, then they are still in it once', async () => {
    const view = ok(await page(USERS.alice).invoke<SettingsView>('settings/joinRotation'));
    expect(view.inRotation).toBe(true);
    expect(view.settings.rotation.facilitators.filter((a) => a === USERS.alice)).toHaveLength(1);
  });

  it('given a payload naming someone else, when joining, then it is refused (identity comes from the context)', async () => {
    const result = await page(USERS.finn).invoke('settings/joinRotation', { accountId: USERS.sam });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await rotationNow()).not.toContain(USERS.sam);
  });

  it('given a member who is not a curator, when they remove or move someone else, then NOT_CURATOR and nothing changes', async () => {
    const before = await rotationNow();
    expect(
      await page(USERS.finn).invoke('settings/removeFacilitator', { facilitator: USERS.alice }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_CURATOR' } });
    expect(
      await page(USERS.finn).invoke('settings/moveFacilitator', {
        facilitator: USERS.alice,
        by: 1,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_CURATOR' } });
    expect(await rotationNow()).toEqual(before);
  });

  it('given the space admin, when they move someone up and remove someone, then the rotation shows it', async () => {
    const before = await rotationNow();
    const second = before[1] as string;
    const moved = ok(
      await page(USERS.sam).invoke<SettingsView>('settings/moveFacilitator', {
        facilitator: second,
        by: -1,
      }),
    );
    expect(moved.settings.rotation.facilitators.slice(0, 2)).toEqual([before[1], before[0]]);
    const removed = ok(
      await page(USERS.sam).invoke<SettingsView>('settings/removeFacilitator', {
        facilitator: second,
      }),
    );
    expect(removed.settings.rotation.facilitators).not.toContain(second);
    expect(removed.settings.rotation.facilitators).toHaveLength(4);
  });

  it('given someone in the rotation, when they leave, then they are out and may no longer edit', async () => {
    const inIt = (await rotationNow())[0] as string;
    const view = ok(await page(inIt).invoke<SettingsView>('settings/leaveRotation'));
    expect(view.inRotation).toBe(false);
    expect(view.canEdit).toBe(false);
    expect(view.settings.rotation.facilitators).not.toContain(inIt);
  });
});
