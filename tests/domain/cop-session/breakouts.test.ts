import type { CopSessionState, GroupPlan, NoteRevision } from '../../../src/domain/cop-session';
import {
  countRepeats,
  currentGroups,
  fewestRepeats,
  formsGroups,
  groupCount,
  groupOf,
  groups,
  myGroup,
  NOTES_PER_PERSON,
  notesOnBoard,
  placeLateJoiners,
  splitIntoGroups,
  validateSeen,
  viewNote,
} from '../../../src/domain/cop-session';
import {
  accepted,
  ALICE,
  asFacilitator,
  BOB,
  CAROL,
  created,
  ctx,
  DAN,
  ERIN,
  given,
  joined,
  play,
  refused,
  STARTED,
  T0,
  topicSet,
} from './builders';

const FRANK = 'acc-frank';
const SIX = [ALICE, BOB, CAROL, DAN, ERIN, FRANK];
const M = 60_000;
const at = (minutes: number): number => STARTED + minutes * M;

/** Set-up with `people` joined in order, a plan, moved to the introduction (next: breakouts). */
function beforeBreakouts(
  people: readonly string[] = SIX,
  plan: GroupPlan = { by: 'count', count: 2 },
) {
  let state = given(created(), topicSet(), ...people.map((p, i) => joined(p, T0 + 10 + i)));
  state = play(state, { type: 'setGroupPlan', plan }, asFacilitator());
  state = play(state, { type: 'start' }, asFacilitator(at(0)));
  return play(state, { type: 'next' }, asFacilitator(at(1)));
}

/** The six in two groups of three, formed from `seed`. */
function inBreakouts(seed = 'seed-1', previous: string[][] = []): CopSessionState {
  return play(
    beforeBreakouts(),
    { type: 'next' },
    asFacilitator(at(2), { seed, previousGroups: previous }),
  );
}

/** Someone in the same group as `person`, and someone in another group. */
function neighbours(state: CopSessionState, person: string): { mate: string; stranger: string } {
  const all = currentGroups(state) ?? [];
  const mine = all.find((group) => group.includes(person)) ?? [];
  return {
    mate: mine.find((p) => p !== person) ?? '',
    stranger: all.flat().find((p) => !mine.includes(p)) ?? '',
  };
}

describe('how many groups', () => {
  it.each([
    [{ by: 'count', count: 3 }, 11, 3],
    [{ by: 'count', count: 4 }, 5, 2],
    [{ by: 'count', count: 4 }, 3, 1],
    [{ by: 'count', count: 2 }, 0, 1],
    [{ by: 'size', size: 3 }, 11, 4],
    [{ by: 'size', size: 3 }, 10, 3],
    [{ by: 'size', size: 5 }, 7, 1],
    [{ by: 'size', size: 2 }, 3, 1],
    [{ by: 'size', size: 4 }, 200, 50],
    [{ by: 'size', size: 2 }, 200, 50],
  ] as const)('given %j and %i people, then %i groups', (plan, people, expected) => {
    expect(groupCount(plan, people)).toBe(expected);
  });
});

describe('forming the groups', () => {
  it('when the breakouts start, then the groups are split from the seed and stored in the event', () => {
    const events = accepted(
      beforeBreakouts(),
      { type: 'next' },
      asFacilitator(at(2), { seed: 'golden' }),
    );
    const formed = events[1];
    expect(formed).toMatchObject({
      type: 'GroupsFormed',
      v: 1,
      plan: { by: 'count', count: 2 },
      seed: 'golden',
      repeats: 0,
      at: at(2),
    });
    expect(formed?.type === 'GroupsFormed' && formed.groups.map((g) => g.length)).toEqual([3, 3]);
    expect(formed?.type === 'GroupsFormed' && [...formed.groups.flat()].sort()).toEqual(
      [...SIX].sort(),
    );
  });

  it('only those entering the breakouts form groups, and then only once (regroup excepted)', () => {
    const before = beforeBreakouts();
    expect(formsGroups(before, { type: 'next' })).toBe(true);
    expect(formsGroups(before, { type: 'back' })).toBe(false);
    expect(formsGroups(before, { type: 'end' })).toBe(false);
    const during = inBreakouts();
    expect(formsGroups(during, { type: 'next' })).toBe(false);
    expect(formsGroups(during, { type: 'regroup' })).toBe(true);
    expect(formsGroups(given(created(), topicSet()), { type: 'start' })).toBe(false);
  });

  it('when the previous breakout is given, then nobody meets a previous partner', () => {
    const previous = [
      [ALICE, BOB],
      [CAROL, DAN],
      [ERIN, FRANK],
    ];
    for (const seed of ['a', 'b', 'c', 'd', 'e']) {
      const state = inBreakouts(seed, previous);
      expect(state.groups?.repeats).toBe(0);
      expect(groupOf(state, ALICE)).not.toBe(groupOf(state, BOB));
      expect(groupOf(state, CAROL)).not.toBe(groupOf(state, DAN));
      expect(groupOf(state, ERIN)).not.toBe(groupOf(state, FRANK));
    }
  });

  it('when three previous partners meet two groups, then one pair repeats — the least possible', () => {
    const state = inBreakouts('x', [[ALICE, BOB, CAROL]]);
    expect(state.groups?.repeats).toBe(1);
    expect(fewestRepeats(SIX, 2, [[ALICE, BOB, CAROL]])).toBe(1);
  });

  it('when the facilitator changes the plan after forming, then GROUPS_FORMED', () => {
    expect(
      refused(
        inBreakouts(),
        { type: 'setGroupPlan', plan: { by: 'count', count: 3 } },
        asFacilitator(),
      ),
    ).toBe('GROUPS_FORMED');
  });
});

describe('the split itself', () => {
  it('does not depend on the order people come in', () => {
    const a = splitIntoGroups(SIX, 2, [[ALICE, BOB]], 'seed');
    const b = splitIntoGroups([...SIX].reverse(), 2, [[BOB, ALICE]], 'seed');
    expect(a).toEqual(b);
  });

  it('ignores previous partners who are not here and people listed twice', () => {
    const split = splitIntoGroups(
      [ALICE, BOB, CAROL, DAN],
      2,
      [
        [ALICE, 'acc-gone', BOB],
        [BOB, CAROL],
      ],
      's',
    );
    expect(split.repeats).toBe(0);
    expect(split.groups.flat().sort()).toEqual([ALICE, BOB, CAROL, DAN]);
  });

  it('counts each repeated pair once', () => {
    expect(
      countRepeats(
        [[ALICE, BOB, CAROL]],
        [
          [ALICE, BOB],
          [CAROL, 'x'],
        ],
      ),
    ).toBe(1);
    expect(countRepeats([[ALICE, BOB]], [])).toBe(0);
    expect(countRepeats([[ALICE, ALICE, BOB]], [[ALICE, BOB]])).toBe(1);
  });
});

describe('late joiners', () => {
  it('go to the smallest group, the lowest number on a tie, in arrival order', () => {
    expect(
      placeLateJoiners(
        [[ALICE, BOB], [CAROL], [DAN]],
        [
          { accountId: 'z', arrivedAt: 3 },
          { accountId: 'y', arrivedAt: 1 },
          { accountId: 'x', arrivedAt: 1 },
          { accountId: 'w', arrivedAt: 9 },
        ],
      ),
    ).toEqual([
      [ALICE, BOB, 'z'],
      [CAROL, 'x', 'w'],
      [DAN, 'y'],
    ]);
    expect(placeLateJoiners([], [{ accountId: 'z', arrivedAt: 1 }])).toEqual([]);
  });

  it('given the breakouts, when someone joins, then they sit in the smallest group and can write there', () => {
    let state = given(
      created(),
      topicSet(),
      ...SIX.slice(0, 5).map((p, i) => joined(p, T0 + 10 + i)),
    );
    state = play(state, { type: 'start' }, asFacilitator(at(0)));
    state = play(state, { type: 'next' }, asFacilitator(at(1)));
    state = play(state, { type: 'next' }, asFacilitator(at(2)));
    const sizes = (currentGroups(state) ?? []).map((g) => g.length);
    expect([...sizes].sort()).toEqual([2, 3]);
    state = play(state, { type: 'join' }, ctx({ actor: FRANK, now: at(3) }));
    const group = groupOf(state, FRANK);
    expect(group).toBe(sizes.indexOf(2) + 1);
    expect(myGroup(state, FRANK)?.members).toContain(FRANK);
    expect(
      accepted(
        state,
        { type: 'addNote', board: group ?? 0, noteId: 'n1', text: 'Hi' },
        ctx({ actor: FRANK, now: at(4) }),
      ),
    ).toHaveLength(1);
  });

  it('someone who leaves is out of their group; coming back puts them back', () => {
    const state = inBreakouts();
    const group = groupOf(state, ALICE);
    const gone = play(state, { type: 'leave' }, ctx({ now: at(3) }));
    expect(groupOf(gone, ALICE)).toBeNull();
    expect(myGroup(gone, ALICE)).toBeNull();
    const back = play(gone, { type: 'join' }, ctx({ now: at(4) }));
    expect(groupOf(back, ALICE)).toBe(group);
  });
});

describe('regrouping', () => {
  it('given no group notes yet, when the facilitator regroups, then new groups form from a new seed', () => {
    const events = accepted(
      inBreakouts('one'),
      { type: 'regroup', plan: { by: 'size', size: 2 } },
      asFacilitator(at(3), { seed: 'two' }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'GroupsFormed',
      seed: 'two',
      plan: { by: 'size', size: 2 },
    });
    expect(events[0]?.type === 'GroupsFormed' && events[0].groups).toHaveLength(3);
  });

  it('given a new plan, when the facilitator regroups, then that plan becomes the plan', () => {
    const state = play(
      inBreakouts(),
      { type: 'regroup', plan: { by: 'count', count: 3 } },
      asFacilitator(at(3)),
    );
    expect(state.groupPlan).toEqual({ by: 'count', count: 3 });
    expect(state.groups?.groups).toHaveLength(3);
  });

  it('given no plan, when the facilitator regroups, then the plan the groups were formed with is kept', () => {
    const events = accepted(inBreakouts(), { type: 'regroup' }, asFacilitator(at(3)));
    expect(events[0]).toMatchObject({ plan: { by: 'count', count: 2 } });
  });

  it('given a group note, when the facilitator regroups, then NOTES_EXIST', () => {
    const formed = inBreakouts();
    const board = groupOf(formed, ALICE) ?? 0;
    const state = play(
      formed,
      { type: 'addNote', board, noteId: 'n1', text: 'x' },
      ctx({ now: at(3) }),
    );
    expect(refused(state, { type: 'regroup' }, asFacilitator(at(4)))).toBe('NOTES_EXIST');
  });

  it('given a bad plan, when the facilitator regroups, then INVALID_GROUPS', () => {
    expect(
      refused(inBreakouts(), { type: 'regroup', plan: { by: 'count', count: 9 } }, asFacilitator()),
    ).toBe('INVALID_GROUPS');
  });
});

describe('group notes', () => {
  const state = inBreakouts();
  const board = groupOf(state, ALICE) ?? 0;
  const { mate, stranger } = neighbours(state, ALICE);
  const add = (text = 'Velocity is not a goal') =>
    play(state, { type: 'addNote', board, noteId: 'n1', text }, ctx({ now: at(3) }));

  it('when a member adds a note, then it is their own record, revision 1', () => {
    expect(
      accepted(
        state,
        { type: 'addNote', board, noteId: 'n1', text: ' Velocity ' },
        ctx({ now: at(3) }),
      ),
    ).toEqual([
      {
        type: 'NoteAdded',
        v: 1,
        board,
        noteId: 'n1',
        createdBy: ALICE,
        createdAt: at(3),
        editor: ALICE,
        seq: 1,
        seen: { [ALICE]: 1 },
        text: 'Velocity',
        at: at(3),
      },
    ]);
  });

  it.each([
    { where: 'group 3 of 2', board: 3, actor: ALICE, code: 'UNKNOWN_BOARD' },
    { where: 'group 0', board: 0, actor: ALICE, code: 'UNKNOWN_BOARD' },
    { where: 'group 1.5', board: 1.5, actor: ALICE, code: 'UNKNOWN_BOARD' },
    { where: 'another group', board, actor: stranger, code: 'NOT_IN_GROUP' },
    { where: 'a group, from someone absent', board, actor: 'acc-nobody', code: 'NOT_IN_GROUP' },
    { where: 'the plenary', board: 'plenary' as const, actor: ALICE, code: 'BOARD_CLOSED' },
  ])('when a note goes to $where, then $code', ({ board: target, actor, code }) => {
    expect(
      refused(state, { type: 'addNote', board: target, noteId: 'n1', text: 'x' }, ctx({ actor })),
    ).toBe(code);
  });

  it.each([
    [{ noteId: 'bad id', text: 'x' }, 'INVALID_ID'],
    [{ noteId: 'n1', text: '   ' }, 'NOTE_EMPTY'],
    [{ noteId: 'n1', text: 'x'.repeat(1001) }, 'NOTE_TOO_LONG'],
  ])('when a member adds %j, then %s', (fields, code) => {
    expect(refused(state, { type: 'addNote', board, ...fields }, ctx())).toBe(code);
  });

  it('given a note with that id, when someone adds it again, then DUPLICATE_ID', () => {
    expect(
      refused(add(), { type: 'addNote', board, noteId: 'n1', text: 'again' }, ctx({ actor: mate })),
    ).toBe('DUPLICATE_ID');
  });

  it(`given ${NOTES_PER_PERSON} notes, when the author starts one more, then TOO_MANY_NOTES; a deleted one frees a place`, () => {
    let full = state;
    for (let i = 0; i < NOTES_PER_PERSON; i += 1) {
      full = play(
        full,
        { type: 'addNote', board, noteId: `n${i}`, text: `note ${i}` },
        ctx({ now: at(3) + i }),
      );
    }
    expect(refused(full, { type: 'addNote', board, noteId: 'more', text: 'x' }, ctx())).toBe(
      'TOO_MANY_NOTES',
    );
    // Another member still has room.
    expect(
      accepted(full, { type: 'addNote', board, noteId: 'more', text: 'x' }, ctx({ actor: mate })),
    ).toHaveLength(1);
    const freed = play(
      full,
      { type: 'deleteNote', board, noteId: 'n0', seen: { [ALICE]: 1 } },
      ctx({ now: at(5) }),
    );
    expect(
      accepted(freed, { type: 'addNote', board, noteId: 'more', text: 'x' }, ctx()),
    ).toHaveLength(1);
  });

  it('when another member edits the note, then their own record names what they saw', () => {
    expect(
      accepted(
        add(),
        {
          type: 'editNote',
          board,
          noteId: 'n1',
          text: 'Velocity is a signal',
          seen: { [ALICE]: 1 },
        },
        ctx({ actor: mate, now: at(4) }),
      ),
    ).toEqual([
      {
        type: 'NoteEdited',
        v: 1,
        board,
        noteId: 'n1',
        createdBy: ALICE,
        createdAt: at(3),
        editor: mate,
        seq: 1,
        seen: { [ALICE]: 1, [mate]: 1 },
        text: 'Velocity is a signal',
        at: at(4),
      },
    ]);
  });

  it('edits in turn: the latest shows and nothing is flagged', () => {
    let notes = add();
    notes = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'two', seen: { [ALICE]: 1 } },
      ctx({ actor: mate, now: at(4) }),
    );
    notes = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'three', seen: { [ALICE]: 1, [mate]: 1 } },
      ctx({ now: at(5) }),
    );
    const [note] = notesOnBoard(notes.notes, board);
    expect(note).toMatchObject({
      text: 'three',
      editedBy: ALICE,
      conflicts: [],
      base: { [ALICE]: 2, [mate]: 1 },
    });
  });

  it('concurrent edits of the same revision: the later shows, the other is flagged, not dropped', () => {
    const third =
      (currentGroups(state) ?? [])
        .find((g) => g.includes(ALICE))
        ?.find((p) => p !== ALICE && p !== mate) ?? '';
    let notes = add('one');
    notes = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'mate wrote', seen: { [ALICE]: 1 } },
      ctx({ actor: mate, now: at(4) }),
    );
    notes = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'third wrote', seen: { [ALICE]: 1 } },
      ctx({ actor: third, now: at(5) }),
    );
    const [note] = notesOnBoard(notes.notes, board);
    expect(note).toMatchObject({
      text: 'third wrote',
      editedBy: third,
      conflicts: [{ editor: mate, text: 'mate wrote', at: at(4) }],
      merged: { [ALICE]: 1, [mate]: 1, [third]: 1 },
    });
    // Merging with the merged vector resolves the conflict.
    const resolved = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'both', seen: note?.merged ?? {} },
      ctx({ now: at(6) }),
    );
    expect(notesOnBoard(resolved.notes, board)[0]).toMatchObject({ text: 'both', conflicts: [] });
    // Editing only the shown text keeps the conflict flagged.
    const unresolved = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'only mine', seen: note?.base ?? {} },
      ctx({ now: at(6) }),
    );
    expect(notesOnBoard(unresolved.notes, board)[0]).toMatchObject({
      text: 'only mine',
      conflicts: [{ editor: mate, text: 'mate wrote' }],
    });
  });

  it('an editor who had not seen their own last revision still supersedes it (their own record is replaced)', () => {
    let notes = add('one');
    notes = play(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'two', seen: { [ALICE]: 1 } },
      ctx({ now: at(4) }),
    );
    const events = accepted(
      notes,
      { type: 'editNote', board, noteId: 'n1', text: 'three', seen: { [ALICE]: 1 } },
      ctx({ now: at(5) }),
    );
    expect(events[0]).toMatchObject({ seq: 3, seen: { [ALICE]: 3 } });
  });

  it('a deletion alone removes the note; a deletion concurrent with an edit, either way round, keeps the edit', () => {
    const notes = add('one');
    const deleted = play(
      notes,
      { type: 'deleteNote', board, noteId: 'n1', seen: { [ALICE]: 1 } },
      ctx({ actor: mate, now: at(4) }),
    );
    expect(notesOnBoard(deleted.notes, board)).toEqual([]);
    expect(refused(deleted, { type: 'deleteNote', board, noteId: 'n1', seen: {} }, ctx())).toBe(
      'UNKNOWN_NOTE',
    );
    // Someone still editing from before the deletion keeps their words: the note comes back,
    // flagged beside the deletion.
    const revived = play(
      deleted,
      { type: 'editNote', board, noteId: 'n1', text: 'still here', seen: { [ALICE]: 1 } },
      ctx({ now: at(5) }),
    );
    expect(notesOnBoard(revived.notes, board)[0]).toMatchObject({
      text: 'still here',
      conflicts: [{ editor: mate, text: null }],
    });
    const both = play(
      play(
        notes,
        { type: 'editNote', board, noteId: 'n1', text: 'kept', seen: { [ALICE]: 1 } },
        ctx({ now: at(4) }),
      ),
      { type: 'deleteNote', board, noteId: 'n1', seen: { [ALICE]: 1 } },
      ctx({ actor: mate, now: at(5) }),
    );
    expect(notesOnBoard(both.notes, board)[0]).toMatchObject({
      text: null,
      editedBy: mate,
      conflicts: [{ editor: ALICE, text: 'kept' }],
    });
  });

  it.each([
    [{ 'acc-nobody': 1 }],
    [{ [ALICE]: 2 }],
    [{ [ALICE]: 0 }],
    [{ [ALICE]: 1.5 }],
    [{ [ALICE]: '1' }],
  ])('when the edit claims to have seen %j, then INVALID_REVISION', (seen) => {
    expect(
      refused(
        add(),
        { type: 'editNote', board, noteId: 'n1', text: 'x', seen: seen as Record<string, number> },
        ctx({ actor: mate }),
      ),
    ).toBe('INVALID_REVISION');
  });

  it('when an edit names an unknown note or is empty, then UNKNOWN_NOTE or NOTE_EMPTY', () => {
    expect(
      refused(add(), { type: 'editNote', board, noteId: 'n9', text: 'x', seen: {} }, ctx()),
    ).toBe('UNKNOWN_NOTE');
    expect(
      refused(add(), { type: 'editNote', board, noteId: 'n1', text: ' ', seen: {} }, ctx()),
    ).toBe('NOTE_EMPTY');
    expect(
      refused(
        add(),
        { type: 'editNote', board, noteId: 'n1', text: 'x', seen: {} },
        ctx({ actor: stranger }),
      ),
    ).toBe('NOT_IN_GROUP');
  });

  it('given the readout, members still write; given the plenary, group notes are closed', () => {
    const readout = play(add(), { type: 'next' }, asFacilitator(at(10)));
    expect(
      accepted(
        readout,
        { type: 'editNote', board, noteId: 'n1', text: 'polished', seen: { [ALICE]: 1 } },
        ctx({ now: at(11) }),
      ),
    ).toHaveLength(1);
    const plenary = play(readout, { type: 'next' }, asFacilitator(at(12)));
    expect(refused(plenary, { type: 'addNote', board, noteId: 'n2', text: 'x' }, ctx())).toBe(
      'BOARD_CLOSED',
    );
    expect(groups(plenary)[board - 1]?.notes.map((n) => n.text)).toEqual([
      'Velocity is not a goal',
    ]);
  });
});

describe('plenary notes', () => {
  it('given an agenda without breakouts, when someone writes to a group, then UNKNOWN_BOARD', () => {
    let state = given(created(), topicSet(), joined(ALICE));
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
    state = play(state, { type: 'start' }, asFacilitator(at(0)));
    expect(
      refused(state, { type: 'addNote', board: 1, noteId: 'n1', text: 'x' }, ctx({ now: at(1) })),
    ).toBe('UNKNOWN_BOARD');
  });

  const plenary = (): CopSessionState => {
    let state = inBreakouts();
    state = play(state, { type: 'next' }, asFacilitator(at(10)));
    return play(state, { type: 'next' }, asFacilitator(at(11)));
  };

  it('any attendee writes them during the plenary and the takeaways', () => {
    let state = play(
      plenary(),
      { type: 'addNote', board: 'plenary', noteId: 'p1', text: 'One metric a quarter' },
      ctx({ now: at(12) }),
    );
    state = play(state, { type: 'next' }, asFacilitator(at(13)));
    state = play(
      state,
      {
        type: 'editNote',
        board: 'plenary',
        noteId: 'p1',
        text: 'One metric per quarter',
        seen: { [ALICE]: 1 },
      },
      ctx({ actor: FRANK, now: at(14) }),
    );
    expect(notesOnBoard(state.notes, 'plenary').map((n) => n.text)).toEqual([
      'One metric per quarter',
    ]);
  });

  it('someone not at the session cannot', () => {
    expect(
      refused(
        plenary(),
        { type: 'addNote', board: 'plenary', noteId: 'p1', text: 'x' },
        ctx({ actor: 'acc-nobody' }),
      ),
    ).toBe('NOT_JOINED');
  });
});

describe('note views', () => {
  const revision = (overrides: Partial<NoteRevision>): NoteRevision => ({
    board: 1,
    noteId: 'n1',
    createdBy: ALICE,
    createdAt: 1,
    editor: ALICE,
    seq: 1,
    seen: { [ALICE]: 1 },
    text: 'one',
    at: 1,
    ...overrides,
  });

  it('a note with no revisions, or only deletions, is not shown', () => {
    expect(viewNote([])).toBeNull();
    expect(viewNote([revision({ text: null })])).toBeNull();
  });

  it('orders notes by when they were started, then by id', () => {
    const notes = {
      a: revision({ noteId: 'b', createdAt: 5 }),
      b: revision({ noteId: 'a', createdAt: 5 }),
      c: revision({ noteId: 'c', createdAt: 1 }),
      d: revision({ noteId: 'z', board: 'plenary' }),
    };
    expect(notesOnBoard(notes, 1).map((n) => n.noteId)).toEqual(['c', 'a', 'b']);
  });

  it('checks claimed revisions against the editors of the note', () => {
    const existing = [
      revision({}),
      revision({ editor: BOB, seq: 2, seen: { [ALICE]: 1, [BOB]: 2 } }),
    ];
    expect(validateSeen({ [BOB]: 2, [ALICE]: 1 }, existing)).toEqual({
      ok: true,
      value: { [ALICE]: 1, [BOB]: 2 },
    });
    expect(validateSeen({}, existing)).toEqual({ ok: true, value: {} });
  });
});
