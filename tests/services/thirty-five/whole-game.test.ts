/**
 * A whole Thirty Five with 7 participants (odd: one bye a round) through the real resolvers in the
 * local host: join, deal, 5 rounds of propose / confirm, results, backlog import, notes page. The
 * ranking the game shows equals the domain's ranking of the splits the pairs actually agreed, and
 * every participant action cost one KVS read, one KVS write and one publish.
 */
import type { BacklogView } from '../../../src/contract/backlog';
import {
  THIRTY_FIVE,
  THIRTY_FIVE_TIE_BREAK_RULE,
  type Accepted,
  type Ended,
  type SentToBacklog,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import {
  compareScores,
  rankTally,
  type RankedCard,
  type Tally,
} from '../../../src/domain/thirty-five';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { accepted, facilitate, gameWithCards, SEVEN, stateOf } from './helpers';

let app: AppHost;
beforeAll(async () => {
  app = await startAppHost();
});
afterAll(async () => {
  await app.close();
});

/** A varied split: the proposer's card gets 0..7 depending on round and the (random) card ids. */
const proposal = (round: number, mine: string, theirs: string, points: number): number =>
  (round * 3 + parseInt(mine.slice(-3), 16) * 5 + parseInt(theirs.slice(-3), 16)) % (points + 1);

/** A ranking's score lines by card id, without their places. */
const linesById = (ranked: readonly RankedCard[]) =>
  ranked.map(({ rank: _rank, ...line }) => line).sort((x, y) => (x.id < y.id ? -1 : 1));

describe('a whole game of seven', () => {
  it('given seven players, when they play five rounds, then the results are the domain ranking of their splits', async () => {
    const facilitator = USERS.alice;
    const game = await gameWithCards(app, facilitator, SEVEN);
    app.resetCounters();

    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.deal, { rounds: 5, points: 7 }));
    const cardText = new Map<string, string>();
    for (const p of SEVEN) {
      const s = await stateOf(game.as(p));
      expect(s).toMatchObject({ phase: 'dealt', step: 'wait-for-round', rounds: 5, points: 7 });
      if (s.view?.phase !== 'dealt' || s.view.myCard === null) throw new Error('no card');
      cardText.set(s.view.myCard.id, s.view.myCard.text);
    }
    // Seven distinct ids drawn at the deal: opaque, not numbers in submission order.
    expect(cardText.size).toBe(7);
    expect([...cardText.keys()].every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);

    const truth = new Map<string, (number | null)[]>(
      [...cardText.keys()].map((id) => [id, [null, null, null, null, null]]),
    );
    const byes: string[] = [];
    let proposals = 0;
    // Split commands by people who facilitate (the starter, a space admin): their answers' views
    // list the asks to join, so they query those too.
    const byFacilitators = { propose: 0, confirm: 0 };
    for (let round = 1; round <= 5; round += 1) {
      accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.nextRound));
      const states = new Map<string, ThirtyFiveStateView>();
      for (const p of SEVEN) states.set(p, await stateOf(game.as(p)));
      const roundByes = SEVEN.filter((p) => states.get(p)?.step === 'bye');
      expect(roundByes).toHaveLength(1);
      byes.push(...roundByes);

      const done = new Set<string>();
      for (const p of SEVEN) {
        const s = states.get(p) as ThirtyFiveStateView;
        if (s.step === 'bye' || done.has(p)) continue;
        expect(s.step).toBe('propose');
        const seat = s.view?.phase === 'round' ? s.view.seat : null;
        if (seat?.kind !== 'pair' || s.cards === null) throw new Error('expected a pair');
        expect(s.cards).toEqual([seat.mine, seat.theirs]);
        const partner = seat.partner;
        done.add(p).add(partner);
        const mine = proposal(round, seat.mine.id, seat.theirs.id, 7);
        const points = { [seat.mine.id]: mine, [seat.theirs.id]: 7 - mine };
        accepted(await game.as(p).invoke<Accepted>(THIRTY_FIVE.proposeSplit, { round, points }));
        proposals += 1;
        if (s.isFacilitator) byFacilitators.propose += 1;
        if (states.get(partner)?.isFacilitator === true) byFacilitators.confirm += 1;
        expect((await stateOf(game.as(partner))).step).toBe('confirm');
        expect((await stateOf(game.as(p))).step).toBe('wait-for-partner');
        accepted(
          await game.as(partner).invoke<Accepted>(THIRTY_FIVE.confirmSplit, { round, points }),
        );
        expect((await stateOf(game.as(p))).step).toBe('wait-for-round');
        (truth.get(seat.mine.id) as (number | null)[])[round - 1] = mine;
        (truth.get(seat.theirs.id) as (number | null)[])[round - 1] = 7 - mine;
      }
      const progress = (await stateOf(game.as(facilitator))).progress;
      expect(progress).toMatchObject({ round, pairsTotal: 3, pairsConfirmed: 3, missing: [] });
    }
    // Byes rotate: five rounds, five different people sat out.
    expect(new Set(byes).size).toBe(5);
    const last = await facilitate(game.as(facilitator), THIRTY_FIVE.nextRound);
    expect(last).toMatchObject({ ok: false, error: { code: 'NO_MORE_ROUNDS' } });

    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.showResults));
    const tally: Tally = {
      rounds: 5,
      points: 7,
      cards: [...truth.entries()].map(([id, perRound]) => ({
        id,
        text: cardText.get(id) as string,
        perRound,
      })),
    };
    // The last tie-break is the deal's hidden order, which no answer shows: the ranking must hold
    // the same score lines as the domain's ranking of the agreed splits, in score order, with the
    // same places; the order within a tie is the game's own.
    const expected = rankTally(tally);
    const shown = (await stateOf(game.as(facilitator))).ranking ?? [];
    expect(linesById(shown)).toEqual(linesById(expected));
    expect(shown.map((c) => c.rank)).toEqual(expected.map((c) => c.rank));
    expect(shown.slice(1).every((c, i) => compareScores(shown[i] as RankedCard, c) <= 0)).toBe(
      true,
    );
    for (const p of [...SEVEN, USERS.sam]) {
      const s = await stateOf(game.as(p));
      expect(s.phase).toBe('results');
      expect(s.ranking).toEqual(shown);
    }
    // A card that sat out a round is compared by its mean × rounds (it has 4 ratings, not 5).
    expect(expected.some((c) => c.ratings === 4)).toBe(true);

    const spent = app.counters().byFunction;
    expect(byFacilitators.propose + byFacilitators.confirm).toBeGreaterThan(0);
    for (const [name, n, facilitating] of [
      [THIRTY_FIVE.proposeSplit, proposals, byFacilitators.propose],
      [THIRTY_FIVE.confirmSplit, proposals, byFacilitators.confirm],
    ] as const) {
      // The command: one batch read (with the space's curator list, for the answer), one
      // transaction, one publish. Its answer's view (issue 13): the round's records query, and
      // for a facilitator the asks to join too (a player never has one of their own).
      expect(spent[name]).toEqual({
        invocations: n,
        kvs: { 'batch/get': n, transaction: n, query: n + facilitating },
        kvsTotal: 3 * n + facilitating,
        realtimePublishes: n,
        confluenceRequests: 0,
        // Forge's metering of the same calls (emulator/counters.ts): the view's query reads the
        // round's records, whose size grows with the game.
        kvsReadUnits: expect.any(Number) as number,
        kvsWriteUnits: n,
        confluencePoints: 0,
      });
      // At least a unit for each read request: the batch get and each query.
      expect(spent[name]?.kvsReadUnits).toBeGreaterThanOrEqual(2 * n + facilitating);
    }
    for (const name of [THIRTY_FIVE.deal, THIRTY_FIVE.showResults]) {
      expect(spent[name]).toMatchObject({ invocations: 1, realtimePublishes: 1 });
    }
    expect(spent[THIRTY_FIVE.deal]?.kvs.transaction).toBe(1);
    // Showing the results closes the last round: the seal, then the row with the round's locks.
    expect(spent[THIRTY_FIVE.showResults]?.kvs.transaction).toBe(2);
    expect(spent[THIRTY_FIVE.nextRound]).toMatchObject({ invocations: 6, realtimePublishes: 5 });
    expect(spent[THIRTY_FIVE.state]?.realtimePublishes).toBe(0);

    // Hand-off: the ranking goes to the backlog, and ending writes the notes page with it.
    const sent = accepted(
      await facilitate<SentToBacklog>(game.as(facilitator), THIRTY_FIVE.sendToBacklog),
    );
    expect(sent.imported).toBe(7);
    const backlog = accepted(await game.as(USERS.bob).invoke<BacklogView>('backlog/list', {}));
    const imported = backlog.topics.filter((t) =>
      t.sources.some((x) => x.kind === 'thirty-five' && x.gameId === game.board),
    );
    expect(imported.map((t) => t.title)).toEqual(shown.map((c) => c.text));

    const ended = accepted(await facilitate<Ended>(game.as(facilitator), THIRTY_FIVE.end));
    const page = app.host.confluence.page(ended.notes?.pageId ?? '');
    expect(page?.authorId).toBe(facilitator);
    const body = page?.body ?? '';
    for (const c of expected) expect(body).toContain(c.text);
    for (const p of SEVEN) expect(body).toContain(p);
    expect(body).toContain(THIRTY_FIVE_TIE_BREAK_RULE);
    expect(await stateOf(game.as(USERS.eve))).toMatchObject({
      phase: 'ended',
      notes: ended.notes,
      backlog: { imported: 7 },
    });
  });
});
