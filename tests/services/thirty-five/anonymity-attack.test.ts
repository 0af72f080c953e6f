/**
 * Issue 11, "Thirty Five cards are not anonymous": an ordinary participant watched the roster and
 * the notices while cards were collected, then read the card numbers (which followed submission
 * order) and attributed 5 of 5 cards. Here games are simulated through the domain and the
 * `thirtyFive/state` projection (`stateView`), with the notices the service publishes
 * (`{ version, kind }` after every accepted change, `services/thirty-five.ts`); one participant
 * records every notice and the answer they refetch after it, over collection, deal, rounds and
 * results. Attackers then attribute every other card from that record alone, and over many games
 * their hits are compared with what chance gives them.
 *
 * Chance: a guess made without information hits 1 in (n − 1) (the attacker knows their own card).
 * The rules themselves tell a player a little (nobody is dealt their own card, and the schedule
 * avoids pairs looking at a card one of them wrote): the combined attacker uses that too, and its
 * chance is a uniform guess among the people the rules leave possible. The check is two-sided,
 * 4.5 standard deviations; the games are seeded, so the test is deterministic.
 */
import type { ChangeNotice } from '../../../src/contract/channels';
import type { ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import { createRng, randomInt, shuffle, type Rng } from '../../../src/domain/random';
import {
  decide,
  evolve,
  initialState,
  type DealDraw,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five';
import { drawForDeal } from '../../../src/services/deal-draw';
import { stateView } from '../../../src/services/thirty-five-view';
import type { FacilitatorEvent, GameRow } from '../../../src/storage/thirty-five';

jest.setTimeout(300_000);

const T0 = 1_764_000_000_000;

/** Everything one participant received: each notice, and the answer they fetched after it. */
interface Transcript {
  readonly me: string;
  readonly seen: { readonly notice: ChangeNotice; readonly answer: ThirtyFiveStateView }[];
}

interface Game {
  readonly transcript: Transcript;
  /** Ground truth, for scoring the attackers only: card id → author. */
  readonly authorOf: ReadonlyMap<string, string>;
  readonly players: readonly string[];
}

const hex32 = (rng: Rng): string =>
  randomInt(rng, 2 ** 32)
    .toString(16)
    .padStart(8, '0');

/** A draw shaped as the server's (`drawForDeal`), from a seeded generator: uniform and independent. */
function seededDraw(rng: Rng, n: number): DealDraw {
  const ids = new Set<string>();
  while (ids.size < n) ids.add(`${hex32(rng)}${hex32(rng)}`);
  return { cardIds: [...ids], ranks: Array.from({ length: n }, () => randomInt(rng, 2 ** 32)) };
}

/** The draw made before ids were drawn: the k-th card by first submission was `ck`. */
function submissionOrderDraw(_rng: Rng, n: number): DealDraw {
  return {
    cardIds: Array.from({ length: n }, (_, i) => `c${i + 1}`),
    ranks: Array.from({ length: n }, (_, i) => i),
  };
}

/** How a game's draw is made: from the game's own generator, or as before ids were drawn. */
type DrawFor = (rng: Rng, n: number) => DealDraw;

const isFacilitatorEvent = (e: ThirtyFiveEvent): e is FacilitatorEvent =>
  e.type !== 'CardSubmitted' && e.type !== 'SplitProposed' && e.type !== 'SplitConfirmed';

/**
 * Plays one game of `n` with every notice and refetch the service would cause, recorded for
 * `players[attackerIndex]`. People submit in a random order (some edit their card later), the
 * facilitator deals, every pair splits at random (about one pair in ten never agrees), results.
 */
function playGame(rng: Rng, n: number, drawFor: DrawFor, rounds = 5): Game {
  const players = Array.from({ length: n }, () => `557058:${hex32(rng)}-${hex32(rng)}`);
  const me = players[randomInt(rng, n)] as string;
  const facilitator = players[0] as string;
  let state: ThirtyFiveState = initialState;
  let row: GameRow = {
    version: 1,
    spaceKey: 'COP',
    spaceId: '65537',
    startedBy: facilitator,
    startedAt: T0,
    contentId: '98305',
    session: 1,
    sessions: [],
    log: [],
    backlog: null,
    notes: null,
  };
  let now = T0;
  const seen: Transcript['seen'] = [];
  const publish = (kind: string) => {
    seen.push({
      notice: { version: row.version, kind },
      answer: stateView(row, state, me, me === facilitator),
    });
  };
  const act = (command: ThirtyFiveCommand, actor: string, kind: string) => {
    now += 1 + randomInt(rng, 20_000);
    const decided = decide(state, command, { actor, now, isFacilitator: actor === facilitator });
    if (!decided.ok) throw new Error(`${command.type}: ${decided.error.code}`);
    state = decided.value.reduce(evolve, state);
    const logged = decided.value.filter(isFacilitatorEvent);
    if (logged.length > 0) row = { ...row, version: row.version + 1, log: [...row.log, ...logged] };
    publish(kind);
  };

  for (const p of shuffle(players, rng))
    act({ type: 'submitCard', text: `Topic ${hex32(rng)}` }, p, 'card');
  for (const p of shuffle(players, rng).slice(0, randomInt(rng, n))) {
    act({ type: 'submitCard', text: `Edited ${hex32(rng)}` }, p, 'card');
  }
  act({ type: 'deal', seed: hex32(rng), draw: drawFor(rng, n), rounds }, facilitator, 'dealt');
  for (let r = 1; r <= rounds; r += 1) {
    act({ type: 'nextRound' }, facilitator, 'round');
    if (state.phase !== 'round') throw new Error('not in a round');
    const plan = state.game.schedule[r - 1];
    for (const pair of shuffle(plan?.pairs ?? [], rng)) {
      if (randomInt(rng, 10) === 0) continue;
      const [first, second] = randomInt(rng, 2) === 0 ? [pair.a, pair.b] : [pair.b, pair.a];
      const given = randomInt(rng, 8);
      const points = { [first.card]: given, [second.card]: 7 - given };
      act({ type: 'proposeSplit', points }, first.player, 'split');
      act({ type: 'confirmSplit', points }, second.player, 'split');
    }
  }
  act({ type: 'showResults' }, facilitator, 'results');
  if (state.phase !== 'results' || state.outcome.mode !== 'online') throw new Error('no results');
  const authorOf = new Map(state.outcome.game.cards.map((c) => [c.id, c.author as string]));
  return { transcript: { me, seen }, authorOf, players };
}

/* ----------------------------------------------------------------------- the attacker's reading */

/** What one participant can read off their transcript. */
interface Reading {
  readonly me: string;
  /** Other people, in the order they first appeared on the roster while cards were collected. */
  readonly submitters: readonly string[];
  readonly myCardId: string;
  /** Other cards in the final ranking's order. */
  readonly ranked: readonly string[];
  /** Other cards by id, numbers as numbers (`c2` before `c10`), hex as text. */
  readonly byId: readonly string[];
  /** Card id → the people the attacker saw holding it (partners across the table). */
  readonly holders: ReadonlyMap<string, ReadonlySet<string>>;
}

const naturalOrder = (a: string, b: string): number =>
  a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function read(transcript: Transcript): Reading {
  const { me, seen } = transcript;
  const submitters: string[] = [];
  const holders = new Map<string, Set<string>>();
  let myCardId = '';
  let ranked: readonly string[] = [];
  for (const { answer } of seen) {
    if (answer.phase === 'collecting') {
      for (const p of answer.players) {
        if (p !== me && !submitters.includes(p)) submitters.push(p);
      }
    }
    const view = answer.view;
    if (view !== null && view.phase !== 'collecting' && view.myCard !== null) {
      myCardId = view.myCard.id;
    }
    if (view?.phase === 'round' && view.seat?.kind === 'pair') {
      const held = holders.get(view.seat.theirs.id) ?? new Set<string>();
      held.add(view.seat.partner);
      holders.set(view.seat.theirs.id, held);
    }
    if (answer.ranking !== null) ranked = answer.ranking.map((c) => c.id);
  }
  const others = ranked.filter((id) => id !== myCardId);
  return {
    me,
    submitters,
    myCardId,
    ranked: others,
    byId: [...others].sort(naturalOrder),
    holders,
  };
}

/** An attacker names an author for each other card. */
type Attacker = (r: Reading) => ReadonlyMap<string, string>;

/** The attack: card numbers follow submission order. */
const byIdOrder: Attacker = (r) => new Map(r.byId.map((id, k) => [id, r.submitters[k] ?? '']));

/** The ranking's order (and so its tie-breaks) follows submission order. */
const byRankingOrder: Attacker = (r) =>
  new Map(r.ranked.map((id, k) => [id, r.submitters[k] ?? '']));

/** The people the rules leave possible for a card: not me, not anyone I saw holding it. */
const candidatesFor = (r: Reading, id: string): string[] =>
  r.submitters.filter((p) => !(r.holders.get(id)?.has(p) ?? false));

/** The best combination: the id-order guess, else the ranking-order guess, else the earliest candidate. */
const combined: Attacker = (r) => {
  const idGuess = byIdOrder(r);
  const rankGuess = byRankingOrder(r);
  return new Map(
    r.byId.map((id) => {
      const candidates = candidatesFor(r, id);
      const pick = [idGuess.get(id), rankGuess.get(id), candidates[0]].find(
        (p) => p !== undefined && candidates.includes(p),
      );
      return [id, pick ?? ''];
    }),
  );
};

interface Tally {
  readonly hits: number;
  readonly trials: number;
  /** Expected hits by chance, and the variance of that count. */
  readonly mean: number;
  readonly variance: number;
}

/**
 * Scores an attacker over games. `chance(r, id, author)` is the probability that a guess with no
 * information beyond the rules hits.
 */
function score(
  games: readonly Game[],
  attacker: Attacker,
  chance: (r: Reading, id: string, author: string) => number,
): Tally {
  let hits = 0;
  let trials = 0;
  let mean = 0;
  let variance = 0;
  for (const game of games) {
    const reading = read(game.transcript);
    const guesses = attacker(reading);
    for (const id of reading.byId) {
      const author = game.authorOf.get(id) as string;
      const p = chance(reading, id, author);
      hits += guesses.get(id) === author ? 1 : 0;
      trials += 1;
      mean += p;
      variance += p * (1 - p);
    }
  }
  return { hits, trials, mean, variance };
}

const uniform = (r: Reading): number => 1 / r.submitters.length;
const amongCandidates = (r: Reading, id: string, author: string): number => {
  const candidates = candidatesFor(r, id);
  return candidates.includes(author) ? 1 / candidates.length : 0;
};

/** Within 4.5 standard deviations of chance, both ways (worse than chance would be a signal too). */
const atChance = (t: Tally): boolean =>
  Math.abs(t.hits - t.mean) <= 4.5 * Math.sqrt(Math.max(t.variance, 1));

function games(count: number, seed: string, drawFor: DrawFor, sizes: readonly number[]): Game[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () =>
    playGame(rng, sizes[randomInt(rng, sizes.length)] as number, drawFor),
  );
}

describe('the issue replayed: six players, one watches and attributes the other five cards', () => {
  it('given card numbers in submission order (as before), when the attacker reads them, then every card is attributed: 5 of 5 in every game', () => {
    const played = games(40, 'issue-11-before', submissionOrderDraw, [6]);
    const before = score(played, byIdOrder, uniform);
    expect(before.trials).toBe(40 * 5);
    expect(before.hits).toBe(before.trials);
    expect(atChance(before)).toBe(false);
  });

  it('given the server draws ids and the deal order, when the same attacker reads them, then their hits are what chance gives (1 in 5)', () => {
    const played = games(400, 'issue-11-after', seededDraw, [6]);
    const after = score(played, byIdOrder, uniform);
    expect(after.trials).toBe(400 * 5);
    expect(after.mean).toBeCloseTo(400, 6);
    expect(atChance(after)).toBe(true);
  });
});

describe('property: whatever one participant receives attributes no card better than chance', () => {
  const sizes = [3, 4, 5, 6, 7, 8, 9];
  let played: Game[] = [];

  beforeAll(() => {
    played = games(500, 'anonymity-property', seededDraw, sizes);
  });

  it.each<[string, Attacker, typeof uniform | typeof amongCandidates]>([
    ['card ids in submission order', byIdOrder, uniform],
    ['the ranking (and its ties) in submission order', byRankingOrder, uniform],
    ['every clue combined with what the rules tell', combined, amongCandidates],
  ])('an attacker reading %s hits at chance', (_label, attacker, chance) => {
    const tally = score(played, attacker, chance);
    expect(tally.trials).toBeGreaterThan(1500);
    expect(atChance(tally)).toBe(true);
  });

  it('the same check catches the old numbering: the combined attacker then beats chance by far', () => {
    const before = games(60, 'anonymity-property-before', submissionOrderDraw, sizes);
    const tally = score(before, combined, amongCandidates);
    expect(tally.hits).toBeGreaterThan(tally.mean + 10 * Math.sqrt(tally.variance));
  });

  it('no notice carries anything but a version and a kind, and card notices do not move the version', () => {
    for (const game of played.slice(0, 50)) {
      for (const { notice } of game.transcript.seen) {
        expect(Object.keys(notice).sort()).toEqual(['kind', 'version']);
      }
      const cardVersions = new Set(
        game.transcript.seen.filter((s) => s.notice.kind === 'card').map((s) => s.notice.version),
      );
      expect(cardVersions.size).toBe(1);
    }
  });

  it('no answer names an author, a submission time or the deal order', () => {
    for (const game of played.slice(0, 50)) {
      for (const { answer } of game.transcript.seen) {
        const json = JSON.stringify(answer);
        expect(json).not.toMatch(/"(author|firstAt|order|ranks|draw)"\s*:/);
      }
    }
  });
});

describe('the server draw', () => {
  it('gives one distinct well-formed id and one rank for every card a game can hold', () => {
    const draw = drawForDeal();
    expect(draw.cardIds).toHaveLength(200);
    expect(new Set(draw.cardIds).size).toBe(200);
    expect(draw.cardIds.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(draw.ranks).toHaveLength(200);
    expect(draw.ranks.every((r) => Number.isInteger(r) && r >= 0 && r < 2 ** 48)).toBe(true);
  });

  it('given the server draw, when a game is dealt, then every card carries a drawn id', () => {
    const rng = createRng('drawn-ids');
    const game = playGame(rng, 5, (_rng, n) => drawForDeal(n), 1);
    expect([...game.authorOf.keys()].every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    const last = game.transcript.seen.at(-1)?.answer;
    expect(last?.view?.phase === 'results' && last.view.myCard?.id).toMatch(/^[0-9a-f]{16}$/);
  });
});
