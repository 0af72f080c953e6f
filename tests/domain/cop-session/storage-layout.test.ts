import type { CopSessionCommand, EventType, RecordEvent } from '../../../src/domain/cop-session';
import {
  COMMAND_TYPES,
  EVENT_PLACEMENT,
  identityText,
  LEGALITY,
  matchesRead,
  recordIdentity,
  recordOwner,
  recordsRead,
} from '../../../src/domain/cop-session';
import { ALICE, BOB } from './builders';

/** Written out independently of `EVENT_PLACEMENT`: the participant records. */
const RECORDS: readonly EventType[] = [
  'ParticipantJoined',
  'ParticipantLeft',
  'CheckInAnswered',
  'NoteAdded',
  'NoteEdited',
  'NoteDeleted',
  'TakeawayAdded',
  'TakeawayEdited',
  'TakeawayDeleted',
  'ActionItemAdded',
  'ActionItemEdited',
  'ActionItemDeleted',
];

const revision = {
  noteId: 'n1',
  createdBy: BOB,
  createdAt: 1,
  editor: ALICE,
  seq: 2,
  seen: {},
  at: 3,
};
const takeaway = { id: 'k1', author: ALICE, text: 't', addedAt: 1 };
const item = { id: 'a1', author: ALICE, text: 'a', owner: null, due: null, addedAt: 1 };

const EXAMPLES: readonly [RecordEvent, string][] = [
  [{ type: 'ParticipantJoined', v: 1, participant: ALICE, at: 1 }, `join:${ALICE}`],
  [{ type: 'ParticipantLeft', v: 1, participant: ALICE, at: 1 }, `join:${ALICE}`],
  [{ type: 'CheckInAnswered', v: 1, participant: ALICE, answer: null, at: 1 }, `checkin:${ALICE}`],
  [{ type: 'NoteAdded', v: 1, board: 2, ...revision, text: 'x' }, `note:2:n1:${ALICE}`],
  [
    { type: 'NoteEdited', v: 1, board: 'plenary', ...revision, text: 'x' },
    `note:plenary:n1:${ALICE}`,
  ],
  [{ type: 'NoteDeleted', v: 1, board: 1, ...revision, text: null }, `note:1:n1:${ALICE}`],
  [{ type: 'TakeawayAdded', v: 1, takeaway, at: 1 }, `takeaway:${ALICE}:k1`],
  [{ type: 'TakeawayEdited', v: 1, takeaway, at: 1 }, `takeaway:${ALICE}:k1`],
  [
    { type: 'TakeawayDeleted', v: 1, author: ALICE, takeawayId: 'k1', at: 1 },
    `takeaway:${ALICE}:k1`,
  ],
  [{ type: 'ActionItemAdded', v: 1, actionItem: item, at: 1 }, `action:${ALICE}:a1`],
  [{ type: 'ActionItemEdited', v: 1, actionItem: item, at: 1 }, `action:${ALICE}:a1`],
  [
    { type: 'ActionItemDeleted', v: 1, author: ALICE, actionItemId: 'a1', at: 1 },
    `action:${ALICE}:a1`,
  ],
];

describe('where each event is kept', () => {
  it('participant records are exactly these; everything else is the facilitator’s log', () => {
    const records = Object.entries(EVENT_PLACEMENT).filter(([, place]) => place === 'record');
    expect(records.map(([type]) => type).sort()).toEqual([...RECORDS].sort());
    expect(
      Object.values(EVENT_PLACEMENT).every((place) => place === 'record' || place === 'log'),
    ).toBe(true);
  });

  it.each(EXAMPLES)('a %j is kept under %s, owned by the writer', (event, identity) => {
    expect(identityText(recordIdentity(event))).toBe(identity);
    expect(recordOwner(event)).toBe(ALICE);
    expect(recordIdentity(event)).toContain(ALICE);
  });

  it('covers every kind of record', () => {
    expect(new Set(EXAMPLES.map(([event]) => event.type))).toEqual(new Set(RECORDS));
  });
});

describe('what a decision reads', () => {
  const board1: CopSessionCommand = { type: 'addNote', board: 1, noteId: 'n', text: 't' };
  const EXPECTED: readonly [CopSessionCommand, string][] = [
    [{ type: 'join' }, 'join'],
    [{ type: 'leave' }, `join:${ALICE}`],
    [{ type: 'answerCheckIn', text: 'x' }, `join:${ALICE}`],
    [{ type: 'passCheckIn' }, `join:${ALICE}`],
    [board1, 'join | note:1'],
    [
      { type: 'editNote', board: 'plenary', noteId: 'n', text: 't', seen: {} },
      `join:${ALICE} | note:plenary`,
    ],
    [{ type: 'deleteNote', board: 3, noteId: 'n', seen: {} }, 'join | note:3'],
    [{ type: 'addTakeaway', takeawayId: 'k', text: 't' }, `join:${ALICE} | takeaway:${ALICE}`],
    [{ type: 'editTakeaway', takeawayId: 'k', text: 't' }, `join:${ALICE} | takeaway:${ALICE}`],
    [
      { type: 'deleteTakeaway', takeawayId: 'k', author: ALICE },
      `join:${ALICE} | takeaway:${ALICE}`,
    ],
    [{ type: 'editTakeaway', takeawayId: 'k', author: BOB, text: 't' }, 'all'],
    [{ type: 'addActionItem', actionItemId: 'a', text: 't' }, `join | action:${ALICE}`],
    [{ type: 'editActionItem', actionItemId: 'a' }, `join | action:${ALICE}`],
    [{ type: 'deleteActionItem', actionItemId: 'a', author: BOB }, 'all'],
  ];

  it.each(EXPECTED)('given %j, then it reads %s', (command, expected) => {
    const read = recordsRead(command, ALICE);
    expect(read === 'all' ? 'all' : read.map((prefix) => prefix.join(':')).join(' | ')).toBe(
      expected,
    );
  });

  it.each(COMMAND_TYPES.filter((type) => ['facilitator', 'lead'].includes(LEGALITY[type].who)))(
    'the facilitator’s and the lead’s %s read everything',
    (type) => {
      expect(recordsRead({ type } as CopSessionCommand, ALICE)).toBe('all');
    },
  );

  it('matches identities by whole segments', () => {
    expect(matchesRead('all', ['anything'])).toBe(true);
    expect(matchesRead([['join']], ['join', ALICE])).toBe(true);
    expect(matchesRead([['join', ALICE]], ['join', ALICE])).toBe(true);
    expect(matchesRead([['join', 'acc-ali']], ['join', ALICE])).toBe(false);
    expect(matchesRead([['note', '1']], ['note', '10', 'n', ALICE])).toBe(false);
    expect(matchesRead([['note', '1', 'n', ALICE, 'x']], ['note', '1', 'n', ALICE])).toBe(false);
    expect(matchesRead([], ['join', ALICE])).toBe(false);
  });
});

describe('odd input', () => {
  const bogus = { type: 'Bogus' } as unknown as RecordEvent;

  it('an event that is not a record has no owner or identity: asking fails loudly', () => {
    expect(() => recordOwner(bogus)).toThrow('Unhandled case');
    expect(() => recordIdentity(bogus)).toThrow('Unhandled case');
    expect(() => recordsRead({ type: 'dance' } as unknown as CopSessionCommand, ALICE)).toThrow(
      'Unhandled case',
    );
  });
});
