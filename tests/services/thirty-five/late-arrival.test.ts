/**
 * Late arrivals (issue 15, point 9) and the shared round timer, through the real resolvers in the
 * local host: a late viewer asks to join with their own key, the facilitator admits them between
 * rounds (never during one), they take a pool card or bring their own, and play the rounds left.
 */
import {
  THIRTY_FIVE,
  type Accepted,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { MAX_JOIN_ASKS } from '../../../src/domain/thirty-five';
import { keys } from '../../../src/storage/keys';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { accepted, facilitate, gameWithCards, SEVEN, stateOf } from './helpers';

jest.setTimeout(240_000);

let app: AppHost;
beforeAll(async () => {
  app = await startAppHost();
});
afterAll(async () => {
  await app.close();
});

type Game = Awaited<ReturnType<typeof gameWithCards>>;

/** Cards resting with a bye, by round. */
const restingCards = new Map<number, string>();

/** Every pair of the round agrees 4 / 3 (proposer's card first); answers who sat out. */
async function playRound(game: Game, people: readonly string[], round: number): Promise<string[]> {
  const done = new Set<string>();
  const byes: string[] = [];
  for (const p of people) {
    if (done.has(p)) continue;
    const s = await stateOf(game.as(p));
    expect(s.phase).toBe('round');
    if (s.step === 'bye') {
      byes.push(p);
      const bye = s.view?.phase === 'round' ? s.view.seat : null;
      if (bye?.kind === 'bye') restingCards.set(round, bye.card.id);
      continue;
    }
    const seat = s.view?.phase === 'round' ? s.view.seat : null;
    if (seat?.kind !== 'pair') throw new Error(`${p} has no seat in round ${round}: ${s.step}`);
    const points = { [seat.mine.id]: 4, [seat.theirs.id]: 3 };
    accepted(await game.as(p).invoke<Accepted>(THIRTY_FIVE.proposeSplit, { round, points }));
    accepted(
      await game.as(seat.partner).invoke<Accepted>(THIRTY_FIVE.confirmSplit, { round, points }),
    );
    done.add(p).add(seat.partner);
  }
  return byes;
}

const myCardOf = (s: ThirtyFiveStateView) =>
  s.view !== null && 'myCard' in s.view && typeof s.view.myCard === 'object' ? s.view.myCard : null;

describe('a late arrival joins between rounds', () => {
  const facilitator = USERS.alice;
  const six = SEVEN.slice(0, 6) as string[];
  const late = SEVEN[6] as string;

  it('given six playing, when a late viewer asks during round 2 and is admitted after it, then they play rounds 3–5 with their own card and the results hold it', async () => {
    const game = await gameWithCards(app, facilitator, six);
    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.deal, { rounds: 5, points: 7 }));
    for (const round of [1, 2]) {
      accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.nextRound));
      if (round === 1) await playRound(game, six, 1);
    }

    // A late viewer only watches, until they ask (their own key, with the card they bring).
    expect(await stateOf(game.as(late))).toMatchObject({ step: 'watch', myAsk: null });
    accepted(
      await game.as(late).invoke<Accepted>(THIRTY_FIVE.askToJoin, { text: '  Late topic  ' }),
    );
    // The ask is the late arrival's own key.
    expect(app.host.kvs.keys('kv')).toContain(keys.joinAsk(game.board, late));
    expect(await stateOf(game.as(late))).toMatchObject({
      step: 'watch',
      myAsk: { text: 'Late topic' },
      asks: [],
    });
    const seenByFacilitator = await stateOf(game.as(facilitator));
    expect(seenByFacilitator.asks?.map((a) => a.accountId)).toEqual([late]);
    expect(seenByFacilitator.canAdmit).toBe(false);
    // A player cannot ask; a participant cannot admit.
    expect(
      await game.as(six[1] as string).invoke(THIRTY_FIVE.askToJoin, { text: 'Another card' }),
    ).toMatchObject({ ok: false, error: { code: 'ALREADY_PLAYING' } });
    expect(
      await facilitate(game.as(six[1] as string), THIRTY_FIVE.admitParticipant, {
        accountId: late,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });

    // During round 2 (pairs still agreeing): refused, nothing changes.
    const before = await stateOf(game.as(facilitator));
    expect(
      await facilitate(game.as(facilitator), THIRTY_FIVE.admitParticipant, { accountId: late }),
    ).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect((await stateOf(game.as(facilitator))).version).toBe(before.version);

    await playRound(game, six, 2);
    expect((await stateOf(game.as(facilitator))).canAdmit).toBe(true);
    // Someone who never asked cannot be added by naming their account id.
    expect(
      await facilitate(game.as(facilitator), THIRTY_FIVE.admitParticipant, {
        accountId: USERS.sam,
      }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PARTICIPANT' } });
    accepted(
      await facilitate(game.as(facilitator), THIRTY_FIVE.admitParticipant, { accountId: late }),
    );
    const admitted = await stateOf(game.as(facilitator));
    expect(admitted.players).toContain(late);
    expect(admitted.asks).toEqual([]);
    expect(admitted.cardCount).toBe(7);
    const lateState = await stateOf(game.as(late));
    expect(lateState).toMatchObject({ step: 'wait-for-round', myAsk: null });
    const lateCard = myCardOf(lateState);
    expect(lateCard?.text).toBe('Late topic');
    // The new card's id is drawn like the dealt ones: 16 random hex digits.
    expect(lateCard?.id).toMatch(/^[0-9a-f]{16}$/);

    const seven = [...six, late];
    const byes: string[] = [];
    for (const round of [3, 4, 5]) {
      accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.nextRound));
      const s = await stateOf(game.as(late));
      expect(['propose', 'bye']).toContain(s.step);
      byes.push(...(await playRound(game, seven, round)));
      const progress = (await stateOf(game.as(facilitator))).progress;
      expect(progress).toMatchObject({ round, pairsTotal: 3, pairsConfirmed: 3 });
    }
    // Seven people from round 3: one bye a round, never the same person twice.
    expect(byes).toHaveLength(3);
    expect(new Set(byes).size).toBe(3);
    // Admission after the last round has started is refused.
    expect(
      await facilitate(game.as(facilitator), THIRTY_FIVE.admitParticipant, { accountId: late }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PARTICIPANT' } });

    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.showResults));
    const ranking = (await stateOf(game.as(late))).ranking ?? [];
    expect(ranking).toHaveLength(7);
    const line = ranking.find((c) => c.id === lateCard?.id);
    // Not rated before it joined; rated in every round from 3 where it sat in a pair.
    expect(line?.perRound.slice(0, 2)).toEqual([null, null]);
    for (const round of [3, 4, 5]) {
      const rests = restingCards.get(round) === lateCard?.id;
      expect(line?.perRound[round - 1] === null).toBe(rests);
    }
    for (const c of ranking)
      expect(c.perRound.every((p) => p === null || p === 3 || p === 4)).toBe(true);
    // Every card was rated in each of rounds 3–5 except the one resting with the bye.
    for (let r = 2; r < 5; r += 1) {
      expect(ranking.filter((c) => c.perRound[r] !== null)).toHaveLength(6);
    }
  });

  it('given a removed player, when a late arrival is admitted, then they take the card resting in the pool and no card is added', async () => {
    const game = await gameWithCards(app, facilitator, six);
    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.deal, { rounds: 4, points: 7 }));
    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.nextRound));
    await playRound(game, six, 1);
    accepted(
      await facilitate(game.as(facilitator), THIRTY_FIVE.removeParticipant, {
        accountId: six[5],
      }),
    );
    accepted(await game.as(late).invoke<Accepted>(THIRTY_FIVE.askToJoin, { text: 'Unused' }));
    accepted(
      await facilitate(game.as(facilitator), THIRTY_FIVE.admitParticipant, { accountId: late }),
    );
    const s = await stateOf(game.as(facilitator));
    expect(s.cardCount).toBe(6);
    expect(s.players).toHaveLength(6);
    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.nextRound));
    const lateView = await stateOf(game.as(late));
    // The late arrival wrote no card of the game: they hold the removed player's.
    expect(myCardOf(lateView)).toBeNull();
    const seat = lateView.view?.phase === 'round' ? lateView.view.seat : null;
    expect(seat?.kind).toBe('pair');
    const players = [...six.slice(0, 5), late];
    await playRound(game, players, 2);
    expect((await stateOf(game.as(facilitator))).progress).toMatchObject({
      pairsTotal: 3,
      pairsConfirmed: 3,
    });
  });

  it('given a dealt game, when asks exceed the cap, then the facilitator lists the earliest and a card that is too long is refused', async () => {
    const game = await gameWithCards(app, facilitator, six.slice(0, 2));
    accepted(await facilitate(game.as(facilitator), THIRTY_FIVE.deal, { rounds: 3 }));
    expect(
      await game.as(late).invoke(THIRTY_FIVE.askToJoin, { text: 'x'.repeat(201) }),
    ).toMatchObject({ ok: false, error: { code: 'CARD_TOO_LONG' } });
    expect(app.host.kvs.keys('kv')).not.toContain(keys.joinAsk(game.board, late));
    expect(MAX_JOIN_ASKS).toBeGreaterThan(0);
  });
});

describe('the shared round timer', () => {
  it('given a round started with a 3-minute timer, when anyone looks, then their view carries the round start and length', async () => {
    const game = await gameWithCards(app, USERS.alice, SEVEN.slice(0, 4));
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal, { rounds: 2 }));
    expect((await stateOf(game.as(SEVEN[1]))).roundTimer).toBeNull();
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound, { minutes: 3 }));
    const views = await Promise.all(SEVEN.slice(0, 4).map((p) => stateOf(game.as(p))));
    const startedAt = views[0]?.roundTimer?.startedAt ?? 0;
    expect(startedAt).toBeGreaterThan(0);
    for (const v of views) {
      expect(v.roundTimer).toEqual({ round: 1, startedAt, minutes: 3 });
      expect(v.now).toBeGreaterThanOrEqual(startedAt);
    }
    expect(
      await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound, { minutes: 31 }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
    expect((await stateOf(game.as(SEVEN[2]))).roundTimer).toMatchObject({ round: 2, minutes: 0 });
  });
});
