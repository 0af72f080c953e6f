import type { NotesModel } from '../../../src/domain/session-notes';

export const FACILITATOR = '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077';
export const ADA = '5b10a2844c20165700ede21g';
export const GRACE = '5b10ac8d82e05b22cc7d4ef5';

const common = {
  copName: 'Scrum Master CoP',
  date: '2026-11-24',
  facilitator: FACILITATOR,
  attendees: [FACILITATOR, ADA, GRACE],
  topic: { title: 'Prioritising our topics', lead: ADA },
  checkIn: 'One word for your week.\nMost said: busy.',
  breakouts: [{ title: 'Group 1: what makes a good CoP?', notes: 'Food & regular cadence.' }],
  conversation: 'We liked the 7-point splits; the bye rotated fairly.',
  takeaways: ['Meet every two weeks', 'Rotate the facilitator'],
  actionItems: [
    { text: 'Book a room for 2026-12-08', owner: GRACE, due: '2026-12-01' },
    { text: 'Share the ranking with absentees' },
  ],
  nextTopic: { title: 'Metrics that matter', volunteer: ADA },
  source: {
    pageId: '98765',
    url: 'https://example.atlassian.net/wiki/spaces/COP/pages/98765',
    title: 'CoP home',
  },
} as const;

/** A first session that played Thirty Five, with overrides. */
export function aThirtyFiveNotes(overrides: Partial<NotesModel> = {}): NotesModel {
  return {
    ...common,
    kind: 'thirty-five',
    thirtyFive: {
      rounds: 5,
      pointsPerPair: 7,
      tieBreakRule:
        'Ties break by normalised score, then raw total, then number of full-7 splits, then earliest card.',
      ranking: [
        {
          rank: 1,
          text: 'Metrics that matter',
          perRound: [7, 6, 5, 7, 3],
          raw: 28,
          normalised: 28,
        },
        { rank: 2, text: 'Scaling Scrum', perRound: [4, null, 5, 6, 3], raw: 18, normalised: 22.5 },
        { rank: 3, text: 'Conflict in teams', perRound: [0, 1, 2, 1, 4], raw: 8, normalised: 8 },
      ],
    },
    ...overrides,
  } as NotesModel;
}

/** A Lean Coffee session, with overrides. */
export function aLeanCoffeeNotes(overrides: Partial<NotesModel> = {}): NotesModel {
  return {
    ...common,
    kind: 'lean-coffee',
    topic: { title: 'Lean Coffee' },
    leanCoffee: {
      topics: [
        {
          title: 'OKRs for teams',
          votes: 6,
          minutesSpent: 12,
          takeaways: ['Start with one objective'],
        },
        { title: 'Pairing', votes: 3, minutesSpent: 8, takeaways: [] },
        { title: 'Mobbing', votes: 3, minutesSpent: 0, takeaways: [] },
      ],
    },
    ...overrides,
  } as NotesModel;
}

/** A deep dive with nothing filled in yet: the template. */
export function anEmptyDeepDive(): NotesModel {
  return {
    copName: 'Scrum Master CoP',
    date: '2026-12-08',
    facilitator: FACILITATOR,
    attendees: [],
    topic: { title: 'Metrics that matter' },
    checkIn: '',
    breakouts: [],
    conversation: '',
    takeaways: [],
    actionItems: [],
    kind: 'deep-dive',
  };
}

/**
 * Notes of the given kind with `text` in every user-text field, and `id`/`url` in every account-id
 * and URL slot. Returns the model and how many text fields hold `text`.
 */
export function notesFilledWith(
  kind: NotesModel['kind'],
  text: string,
  id: string = ADA,
  url = 'https://example.atlassian.net/wiki/x',
): { model: NotesModel; textFields: number } {
  const base = {
    copName: text,
    date: '2026-11-24',
    facilitator: id,
    attendees: [id, id],
    topic: { title: text, lead: id },
    checkIn: text,
    breakouts: [{ title: text, notes: text }],
    conversation: text,
    takeaways: [text],
    actionItems: [{ text, owner: id, due: text }],
    nextTopic: { title: text, volunteer: id },
    source: { pageId: '1', url, title: text },
  };
  // copName, topic, checkIn, breakout ×2, conversation, takeaway, action + due, next, source title
  const commonFields = 11;
  switch (kind) {
    case 'thirty-five':
      return {
        model: {
          ...base,
          kind,
          thirtyFive: {
            rounds: 2,
            pointsPerPair: 7,
            tieBreakRule: text,
            ranking: [{ rank: 1, text, perRound: [7, null], raw: 7, normalised: 14 }],
          },
        },
        textFields: commonFields + 2,
      };
    case 'lean-coffee':
      return {
        model: {
          ...base,
          kind,
          leanCoffee: {
            topics: [{ title: text, votes: 1, minutesSpent: 8, takeaways: [text, text] }],
          },
        },
        textFields: commonFields + 3,
      };
    case 'deep-dive':
      return { model: { ...base, kind }, textFields: commonFields };
  }
}
