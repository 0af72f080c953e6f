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

/** A deep dive run live with a guest speaker: every deep-dive section filled, with overrides. */
export function aDeepDiveNotes(overrides: Partial<NotesModel> = {}): NotesModel {
  return {
    ...common,
    kind: 'deep-dive',
    topic: { title: 'Metrics that matter' },
    checkIn: 'In one word: how are you arriving today?',
    breakouts: [],
    conversation: '',
    takeaways: ['Measure outcomes, not output', 'Start with one team metric', 'Review monthly'],
    actionItems: [
      { text: 'Draft a metrics canvas', owner: GRACE, due: '2026-12-15' },
      { text: 'Share the slides', owner: ADA },
      { text: 'Ask the PO group to join', owner: GRACE },
      { text: 'Book the next room' },
    ],
    deepDive: {
      guestLead: 'Dr. Jane Doe',
      details: 'Which numbers help a team improve?',
      outline: 'Why measure\nThree metrics we tried',
      questions: ['Which metric would you drop?', 'What does your team track today?'],
      checkInAnswers: [
        { who: ADA, answer: 'Curious' },
        { who: GRACE, answer: 'Tired & hopeful' },
      ],
      checkInPasses: 1,
      groups: [
        {
          name: 'Group 1',
          members: [ADA, FACILITATOR],
          notes: [{ text: 'Velocity is not a goal' }],
        },
        {
          name: 'Group 2',
          members: [GRACE],
          notes: [{ text: 'Lead time matters', alsoWritten: ['Cycle time matters'] }],
        },
      ],
      conversationNotes: [{ text: 'Agree on one metric per quarter' }],
    },
    nextTopic: { title: 'Working agreements', volunteer: GRACE },
    source: { pageId: '98765', title: 'CoP home' },
    ...overrides,
  } as NotesModel;
}

/** A deep dive with nothing filled in yet: the template. */
export function anEmptyDeepDive(): Extract<NotesModel, { kind: 'deep-dive' }> {
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
        // The topic's title in the table; its takeaways are the model's list, shown once.
        textFields: commonFields + 1,
      };
    case 'deep-dive': {
      // A deep dive shows its groups instead of the breakout list (−2) and a guest lead as text.
      const { lead: _lead, ...topic } = base.topic;
      const note = { text, alsoWritten: [text] };
      return {
        model: {
          ...base,
          topic,
          kind,
          deepDive: {
            guestLead: text,
            details: text,
            outline: text,
            questions: [text],
            checkInAnswers: [{ who: id, answer: text }],
            checkInPasses: 2,
            groups: [{ name: text, members: [id], notes: [note] }],
            conversationNotes: [note],
          },
        },
        // guest, details, outline, question, answer, group name, note ×2, conversation note ×2
        textFields: commonFields - 2 + 10,
      };
    }
  }
}
