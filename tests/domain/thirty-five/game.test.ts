import {
  anonymousCards,
  decide,
  evolve,
  initialState,
  pairOf,
  partnerIn,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five/game';
import type { Pair, SplitPoints } from '../../../src/domain/thirty-five/types';
import {
  asFacilitator,
  cardEvents,
  ctx,
  dealtEvents,
  given,
  inOrderDraw,
  inRound,
  must,
  play,
  T0,
} from './builders';

const gameOf = (state: ThirtyFiveState) => {
  if (state.phase === 'dealt' || state.phase === 'round') return state.game;
  if ((state.phase === 'results' || state.phase === 'ended') && state.outcome.mode === 'online') {
    return state.outcome.game;
  }
  throw new Error(`no online game in ${state.phase}`);
};

/** The pair `player` sits in during the current round. */
function pairFor(state: ThirtyFiveState, player: string): Pair {
  const round = state.phase === 'round' ? state.round : 1;
  const pair = pairOf(gameOf(state).schedule[round - 1], player);
  if (pair === null) throw new Error(`${player} has no pair`);
  return pair;
}

/** A split giving `mine` to the card `player` holds and the rest of 7 to the partner's card. */
function split(pair: Pair, player: string, mine: number, total = 7): SplitPoints {
  const [own, other] = pair.a.player === player ? [pair.a, pair.b] : [pair.b, pair.a];
  return { [own.card]: mine, [other.card]: total - mine };
}

describe('collecting cards', () => {
  it('given nothing, when someone submits a card, then it is trimmed and stamped', () => {
    const result = decide(initialState, { type: 'submitCard', text: '  Flow metrics ' }, ctx('p9'));
    expect(result).toEqual({
      ok: true,
      value: [
        {
          type: 'CardSubmitted',
          v: 1,
          by: 'p9',
          text: 'Flow metrics',
          firstAt: T0 + 1_000,
          at: T0 + 1_000,
        },
      ],
    });
  });

  it('given a card, when its author edits it, then it keeps its place in the order', () => {
    const state = given(cardEvents(3));
    const edited = play(
      state,
      { type: 'submitCard', text: 'Changed' },
      ctx('p1', { now: T0 + 50 }),
    );
    const drafts = edited.phase === 'collecting' ? edited.drafts : {};
    expect(anonymousCards(drafts, inOrderDraw())).toEqual([
      { id: 'c1', author: 'p1', text: 'Changed' },
      { id: 'c2', author: 'p2', text: 'Topic 2' },
      { id: 'c3', author: 'p3', text: 'Topic 3' },
    ]);
  });

  it('numbers cards by first submission whatever order the records fold in', () => {
    const events = cardEvents(5);
    const backwards = given([...events].reverse());
    expect(backwards).toEqual(given(events));
  });

  it('keeps the later record of a participant, and the earliest first submission', () => {
    const first: ThirtyFiveEvent = {
      type: 'CardSubmitted',
      v: 1,
      by: 'p1',
      text: 'Old',
      firstAt: T0,
      at: T0,
    };
    const second: ThirtyFiveEvent = { ...first, text: 'New', firstAt: T0 + 5, at: T0 + 9 };
    const tie: ThirtyFiveEvent = { ...first, text: 'Z', at: T0 + 9 };
    expect(given([first, second])).toEqual(given([second, first]));
    expect(given([second, first])).toEqual({
      phase: 'collecting',
      drafts: { p1: { text: 'New', firstAt: T0, at: T0 + 9 } },
    });
    expect(given([second, tie])).toEqual(given([tie, second]));
  });

  it.each([
    ['', 'CARD_EMPTY'],
    ['x'.repeat(201), 'CARD_TOO_LONG'],
  ])('given collecting, when a card is %p, then %s', (text, code) => {
    expect(decide(initialState, { type: 'submitCard', text }, ctx('p1'))).toMatchObject({
      ok: false,
      error: { code },
    });
  });

  it('given 200 cards, when a newcomer submits, then GAME_FULL; an author may still edit', () => {
    const full = given(cardEvents(200));
    expect(decide(full, { type: 'submitCard', text: 'Late' }, ctx('late'))).toMatchObject({
      error: { code: 'GAME_FULL' },
    });
    expect(decide(full, { type: 'submitCard', text: 'Edit' }, ctx('p7')).ok).toBe(true);
  });
});

describe('dealing', () => {
  it('given four cards, when the facilitator deals, then cards, deal and schedule are stored', () => {
    const [dealt] = must(
      given(cardEvents(4)),
      { type: 'deal', seed: 'x', draw: inOrderDraw(), rounds: 3, points: 5 },
      asFacilitator(),
    );
    expect(dealt).toMatchObject({ type: 'CardsDealt', v: 1, seed: 'x', rounds: 3, points: 5 });
    if (dealt?.type !== 'CardsDealt') throw new Error('expected CardsDealt');
    expect(dealt.cards.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(dealt.schedule).toHaveLength(3);
    expect(Object.keys(dealt.deal).sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('defaults to 5 rounds of 7 points', () => {
    const state = given(dealtEvents(6));
    expect(gameOf(state)).toMatchObject({ rounds: 5, points: 7, roundsStarted: 0 });
  });

  it.each([
    [{ rounds: 0 }, 'INVALID_ROUNDS'],
    [{ rounds: 11 }, 'INVALID_ROUNDS'],
    [{ points: 0 }, 'INVALID_POINTS'],
    [{ points: 1.5 }, 'INVALID_POINTS'],
  ])('given cards, when dealing with %p, then %s', (options, code) => {
    expect(
      decide(
        given(cardEvents(4)),
        { type: 'deal', seed: 1, draw: inOrderDraw(), ...options },
        asFacilitator(),
      ),
    ).toMatchObject({ error: { code } });
  });

  it('given one card, when dealing, then TOO_FEW_PARTICIPANTS', () => {
    expect(
      decide(given(cardEvents(1)), { type: 'deal', seed: 1, draw: inOrderDraw() }, asFacilitator()),
    ).toMatchObject({ error: { code: 'TOO_FEW_PARTICIPANTS' } });
  });

  it('given a deal, when a late card record folds in, then nothing changes (joining closed)', () => {
    const state = given(dealtEvents(4));
    const late: ThirtyFiveEvent = {
      type: 'CardSubmitted',
      v: 1,
      by: 'late',
      text: 'Late',
      firstAt: T0,
      at: T0,
    };
    expect(evolve(state, late)).toBe(state);
    expect(evolve(state, dealtEvents(4)[4] as ThirtyFiveEvent)).toBe(state);
  });
});

describe('rounds and splits', () => {
  it('given a deal, when next round twice, then round 2; after the last, NO_MORE_ROUNDS', () => {
    const state = inRound(4, 2, { rounds: 2 });
    expect(state).toMatchObject({ phase: 'round', round: 2 });
    expect(decide(state, { type: 'nextRound' }, asFacilitator())).toMatchObject({
      error: { code: 'NO_MORE_ROUNDS' },
    });
  });

  it('given a proposal, when the partner confirms the same numbers, then the split locks', () => {
    let state = inRound(4, 1);
    const pair = pairFor(state, 'p2');
    const partner = partnerIn(pair, 'p2');
    state = play(state, { type: 'proposeSplit', points: split(pair, 'p2', 6) }, ctx('p2'));
    state = play(state, { type: 'proposeSplit', points: split(pair, 'p2', 5) }, ctx('p2'));
    const confirm = decide(
      state,
      { type: 'confirmSplit', points: split(pair, 'p2', 5) },
      ctx(partner),
    );
    expect(confirm).toMatchObject({ ok: true, value: [{ type: 'SplitConfirmed', round: 1 }] });
    if (!confirm.ok) return;
    state = confirm.value.reduce(evolve, state);
    expect(
      decide(state, { type: 'proposeSplit', points: split(pair, 'p2', 1) }, ctx('p2')),
    ).toMatchObject({ error: { code: 'SPLIT_LOCKED' } });
  });

  it('given a proposal, when the partner confirms other numbers, then PROPOSAL_CHANGED', () => {
    let state = inRound(4, 1);
    const pair = pairFor(state, 'p2');
    state = play(state, { type: 'proposeSplit', points: split(pair, 'p2', 6) }, ctx('p2'));
    expect(
      decide(
        state,
        { type: 'confirmSplit', points: split(pair, 'p2', 5) },
        ctx(partnerIn(pair, 'p2')),
      ),
    ).toMatchObject({ error: { code: 'PROPOSAL_CHANGED' } });
  });

  it('given no proposal from the partner, when confirming, then NO_PROPOSAL', () => {
    let state = inRound(4, 1);
    const pair = pairFor(state, 'p2');
    state = play(state, { type: 'proposeSplit', points: split(pair, 'p2', 6) }, ctx('p2'));
    expect(
      decide(state, { type: 'confirmSplit', points: split(pair, 'p2', 6) }, ctx('p2')),
    ).toMatchObject({ error: { code: 'NO_PROPOSAL' } });
  });

  it.each<[string, (pair: Pair) => SplitPoints]>([
    ['not summing to P', (pair) => ({ [pair.a.card]: 4, [pair.b.card]: 4 })],
    ['negative', (pair) => ({ [pair.a.card]: -1, [pair.b.card]: 8 })],
    ['a fraction', (pair) => ({ [pair.a.card]: 3.5, [pair.b.card]: 3.5 })],
    ['naming another card', (pair) => ({ [pair.a.card]: 7, c99: 0 })],
    ['naming one card', (pair) => ({ [pair.a.card]: 7 })],
  ])('given a pair, when a split is %s, then INVALID_SPLIT', (_name, make) => {
    const state = inRound(4, 1);
    const pair = pairFor(state, 'p2');
    expect(decide(state, { type: 'proposeSplit', points: make(pair) }, ctx('p2'))).toMatchObject({
      error: { code: 'INVALID_SPLIT' },
    });
  });

  it('given a round, when a viewer proposes, then NOT_A_PARTICIPANT', () => {
    expect(
      decide(inRound(4, 1), { type: 'proposeSplit', points: { c1: 7, c2: 0 } }, ctx('viewer')),
    ).toMatchObject({ error: { code: 'NOT_A_PARTICIPANT' } });
  });

  it('given an odd table, when the bye proposes, then NOT_IN_PAIR', () => {
    const state = inRound(5, 1);
    const bye = gameOf(state).schedule[0]?.bye?.player ?? '';
    expect(
      decide(state, { type: 'proposeSplit', points: { c1: 7, c2: 0 } }, ctx(bye)),
    ).toMatchObject({ error: { code: 'NOT_IN_PAIR' } });
  });

  it('folds split records in any order to the same lock', () => {
    let state = inRound(4, 1);
    const pair = pairFor(state, 'p2');
    const partner = partnerIn(pair, 'p2');
    const proposed = must(state, { type: 'proposeSplit', points: split(pair, 'p2', 3) }, ctx('p2'));
    state = proposed.reduce(evolve, state);
    const confirmed = must(
      state,
      { type: 'confirmSplit', points: split(pair, 'p2', 3) },
      ctx(partner, { now: T0 + 2_000 }),
    );
    const base = inRound(4, 1);
    const forwards = [...proposed, ...confirmed].reduce(evolve, base);
    expect([...confirmed, ...proposed].reduce(evolve, base)).toEqual(forwards);
    expect(forwards).toEqual(confirmed.reduce(evolve, state));
  });

  it('locks a split when both partners confirmed the same numbers at once', () => {
    const state = inRound(4, 1);
    const pair = pairFor(state, 'p2');
    const points = split(pair, 'p2', 2);
    const record = (by: string): ThirtyFiveEvent => ({
      type: 'SplitConfirmed',
      v: 1,
      round: 1,
      by,
      points,
      at: T0,
    });
    const after = [record(pair.a.player), record(pair.b.player)].reduce(evolve, state);
    expect(decide(after, { type: 'proposeSplit', points }, ctx('p2'))).toMatchObject({
      error: { code: 'SPLIT_LOCKED' },
    });
  });
});

describe('removing a participant', () => {
  it('given a round, when an unknown person is removed, then UNKNOWN_PARTICIPANT', () => {
    expect(
      decide(inRound(4, 1), { type: 'removeParticipant', accountId: 'nobody' }, asFacilitator()),
    ).toMatchObject({ error: { code: 'UNKNOWN_PARTICIPANT' } });
  });

  it('given two players, when one is removed, then TOO_FEW_PARTICIPANTS', () => {
    expect(
      decide(inRound(2, 1), { type: 'removeParticipant', accountId: 'p2' }, asFacilitator()),
    ).toMatchObject({ error: { code: 'TOO_FEW_PARTICIPANTS' } });
  });

  it('given a removal, when the removed person proposes, then NOT_A_PARTICIPANT', () => {
    const state = play(
      inRound(4, 1),
      { type: 'removeParticipant', accountId: 'p3' },
      asFacilitator(),
    );
    expect(gameOf(state)).toMatchObject({ players: ['p1', 'p2', 'p4'], removed: ['p3'] });
    expect(
      decide(state, { type: 'proposeSplit', points: { c1: 7, c2: 0 } }, ctx('p3')),
    ).toMatchObject({ error: { code: 'NOT_A_PARTICIPANT' } });
  });

  it('given the last round, when someone is removed, then nothing is re-planned', () => {
    const [event] = must(
      inRound(4, 2, { rounds: 2 }),
      { type: 'removeParticipant', accountId: 'p3' },
      asFacilitator(),
    );
    expect(event).toMatchObject({ type: 'ParticipantRemoved', afterRound: 2, replanned: [] });
  });
});

describe('results and the end', () => {
  it('given round 1, when results are shown and the game ended, then ended keeps the outcome', () => {
    const results = play(inRound(4, 1), { type: 'showResults' }, asFacilitator());
    expect(results).toMatchObject({ phase: 'results', outcome: { mode: 'online' } });
    const ended = play(results, { type: 'end' }, asFacilitator({ now: T0 + 99 }));
    expect(ended).toMatchObject({ phase: 'ended', endedAt: T0 + 99, outcome: { mode: 'online' } });
  });

  it('given results, when a split record of the last round folds in late, then it still counts', () => {
    let round = inRound(4, 1);
    const pair = pairFor(round, 'p2');
    const proposed = must(round, { type: 'proposeSplit', points: split(pair, 'p2', 4) }, ctx('p2'));
    round = proposed.reduce(evolve, round);
    const confirmed = must(
      round,
      { type: 'confirmSplit', points: split(pair, 'p2', 4) },
      ctx(partnerIn(pair, 'p2')),
    );
    const results = play(round, { type: 'showResults' }, asFacilitator());
    const late = confirmed.reduce(evolve, results);
    expect(gameOf(late).splits[1]?.[partnerIn(pair, 'p2')]).toMatchObject({ kind: 'confirmed' });
  });

  it('given collecting, when tallies are entered, then results come from paper', () => {
    const state = play(
      given(cardEvents(2)),
      {
        type: 'enterTallies',
        rounds: 2,
        points: 5,
        cards: [
          { text: 'A', points: [5, 1] },
          { text: 'B', points: [0, 4] },
        ],
      },
      asFacilitator(),
    );
    expect(state).toMatchObject({
      phase: 'results',
      outcome: { mode: 'in-room', tally: { rounds: 2, points: 5 } },
    });
    const corrected = play(
      state,
      {
        type: 'enterTallies',
        cards: [
          { text: 'A', points: [7, 0, 7, 0, 7] },
          { text: 'B', points: [0, 7, 0, 7, 0] },
        ],
      },
      asFacilitator(),
    );
    expect(corrected).toMatchObject({ outcome: { tally: { rounds: 5, points: 7 } } });
  });

  it.each([
    [{ rounds: 0 }, 'INVALID_ROUNDS'],
    [{ points: 21 }, 'INVALID_POINTS'],
    [{ cards: [] }, 'TOO_FEW_PARTICIPANTS'],
  ])('given collecting, when tallies with %p, then %s', (options, code) => {
    expect(
      decide(
        initialState,
        { type: 'enterTallies', cards: [{ text: 'A', points: [7] }], ...options },
        asFacilitator(),
      ),
    ).toMatchObject({ error: { code } });
  });

  it('ignores facilitator events that arrive in the wrong phase', () => {
    const collecting = given(cardEvents(2));
    const at = T0;
    const stray: ThirtyFiveEvent[] = [
      { type: 'RoundStarted', v: 1, round: 1, at },
      { type: 'ResultsShown', v: 1, at },
      { type: 'GameEnded', v: 1, at },
      { type: 'SplitProposed', v: 1, round: 1, by: 'p1', points: { c1: 7, c2: 0 }, at },
      { type: 'ParticipantRemoved', v: 1, accountId: 'p1', afterRound: 0, replanned: [], at },
    ];
    for (const event of stray) {
      expect(evolve(collecting, event)).toBe(collecting);
    }
    const ended = play(
      play(inRound(2, 1), { type: 'showResults' }, asFacilitator()),
      { type: 'end' },
      asFacilitator(),
    );
    const tally: ThirtyFiveEvent = {
      type: 'TalliesEntered',
      v: 1,
      tally: { rounds: 1, points: 7, cards: [] },
      at,
    };
    expect(evolve(ended, tally)).toBe(ended);
    const inRoom = play(
      initialState,
      {
        type: 'enterTallies',
        rounds: 1,
        cards: [
          { text: 'A', points: [7] },
          { text: 'B', points: [0] },
        ],
      },
      asFacilitator(),
    );
    expect(evolve(inRoom, stray[3] as ThirtyFiveEvent)).toBe(inRoom);
  });
});
