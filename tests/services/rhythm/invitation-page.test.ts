/**
 * The invitation page through `rhythm/publishInvitation` in the local host: Confluence's storage
 * format mentions every invited person (so Confluence notifies them), user text is escaped, one page
 * per session updated with the next version number, and only curators or space admins write it.
 */
import type { ApiResult } from '../../../src/contract/result';
import type { BacklogView } from '../../../src/contract/backlog';
import type { RhythmView } from '../../../src/contract/rhythm';
import type { PublishedInvitation } from '../../../src/services/rhythm/invitation-page';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';

let app: AppHost;

const page = (accountId: string) => app.as(accountId, { moduleKey: 'topic-backlog-page' });

function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const HOSTILE = 'CoP <script>alert(1)</script> & "friends"';

beforeAll(async () => {
  app = await startAppHost();
  data(
    await page(USERS.sam).invoke('settings/update', {
      copName: HOSTILE,
      facilitators: [USERS.alice],
      cadence: {
        sessionsPerMonth: 4,
        anchorDate: '2026-01-01',
        weekday: 2,
        startTime: '09:30',
        timeZone: 'America/New_York',
      },
    }),
  );
  for (const who of [USERS.bob, USERS.chloe, USERS.dev]) {
    data(await page(who).invoke('rhythm/invitation', { type: 'optIn' }));
  }
}, 120_000);

afterAll(async () => {
  await app.close();
});

const mentionOf = (id: string) => `<ri:user ri:account-id="${id}" />`;

describe('the invitation page', () => {
  it('given three members on the list, when a space admin publishes, then one page mentions all three, escapes the name, and says when in the community zone', async () => {
    const published = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    expect(published.outcome).toBe('created');
    expect(published.mentioned).toEqual([USERS.bob, USERS.chloe, USERS.dev]);
    const written = app.host.confluence.page(published.pageId);
    if (written === undefined) throw new Error('no page');
    for (const who of [USERS.bob, USERS.chloe, USERS.dev, USERS.alice]) {
      expect(written.body).toContain(mentionOf(who));
    }
    expect(written.body).not.toContain('<script>');
    expect(written.body).toContain(
      'CoP &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;',
    );
    expect(written.body).toMatch(/When: Tuesday, .*, 09:30–10:30 \(America\/New_York\)/);
    expect(written.body).toMatch(/Our community page: <a href="[^"]+">/);
    expect(written.version).toBe(1);
  });

  it('given the page exists, when someone opts in and it is published again, then the same page is updated with the next version and mentions them', async () => {
    const first = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    data(await page(USERS.eve).invoke('rhythm/invitation', { type: 'optIn' }));
    // Opting in already brought the published page up to date (so Confluence notifies Eve).
    const refreshed = app.host.confluence.page(first.pageId);
    expect(refreshed?.body).toContain(mentionOf(USERS.eve));
    expect(refreshed?.version).toBe(3);
    const again = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    expect(again).toMatchObject({ pageId: first.pageId, outcome: 'updated' });
    const written = app.host.confluence.page(again.pageId);
    expect(written?.body).toContain(mentionOf(USERS.eve));
    expect(written?.version).toBe(4);
    const sessionDate = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view')).sessions[0]
      ?.date;
    const titled = app.host.confluence
      .createdPages()
      .filter((p) => p.title.endsWith(`session of ${sessionDate ?? ''}`));
    expect(titled).toHaveLength(1);
  });

  it('given a member, when they publish, then NOT_CURATOR and no page is written', async () => {
    app.resetCounters();
    const result = await page(USERS.bob).invoke('rhythm/publishInvitation', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CURATOR' } });
    expect(app.counters().confluence['POST /wiki/api/v2/pages'] ?? 0).toBe(0);
    expect(app.counters().confluence['PUT /wiki/api/v2/pages/{id}'] ?? 0).toBe(0);
  });
});

describe('the invitation page kept up to date', () => {
  it('given a published page, when a topic is planned for that session and someone volunteers to lead it, then the page says so, updated in place', async () => {
    const published = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    const sessionDate = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view')).sessions[0]
      ?.date;
    data(await page(USERS.chloe).invoke('backlog/add', { title: 'Retros <that> work' }));
    const list = data(await page(USERS.sam).invoke<BacklogView>('backlog/list', {}));
    const topic = list.topics.find((t) => t.title === 'Retros <that> work');
    if (topic === undefined || sessionDate === undefined) throw new Error('no topic or session');
    const v0 = app.host.confluence.page(published.pageId)?.version ?? 0;

    data(await page(USERS.sam).invoke('backlog/plan', { topicId: topic.id, date: sessionDate }));
    const planned = app.host.confluence.page(published.pageId);
    expect(planned?.body).toContain('Topic: <strong>Retros &lt;that&gt; work</strong>');
    expect(planned?.version).toBe(v0 + 1);

    data(await page(USERS.dev).invoke('backlog/volunteer', { topicId: topic.id }));
    const led = app.host.confluence.page(published.pageId);
    expect(led?.body).toContain(`led by <ac:link>${mentionOf(USERS.dev)}`);
    expect(led?.version).toBe(v0 + 2);
    expect(
      app.host.confluence.createdPages().filter((p) => p.title.endsWith(`of ${sessionDate}`)),
    ).toHaveLength(1);
  });

  it('given a published page, when a curator renames the community, then the page title and text follow; a change the page does not show leaves it alone', async () => {
    const published = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    const v0 = app.host.confluence.page(published.pageId)?.version ?? 0;
    data(await page(USERS.sam).invoke('settings/update', { copName: 'Renamed CoP' }));
    const renamed = app.host.confluence.page(published.pageId);
    expect(renamed?.title).toMatch(/^Renamed CoP: session of /);
    expect(renamed?.body).toContain('<strong>Renamed CoP</strong>');
    expect(renamed?.version).toBe(v0 + 1);
    data(await page(USERS.sam).invoke('settings/update', { defaults: { dots: 5 } }));
    expect(app.host.confluence.page(published.pageId)?.version).toBe(v0 + 1);
  });
});
