/**
 * Notes pages list who answered *not this time* for the session's date (issue 14), through the
 * notes service in the local host with the real @forge/kvs and @forge/api: the reason's category,
 * never the free-text note; not those who came after all; other dates' answers not at all.
 */
import type { Answer } from '../../../src/domain/community';
import type { NotesModel } from '../../../src/domain/session-notes';
import type { Caller } from '../../../src/resolvers/define';
import { createSessionNotes } from '../../../src/services/notes';
import { writeAnswer } from '../../../src/storage/rhythm';
import { aLeanCoffeeNotes } from '../../domain/session-notes/models';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
}, 120_000);

afterAll(async () => {
  await app.close();
});

const COP = { spaceId: '65537', spaceKey: 'COP' };
const caller: Caller = {
  accountId: USERS.alice,
  localId: 'macro-absentees',
  moduleKey: 'lean-coffee',
  claimed: { contentId: '98305', spaceId: '65537', spaceKey: 'COP' },
};
const inHost = <T>(fn: () => Promise<T>) =>
  app.host.runtime.runAs({ accountId: USERS.alice, moduleKey: 'lean-coffee' }, fn);

const answer = (accountId: string, sessionDate: string, extra: Partial<Answer>): Answer => ({
  sessionDate,
  accountId,
  response: 'not-this-time',
  answeredAt: Date.parse('2027-01-01T00:00:00Z'),
  ...extra,
});

const mention = (id: string) => `<ac:link><ri:user ri:account-id="${id}" /></ac:link>`;

describe('absentees on a notes page', () => {
  it('given answers for the session date, when its notes page is written, then the absentees are listed with their reason category, without the note, and not those who came', async () => {
    const date = '2027-01-06';
    await inHost(async () => {
      await writeAnswer(
        'COP',
        answer(USERS.dev, date, { reason: 'another-meeting', note: 'Secret <board> meeting' }),
      );
      await writeAnswer('COP', answer(USERS.eve, date, {}));
      // Chloé said not this time, then came: she is an attendee, not an absentee.
      await writeAnswer('COP', answer(USERS.chloe, date, { reason: 'other' }));
      await writeAnswer('COP', answer(USERS.bob, date, { response: 'coming' }));
      // Another date's answer is not this session's.
      await writeAnswer('COP', answer(USERS.sam, '2027-01-20', { reason: 'other' }));
    });
    const model: NotesModel = aLeanCoffeeNotes({
      date,
      facilitator: USERS.alice,
      attendees: [USERS.bob, USERS.chloe],
      topic: { title: 'Absentees session' },
    });
    const result = await inHost(() =>
      createSessionNotes(
        caller,
        COP,
        { id: 'job-absentees', board: '98305.macro-absentees' },
        model,
      ),
    );
    if (!result.ok) throw new Error(result.error.message);
    const body = app.host.confluence.page(result.data.pageId)?.body ?? '';
    expect(body).toContain(
      `<tr><th>Not this time</th><td>${mention(USERS.dev)} (Another meeting), ${mention(USERS.eve)}</td></tr>`,
    );
    expect(body).toContain(
      `<tr><th>Attendees</th><td>${mention(USERS.bob)}, ${mention(USERS.chloe)}`,
    );
    expect(body).not.toContain('Secret');
    expect(body).not.toContain(USERS.sam);
  });

  it('given no answers for the date, when its notes page is written, then there is no "Not this time" row', async () => {
    const model: NotesModel = aLeanCoffeeNotes({
      date: '2027-02-03',
      facilitator: USERS.alice,
      attendees: [USERS.bob],
      topic: { title: 'Nobody absent' },
    });
    const result = await inHost(() =>
      createSessionNotes(
        caller,
        COP,
        { id: 'job-none-absent', board: '98305.macro-absentees' },
        model,
      ),
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(app.host.confluence.page(result.data.pageId)?.body).not.toContain('Not this time');
  });
});
