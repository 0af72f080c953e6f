/** Answers (coming / not this time) and the invitation list. */
import fc from 'fast-check';
import {
  ANSWER_NOTE_MAX,
  ANSWERABLE_SESSIONS,
  decideAnswer,
  decideInvitation,
  invitedAccounts,
  INVITEES_MAX,
  latestAnswers,
  nextSessions,
  summariseAnswers,
  type Answer,
  type AnswerCommand,
  type InvitationCommand,
  type InvitationRecord,
} from '../../../src/domain/community';
import { HOSTILE_TEXT } from '../../fixtures/hostile-text';
import { aSchedule, at } from './builders';

const NOW = at('2027-03-10T12:00:00Z');
const UPCOMING = nextSessions(aSchedule(), NOW, ANSWERABLE_SESSIONS); // 17 Mar, 7 Apr, 21 Apr …

function anAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    sessionDate: '2027-03-17',
    accountId: 'ana',
    response: 'coming',
    answeredAt: NOW,
    ...overrides,
  };
}

describe('answering an invitation', () => {
  const answer = (command: AnswerCommand, actor = 'ana') =>
    decideAnswer(command, { actor, now: NOW }, UPCOMING);

  it('given an upcoming session, when a member says coming, then one record for them and that date', () => {
    expect(answer({ sessionDate: '2027-03-17', response: 'coming' })).toEqual({
      ok: true,
      value: anAnswer(),
    });
  });

  it('given not this time with a reason and a note, then both are kept (the note trimmed)', () => {
    expect(
      answer({
        sessionDate: '2027-04-07',
        response: 'not-this-time',
        reason: 'another-meeting',
        note: '  Sprint review moved  ',
      }),
    ).toEqual({
      ok: true,
      value: anAnswer({
        sessionDate: '2027-04-07',
        response: 'not-this-time',
        reason: 'another-meeting',
        note: 'Sprint review moved',
      }),
    });
  });

  it('given not this time with only free text, or nothing at all, then that is an answer too', () => {
    expect(
      answer({ sessionDate: '2027-03-17', response: 'not-this-time', note: 'Dentist' }),
    ).toMatchObject({
      ok: true,
      value: { note: 'Dentist' },
    });
    const bare = answer({ sessionDate: '2027-03-17', response: 'not-this-time', note: '   ' });
    expect(bare).toEqual({ ok: true, value: anAnswer({ response: 'not-this-time' }) });
  });

  it('given a 200-character note, then it is accepted; 201 are refused', () => {
    const note = '🙂'.repeat(ANSWER_NOTE_MAX);
    expect(answer({ sessionDate: '2027-03-17', response: 'not-this-time', note })).toMatchObject({
      ok: true,
    });
    expect(
      answer({ sessionDate: '2027-03-17', response: 'not-this-time', note: `${note}x` }),
    ).toMatchObject({ ok: false, error: { code: 'NOTE_TOO_LONG' } });
  });

  it.each<[string, AnswerCommand, string]>([
    ['a past session', { sessionDate: '2027-03-03', response: 'coming' }, 'SESSION_OVER'],
    ['a date with no session', { sessionDate: '2027-03-18', response: 'coming' }, 'NO_SESSION'],
    ['a session too far ahead', { sessionDate: '2027-09-01', response: 'coming' }, 'NO_SESSION'],
    [
      'a reason with coming',
      { sessionDate: '2027-03-17', response: 'coming', reason: 'other' },
      'INVALID_ANSWER',
    ],
    [
      'a note with coming',
      { sessionDate: '2027-03-17', response: 'coming', note: 'x' },
      'INVALID_ANSWER',
    ],
    [
      'an unknown reason',
      { sessionDate: '2027-03-17', response: 'not-this-time', reason: 'bored' as 'other' },
      'INVALID_ANSWER',
    ],
    [
      'an unknown response',
      { sessionDate: '2027-03-17', response: 'maybe' as 'coming' },
      'INVALID_ANSWER',
    ],
  ])('given %s, then %s and nothing is written', (_, command, code) => {
    expect(answer(command)).toMatchObject({ ok: false, error: { code } });
  });

  it('given no upcoming sessions at all, then NO_SESSION', () => {
    expect(
      decideAnswer(
        { sessionDate: '2027-03-17', response: 'coming' },
        { actor: 'ana', now: NOW },
        [],
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'NO_SESSION' },
    });
  });

  it('given a hostile note, then it is kept as text (escaping is the renderer’s job)', () => {
    const note = HOSTILE_TEXT.htmlMacro;
    expect(answer({ sessionDate: '2027-03-17', response: 'not-this-time', note })).toMatchObject({
      ok: true,
      value: { note },
    });
  });
});

describe('what the local organiser sees', () => {
  const invited = ['ana', 'ben', 'cho', 'dee'];

  it('given three answers and a change of mind, then who comes, who does not and why, and who has not answered', () => {
    const answers = [
      anAnswer({ accountId: 'ana', answeredAt: NOW }),
      anAnswer({
        accountId: 'ben',
        response: 'not-this-time',
        reason: 'too-much-on-my-plate',
        answeredAt: NOW + 1,
      }),
      anAnswer({
        accountId: 'ana',
        response: 'not-this-time',
        reason: 'another-meeting',
        note: 'Urgent',
        answeredAt: NOW + 2,
      }),
      anAnswer({ accountId: 'eve', answeredAt: NOW + 3 }),
      anAnswer({ accountId: 'cho', sessionDate: '2027-04-07', answeredAt: NOW }),
    ];
    expect(summariseAnswers('2027-03-17', invited, answers)).toEqual({
      sessionDate: '2027-03-17',
      coming: ['eve'],
      notComing: [
        { accountId: 'ben', reason: 'too-much-on-my-plate', answeredAt: NOW + 1 },
        { accountId: 'ana', reason: 'another-meeting', note: 'Urgent', answeredAt: NOW + 2 },
      ],
      notAnswered: ['cho', 'dee'],
      reasons: [
        { reason: 'another-meeting', label: 'Another meeting', count: 1 },
        { reason: 'too-much-on-my-plate', label: 'Too much on my plate', count: 1 },
        { reason: 'other', label: 'Other', count: 0 },
        { reason: 'none', label: 'No reason given', count: 0 },
      ],
      answeredUninvited: ['eve'],
    });
  });

  it('property: one answer per person per session, the latest; everyone invited is in exactly one group (1,000 runs)', () => {
    const person = fc.constantFrom('ana', 'ben', 'cho', 'dee', 'eve');
    const answerArb = fc.record({
      sessionDate: fc.constantFrom('2027-03-17', '2027-04-07'),
      accountId: person,
      response: fc.constantFrom<'coming' | 'not-this-time'>('coming', 'not-this-time'),
      answeredAt: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(
        fc.array(answerArb, { maxLength: 30 }),
        fc.uniqueArray(person),
        (answers, list) => {
          const latest = latestAnswers(answers);
          const keys = latest.map((a) => `${a.sessionDate} ${a.accountId}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const kept of latest) {
            const same = answers.filter(
              (a) => a.sessionDate === kept.sessionDate && a.accountId === kept.accountId,
            );
            const newest = Math.max(...same.map((a) => a.answeredAt));
            expect(kept.answeredAt).toBe(newest);
            expect(kept).toBe(same.filter((a) => a.answeredAt === newest).pop());
          }
          const summary = summariseAnswers('2027-03-17', list, answers);
          const groups = [
            ...summary.coming,
            ...summary.notComing.map((a) => a.accountId),
            ...summary.notAnswered,
          ];
          expect(new Set(groups).size).toBe(groups.length);
          for (const id of list) expect(groups).toContain(id);
          expect(summary.reasons.reduce((n, r) => n + r.count, 0)).toBe(summary.notComing.length);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the invitation list', () => {
  const CURATOR = { actor: 'cur', canCurate: true, now: NOW };
  const member = (actor: string) => ({ actor, canCurate: false, now: NOW });
  const rec = (
    accountId: string,
    status: InvitationRecord['status'],
    by = accountId,
  ): InvitationRecord => ({
    accountId,
    status,
    by,
    at: NOW,
  });
  const byId = (...records: InvitationRecord[]) =>
    Object.fromEntries(records.map((r) => [r.accountId, r]));

  it('given a member, when they opt in and out, then only their own record is written each time', () => {
    expect(decideInvitation({}, { type: 'optIn' }, member('ana'))).toEqual({
      ok: true,
      value: rec('ana', 'invited'),
    });
    expect(
      decideInvitation(byId(rec('ana', 'invited')), { type: 'optOut' }, member('ana')),
    ).toEqual({
      ok: true,
      value: rec('ana', 'opted-out'),
    });
  });

  it('given nothing would change, then nothing is written', () => {
    expect(decideInvitation(byId(rec('ana', 'invited')), { type: 'optIn' }, member('ana'))).toEqual(
      { ok: true, value: undefined },
    );
    expect(
      decideInvitation(byId(rec('ana', 'opted-out')), { type: 'optOut' }, member('ana')),
    ).toEqual({ ok: true, value: undefined });
    expect(decideInvitation({}, { type: 'uninvite', accountId: 'ben' }, CURATOR)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(
      decideInvitation(
        byId(rec('ben', 'opted-out')),
        { type: 'uninvite', accountId: 'ben' },
        CURATOR,
      ),
    ).toEqual({ ok: true, value: undefined });
  });

  it('given a curator, when they add and remove someone, then it is recorded as theirs; the person can come back', () => {
    const added = decideInvitation({}, { type: 'invite', accountId: '557058:ben' }, CURATOR);
    expect(added).toEqual({ ok: true, value: rec('557058:ben', 'invited', 'cur') });
    const removed = decideInvitation(
      byId(rec('557058:ben', 'invited', 'cur')),
      { type: 'uninvite', accountId: '557058:ben' },
      CURATOR,
    );
    expect(removed).toEqual({ ok: true, value: rec('557058:ben', 'removed', 'cur') });
    expect(
      decideInvitation(
        byId(rec('557058:ben', 'removed', 'cur')),
        { type: 'optIn' },
        member('557058:ben'),
      ),
    ).toMatchObject({
      ok: true,
      value: { status: 'invited' },
    });
  });

  it('given a member, when they invite or remove themselves, then it is opting in or out', () => {
    expect(decideInvitation({}, { type: 'invite', accountId: 'ana' }, member('ana'))).toEqual({
      ok: true,
      value: rec('ana', 'invited'),
    });
    expect(
      decideInvitation(
        byId(rec('ana', 'invited')),
        { type: 'uninvite', accountId: 'ana' },
        member('ana'),
      ),
    ).toEqual({
      ok: true,
      value: rec('ana', 'opted-out'),
    });
  });

  it.each<[string, Record<string, InvitationRecord>, InvitationCommand, boolean, string]>([
    [
      'a member adding someone else',
      {},
      { type: 'invite', accountId: 'ben' },
      false,
      'NOT_CURATOR',
    ],
    [
      'a member removing someone else',
      byId(rec('ben', 'invited')),
      { type: 'uninvite', accountId: 'ben' },
      false,
      'NOT_CURATOR',
    ],
    [
      'a curator adding someone who opted out',
      byId(rec('ben', 'opted-out')),
      { type: 'invite', accountId: 'ben' },
      true,
      'OPTED_OUT',
    ],
    [
      'a curator adding a malformed id',
      {},
      { type: 'invite', accountId: '<ac:link>' },
      true,
      'INVALID_ACCOUNT',
    ],
  ])('given %s, when decided, then it is refused', (_, records, command, canCurate, code) => {
    expect(decideInvitation(records, command, { actor: 'me', canCurate, now: NOW })).toMatchObject({
      ok: false,
      error: { code },
    });
  });

  it('given a full list, then neither a member nor a curator can add one more; someone already on it is fine', () => {
    const full = byId(
      ...Array.from({ length: INVITEES_MAX }, (_, i) => rec(`p${i}`, 'invited')),
      rec('gone', 'removed'),
    );
    expect(decideInvitation(full, { type: 'optIn' }, member('new'))).toMatchObject({
      ok: false,
      error: { code: 'INVITATIONS_FULL' },
    });
    expect(decideInvitation(full, { type: 'invite', accountId: 'new' }, CURATOR)).toMatchObject({
      ok: false,
      error: { code: 'INVITATIONS_FULL' },
    });
    expect(decideInvitation(full, { type: 'optIn' }, member('p7'))).toEqual({
      ok: true,
      value: undefined,
    });
    expect(decideInvitation(full, { type: 'optOut' }, member('p7'))).toMatchObject({
      ok: true,
      value: { status: 'opted-out' },
    });
  });

  it('given records, then the list is the invited people in the order they joined', () => {
    const records = [
      { ...rec('cho', 'invited'), at: 3 },
      { ...rec('ana', 'invited'), at: 1 },
      { ...rec('ben', 'opted-out'), at: 2 },
      { ...rec('bob', 'invited'), at: 1 },
    ];
    expect(invitedAccounts(records)).toEqual(['ana', 'bob', 'cho']);
  });

  it('property: a member only ever writes their own record, only the person undoes an opt-out, the cap holds (1,000 runs)', () => {
    const people = ['ana', 'ben', 'cho', 'dee'];
    const step = fc.record({
      actor: fc.constantFrom(...people),
      canCurate: fc.boolean(),
      command: fc.oneof(
        fc.constant<InvitationCommand>({ type: 'optIn' }),
        fc.constant<InvitationCommand>({ type: 'optOut' }),
        fc
          .constantFrom(...people)
          .map((accountId): InvitationCommand => ({ type: 'invite', accountId })),
        fc
          .constantFrom(...people)
          .map((accountId): InvitationCommand => ({ type: 'uninvite', accountId })),
      ),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let records: Record<string, InvitationRecord> = {};
        steps.forEach(({ actor, canCurate, command }, i) => {
          const result = decideInvitation(records, command, { actor, canCurate, now: i });
          if (!result.ok || result.value === undefined) return;
          if (!canCurate) expect(result.value.accountId).toBe(actor);
          if (records[result.value.accountId]?.status === 'opted-out') {
            expect(result.value.by).toBe(result.value.accountId); // only they undo their opt-out
          }
          records = { ...records, [result.value.accountId]: result.value };
        });
        expect(invitedAccounts(Object.values(records)).length).toBeLessThanOrEqual(INVITEES_MAX);
        for (const r of Object.values(records)) {
          if (r.status === 'opted-out') expect(r.by).toBe(r.accountId);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
