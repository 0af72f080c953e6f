/**
 * Who may do what, through the real resolvers: every facilitator-only command is refused for a
 * participant (nothing written, nothing published) and accepted from a space admin; nobody splits
 * for a pair they are not in; another macro's game cannot be reached.
 */
import { THIRTY_FIVE, type Accepted } from '../../../src/contract/thirty-five';
import type { ApiResult } from '../../../src/contract/result';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { accepted, facilitate, freshMacro, gameWithCards, stateOf } from './helpers';

let app: AppHost;
beforeAll(async () => {
  app = await startAppHost();
});
afterAll(async () => {
  await app.close();
});

const FOUR = [USERS.alice, USERS.bob, USERS.chloe, USERS.dev];
const WRITES = ['set', 'delete', 'transaction', 'entity/set', 'entity/delete', 'batch/set'];

/** Nothing was written and nothing published since the last reset. */
function expectNoChange(): void {
  const c = app.counters();
  for (const kind of WRITES) expect(c.kvs[kind] ?? 0).toBe(0);
  expect(c.realtimePublishes).toBe(0);
}

type Phase = 'collecting' | 'dealt' | 'round' | 'results';

/** A game of four started by alice, brought to `phase` by its facilitator. */
async function gameIn(phase: Phase): Promise<Awaited<ReturnType<typeof gameWithCards>>> {
  const game = await gameWithCards(app, USERS.alice, FOUR);
  const steps: Phase[] = ['dealt', 'round', 'results'];
  const commands = [THIRTY_FIVE.deal, THIRTY_FIVE.nextRound, THIRTY_FIVE.showResults];
  for (const [i, step] of steps.entries()) {
    if (steps.indexOf(phase) < i) break;
    expect(step).toBeDefined();
    accepted(await facilitate(game.as(USERS.alice), commands[i] as string));
  }
  return game;
}

const tallies = {
  rounds: 1,
  points: 7,
  cards: [
    { text: 'Paper card one', points: [5] },
    { text: 'Paper card two', points: [2] },
  ],
};

describe('facilitator-only commands', () => {
  it.each<[string, Phase, Record<string, unknown>]>([
    [THIRTY_FIVE.deal, 'collecting', {}],
    [THIRTY_FIVE.enterTallies, 'collecting', tallies],
    [THIRTY_FIVE.nextRound, 'dealt', {}],
    [THIRTY_FIVE.removeParticipant, 'round', { accountId: USERS.chloe }],
    [THIRTY_FIVE.showResults, 'round', {}],
    [THIRTY_FIVE.sendToBacklog, 'results', {}],
    [THIRTY_FIVE.end, 'results', {}],
  ])(
    'given a game %s is legal in (%s), when a participant gives it, then NOT_FACILITATOR and nothing changes; a space admin may',
    async (name, phase, payload) => {
      const game = await gameIn(phase);
      const before = await stateOf(game.as(USERS.bob));
      app.resetCounters();
      const refused = await game
        .as(USERS.bob)
        .invoke(name, { version: before.version, ...payload });
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
      expectNoChange();
      expect((await stateOf(game.as(USERS.bob))).version).toBe(before.version);

      const admin = await game
        .as(USERS.sam)
        .invoke<Accepted>(name, { version: before.version, ...payload });
      // A round-closing transition seals the row first (one version), then lands (the next).
      const steps = name === THIRTY_FIVE.nextRound || name === THIRTY_FIVE.showResults ? 2 : 1;
      expect(admin).toMatchObject({ ok: true, data: { version: before.version + steps } });
      expect((await stateOf(game.as(USERS.sam))).isFacilitator).toBe(true);
    },
  );

  it('given a started game, when someone else starts it again, then the first starter stays facilitator', async () => {
    const game = await gameIn('collecting');
    app.resetCounters();
    expect(await game.as(USERS.bob).invoke(THIRTY_FIVE.start)).toEqual({
      ok: true,
      data: { version: 1 },
    });
    expectNoChange();
    expect(await stateOf(game.as(USERS.bob))).toMatchObject({
      startedBy: USERS.alice,
      isFacilitator: false,
    });
  });
});

describe('splits are for the pair you sit in', () => {
  async function roundOne() {
    const game = await gameIn('round');
    const seats = new Map<string, { partner: string; mine: string; theirs: string }>();
    for (const p of FOUR) {
      const s = await stateOf(game.as(p));
      const seat = s.view?.phase === 'round' ? s.view.seat : null;
      if (seat?.kind !== 'pair') throw new Error('four players sit in two pairs');
      seats.set(p, { partner: seat.partner, mine: seat.mine.id, theirs: seat.theirs.id });
    }
    const [a] = FOUR as [string];
    const seatA = seats.get(a) as { partner: string; mine: string; theirs: string };
    const outsider = FOUR.find((p) => p !== a && p !== seatA.partner) as string;
    const points = { [seatA.mine]: 4, [seatA.theirs]: 3 };
    return { game, a, b: seatA.partner, outsider, points };
  }

  it('given a proposal in another pair, when an outsider confirms it, then INVALID_SPLIT and the pair is not locked', async () => {
    const { game, a, b, outsider, points } = await roundOne();
    accepted(await game.as(a).invoke<Accepted>(THIRTY_FIVE.proposeSplit, { round: 1, points }));
    app.resetCounters();
    for (const name of [THIRTY_FIVE.confirmSplit, THIRTY_FIVE.proposeSplit]) {
      const r = await game.as(outsider).invoke(name, { round: 1, points });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_SPLIT' } });
    }
    expectNoChange();
    const partner = await stateOf(game.as(b));
    expect(partner.step).toBe('confirm');
    expect(partner.progress?.pairsConfirmed).toBe(0);
  });

  it('given a pair, when someone not playing or a stale round confirms, then NOT_A_PARTICIPANT / WRONG_PHASE', async () => {
    const { game, a, b, points } = await roundOne();
    accepted(await game.as(a).invoke<Accepted>(THIRTY_FIVE.proposeSplit, { round: 1, points }));
    app.resetCounters();
    const viewer = await game.as(USERS.eve).invoke(THIRTY_FIVE.confirmSplit, { round: 1, points });
    expect(viewer).toMatchObject({ ok: false, error: { code: 'NOT_A_PARTICIPANT' } });
    const stale = await game.as(b).invoke(THIRTY_FIVE.confirmSplit, { round: 2, points });
    expect(stale).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expectNoChange();
  });

  it('given a locked split, when either partner proposes again, then SPLIT_LOCKED', async () => {
    const { game, a, b, points } = await roundOne();
    accepted(await game.as(a).invoke<Accepted>(THIRTY_FIVE.proposeSplit, { round: 1, points }));
    accepted(await game.as(b).invoke<Accepted>(THIRTY_FIVE.confirmSplit, { round: 1, points }));
    app.resetCounters();
    const flipped = Object.fromEntries(Object.entries(points).map(([k, v]) => [k, 7 - v]));
    for (const p of [a, b]) {
      const r = await game.as(p).invoke(THIRTY_FIVE.proposeSplit, { round: 1, points: flipped });
      expect(r).toMatchObject({ ok: false, error: { code: 'SPLIT_LOCKED' } });
    }
    expectNoChange();
  });

  it('given five players, when the one with the bye proposes, then NOT_IN_PAIR', async () => {
    const game = await gameWithCards(app, USERS.alice, [...FOUR, USERS.eve]);
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal));
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
    const states = await Promise.all([...FOUR, USERS.eve].map((p) => stateOf(game.as(p))));
    const bye = states.find((s) => s.step === 'bye');
    const other = states.find((s) => s.cards !== null);
    if (bye === undefined || other?.cards == null) throw new Error('one bye, two pairs');
    const [x, y] = other.cards;
    app.resetCounters();
    const r = await game
      .as(bye.me)
      .invoke(THIRTY_FIVE.proposeSplit, { round: 1, points: { [x.id]: 7, [y.id]: 0 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_IN_PAIR' } });
    expectNoChange();
  });
});

describe('another macro is another game', () => {
  it('given a game in one macro, when the same people act from another macro, then they cannot reach it', async () => {
    const game = await gameIn('round');
    const before = await stateOf(game.as(USERS.alice));
    const elsewhere = freshMacro(app);
    app.resetCounters();
    expect((await stateOf(elsewhere.as(USERS.alice))).phase).toBe('not-started');
    const attempts: ApiResult<unknown>[] = [
      await elsewhere.as(USERS.alice).invoke(THIRTY_FIVE.nextRound, { version: 1 }),
      await elsewhere.as(USERS.alice).invoke(THIRTY_FIVE.showResults, { version: 1 }),
      await elsewhere.as(USERS.bob).invoke(THIRTY_FIVE.join, { text: 'Sneaking in' }),
    ];
    for (const r of attempts) expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const smuggled = await elsewhere
      .as(USERS.alice)
      .invoke(THIRTY_FIVE.nextRound, { version: 1, localId: game.localId });
    expect(smuggled).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const otherModule = await app
      .as(USERS.alice, { localId: game.localId, moduleKey: 'lean-coffee' })
      .invoke(THIRTY_FIVE.showResults, { version: before.version });
    expect(otherModule).toMatchObject({ ok: false, error: { code: 'NOT_IN_MACRO' } });
    expectNoChange();
    // The same view, but for the server's clock it carries (`now`, for the round timer).
    expect({ ...(await stateOf(game.as(USERS.alice))), now: before.now }).toEqual(before);
  });
});
