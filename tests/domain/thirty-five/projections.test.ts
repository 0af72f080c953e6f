import {
  decide,
  pairOf,
  partnerIn,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five/game';
import {
  ranking,
  roundProgress,
  scoreboard,
  tallyOf,
  viewFor,
} from '../../../src/domain/thirty-five/projections';
import type { Pair } from '../../../src/domain/thirty-five/types';
import { asFacilitator, cardEvents, ctx, dealtEvents, given, inRound, play } from './builders';

function roundPairs(state: ThirtyFiveState): readonly Pair[] {
  if (state.phase !== 'round') throw new Error('not in a round');
  return state.game.schedule[state.round - 1]?.pairs ?? [];
}

/** Round 1 of five players where the first pair confirmed 5/2 and the second only proposed. */
function halfwayRound(): ThirtyFiveState {
  let state = inRound(5, 1);
  const [first, second] = roundPairs(state) as [Pair, Pair];
  const firstSplit = { [first.a.card]: 5, [first.b.card]: 2 };
  state = play(state, { type: 'proposeSplit', points: firstSplit }, ctx(first.a.player));
  state = play(state, { type: 'confirmSplit', points: firstSplit }, ctx(first.b.player));
  return play(
    state,
    { type: 'proposeSplit', points: { [second.a.card]: 7, [second.b.card]: 0 } },
    ctx(second.a.player),
  );
}

describe('projections', () => {
  it('given round 1, then progress counts confirmed pairs and names who is missing', () => {
    const state = halfwayRound();
    const [, second] = roundPairs(state) as [Pair, Pair];
    expect(roundProgress(state)).toEqual({
      round: 1,
      rounds: 5,
      pairsTotal: 2,
      pairsConfirmed: 1,
      missing: [second.a.player, second.b.player],
      byes: [expect.any(String)],
    });
    expect(roundProgress(given(dealtEvents(4)))).toBeNull();
  });

  it('given a removal, then the removed partner is not listed as missing', () => {
    const state = inRound(4, 1);
    const [first] = roundPairs(state) as [Pair];
    const after = play(
      state,
      { type: 'removeParticipant', accountId: first.a.player },
      asFacilitator(),
    );
    expect(roundProgress(after)?.missing).not.toContain(first.a.player);
    expect(roundProgress(after)?.missing).toContain(first.b.player);
    expect(viewFor(after, first.a.player)).toMatchObject({ role: 'removed' });
  });

  it('given round 1, then a player sees their pair, both cards, both records and the lock', () => {
    const state = halfwayRound();
    const [first, second] = roundPairs(state) as [Pair, Pair];
    expect(viewFor(state, first.b.player)).toMatchObject({
      phase: 'round',
      role: 'player',
      round: 1,
      seat: {
        kind: 'pair',
        partner: first.a.player,
        mine: { id: first.b.card },
        theirs: { id: first.a.card },
        myRecord: { kind: 'confirmed' },
        partnerRecord: { kind: 'proposed' },
        locked: { [first.a.card]: 5, [first.b.card]: 2 },
      },
    });
    expect(viewFor(state, second.b.player)).toMatchObject({
      seat: { kind: 'pair', myRecord: null, partnerRecord: { kind: 'proposed' }, locked: null },
    });
  });

  it('given an odd table, then the bye sees the card they keep; a viewer sees no seat', () => {
    const state = inRound(5, 1);
    const plan = state.phase === 'round' ? state.game.schedule[0] : undefined;
    const bye = plan?.bye;
    expect(viewFor(state, bye?.player ?? '')).toMatchObject({
      seat: { kind: 'bye', card: { id: bye?.card } },
    });
    expect(viewFor(state, 'late')).toMatchObject({ role: 'viewer', seat: null, myCard: null });
  });

  it('never reveals who wrote another card', () => {
    const state = halfwayRound();
    for (const player of ['p1', 'p2', 'p3', 'p4', 'p5', 'late']) {
      const json = JSON.stringify(viewFor(state, player));
      expect(json).not.toContain('author');
    }
    expect(JSON.stringify(scoreboard(state))).not.toContain('author');
    expect(JSON.stringify(ranking(state))).not.toContain('p1');
  });

  it('given collecting, then people see their own draft and how many cards exist', () => {
    const state = given(cardEvents(3));
    expect(viewFor(state, 'p2')).toEqual({
      phase: 'collecting',
      role: 'player',
      myCard: 'Topic 2',
      cardCount: 3,
    });
    expect(viewFor(state, 'p9')).toMatchObject({ role: 'viewer', myCard: null });
    expect(scoreboard(state)).toEqual([]);
    expect(ranking(state)).toEqual([]);
    expect(tallyOf(state)).toBeNull();
  });

  it('given a deal, then a player sees their own card and the card they will start with', () => {
    const state = given(dealtEvents(4));
    const view = viewFor(state, 'p3');
    expect(view).toMatchObject({ phase: 'dealt', role: 'player', myCard: { id: 'c3' } });
    expect(view.phase === 'dealt' ? view.holding?.id : null).not.toBe('c3');
    expect(viewFor(state, 'late')).toMatchObject({ role: 'viewer', holding: null });
  });

  it('given results, then everyone sees the ranking with per-round points', () => {
    const state = play(halfwayRound(), { type: 'showResults' }, asFacilitator());
    const view = viewFor(state, 'p2');
    expect(view).toMatchObject({ phase: 'results', role: 'player', myCard: { id: 'c2' } });
    const top = view.phase === 'results' ? view.ranking[0] : undefined;
    expect(top).toMatchObject({ rank: 1, raw: 5, ratings: 1, normalised: 25 });
    expect(top?.perRound).toEqual([5, null, null, null, null]);
    const ended = play(state, { type: 'end' }, asFacilitator());
    expect(viewFor(ended, 'p2')).toMatchObject({
      phase: 'ended',
      ranking: view.phase === 'results' ? view.ranking : [],
    });
  });

  it('given paper tallies, then the ranking comes from them and everyone views', () => {
    const state = play(
      given([]),
      {
        type: 'enterTallies',
        rounds: 1,
        cards: [
          { text: 'A', points: [2] },
          { text: 'B', points: [5] },
        ],
      },
      asFacilitator(),
    );
    expect(ranking(state).map((c) => c.text)).toEqual(['B', 'A']);
    expect(viewFor(state, 'p1')).toMatchObject({ role: 'viewer', myCard: null });
  });

  it('keeps live scores during the rounds', () => {
    const state = halfwayRound();
    const [first] = roundPairs(state) as [Pair];
    const line = scoreboard(state).find((s) => s.id === first.a.card);
    expect(line).toMatchObject({ raw: 5, ratings: 1, perRound: [5, null, null, null, null] });
    expect(pairOf(undefined, 'p1')).toBeNull();
    expect(partnerIn(first, first.b.player)).toBe(first.a.player);
    expect(decide(state, { type: 'nextRound' }, asFacilitator()).ok).toBe(true);
  });
});
