/**
 * One macro, many sessions, and who may do what (issue 11), through the real resolvers: a Lean
 * Coffee macro sets up its next meeting after one ends, the new one starts empty and the past one
 * is listed with its notes link; starting needs permission to edit the page; facilitating needs
 * the starter, a curator of the space, or a space admin.
 */
import { kvs } from '@forge/kvs';
import type { NewSessionAnswer } from '../../../src/contract/board';
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { keys } from '../../../src/storage/keys';
import { USERS } from '../../support/app-host';
import { boardIn, newBoard, useAppHost } from './support';

const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };
const WRITES = ['set', 'delete', 'transaction', 'entity/set', 'entity/delete', 'batch/set'];

describe('Lean Coffee sessions and roles', () => {
  const host = useAppHost();
  const { clock } = host;

  function expectNoChange(): void {
    const c = host.app.counters();
    for (const kind of WRITES) expect(c.kvs[kind] ?? 0).toBe(0);
    expect(c.realtimePublishes).toBe(0);
  }

  it('given an ended meeting, when the next session is set up, then it starts empty and the first is listed with its notes link', async () => {
    const { board, member, other } = await boardIn(host.app, 'ended', users, clock);
    const ended = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(ended.phase).toBe('ended');
    expect(ended.notes).not.toBeNull();
    expect(ended.sessions).toEqual([]);

    const next = await other.ok<NewSessionAnswer>('leanCoffee/newSession', {
      version: ended.version,
    });
    expect(next).toEqual({ version: ended.version + 1, session: 2 });
    const fresh = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(fresh).toMatchObject({
      phase: 'proposing',
      facilitator: USERS.chloe,
      notes: null,
      takeaways: [],
      actionItems: [],
      board: { toDiscuss: [], discussing: null, done: [] },
    });
    expect(fresh.sessions).toEqual([
      {
        n: 1,
        kind: 'lean-coffee',
        endedAt: ended.endedAt,
        facilitator: USERS.alice,
        notes: ended.notes,
      },
    ]);

    // The second session runs and ends on its own, with its own notes page.
    await member.ok('leanCoffee/proposeTopic', { title: 'Second session topic' });
    const dave = board.as(USERS.dev);
    expect((await dave.ok<LeanCoffeeView>('leanCoffee/state')).board.toDiscuss).toHaveLength(1);
    await other.ok('leanCoffee/openVoting');
    await other.ok('leanCoffee/closeVoting');
    await other.ok('leanCoffee/startTopic');
    await other.ok('leanCoffee/startWrapUp');
    const end = await other.ok<{ notes: { ok: boolean; page?: { pageId: string } } }>(
      'leanCoffee/endMeeting',
    );
    expect(end.notes.ok).toBe(true);
    expect(end.notes.page?.pageId).not.toBe(ended.notes?.pageId);
    const third = await member.ok<NewSessionAnswer>('leanCoffee/newSession');
    expect(third.session).toBe(3);
    const listed = (await dave.ok<LeanCoffeeView>('leanCoffee/state')).sessions;
    expect(listed.map((s) => [s.n, s.facilitator, s.notes?.pageId])).toEqual([
      [1, USERS.alice, ended.notes?.pageId],
      [2, USERS.chloe, end.notes.page?.pageId],
    ]);
  });

  it('given a running meeting, when someone sets up the next session, then WRONG_PHASE and nothing changes', async () => {
    const { facilitator } = await boardIn(host.app, 'discussing', users, clock);
    host.app.resetCounters();
    expect(await facilitator.refused('leanCoffee/newSession')).toBe('WRONG_PHASE');
    expectNoChange();
  });

  it.each([
    ['a member who can edit the page', USERS.alice, null],
    ['a space admin', USERS.sam, null],
    ['a read-only visitor', USERS.finn, 'NOT_ALLOWED'],
  ])(
    'given a new macro, when %s starts it, then it is allowed or refused as the role says',
    async (_who, account, code) => {
      const board = newBoard(host.app);
      host.app.resetCounters();
      if (code === null) {
        await board.as(account).ok('leanCoffee/start');
        expect((await board.as(account).ok<LeanCoffeeView>('leanCoffee/state')).isFacilitator).toBe(
          true,
        );
      } else {
        expect(await board.as(account).refused('leanCoffee/start')).toBe(code);
        expectNoChange();
        expect(await board.as(account).ok('leanCoffee/state')).toBeNull();
      }
    },
  );

  it('given an ended meeting, when a read-only visitor sets up the next session, then NOT_ALLOWED and nothing changes', async () => {
    const { board } = await boardIn(host.app, 'ended', users, clock);
    host.app.resetCounters();
    expect(await board.as(USERS.finn).refused('leanCoffee/newSession')).toBe('NOT_ALLOWED');
    expectNoChange();
  });

  it.each([
    ['its starter', USERS.alice, null],
    ['a curator of the space', USERS.dev, null],
    ['a space admin', USERS.sam, null],
    ['another member', USERS.chloe, 'NOT_FACILITATOR'],
    ['a read-only visitor', USERS.finn, 'NOT_FACILITATOR'],
  ])(
    'given proposed topics, when %s opens the vote, then it is allowed or refused as the role says',
    async (_who, account, code) => {
      await host.app.host.runtime.runAs(
        { moduleKey: 'lean-coffee', accountId: USERS.sam },
        async () => {
          const current = (await kvs.get<Record<string, unknown>>(keys.settings('COP'))) ?? {};
          await kvs.set(keys.settings('COP'), { ...current, curators: [USERS.dev] });
        },
      );
      const { board } = await boardIn(host.app, 'proposing', users, clock);
      const who = board.as(account);
      // Their first look at the board is checked with Confluence once (place.ts): not counted.
      await who.ok('leanCoffee/state');
      host.app.resetCounters();
      if (code === null) {
        await who.ok('leanCoffee/openVoting');
        if (account === USERS.dev) expect(host.app.counters().confluence).toEqual({});
        expect((await who.ok<LeanCoffeeView>('leanCoffee/state')).phase).toBe('voting');
      } else {
        expect(await who.refused('leanCoffee/openVoting')).toBe(code);
        expectNoChange();
      }
    },
  );

  it('given a participant who acted once, when she acts again, then 1 read, 1 write, 1 publish and no Confluence call', async () => {
    const { board } = await boardIn(host.app, 'proposing', users, clock);
    const eve = board.as(USERS.eve);
    await eve.ok('leanCoffee/proposeTopic', { title: 'First' });
    host.app.resetCounters();
    await eve.ok('leanCoffee/proposeTopic', { title: 'Second' });
    const c = host.app.counters();
    expect(c.confluence).toEqual({});
    expect(c.realtimePublishes).toBe(1);
    // The command's one read and one write; its answer's board (issue 13), as a state read builds
    // it: the records query (the space's curator list came in the command's batch get).
    expect(c.kvs).toEqual({ 'batch/get': 1, transaction: 1, query: 1 });
  });
});
