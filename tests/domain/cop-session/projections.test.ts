import type { CopSessionState } from '../../../src/domain/cop-session';
import {
  availableCommands,
  breakoutHistory,
  groupOf,
  notesInput,
  sessionView,
  visibleGroups,
} from '../../../src/domain/cop-session';
import {
  ALICE,
  asFacilitator,
  BOB,
  CAROL,
  created,
  ctx,
  DAN,
  FACILITATOR,
  given,
  joined,
  play,
  setUp,
  STARTED,
  stateIn,
  T0,
  topicSet,
} from './builders';

const M = 60_000;

/** Six people in two groups of three, in the breakouts. */
function sixInBreakouts(): CopSessionState {
  const people = [ALICE, BOB, CAROL, DAN, 'acc-erin', 'acc-frank'];
  let state = given(created(), topicSet(), ...people.map((p, i) => joined(p, T0 + 10 + i)));
  state = play(state, { type: 'setGroupPlan', plan: { by: 'count', count: 2 } }, asFacilitator());
  state = play(state, { type: 'start' }, asFacilitator(STARTED));
  state = play(state, { type: 'next' }, asFacilitator(STARTED + M));
  return play(state, { type: 'next' }, asFacilitator(STARTED + 2 * M));
}

describe('what each viewer sees of the groups', () => {
  it('during the breakouts: a member sees their own group, the facilitator every group', () => {
    const state = sixInBreakouts();
    expect(visibleGroups(state, ALICE, false).map((g) => g.number)).toEqual([
      groupOf(state, ALICE),
    ]);
    expect(visibleGroups(state, FACILITATOR, true)).toHaveLength(2);
    expect(visibleGroups(state, 'acc-nobody', false)).toEqual([]);
  });

  it('from the readout on, and after the end, everyone sees every group', () => {
    const readout = play(sixInBreakouts(), { type: 'next' }, asFacilitator(STARTED + 3 * M));
    expect(visibleGroups(readout, 'acc-nobody', false)).toHaveLength(2);
    const ended = play(readout, { type: 'end' }, asFacilitator(STARTED + 4 * M));
    expect(visibleGroups(ended, ALICE, false)).toHaveLength(2);
  });

  it('back in the introduction after the breakouts, a member still sees only their group', () => {
    const back = play(sixInBreakouts(), { type: 'back' }, asFacilitator(STARTED + 3 * M));
    expect(visibleGroups(back, ALICE, false)).toHaveLength(1);
  });

  it('before the groups form, nobody sees any', () => {
    expect(visibleGroups(stateIn('introduction'), FACILITATOR, true)).toEqual([]);
    expect(breakoutHistory(stateIn('introduction'))).toEqual([]);
  });
});

describe('what a viewer can do now', () => {
  it('before joining, a participant can only join', () => {
    expect(availableCommands(given(created(), topicSet()), DAN, false)).toEqual(['join']);
  });

  it('once here at the check-in, a participant can answer, pass or leave', () => {
    expect(availableCommands(stateIn('check-in'), ALICE, false)).toEqual([
      'leave',
      'answerCheckIn',
      'passCheckIn',
    ]);
  });

  it('added by the facilitator, someone can still join on their own device', () => {
    const state = play(
      stateIn('check-in'),
      { type: 'addAttendee', accountId: DAN },
      asFacilitator(T0 + 9e6),
    );
    expect(availableCommands(state, DAN, false)).toContain('join');
  });

  it('removed by the facilitator, someone can join again and do nothing else', () => {
    const state = play(
      stateIn('check-in'),
      { type: 'removeAttendee', accountId: ALICE },
      asFacilitator(T0 + 9e6),
    );
    expect(availableCommands(state, ALICE, false)).toEqual(['join']);
  });

  it('the facilitator can run the session; the lead can edit the outline', () => {
    const facilitator = availableCommands(stateIn('breakouts'), FACILITATOR, true);
    expect(facilitator).toEqual(
      expect.arrayContaining(['next', 'back', 'extend', 'regroup', 'end', 'editOutline']),
    );
    const withLead = play(
      setUp(),
      { type: 'setLead', lead: { kind: 'member', accountId: BOB } },
      asFacilitator(),
    );
    expect(availableCommands(withLead, BOB, false)).toContain('editOutline');
    expect(availableCommands(withLead, ALICE, false)).not.toContain('editOutline');
  });

  it('after the end, nobody can do anything', () => {
    expect(availableCommands(stateIn('ended'), FACILITATOR, true)).toEqual([]);
  });
});

describe('the whole view', () => {
  it('gathers phase, topic, clocks, attendance, check-in, groups, notes and contributions for one viewer', () => {
    const view = sessionView(stateIn('check-in'), STARTED + M, ALICE, false);
    expect(view).toMatchObject({
      phase: 'check-in',
      facilitator: FACILITATOR,
      topic: { title: 'Metrics that matter' },
      lead: { kind: 'none' },
      step: { step: 'check-in', remainingMs: 4 * M },
      meeting: { scheduledEndAt: STARTED + 55 * M },
      isPresent: true,
      checkIn: { prompt: 'In one word: how are you arriving today?', answers: [] },
      myGroup: null,
      groups: [],
      plenaryNotes: [],
      takeaways: [],
      actionItems: [],
      canDo: ['leave', 'answerCheckIn', 'passCheckIn'],
    });
    expect(view.attendance.map((a) => a.accountId)).toEqual([ALICE, BOB, CAROL]);
    expect(view.agenda).toHaveLength(6);
  });
});

describe('the notes input', () => {
  it('without options, the date is the UTC day the session started and no link or next topic is given', () => {
    const input = notesInput(stateIn('ended'));
    expect(input.date).toBe('2025-12-29');
    expect(input).not.toHaveProperty('source');
    expect(input).not.toHaveProperty('nextTopic');
    expect(input.checkIn).toBe('In one word: how are you arriving today?');
  });

  it('given a member lead, then the lead is a mention; without a check-in step, no prompt', () => {
    let state = play(
      setUp(),
      { type: 'setLead', lead: { kind: 'member', accountId: BOB } },
      asFacilitator(),
    );
    state = play(
      state,
      {
        type: 'setAgenda',
        agenda: [
          { step: 'plenary', minutes: 5 },
          { step: 'takeaways', minutes: 5 },
        ],
      },
      asFacilitator(),
    );
    state = play(state, { type: 'start' }, asFacilitator(STARTED));
    const input = notesInput(state);
    expect(input.topic).toEqual({ title: 'Metrics that matter', lead: BOB });
    expect(input.deepDive).not.toHaveProperty('guestLead');
    expect(input.checkIn).toBe('');
  });

  it('given nothing set up, then the input is still well-formed', () => {
    const input = notesInput(given());
    expect(input).toMatchObject({ date: '1970-01-01', facilitator: '', topic: { title: '' } });
  });

  it('given a note deleted while two others edited it, then the edits are what the page keeps', () => {
    let state = sixInBreakouts();
    const board = groupOf(state, ALICE) ?? 0;
    const members = visibleGroups(state, ALICE, false)[0]?.members ?? [];
    const [mate = '', third = ''] = members.filter((p) => p !== ALICE);
    const at = (minutes: number): number => STARTED + minutes * M;
    state = play(state, { type: 'addNote', board, noteId: 'n1', text: 'one' }, ctx({ now: at(3) }));
    state = play(
      state,
      { type: 'editNote', board, noteId: 'n1', text: 'kept', seen: { [ALICE]: 1 } },
      ctx({ now: at(4) }),
    );
    state = play(
      state,
      { type: 'editNote', board, noteId: 'n1', text: 'also', seen: { [ALICE]: 1 } },
      ctx({ actor: third, now: at(5) }),
    );
    state = play(
      state,
      { type: 'deleteNote', board, noteId: 'n1', seen: { [ALICE]: 1 } },
      ctx({ actor: mate, now: at(6) }),
    );
    const group = notesInput(state).deepDive?.groups?.[board - 1];
    expect(group?.notes).toEqual([{ text: 'also', alsoWritten: ['kept'] }]);
  });

  it('given a note edited while someone deleted it, then the page keeps the edit and nothing of the deletion', () => {
    let state = sixInBreakouts();
    const board = groupOf(state, ALICE) ?? 0;
    const [mate = ''] = (visibleGroups(state, ALICE, false)[0]?.members ?? []).filter(
      (p) => p !== ALICE,
    );
    state = play(
      state,
      { type: 'addNote', board, noteId: 'n1', text: 'one' },
      ctx({ now: STARTED + 3 * M }),
    );
    state = play(
      state,
      { type: 'deleteNote', board, noteId: 'n1', seen: { [ALICE]: 1 } },
      ctx({ actor: mate, now: STARTED + 4 * M }),
    );
    state = play(
      state,
      { type: 'editNote', board, noteId: 'n1', text: 'kept', seen: { [ALICE]: 1 } },
      ctx({ now: STARTED + 5 * M }),
    );
    expect(notesInput(state).deepDive?.groups?.[board - 1]?.notes).toEqual([{ text: 'kept' }]);
  });
});

describe('odd states', () => {
  it('check-ins written at the same instant are listed by account id', () => {
    const state = given(
      created(),
      { type: 'CheckInAnswered', v: 1, participant: BOB, answer: 'b', at: 5 },
      { type: 'CheckInAnswered', v: 1, participant: ALICE, answer: 'a', at: 5 },
    );
    expect(sessionView(state, 6, ALICE, false).checkIn.answers.map((a) => a.accountId)).toEqual([
      ALICE,
      BOB,
    ]);
  });

  it('a started session whose clock was lost projects its end from now', () => {
    const corrupt = { ...stateIn('plenary'), runs: [] };
    const now = STARTED + 60 * M;
    expect(sessionView(corrupt, now, ALICE, false).meeting?.projectedEndAt).toBe(now + 5 * M);
  });
});
