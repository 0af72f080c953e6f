/**
 * Issue 13: a Thirty Five row keeps what its closed rounds settled (`closed`: each pair's lock),
 * written by the transition that closes a round, so a read folds the row and the current round's
 * records only. Property: for random games (cards, deal, random proposals and confirmations,
 * removals, rounds closed at random moments, the results), the state folded that way tells
 * everything the state folded from every record tells — the same tally, ranking, progress and
 * every player's view — and is the same state but for the closed rounds' raw records (which
 * nothing reads but their locks). Rows written before `closed` existed fold every record, and the
 * first round they close gets the whole history.
 */
import fc from 'fast-check';
import {
  decide,
  pairOf,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five';
import {
  roundProgress,
  tallyOf,
  viewFor,
  ranking,
} from '../../../src/domain/thirty-five/projections';
import { drawForDeal } from '../../../src/services/deal-draw';
import { thirtyFive } from '../../../src/services/thirty-five';
import type { StoredRecord } from '../../../src/storage/board';
import { keys } from '../../../src/storage/keys';
import type { GameRow } from '../../../src/storage/thirty-five';

const BOARD = '98305.closed-rounds';
const FACILITATOR = 'f0';

type Step = { readonly kind: number; readonly who: number; readonly x: number };

const gameArb = fc.record({
  n: fc.integer({ min: 2, max: 12 }),
  rounds: fc.integer({ min: 1, max: 6 }),
  points: fc.integer({ min: 1, max: 10 }),
  legacySteps: fc.nat({ max: 60 }),
  steps: fc.array(
    fc.record({
      kind: fc.integer({ min: 0, max: 9 }),
      who: fc.nat(),
      x: fc.nat(),
    }),
    { minLength: 1, maxLength: 120 },
  ),
});

/** The stored records a row's load reads (prefix queries over what was written). */
function loaded(row: GameRow, store: ReadonlyMap<string, unknown>): StoredRecord[] {
  const prefixes = thirtyFive.loadPrefixes(row, { board: BOARD, session: 1, actor: FACILITATOR });
  return [...store]
    .filter(([key]) => prefixes.some((p) => key.startsWith(p)))
    .map(([key, value]) => ({ key, value }));
}

/** The state without the raw records of rounds 1..through (what `closed` stands for). */
function beyond(state: ThirtyFiveState, through: number): unknown {
  const strip = (game: { splits: Readonly<Record<number, unknown>> }) => ({
    ...game,
    splits: Object.fromEntries(Object.entries(game.splits).filter(([r]) => Number(r) > through)),
  });
  if (state.phase === 'dealt' || state.phase === 'round') {
    return { ...state, game: strip(state.game) };
  }
  if ((state.phase === 'results' || state.phase === 'ended') && state.outcome.mode === 'online') {
    return { ...state, outcome: { ...state.outcome, game: strip(state.outcome.game) } };
  }
  return state;
}

function expectSameAnswers(kept: ThirtyFiveState, every: ThirtyFiveState, row: GameRow): void {
  expect(kept.phase).toBe(every.phase);
  expect(tallyOf(kept)).toEqual(tallyOf(every));
  expect(ranking(kept)).toEqual(ranking(every));
  expect(roundProgress(kept)).toEqual(roundProgress(every));
  for (const who of [FACILITATOR, ...Array.from({ length: 12 }, (_, i) => `p${i}`)]) {
    expect(viewFor(kept, who)).toEqual(viewFor(every, who));
  }
  expect(beyond(kept, row.closed?.length ?? 0)).toEqual(beyond(every, row.closed?.length ?? 0));
}

/** A game played on two rows: one keeping its closed rounds, one as rows were before. */
function play(g: {
  n: number;
  rounds: number;
  points: number;
  /** For this many steps the first row is written as rows were before `closed` (none kept). */
  legacySteps: number;
  steps: readonly Step[];
}): void {
  let asBeforeFor = g.legacySteps;
  const store = new Map<string, unknown>();
  const created = thirtyFive.create({
    place: { pageId: '98305', spaceId: '65537', spaceKey: 'COP' },
    starter: FACILITATOR,
    now: 0,
    payload: {},
    session: 1,
    sessions: [],
  });
  if (created instanceof Promise || !created.ok) throw new Error('create');
  let kept: GameRow = created.data;
  let legacy: GameRow = created.data;
  const people = Array.from({ length: g.n }, (_, i) => `p${i}`);
  let now = 1;
  for (const by of people) {
    now += 1;
    const card: ThirtyFiveEvent = {
      type: 'CardSubmitted',
      v: 1,
      by,
      text: `Card of ${by}`,
      firstAt: now,
      at: now,
    };
    store.set(keys.card(BOARD, by), card);
  }
  const stateOf = (row: GameRow) => thirtyFive.fold(row, loaded(row, store));

  /** A facilitator transition on both rows; `false` when refused. */
  const transition = (command: ThirtyFiveCommand): boolean => {
    now += 1;
    const ctx = { actor: FACILITATOR, now, isFacilitator: true };
    const decided = decide(stateOf(kept), command, ctx);
    const decidedLegacy = decide(stateOf(legacy), command, ctx);
    expect(decided.ok).toBe(decidedLegacy.ok);
    if (!decided.ok || !decidedLegacy.ok) return false;
    expect(decided.value).toEqual(decidedLegacy.value);
    kept = thirtyFive.append(kept, decided.value, { command, records: loaded(kept, store) });
    if (asBeforeFor > 0) {
      const { closed: _none, ...unkept } = kept;
      kept = unkept;
    }
    const { closed: _dropped, ...asBefore } = thirtyFive.append(legacy, decided.value, {
      command,
      records: loaded(legacy, store),
    });
    legacy = asBefore;
    return true;
  };

  const deal = drawForDeal(g.n);
  expect(
    transition({
      type: 'deal',
      seed: `seed-${g.n}`,
      draw: deal,
      rounds: g.rounds,
      points: g.points,
    }),
  ).toBe(g.n >= 2);

  for (const step of g.steps) {
    asBeforeFor -= 1;
    const who = people[step.who % people.length] as string;
    if (step.kind === 0) transition({ type: 'nextRound' });
    else if (step.kind === 1 && step.x % 7 === 0)
      transition({ type: 'removeParticipant', accountId: who });
    else if (step.kind === 2 && step.x % 5 === 0) transition({ type: 'showResults' });
    else {
      const state = stateOf(kept);
      if (state.phase !== 'round') continue;
      const pair = pairOf(state.game.schedule[state.round - 1], who);
      if (pair === null) continue;
      const partner = pair.a.player === who ? pair.b.player : pair.a.player;
      const theirs = state.game.splits[state.round]?.[partner];
      const first = step.x % (g.points + 1);
      const points =
        step.kind % 2 === 0 && theirs !== undefined
          ? theirs.points
          : { [pair.a.card]: first, [pair.b.card]: g.points - first };
      const command: ThirtyFiveCommand = {
        type: step.kind % 2 === 0 ? 'confirmSplit' : 'proposeSplit',
        points,
      };
      now += step.x % 3; // equal times too: the latest record is then chosen by content
      const decided = decide(state, command, { actor: who, now, isFacilitator: false });
      if (!decided.ok) continue;
      const [event] = decided.value as [ThirtyFiveEvent];
      const scope = { board: BOARD, session: 1, actor: who };
      const own = thirtyFive.participant.recordOf(scope, state, event);
      store.set(own.key, own.value);
    }
    expectSameAnswers(stateOf(kept), stateOf(legacy), kept);
  }
  transition({ type: 'showResults' });
  expectSameAnswers(stateOf(kept), stateOf(legacy), kept);
  // Once the results are shown, a read needs no split record at all.
  if (stateOf(kept).phase === 'results' && kept.closed !== undefined) {
    expect(loaded(kept, store).filter((r) => r.key.includes(':hs:'))).toEqual([]);
  }
}

describe('closed rounds kept in the row', () => {
  it('given random games, when rounds close at random moments, then folding the row and the current round tells the same as folding every record', () => {
    fc.assert(fc.property(gameArb, play), { numRuns: 150 });
  });

  it('given a row written before it kept its rounds, when the next round starts, then the row keeps every round so far', () => {
    play({
      n: 6,
      rounds: 4,
      points: 7,
      legacySteps: 20,
      steps: [
        { kind: 0, who: 0, x: 0 },
        ...Array.from({ length: 12 }, (_, i) => ({ kind: 3 + (i % 2), who: i >> 1, x: 3 })),
        { kind: 0, who: 0, x: 0 },
        ...Array.from({ length: 12 }, (_, i) => ({ kind: 3 + (i % 2), who: i >> 1, x: 1 })),
        { kind: 0, who: 0, x: 0 },
      ],
    });
  });

  it('keeps round 1 and round 10 apart', () => {
    expect(
      keys.heldCardSplit(BOARD, 10, 'c1').startsWith(keys.heldCardSplitRoundPrefix(BOARD, 1)),
    ).toBe(false);
    expect(
      keys.heldCardSplit(BOARD, 1, 'c1').startsWith(keys.heldCardSplitRoundPrefix(BOARD, 1)),
    ).toBe(true);
  });
});
