/**
 * A finished game hands on through the real resolvers: its ranking goes to the space's backlog
 * (idempotently), and ending it creates exactly one notes page, as the facilitator, with the
 * ranking table; a retry or a double click makes no second page.
 */
import { THIRTY_FIVE, type Ended, type SentToBacklog } from '../../../src/contract/thirty-five';
import type { BacklogView } from '../../../src/contract/backlog';
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

/** A game of four, one round played with every pair agreeing 6/1, its results shown. */
async function finishedGame() {
  const game = await gameWithCards(app, USERS.alice, FOUR);
  const cards = [
    'Flow metrics',
    'Pairing with POs',
    'Better retros',
    '<ac:structured-macro ac:name="html">',
  ];
  for (const [i, p] of FOUR.entries()) {
    accepted(await game.as(p).invoke(THIRTY_FIVE.writeCard, { text: cards[i] }));
  }
  accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal, { rounds: 1 }));
  accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
  const done = new Set<string>();
  for (const p of FOUR) {
    if (done.has(p)) continue;
    const s = await stateOf(game.as(p));
    const seat = s.view?.phase === 'round' ? s.view.seat : null;
    if (seat?.kind !== 'pair') throw new Error('four players sit in pairs');
    done.add(p).add(seat.partner);
    const points = { [seat.mine.id]: 6, [seat.theirs.id]: 1 };
    accepted(await game.as(p).invoke(THIRTY_FIVE.proposeSplit, { round: 1, points }));
    accepted(await game.as(seat.partner).invoke(THIRTY_FIVE.confirmSplit, { round: 1, points }));
  }
  accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.showResults));
  return game;
}

describe('send to backlog', () => {
  it('given results, when the facilitator sends them twice, then the backlog holds each card once, best first', async () => {
    const game = await finishedGame();
    const ranking = (await stateOf(game.as(USERS.alice))).ranking ?? [];
    const refused = await facilitate(game.as(USERS.bob), THIRTY_FIVE.sendToBacklog);
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });

    app.resetCounters();
    const first = accepted(
      await facilitate<SentToBacklog>(game.as(USERS.alice), THIRTY_FIVE.sendToBacklog),
    );
    expect(first.imported).toBe(4);
    expect(app.counters().realtimeByChannel).toEqual({
      'cop-kit.backlog.COP': 1,
      [`cop-kit.changed.${game.localId.replace(/[^a-zA-Z0-9_-]/g, '_')}`]: 1,
    });
    app.resetCounters();
    const again = accepted(
      await facilitate<SentToBacklog>(game.as(USERS.alice), THIRTY_FIVE.sendToBacklog),
    );
    expect(again.imported).toBe(0);
    expect(app.counters().realtimePublishes).toBe(0);
    expect((await stateOf(game.as(USERS.bob))).backlog).toMatchObject({ imported: 4 });

    const backlog = accepted(await game.as(USERS.bob).invoke<BacklogView>('backlog/list', {}));
    const fromGame = backlog.topics.filter((t) =>
      t.sources.some((x) => x.kind === 'thirty-five' && x.gameId === game.board),
    );
    expect(fromGame.map((t) => t.title)).toEqual(ranking.map((c) => c.text));
  });
});

describe('end', () => {
  // Issue 11 changed this rule on purpose: starting a game needs permission to edit the page, so a
  // read-only visitor (finn) can no longer start one and then fail at the notes page; he is
  // refused at the start with nothing written. (The notes page's PERMISSION_DENIED is covered by
  // tests/services/community/notes.test.ts.)
  it('given a read-only visitor, when he starts a game, then NOT_ALLOWED and nothing is written', async () => {
    const game = freshMacro(app);
    app.resetCounters();
    const r = await game.as(USERS.finn).invoke(THIRTY_FIVE.start);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    const c = app.counters();
    expect(c.kvs.transaction ?? 0).toBe(0);
    expect(c.kvs['entity/set'] ?? 0).toBe(0);
    expect(c.kvs.set ?? 0).toBe(0);
    expect(c.realtimePublishes).toBe(0);
    expect(await stateOf(game.as(USERS.finn))).toMatchObject({ phase: 'not-started' });
  });

  it('given results, when the facilitator ends twice at once and again later, then exactly one notes page with the ranking', async () => {
    const game = await finishedGame();
    const { version } = await stateOf(game.as(USERS.alice));
    const before = app.host.confluence.createdPages().length;
    const refused = await game.as(USERS.bob).invoke(THIRTY_FIVE.end, { version });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });

    const clicks = await Promise.all([
      game.as(USERS.alice).invoke<Ended>(THIRTY_FIVE.end, { version }),
      game.as(USERS.alice).invoke<Ended>(THIRTY_FIVE.end, { version }),
    ]);
    const ended = clicks.filter((c) => c.ok);
    expect(ended).toHaveLength(1);
    const retry = await facilitate(game.as(USERS.alice), THIRTY_FIVE.end);
    expect(retry).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });

    const pages = app.host.confluence.createdPages().slice(before);
    const notes = pages.filter((p) => p.title.includes('Thirty Five'));
    expect(notes).toHaveLength(1);
    const [page] = notes;
    expect(page?.authorId).toBe(USERS.alice);
    expect(page?.body).toContain('Flow metrics');
    expect(page?.body).toContain('&lt;ac:structured-macro');
    expect(page?.body).not.toContain('<ac:structured-macro ac:name="html">');

    const s = await stateOf(game.as(USERS.chloe));
    expect(s).toMatchObject({ phase: 'ended', step: 'ended' });
    expect(s.notes).toMatchObject({ pageId: page?.id, title: page?.title });
    expect(s.ranking).toHaveLength(4);
  });
});
