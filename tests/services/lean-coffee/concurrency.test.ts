/**
 * Many people at once, through the resolvers of the real app: 60 participants proposing and then
 * voting at the same moment lose nothing; concurrent facilitator transitions advance exactly once;
 * participants acting while the facilitator changes the board are retried, not lost.
 */
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import type { ApiResult } from '../../../src/contract/result';
import { USERS } from '../../support/app-host';
import { accountOf, boardIn, costOf, newBoard, useAppHost } from './support';

const CROWD = 60;
const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };

const codes = (results: readonly ApiResult<unknown>[]) =>
  results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code));

describe('Lean Coffee under concurrency', () => {
  const host = useAppHost();
  const { clock } = host;

  it(`given ${CROWD} participants, when all propose at once and then all vote at once, then every topic and every dot is counted`, async () => {
    const board = newBoard(host.app);
    const alice = board.as(USERS.alice);
    await alice.ok('leanCoffee/start', { settings: { dotsPerParticipant: 3, maxDotsPerTopic: 3 } });
    const crowd = Array.from({ length: CROWD }, (_, i) => board.as(accountOf(i + 1)));

    const proposed = await Promise.all(
      crowd.map((p, i) =>
        p.ok<{ topicId: string }>('leanCoffee/proposeTopic', { title: `Topic ${i}` }),
      ),
    );
    const ids = proposed.map((answer) => answer.topicId);
    expect(new Set(ids).size).toBe(CROWD);
    const proposing = await alice.ok<LeanCoffeeView>('leanCoffee/state');
    expect(proposing.board.toDiscuss.map((card) => card.topic.id).sort()).toEqual([...ids].sort());

    await alice.ok('leanCoffee/openVoting');
    // Participant i puts 2 dots on topic i mod 7 and 1 on topic (i + 1) mod 7.
    const expected = new Map<string, number>();
    const allocationOf = (i: number) => {
      const first = ids[i % 7]!;
      const second = ids[(i + 1) % 7]!;
      return { [first]: 2, [second]: 1 };
    };
    crowd.forEach((_, i) => {
      for (const [topicId, dots] of Object.entries(allocationOf(i))) {
        expected.set(topicId, (expected.get(topicId) ?? 0) + dots);
      }
    });
    host.app.resetCounters();
    const votes = await Promise.all(
      crowd.map((p, i) => p.call('leanCoffee/allocateDots', { allocation: allocationOf(i) })),
    );
    expect(codes(votes)).toEqual([]);
    expect(costOf(host.app, 'leanCoffee/allocateDots')).toEqual({
      // One read each (the space's curator list in its batch), and each answer's view (issue 13):
      // the records query.
      reads: 2 * CROWD,
      writes: CROWD,
      publishes: CROWD,
    });

    await alice.ok('leanCoffee/closeVoting');
    const closed = await alice.ok<LeanCoffeeView>('leanCoffee/state');
    const tallies = Object.fromEntries(
      closed.board.toDiscuss.map((card) => [card.topic.id, card.votes]),
    );
    for (const id of ids) expect(tallies[id]).toBe(expected.get(id) ?? 0);
    expect(Object.values(tallies).reduce((s: number, n) => s + (n ?? 0), 0)).toBe(CROWD * 3);
  });

  it('given 40 participants voting while the facilitator closes voting, then every accepted vote is in the frozen tallies and every other one was refused', async () => {
    const { board, facilitator, topics, member } = await boardIn(host.app, 'voting', users, clock);
    const crowd = Array.from({ length: 40 }, (_, i) => board.as(accountOf(300 + i)));
    const target = topics[0]!;
    const vote = (i: number) =>
      crowd[i]!.call('leanCoffee/allocateDots', { allocation: { [target]: 1 } });
    const calls = [
      ...crowd.slice(0, 20).map((_, i) => vote(i)),
      facilitator.call('leanCoffee/closeVoting'),
      ...crowd.slice(20).map((_, i) => vote(20 + i)),
    ];
    const results = await Promise.all(calls);
    const close = results[20]!;
    const votes = [...results.slice(0, 20), ...results.slice(21)];
    expect(close.ok).toBe(true);
    for (const code of codes(votes)) expect(['CONFLICT', 'WRONG_PHASE']).toContain(code);
    const accepted = votes.filter((r) => r.ok).length;
    const closed = await member.ok<LeanCoffeeView>('leanCoffee/state');
    const counted = closed.board.toDiscuss.find((card) => card.topic.id === target)?.votes;
    expect(counted).toBe(accepted);
  });

  it('given a closed vote, when the facilitator clicks "close voting" and "start topic" ten times each at once, then each advances once', async () => {
    const { facilitator, member } = await boardIn(host.app, 'voting', users, clock);
    const before = await member.ok<LeanCoffeeView>('leanCoffee/state');

    host.app.resetCounters();
    const closes = await Promise.all(
      Array.from({ length: 10 }, () => facilitator.call('leanCoffee/closeVoting')),
    );
    expect(closes.filter((r) => r.ok)).toHaveLength(1);
    for (const code of codes(closes)) expect(['CONFLICT', 'WRONG_PHASE']).toContain(code);
    expect(costOf(host.app, 'leanCoffee/closeVoting').publishes).toBe(1);

    host.app.resetCounters();
    const starts = await Promise.all(
      Array.from({ length: 10 }, () => facilitator.call('leanCoffee/startTopic')),
    );
    expect(starts.filter((r) => r.ok)).toHaveLength(1);
    for (const code of codes(starts)) expect(['CONFLICT', 'TOPIC_IN_PROGRESS']).toContain(code);
    expect(costOf(host.app, 'leanCoffee/startTopic').publishes).toBe(1);

    const after = await member.ok<LeanCoffeeView>('leanCoffee/state');
    // Closing voting seals the board first (one version), then commits (another); starting: one.
    expect(after.version).toBe(before.version + 3);
    expect(after.board.discussing).not.toBeNull();
    expect(after.board.toDiscuss).toHaveLength(2);
  });

  it('given a running topic, when "next topic" is clicked ten times at once, then exactly one topic is skipped', async () => {
    const { facilitator, member, topics } = await boardIn(host.app, 'running', users, clock);
    const running = topics[1]!;
    host.app.resetCounters();
    const nexts = await Promise.all(
      Array.from({ length: 10 }, () =>
        facilitator.call('leanCoffee/nextTopic', { topicId: running }),
      ),
    );
    expect(nexts.filter((r) => r.ok)).toHaveLength(1);
    for (const code of codes(nexts)) expect(['CONFLICT', 'NOT_DISCUSSING']).toContain(code);
    expect(costOf(host.app, 'leanCoffee/nextTopic').publishes).toBe(1);
    const view = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.board.done.map((card) => card.topic.id)).toEqual([running]);
    expect(view.board.toDiscuss).toHaveLength(1);
  });

  it('given a running topic, when "extend" is clicked ten times one after another naming the version shown, then it is extended once', async () => {
    const { facilitator, member, topics } = await boardIn(host.app, 'running', users, clock);
    const shown = await facilitator.ok<LeanCoffeeView>('leanCoffee/state');
    const results = [];
    for (let i = 0; i < 10; i += 1) {
      results.push(
        await facilitator.call('leanCoffee/extendTopic', {
          topicId: topics[1],
          version: shown.version,
        }),
      );
    }
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(codes(results)).toEqual(Array.from({ length: 9 }, () => 'CONFLICT'));
    const view = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.version).toBe(shown.version + 2); // seal + commit
    expect(view.board.discussing?.countdown.round).toBe(1);
  });

  it('given an expired timebox, when 20 thumbs are cast while the facilitator closes the vote, then the close lands once and every thumb is either counted or told the round is over', async () => {
    const { board, facilitator, topics } = await boardIn(host.app, 'expired', users, clock);
    const running = topics[1]!;
    const crowd = Array.from({ length: 20 }, (_, i) => board.as(accountOf(100 + i)));
    const [thumbs, close] = await Promise.all([
      Promise.all(
        crowd.map((p) =>
          p.call('leanCoffee/castThumb', { topicId: running, round: 0, thumb: 'up' }),
        ),
      ),
      facilitator.call('leanCoffee/closeThumbs', { topicId: running, round: 0 }),
    ]);
    expect(close.ok).toBe(true);
    // A thumb either landed in round 0 or, re-read after the close, was told the round is over
    // (extended: VOTE_CLOSED; moved on: NOT_DISCUSSING); never CONFLICT.
    for (const code of codes(thumbs)) expect(['VOTE_CLOSED', 'NOT_DISCUSSING']).toContain(code);
  });

  it('given proposals racing facilitator changes, when 30 people propose while the facilitator changes settings five times, then all 30 topics are on the board', async () => {
    const board = newBoard(host.app);
    const alice = board.as(USERS.alice);
    await alice.ok('leanCoffee/start');
    const crowd = Array.from({ length: 30 }, (_, i) => board.as(accountOf(200 + i)));
    const [proposals, changes] = await Promise.all([
      Promise.all(crowd.map((p, i) => p.call('leanCoffee/proposeTopic', { title: `Race ${i}` }))),
      Promise.all(
        [4, 5, 6, 7, 8].map((dots) =>
          alice.call('leanCoffee/changeSettings', { settings: { dotsPerParticipant: dots } }),
        ),
      ),
    ]);
    expect(codes(proposals)).toEqual([]);
    expect(changes.some((r) => r.ok)).toBe(true);
    const view = await alice.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.board.toDiscuss).toHaveLength(30);
  });
});
