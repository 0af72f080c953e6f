import type { CopSessionState } from '../../../src/domain/cop-session';
import {
  ACTIONS_PER_PERSON,
  actionItems,
  takeaways,
  TAKEAWAYS_PER_PERSON,
} from '../../../src/domain/cop-session';
import {
  accepted,
  ALICE,
  asFacilitator,
  BOB,
  CAROL,
  ctx,
  DAN,
  FACILITATOR,
  play,
  refused,
  STARTED,
  stateIn,
} from './builders';

const M = 60_000;
const at = (minutes: number): number => STARTED + 60 * M + minutes * M;
const plenary = (): CopSessionState => stateIn('plenary');

describe('takeaways', () => {
  it('when an attendee adds one, then it is their own record with when it was added', () => {
    expect(
      accepted(
        plenary(),
        { type: 'addTakeaway', takeawayId: 'k1', text: ' Measure outcomes ' },
        ctx({ now: at(1) }),
      ),
    ).toEqual([
      {
        type: 'TakeawayAdded',
        v: 1,
        takeaway: { id: 'k1', author: ALICE, text: 'Measure outcomes', addedAt: at(1) },
        at: at(1),
      },
    ]);
  });

  it('are listed in the order they were added, edits keeping their place', () => {
    let state = play(
      plenary(),
      { type: 'addTakeaway', takeawayId: 'k1', text: 'first' },
      ctx({ now: at(1) }),
    );
    state = play(
      state,
      { type: 'addTakeaway', takeawayId: 'k1', text: 'second' },
      ctx({ actor: BOB, now: at(2) }),
    );
    state = play(
      state,
      { type: 'addTakeaway', takeawayId: 'k2', text: 'third' },
      ctx({ now: at(3) }),
    );
    state = play(
      state,
      { type: 'editTakeaway', takeawayId: 'k1', text: 'first, edited' },
      ctx({ now: at(4) }),
    );
    expect(takeaways(state).map((t) => t.text)).toEqual(['first, edited', 'second', 'third']);
  });

  it.each([
    [{ takeawayId: 'bad id', text: 'x' }, 'INVALID_ID'],
    [{ takeawayId: 'k1', text: ' \n ' }, 'TAKEAWAY_EMPTY'],
    [{ takeawayId: 'k1', text: 'x'.repeat(501) }, 'TAKEAWAY_TOO_LONG'],
  ])('when someone adds %j, then %s', (fields, code) => {
    expect(refused(plenary(), { type: 'addTakeaway', ...fields }, ctx())).toBe(code);
  });

  it('given a takeaway, when its author adds the same id, then DUPLICATE_ID (another author may use it)', () => {
    const state = play(
      plenary(),
      { type: 'addTakeaway', takeawayId: 'k1', text: 'x' },
      ctx({ now: at(1) }),
    );
    expect(refused(state, { type: 'addTakeaway', takeawayId: 'k1', text: 'y' }, ctx())).toBe(
      'DUPLICATE_ID',
    );
    expect(
      accepted(state, { type: 'addTakeaway', takeawayId: 'k1', text: 'y' }, ctx({ actor: BOB })),
    ).toHaveLength(1);
  });

  it(`given ${TAKEAWAYS_PER_PERSON} live takeaways, when one more is added, then TOO_MANY_TAKEAWAYS`, () => {
    let state = plenary();
    for (let i = 0; i < TAKEAWAYS_PER_PERSON; i += 1) {
      state = play(
        state,
        { type: 'addTakeaway', takeawayId: `k${i}`, text: `t${i}` },
        ctx({ now: at(i) }),
      );
    }
    expect(refused(state, { type: 'addTakeaway', takeawayId: 'more', text: 'x' }, ctx())).toBe(
      'TOO_MANY_TAKEAWAYS',
    );
    const freed = play(state, { type: 'deleteTakeaway', takeawayId: 'k0' }, ctx({ now: at(30) }));
    expect(
      accepted(freed, { type: 'addTakeaway', takeawayId: 'more', text: 'x' }, ctx({ now: at(31) })),
    ).toHaveLength(1);
  });

  it('given someone who has not joined, when they add one, then NOT_JOINED', () => {
    expect(
      refused(plenary(), { type: 'addTakeaway', takeawayId: 'k1', text: 'x' }, ctx({ actor: DAN })),
    ).toBe('NOT_JOINED');
  });

  describe('changing one', () => {
    const withOne = (): CopSessionState =>
      play(
        plenary(),
        { type: 'addTakeaway', takeawayId: 'k1', text: 'original' },
        ctx({ now: at(1) }),
      );

    it('when the author edits or deletes it, then their own record changes', () => {
      expect(
        accepted(
          withOne(),
          { type: 'editTakeaway', takeawayId: 'k1', text: 'better' },
          ctx({ now: at(2) }),
        ),
      ).toEqual([
        {
          type: 'TakeawayEdited',
          v: 1,
          takeaway: { id: 'k1', author: ALICE, text: 'better', addedAt: at(1) },
          at: at(2),
        },
      ]);
      expect(
        accepted(withOne(), { type: 'deleteTakeaway', takeawayId: 'k1' }, ctx({ now: at(2) })),
      ).toEqual([{ type: 'TakeawayDeleted', v: 1, author: ALICE, takeawayId: 'k1', at: at(2) }]);
      expect(
        takeaways(
          play(withOne(), { type: 'deleteTakeaway', takeawayId: 'k1' }, ctx({ now: at(2) })),
        ),
      ).toEqual([]);
    });

    it('when the facilitator edits or deletes someone else’s, then a log event records it', () => {
      const state = withOne();
      expect(
        accepted(
          state,
          { type: 'editTakeaway', takeawayId: 'k1', author: ALICE, text: 'tidied' },
          asFacilitator(at(2)),
        ),
      ).toEqual([
        {
          type: 'TakeawayModerated',
          v: 1,
          author: ALICE,
          takeawayId: 'k1',
          takeaway: { id: 'k1', author: ALICE, text: 'tidied', addedAt: at(1) },
          by: FACILITATOR,
          at: at(2),
        },
      ]);
      const gone = play(
        state,
        { type: 'deleteTakeaway', takeawayId: 'k1', author: ALICE },
        asFacilitator(at(2)),
      );
      expect(takeaways(gone)).toEqual([]);
      // The author's later edit wins over the moderation (last writer wins, per takeaway).
      const moderated = play(
        state,
        { type: 'editTakeaway', takeawayId: 'k1', author: ALICE, text: 'tidied' },
        asFacilitator(at(2)),
      );
      const reEdited = play(
        moderated,
        { type: 'editTakeaway', takeawayId: 'k1', text: 'mine again' },
        ctx({ now: at(3) }),
      );
      expect(takeaways(reEdited).map((t) => t.text)).toEqual(['mine again']);
    });

    it.each([
      [{ type: 'editTakeaway', takeawayId: 'k1', author: ALICE, text: 'x' }, BOB, 'NOT_AUTHOR'],
      [{ type: 'deleteTakeaway', takeawayId: 'k9' }, ALICE, 'UNKNOWN_TAKEAWAY'],
      [{ type: 'editTakeaway', takeawayId: 'k1', text: 'x' }, BOB, 'UNKNOWN_TAKEAWAY'],
      [{ type: 'editTakeaway', takeawayId: 'k1', text: ' ' }, ALICE, 'TAKEAWAY_EMPTY'],
    ] as const)('when %j comes from %s, then %s', (command, actor, code) => {
      expect(refused(withOne(), command, ctx({ actor, now: at(2) }))).toBe(code);
    });

    it('given the author left, when they try to change it, then NOT_JOINED', () => {
      const state = play(withOne(), { type: 'leave' }, ctx({ now: at(2) }));
      expect(
        refused(state, { type: 'deleteTakeaway', takeawayId: 'k1' }, ctx({ now: at(3) })),
      ).toBe('NOT_JOINED');
    });
  });
});

describe('action items', () => {
  it('when an attendee adds one owned by another attendee with a due date, then it is their own record', () => {
    expect(
      accepted(
        plenary(),
        {
          type: 'addActionItem',
          actionItemId: 'a1',
          text: ' Draft a canvas ',
          owner: BOB,
          due: '2026-12-15',
        },
        ctx({ now: at(1) }),
      ),
    ).toEqual([
      {
        type: 'ActionItemAdded',
        v: 1,
        actionItem: {
          id: 'a1',
          author: ALICE,
          text: 'Draft a canvas',
          owner: BOB,
          due: '2026-12-15',
          addedAt: at(1),
        },
        at: at(1),
      },
    ]);
  });

  it('without owner or due date, both are empty', () => {
    const state = play(
      plenary(),
      { type: 'addActionItem', actionItemId: 'a1', text: 'x' },
      ctx({ now: at(1) }),
    );
    expect(actionItems(state)).toEqual([
      { id: 'a1', author: ALICE, text: 'x', owner: null, due: null, addedAt: at(1) },
    ]);
  });

  it.each([
    [{ actionItemId: 'a1', text: 'x', owner: DAN }, 'INVALID_OWNER'],
    [{ actionItemId: 'a1', text: 'x', owner: 'acc-nobody' }, 'INVALID_OWNER'],
    [{ actionItemId: 'a1', text: 'x', due: '2026-02-30' }, 'INVALID_DUE'],
    [{ actionItemId: 'a1', text: 'x', due: 'tomorrow' }, 'INVALID_DUE'],
    [{ actionItemId: 'a1', text: ' ' }, 'ACTION_EMPTY'],
    [{ actionItemId: 'a1', text: 'x'.repeat(301) }, 'ACTION_TOO_LONG'],
    [{ actionItemId: '', text: 'x' }, 'INVALID_ID'],
  ])('when someone adds %j, then %s', (fields, code) => {
    expect(refused(plenary(), { type: 'addActionItem', ...fields }, ctx())).toBe(code);
  });

  it('refuses a duplicate id and someone not at the session', () => {
    const state = play(
      plenary(),
      { type: 'addActionItem', actionItemId: 'a1', text: 'x' },
      ctx({ now: at(1) }),
    );
    expect(refused(state, { type: 'addActionItem', actionItemId: 'a1', text: 'y' }, ctx())).toBe(
      'DUPLICATE_ID',
    );
    expect(
      refused(state, { type: 'addActionItem', actionItemId: 'a2', text: 'y' }, ctx({ actor: DAN })),
    ).toBe('NOT_JOINED');
  });

  it(`given ${ACTIONS_PER_PERSON} live action items, when one more is added, then TOO_MANY_ACTIONS`, () => {
    let state = plenary();
    for (let i = 0; i < ACTIONS_PER_PERSON; i += 1) {
      state = play(
        state,
        { type: 'addActionItem', actionItemId: `a${i}`, text: `t${i}` },
        ctx({ now: at(i) }),
      );
    }
    expect(refused(state, { type: 'addActionItem', actionItemId: 'more', text: 'x' }, ctx())).toBe(
      'TOO_MANY_ACTIONS',
    );
  });

  describe('changing one', () => {
    const withOne = (): CopSessionState =>
      play(
        plenary(),
        { type: 'addActionItem', actionItemId: 'a1', text: 'Draft', owner: BOB, due: '2026-12-15' },
        ctx({ now: at(1) }),
      );

    it('when the author edits only the text, then owner and due date stay', () => {
      const state = play(
        withOne(),
        { type: 'editActionItem', actionItemId: 'a1', text: 'Draft v2' },
        ctx({ now: at(2) }),
      );
      expect(actionItems(state)).toEqual([
        {
          id: 'a1',
          author: ALICE,
          text: 'Draft v2',
          owner: BOB,
          due: '2026-12-15',
          addedAt: at(1),
        },
      ]);
    });

    it('when the author hands it to someone else and clears the date, then it changes', () => {
      const state = play(
        withOne(),
        { type: 'editActionItem', actionItemId: 'a1', owner: CAROL, due: null },
        ctx({ now: at(2) }),
      );
      expect(actionItems(state)[0]).toMatchObject({ owner: CAROL, due: null, text: 'Draft' });
      const cleared = play(
        state,
        { type: 'editActionItem', actionItemId: 'a1', owner: null },
        ctx({ now: at(3) }),
      );
      expect(actionItems(cleared)[0]?.owner).toBeNull();
    });

    it('given the owner left, when the author edits the text, then the owner may stay; a new absent owner is refused', () => {
      const state = play(withOne(), { type: 'leave' }, ctx({ actor: BOB, now: at(2) }));
      expect(
        accepted(
          state,
          { type: 'editActionItem', actionItemId: 'a1', text: 'x', owner: BOB },
          ctx({ now: at(3) }),
        ),
      ).toHaveLength(1);
      expect(
        refused(
          state,
          { type: 'editActionItem', actionItemId: 'a1', owner: DAN },
          ctx({ now: at(3) }),
        ),
      ).toBe('INVALID_OWNER');
    });

    it.each([
      [{ type: 'editActionItem', actionItemId: 'a1', text: ' ' }, 'ACTION_EMPTY'],
      [{ type: 'editActionItem', actionItemId: 'a1', due: '2026-13-01' }, 'INVALID_DUE'],
      [{ type: 'deleteActionItem', actionItemId: 'nope' }, 'UNKNOWN_ACTION'],
    ] as const)('when the author sends %j, then %s', (command, code) => {
      expect(refused(withOne(), command, ctx({ now: at(2) }))).toBe(code);
    });

    it('when the author deletes it, then it is gone', () => {
      const events = accepted(
        withOne(),
        { type: 'deleteActionItem', actionItemId: 'a1' },
        ctx({ now: at(2) }),
      );
      expect(events).toEqual([
        { type: 'ActionItemDeleted', v: 1, author: ALICE, actionItemId: 'a1', at: at(2) },
      ]);
    });

    it('when the facilitator edits or deletes someone else’s, then a log event records it', () => {
      const edited = accepted(
        withOne(),
        { type: 'editActionItem', actionItemId: 'a1', author: ALICE, due: '2027-01-05' },
        asFacilitator(at(2)),
      );
      expect(edited).toEqual([
        {
          type: 'ActionItemModerated',
          v: 1,
          author: ALICE,
          actionItemId: 'a1',
          actionItem: {
            id: 'a1',
            author: ALICE,
            text: 'Draft',
            owner: BOB,
            due: '2027-01-05',
            addedAt: at(1),
          },
          by: FACILITATOR,
          at: at(2),
        },
      ]);
      const deleted = play(
        withOne(),
        { type: 'deleteActionItem', actionItemId: 'a1', author: ALICE },
        asFacilitator(at(2)),
      );
      expect(actionItems(deleted)).toEqual([]);
    });

    it('when someone else tries, then NOT_AUTHOR', () => {
      expect(
        refused(
          withOne(),
          { type: 'deleteActionItem', actionItemId: 'a1', author: ALICE },
          ctx({ actor: BOB }),
        ),
      ).toBe('NOT_AUTHOR');
    });
  });
});
