/** The attendance record a session leaves: its rule, caps, and how the measures read it. */
import {
  heldSessionOf,
  SESSION_ACTION_ITEMS_MAX,
  SESSION_ACTION_TEXT_MAX,
  SESSION_ATTENDEES_MAX,
  validateSessionSummary,
  type SessionSummary,
} from '../../../src/domain/community';
import { at } from './builders';

const ANA = '557058:aaaaaaaa-0000-4000-8000-000000000001';
const BEN = '557058:bbbbbbbb-0000-4000-8000-000000000002';
const CHO = '557058:cccccccc-0000-4000-8000-000000000003';

function aSummary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    kind: 'lean-coffee',
    boardId: '98305.macro-1',
    session: 1,
    pageId: '98305',
    startedAt: at('2027-03-03T17:00:00Z'),
    endedAt: at('2027-03-03T18:30:00Z'),
    facilitator: ANA,
    attendees: [BEN, CHO],
    takeaways: 2,
    actionItems: [{ text: ' Write the agreement ', owner: BEN, due: '2027-03-17' }],
    ...overrides,
  };
}

const codeOf = (summary: SessionSummary) => {
  const result = validateSessionSummary(summary);
  return result.ok ? 'OK' : result.error.code;
};

describe('validateSessionSummary', () => {
  it('given a good summary, when validated, then the facilitator and lead count as attendees, once each, and texts are trimmed', () => {
    const result = validateSessionSummary(
      aSummary({ kind: 'cop-session', lead: CHO, attendees: [BEN, CHO, BEN], topicId: 't-1' }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        ...aSummary({ kind: 'cop-session', lead: CHO, topicId: 't-1' }),
        attendees: [BEN, CHO, ANA],
        actionItems: [{ text: 'Write the agreement', owner: BEN, due: '2027-03-17' }],
      },
    });
  });

  it.each<[string, string, Partial<SessionSummary>]>([
    ['an unknown kind', 'INVALID_SESSION', { kind: 'poker' as SessionSummary['kind'] }],
    ['no board', 'INVALID_SESSION', { boardId: '' }],
    ['a huge page id', 'INVALID_SESSION', { pageId: '9'.repeat(201) }],
    ['an empty topic id', 'INVALID_SESSION', { topicId: '' }],
    ['an empty notes page id', 'INVALID_SESSION', { notesPageId: '' }],
    ['session 0', 'INVALID_SESSION', { session: 0 }],
    ['a fractional session', 'INVALID_SESSION', { session: 1.5 }],
    ['a session number over the cap', 'INVALID_SESSION', { session: 1_000_001 }],
    ['a NaN instant', 'INVALID_SESSION', { startedAt: Number.NaN }],
    ['a negative end', 'INVALID_SESSION', { endedAt: -1 }],
    ['an end before the start', 'INVALID_SESSION', { endedAt: at('2027-03-03T16:59:59Z') }],
    ['negative takeaways', 'INVALID_SESSION', { takeaways: -1 }],
    ['too many takeaways', 'INVALID_SESSION', { takeaways: 1001 }],
    ['a facilitator that is not an account id', 'INVALID_ACCOUNT', { facilitator: 'a b' }],
    ['an attendee with markup', 'INVALID_ACCOUNT', { attendees: ['<b>x</b>'] }],
    ['a lead that is not an account id', 'INVALID_ACCOUNT', { lead: '' }],
    [
      'an owner that is not an account id',
      'INVALID_ACCOUNT',
      { actionItems: [{ text: 'x', owner: '"' }] },
    ],
    ['an empty action item', 'INVALID_SESSION', { actionItems: [{ text: '   ' }] }],
    ['a bad due date', 'INVALID_SESSION', { actionItems: [{ text: 'x', due: '2027-02-30' }] }],
  ])('given %s, when validated, then %s', (_name, code, overrides) => {
    expect(codeOf(aSummary(overrides))).toBe(code);
  });

  it('given the attendee cap, when the facilitator would be one more, then TOO_MANY_ATTENDEES; at the cap, accepted', () => {
    const people = (n: number) =>
      Array.from({ length: n }, (_, i) => `557058:${String(i).padStart(8, '0')}`);
    expect(codeOf(aSummary({ attendees: people(SESSION_ATTENDEES_MAX) }))).toBe(
      'TOO_MANY_ATTENDEES',
    );
    expect(codeOf(aSummary({ attendees: people(SESSION_ATTENDEES_MAX - 1) }))).toBe('OK');
  });

  it('given the action item caps, when crossed by one, then typed errors; at the caps, accepted', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `item ${i}` }));
    expect(codeOf(aSummary({ actionItems: items(SESSION_ACTION_ITEMS_MAX) }))).toBe('OK');
    expect(codeOf(aSummary({ actionItems: items(SESSION_ACTION_ITEMS_MAX + 1) }))).toBe(
      'TOO_MANY_ACTION_ITEMS',
    );
    const long = '🙂'.repeat(SESSION_ACTION_TEXT_MAX);
    expect(codeOf(aSummary({ actionItems: [{ text: long }] }))).toBe('OK');
    expect(codeOf(aSummary({ actionItems: [{ text: `${long}x` }] }))).toBe('ACTION_ITEM_TOO_LONG');
  });

  it('given an item marked done and one marked not done, when validated, then only done is kept', () => {
    const result = validateSessionSummary(
      aSummary({
        actionItems: [
          { text: 'a', done: true },
          { text: 'b', done: false },
        ],
      }),
    );
    expect(result.ok && result.value.actionItems).toEqual([
      { text: 'a', done: true },
      { text: 'b' },
    ]);
  });
});

describe('heldSessionOf', () => {
  it('given a deep dive that started late on a Berlin evening, when read for the measures, then its date is the Berlin date and its kind deep-dive', () => {
    const summary = aSummary({
      kind: 'cop-session',
      lead: CHO,
      startedAt: at('2027-03-03T23:30:00Z'),
      endedAt: at('2027-03-04T00:30:00Z'),
      actionItems: [{ text: 'a', done: true }, { text: 'b' }],
    });
    expect(heldSessionOf(summary, 'Europe/Berlin')).toEqual({
      id: '98305.macro-1#1',
      date: '2027-03-04',
      startedAt: at('2027-03-03T23:30:00Z'),
      kind: 'deep-dive',
      attendees: [BEN, CHO],
      facilitator: ANA,
      lead: CHO,
      takeaways: 2,
      actionItems: [{ done: true }, { done: false }],
    });
    expect(heldSessionOf(summary, 'UTC').date).toBe('2027-03-03');
  });
});
