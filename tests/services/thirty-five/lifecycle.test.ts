/**
 * The game's other paths through the real resolvers: nothing before the start, joining closes at
 * the deal, a removal keeps every card in play, the in-room tally, anonymity of cards, and refused
 * payloads.
 */
import {
  THIRTY_FIVE,
  type Accepted,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { rankTally, validateTallies } from '../../../src/domain/thirty-five';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { accepted, facilitate, freshMacro, gameWithCards, SEVEN, stateOf } from './helpers';

let app: AppHost;
beforeAll(async () => {
  app = await startAppHost();
});
afterAll(async () => {
  await app.close();
});

const FIVE = SEVEN.slice(0, 5);

describe('before the start', () => {
  it('given a fresh macro, when someone looks or joins, then it is not started and the join is refused', async () => {
    const macro = freshMacro(app);
    expect(await stateOf(macro.as(USERS.bob))).toMatchObject({
      phase: 'not-started',
      step: 'not-started',
      startedBy: null,
    });
    const join = await macro.as(USERS.bob).invoke(THIRTY_FIVE.join, { text: 'Early bird' });
    expect(join).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    accepted(await macro.as(USERS.alice).invoke<Accepted>(THIRTY_FIVE.start));
    expect(await stateOf(macro.as(USERS.bob))).toMatchObject({
      phase: 'collecting',
      step: 'write-card',
      startedBy: USERS.alice,
    });
  });
});

describe('collecting', () => {
  it('given cards, when a player looks, then they see only their own card and the count', async () => {
    const game = await gameWithCards(app, USERS.alice, FIVE);
    const s = await stateOf(game.as(USERS.chloe));
    expect(s.view).toEqual({
      phase: 'collecting',
      role: 'player',
      myCard: 'Topic 3',
      cardCount: 5,
    });
    expect(s.names).toMatchObject({
      [USERS.alice]: 'Alice Facilitator',
      [USERS.bob]: 'Bob Scrum Master',
      [USERS.eve]: 'Eve Developer',
    });
    const json = JSON.stringify(s);
    for (const other of ['Topic 1', 'Topic 2', 'Topic 4', 'Topic 5']) {
      expect(json).not.toContain(other);
    }
  });

  it('given an edit, when the card is re-sent, then it replaces the old text and keeps its place', async () => {
    const game = await gameWithCards(app, USERS.alice, FIVE);
    accepted(
      await game.as(USERS.bob).invoke<Accepted>(THIRTY_FIVE.writeCard, { text: '  Flow  ' }),
    );
    expect((await stateOf(game.as(USERS.bob))).view).toMatchObject({
      myCard: 'Flow',
      cardCount: 5,
    });
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal));
    const s = await stateOf(game.as(USERS.bob));
    expect(s.view).toMatchObject({ phase: 'dealt', myCard: { text: 'Flow' } });
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['an empty card', 'CARD_EMPTY', { text: '   ' }],
    ['a card of 201 characters', 'CARD_TOO_LONG', { text: 'x'.repeat(201) }],
    ['an unknown field', 'INVALID_PAYLOAD', { text: 'ok', author: USERS.alice }],
    ['a number for text', 'INVALID_PAYLOAD', { text: 7 }],
  ])('given %s, when it is sent, then %s', async (_label, code, payload) => {
    const game = await gameWithCards(app, USERS.alice, []);
    app.resetCounters();
    const r = await game.as(USERS.bob).invoke(THIRTY_FIVE.join, payload);
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(app.counters().realtimePublishes).toBe(0);
    expect(app.counters().kvs.transaction ?? 0).toBe(0);
  });

  it('given one card, when the facilitator deals, then TOO_FEW_PARTICIPANTS', async () => {
    const game = await gameWithCards(app, USERS.alice, [USERS.alice]);
    const r = await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal);
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_FEW_PARTICIPANTS' } });
  });
});

describe('after the deal', () => {
  it('given a dealt game, when a latecomer joins, then WRONG_PHASE and they watch', async () => {
    const game = await gameWithCards(app, USERS.alice, FIVE);
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal));
    const late = await game.as(USERS.sam).invoke(THIRTY_FIVE.join, { text: 'Too late' });
    expect(late).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect(await stateOf(game.as(USERS.sam))).toMatchObject({ step: 'watch', cardCount: 5 });
  });

  it('given a game of five, when nobody looks at authors, then no state ever names who wrote a card', async () => {
    const game = await gameWithCards(app, USERS.alice, FIVE);
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal));
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.showResults));
    for (const p of FIVE) {
      const s = await stateOf(game.as(p));
      expect(JSON.stringify(s)).not.toContain('author');
      expect(Object.keys(s.ranking?.[0] ?? {}).sort()).toEqual(
        ['fullSplits', 'id', 'normalised', 'perRound', 'rank', 'ratings', 'raw', 'text'].sort(),
      );
    }
  });

  it('given round 1 played, when a player is removed, then every card stays in play and the rest re-planned', async () => {
    const game = await gameWithCards(app, USERS.alice, FIVE);
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal, { rounds: 3 }));
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
    accepted(
      await facilitate(game.as(USERS.alice), THIRTY_FIVE.removeParticipant, {
        accountId: USERS.eve,
      }),
    );
    const removed = await stateOf(game.as(USERS.eve));
    expect(removed).toMatchObject({ step: 'watch', removed: [USERS.eve] });
    expect(removed.view).toMatchObject({ role: 'removed' });
    expect(removed.players).not.toContain(USERS.eve);
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
    const states: ThirtyFiveStateView[] = [];
    for (const p of FIVE.slice(0, 4)) states.push(await stateOf(game.as(p)));
    expect(states.every((s) => s.step === 'propose')).toBe(true);
    expect(states[0]?.progress).toMatchObject({ round: 2, pairsTotal: 2, byes: [] });
    expect(states[0]?.cardCount).toBe(5);
    const again = await facilitate(game.as(USERS.alice), THIRTY_FIVE.removeParticipant, {
      accountId: USERS.eve,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PARTICIPANT' } });
  });
});

describe('in-room mode', () => {
  const paper = [
    { text: 'Paper: flow metrics', points: [4, 7, null] },
    { text: 'Paper: PO pairing', points: [3, 2, 5] },
    { text: 'Paper: retros', points: [null, 5, 2] },
    { text: 'Paper: OKRs', points: [null, 0, null] },
  ];

  it('given paper cards, when the facilitator types the tallies, then the ranking is the domain ranking', async () => {
    const game = await gameWithCards(app, USERS.alice, []);
    accepted(
      await facilitate(game.as(USERS.alice), THIRTY_FIVE.enterTallies, {
        cards: paper,
        rounds: 3,
        points: 7,
      }),
    );
    const expected = validateTallies(paper, 3, 7);
    if (!expected.ok) throw new Error('the fixture is valid');
    const s = await stateOf(game.as(USERS.bob));
    expect(s).toMatchObject({ phase: 'results', mode: 'in-room', cardCount: 4, rounds: 3 });
    expect(s.ranking).toEqual(rankTally(expected.value));
  });

  it('given numbers that do not add up per pair, when typed, then INVALID_TALLY and nothing changes', async () => {
    const game = await gameWithCards(app, USERS.alice, []);
    const wrong = paper.map((c, i) => (i === 0 ? { ...c, points: [5, 7, null] } : c));
    app.resetCounters();
    const r = await facilitate(game.as(USERS.alice), THIRTY_FIVE.enterTallies, {
      cards: wrong,
      rounds: 3,
      points: 7,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_TALLY' } });
    expect(app.counters().kvs.transaction ?? 0).toBe(0);
    expect((await stateOf(game.as(USERS.alice))).phase).toBe('collecting');
  });
});
