/**
 * Who may do what, through the resolvers of the real app: every facilitator-only command is
 * refused for a participant in a phase where the facilitator's same call is accepted, and the
 * refusal writes and publishes nothing; authors own their records; nobody exceeds their dots;
 * another macro's board is out of reach.
 */
import fc from 'fast-check';
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { HOME_PAGE_ID, USERS } from '../../support/app-host';
import { boardIn, costOf, newBoard, type Stage, useAppHost } from './support';

const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };

describe('Lean Coffee authorization', () => {
  const host = useAppHost();
  const { clock } = host;

  /** Facilitator-only commands, the stage where each is legal, and its payload. */
  const matrix: readonly [string, Stage, (topics: readonly string[]) => unknown][] = [
    ['leanCoffee/changeSettings', 'proposing', () => ({ settings: { dotsPerParticipant: 5 } })],
    ['leanCoffee/mergeTopics', 'proposing', (t) => ({ intoId: t[0], fromId: t[1] })],
    ['leanCoffee/mergeTopics', 'voting', (t) => ({ intoId: t[0], fromId: t[2] })],
    ['leanCoffee/openVoting', 'proposing', () => ({})],
    ['leanCoffee/closeVoting', 'voting', () => ({})],
    ['leanCoffee/reorderTopics', 'discussing', (t) => ({ order: [t[2], t[0], t[1]] })],
    ['leanCoffee/startTopic', 'discussing', () => ({})],
    ['leanCoffee/startTopic', 'discussing', (t) => ({ topicId: t[2] })],
    ['leanCoffee/overrideTopic', 'running', (t) => ({ topicId: t[1], decision: 'next' })],
    ['leanCoffee/extendTopic', 'running', (t) => ({ topicId: t[1] })],
    ['leanCoffee/nextTopic', 'running', (t) => ({ topicId: t[1] })],
    ['leanCoffee/closeThumbs', 'expired', (t) => ({ topicId: t[1], round: 0 })],
    ['leanCoffee/startWrapUp', 'running', () => ({})],
    ['leanCoffee/startWrapUp', 'discussing', () => ({})],
    ['leanCoffee/endMeeting', 'wrap-up', () => ({})],
    ['leanCoffee/sendToBacklog', 'wrap-up', () => ({})],
    ['leanCoffee/createNotes', 'ended', () => ({})],
  ];

  it.each(matrix)(
    '%s in the %s stage: a participant gets NOT_FACILITATOR, nothing is written or published, and the facilitator may',
    async (name, stage, payload) => {
      const { facilitator, member, topics } = await boardIn(host.app, stage, users, clock);
      const before = await member.ok<LeanCoffeeView>('leanCoffee/state');
      host.app.resetCounters();
      expect(await member.refused(name, payload(topics))).toBe('NOT_FACILITATOR');
      expect(costOf(host.app, name)).toMatchObject({ writes: 0, publishes: 0 });
      const after = await member.ok<LeanCoffeeView>('leanCoffee/state');
      expect({ ...after, now: 0, meeting: null, board: null, thumbs: null }).toEqual({
        ...before,
        now: 0,
        meeting: null,
        board: null,
        thumbs: null,
      });
      await facilitator.ok(name, payload(topics));
    },
  );

  it('given a space administrator who did not start the board, when they run it, then they are its facilitator too', async () => {
    const { board, member, topics } = await boardIn(host.app, 'voting', users, clock);
    const sam = board.as(USERS.sam);
    expect((await sam.ok<LeanCoffeeView>('leanCoffee/state')).isFacilitator).toBe(true);
    await sam.ok('leanCoffee/closeVoting');
    await sam.ok('leanCoffee/startTopic', { topicId: topics[0] });
    expect((await member.ok<LeanCoffeeView>('leanCoffee/state')).board.discussing?.topic.id).toBe(
      topics[0],
    );
    expect((await member.ok<LeanCoffeeView>('leanCoffee/state')).isFacilitator).toBe(false);
  });

  it('given a participant who is not the author, when they edit or delete a topic, takeaway or action item, then NOT_AUTHOR; the author and the facilitator may', async () => {
    const { facilitator, member, other, topics } = await boardIn(
      host.app,
      'proposing',
      users,
      clock,
    );
    const [bobs] = topics;
    expect(await other.refused('leanCoffee/editTopic', { topicId: bobs, title: 'Mine now' })).toBe(
      'NOT_AUTHOR',
    );
    expect(await other.refused('leanCoffee/deleteTopic', { topicId: bobs })).toBe('NOT_AUTHOR');
    await member.ok('leanCoffee/editTopic', { topicId: bobs, title: 'Edited by author' });
    clock.advance(1_000); // last writer wins: keep the two edits at distinct instants
    await facilitator.ok('leanCoffee/editTopic', {
      topicId: bobs,
      details: 'Edited by facilitator',
    });
    const view = await other.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.board.toDiscuss[0]?.topic).toMatchObject({
      title: 'Edited by author',
      details: 'Edited by facilitator',
      author: USERS.bob,
    });

    const running = await boardIn(host.app, 'running', users, clock);
    const topicId = running.topics[1]!;
    const { takeawayId } = await running.member.ok<{ takeawayId: string }>(
      'leanCoffee/addTakeaway',
      { topicId, text: 'Learned' },
    );
    const { actionItemId } = await running.member.ok<{ actionItemId: string }>(
      'leanCoffee/addActionItem',
      { topicId, text: 'Do it' },
    );
    expect(
      await running.other.refused('leanCoffee/editTakeaway', { takeawayId, text: 'Nope' }),
    ).toBe('NOT_AUTHOR');
    expect(await running.other.refused('leanCoffee/deleteTakeaway', { takeawayId })).toBe(
      'NOT_AUTHOR',
    );
    expect(
      await running.other.refused('leanCoffee/editActionItem', { actionItemId, owner: null }),
    ).toBe('NOT_AUTHOR');
    expect(await running.other.refused('leanCoffee/deleteActionItem', { actionItemId })).toBe(
      'NOT_AUTHOR',
    );
    const nobody = '557058:00000000-0000-4000-8000-00000000dead';
    expect(
      await running.member.refused('leanCoffee/addActionItem', {
        topicId,
        text: 'x',
        owner: nobody,
      }),
    ).toBe('INVALID_OWNER');
    expect(
      await running.member.refused('leanCoffee/editActionItem', { actionItemId, owner: nobody }),
    ).toBe('INVALID_OWNER');
    await running.member.ok('leanCoffee/editTakeaway', { takeawayId, text: 'Learned a lot' });
    clock.advance(1_000);
    await running.facilitator.ok('leanCoffee/editActionItem', { actionItemId, owner: USERS.dev });
    const after = await running.other.ok<LeanCoffeeView>('leanCoffee/state');
    expect(after.takeaways.map((t) => t.text)).toEqual(['Learned a lot']);
    // `addedAt` (when it was added: the board and the notes list items in that order) stays.
    expect(after.actionItems.map(({ addedAt, ...item }) => [typeof addedAt, item])).toEqual([
      ['number', { id: actionItemId, topicId, author: USERS.bob, text: 'Do it', owner: USERS.dev }],
    ]);
    await running.facilitator.ok('leanCoffee/deleteTakeaway', { takeawayId });
    expect((await running.other.ok<LeanCoffeeView>('leanCoffee/state')).takeaways).toEqual([]);
  });

  it('given an identity in the payload, when a command is sent, then INVALID_PAYLOAD', async () => {
    const { member, topics } = await boardIn(host.app, 'voting', users, clock);
    expect(
      await member.refused('leanCoffee/allocateDots', {
        allocation: { [topics[0]!]: 1 },
        participant: USERS.alice,
      }),
    ).toBe('INVALID_PAYLOAD');
  });

  describe('dots', () => {
    it('given N = 3 and M = 2, when a participant over-allocates, then the domain code, and their dots stay as they were', async () => {
      const { member, topics } = await boardIn(host.app, 'voting', users, clock);
      const [a, b, c] = topics as [string, string, string];
      expect(await member.refused('leanCoffee/allocateDots', { allocation: { [a]: 4 } })).toBe(
        'TOO_MANY_ON_TOPIC',
      );
      expect(
        await member.refused('leanCoffee/allocateDots', { allocation: { [a]: 2, [b]: 1, [c]: 1 } }),
      ).toBe('TOO_MANY_DOTS');
      expect(
        await member.refused('leanCoffee/allocateDots', { allocation: { 'no-such-topic': 1 } }),
      ).toBe('UNKNOWN_TOPIC');
      expect(await member.refused('leanCoffee/allocateDots', { allocation: { [a]: -1 } })).toBe(
        'INVALID_PAYLOAD',
      );
      expect(await member.refused('leanCoffee/allocateDots', { allocation: { [a]: 1.5 } })).toBe(
        'INVALID_PAYLOAD',
      );
      const view = await member.ok<LeanCoffeeView>('leanCoffee/state');
      expect(view.dots).toEqual({ allocation: { [b]: 2 }, used: 2, left: 1 });
    });

    it('property: any allocation is accepted exactly when it fits N and M, and the dots shown are the last accepted', async () => {
      const board = newBoard(host.app);
      const alice = board.as(USERS.alice);
      const bob = board.as(USERS.bob);
      await alice.ok('leanCoffee/start', {
        settings: { dotsPerParticipant: 4, maxDotsPerTopic: 2 },
      });
      const topics: string[] = [];
      for (const title of ['One', 'Two', 'Three']) {
        topics.push(
          (await bob.ok<{ topicId: string }>('leanCoffee/proposeTopic', { title })).topicId,
        );
      }
      await alice.ok('leanCoffee/openVoting');
      let last: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(3), { minLength: 3, maxLength: 3 }), async (counts) => {
          const allocation: Record<string, number> = {};
          counts.forEach((n, i) => {
            allocation[topics[i]!] = n;
          });
          const fits = counts.every((n) => n <= 2) && counts.reduce((s, n) => s + n, 0) <= 4;
          const result = await bob.call('leanCoffee/allocateDots', { allocation });
          expect(result.ok).toBe(fits);
          if (fits) last = Object.fromEntries(Object.entries(allocation).filter(([, n]) => n > 0));
          const view = await bob.ok<LeanCoffeeView>('leanCoffee/state');
          expect(view.dots.allocation).toEqual(last);
          expect(view.dots.used).toBeLessThanOrEqual(4);
        }),
        { numRuns: 150 },
      );
    }, 120_000);

    it('given one participant sending ten allocations at once, then exactly one of them is their vote and it fits', async () => {
      const { member, topics, facilitator } = await boardIn(host.app, 'voting', users, clock);
      const allocations = Array.from({ length: 10 }, (_, i) => ({
        [topics[i % 3]!]: 1 + (i % 2),
        [topics[(i + 1) % 3]!]: 1,
      }));
      const results = await Promise.all(
        allocations.map((allocation) => member.call('leanCoffee/allocateDots', { allocation })),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const view = await member.ok<LeanCoffeeView>('leanCoffee/state');
      expect(allocations).toContainEqual(view.dots.allocation);
      expect(view.dots.used).toBeLessThanOrEqual(3);
      await facilitator.ok('leanCoffee/closeVoting');
      const closed = await member.ok<LeanCoffeeView>('leanCoffee/state');
      const total = closed.board.toDiscuss.reduce((sum, card) => sum + (card.votes ?? 0), 0);
      expect(total).toBe(view.dots.used);
    });
  });

  describe('another macro', () => {
    it("given two boards (another macro, or a copy of the page), when a caller acts from one, then the other's board is neither read nor changed", async () => {
      const a = await boardIn(host.app, 'voting', users, clock);
      const before = await a.member.ok<LeanCoffeeView>('leanCoffee/state');
      const elsewhere = newBoard(host.app);
      const bobElsewhere = elsewhere.as(USERS.bob);
      await expect(bobElsewhere.ok('leanCoffee/state')).resolves.toBeNull();
      expect(
        await bobElsewhere.refused('leanCoffee/allocateDots', {
          allocation: { [a.topics[0]!]: 1 },
        }),
      ).toBe('NOT_FOUND');
      expect(
        await bobElsewhere.refused('leanCoffee/editTopic', { topicId: a.topics[0], title: 'x' }),
      ).toBe('NOT_FOUND');

      // bob starts his own board; his facilitator rights there reach nothing of board a.
      await bobElsewhere.ok('leanCoffee/start');
      host.app.resetCounters();
      expect(await bobElsewhere.refused('leanCoffee/closeVoting')).toBe('WRONG_PHASE');
      expect(
        await bobElsewhere.refused('leanCoffee/mergeTopics', {
          intoId: a.topics[0],
          fromId: a.topics[1],
        }),
      ).toBe('UNKNOWN_TOPIC');
      expect(host.app.counters().realtimeByChannel).toEqual({});

      // The same localId reached from another kind of macro is refused.
      const fromThirtyFive = newBoard(host.app, a.board.localId).as(USERS.alice, {
        moduleKey: 'thirty-five',
      });
      expect(await fromThirtyFive.refused('leanCoffee/closeVoting')).toBe('NOT_IN_MACRO');
      expect(await fromThirtyFive.refused('leanCoffee/state')).toBe('NOT_IN_MACRO');

      // A copy of the page keeps the macro's localId: the copy gets a board of its own.
      const copiedPage = await host.app.copyPage(HOME_PAGE_ID, 'COP', USERS.bob);
      const copy = newBoard(host.app, a.board.localId);
      const bobOnCopy = copy.as(USERS.bob, { contentId: copiedPage });
      await expect(bobOnCopy.ok('leanCoffee/state')).resolves.toBeNull();
      expect(
        await bobOnCopy.refused('leanCoffee/allocateDots', { allocation: { [a.topics[0]!]: 1 } }),
      ).toBe('NOT_FOUND');
      await bobOnCopy.ok('leanCoffee/start');
      await bobOnCopy.ok('leanCoffee/proposeTopic', { title: 'On the copy' });
      const onCopy = await bobOnCopy.ok<LeanCoffeeView>('leanCoffee/state');
      expect(onCopy.board.toDiscuss.map((card) => card.topic.title)).toEqual(['On the copy']);
      expect(onCopy.isFacilitator).toBe(true);

      const after = await a.member.ok<LeanCoffeeView>('leanCoffee/state');
      expect(after.version).toBe(before.version);
      expect(after.phase).toBe('voting');
      expect(after.board.toDiscuss.map((card) => card.topic)).toEqual(
        before.board.toDiscuss.map((card) => card.topic),
      );
    });
  });
});
