/**
 * Where a Lean Coffee session keeps its participant records (issue 13). A session set up now uses
 * layout 2: dots, thumbs, takeaways and action items under `v:` (`keys.lcFromVotePrefix`), so a
 * read once voting has closed is one prefix query that leaves out the topics (already in the row
 * since voting opened) and the per-person counts. A session set up before (no `recordLayout` in
 * its row) keeps layout 1 to its end: its records stay where they are, and every command and read
 * finds them there.
 */
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { boardId, keys } from '../../../src/storage/keys';
import { readGame, replaceGame } from '../../../src/storage/lean-coffee';
import { HOME_PAGE_ID, USERS } from '../../support/app-host';
import { accounts } from '../thirty-five/helpers';
import { newBoard, useAppHost, type Player } from './support';

jest.setTimeout(120_000);

describe('Lean Coffee record layout', () => {
  const host = useAppHost();
  const { clock } = host;

  /** Every key under `prefix`, as storage holds them. */
  async function keysUnder(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await host.app.host.kvs.handle('/api/v1/query', {
        where: [{ property: 'key', condition: 'BEGINS_WITH', values: [prefix] }],
        limit: 100,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      const body = r.body as { data: { key: string }[]; cursor?: string };
      found.push(...body.data.map((d) => d.key));
      cursor = body.cursor;
    } while (cursor !== undefined);
    return found;
  }

  /** Rewrites the board's row as a session set up before layout 2 (no `recordLayout`). */
  async function asLayoutOne(localId: string): Promise<void> {
    await host.app.host.runtime.runAs(
      { moduleKey: 'lean-coffee', accountId: USERS.alice },
      async () => {
        const { game: row } = await readGame(boardId(HOME_PAGE_ID, localId), USERS.alice);
        if (row === undefined) throw new Error('no board');
        const { recordLayout, ...state } = row.state;
        expect(recordLayout).toBe(2);
        const older = { ...row, version: row.version + 1, state };
        if (!(await replaceGame(older, row.version))) throw new Error('row moved');
      },
    );
  }

  /** A board with `people` topics, everyone's dots, voting closed and the first topic running. */
  async function discussed(people: Player[], facilitator: Player, localId: string) {
    const topics: string[] = [];
    for (const [i, p] of people.entries()) {
      const { topicId } = await p.ok<{ topicId: string }>('leanCoffee/proposeTopic', {
        title: `Topic ${i}`,
      });
      topics.push(topicId);
      clock.advance(10);
    }
    await facilitator.ok('leanCoffee/openVoting');
    for (const [i, p] of people.entries()) {
      await p.ok('leanCoffee/allocateDots', { allocation: { [topics[i % 5]!]: 2 } });
    }
    await facilitator.ok('leanCoffee/closeVoting');
    await facilitator.ok('leanCoffee/startTopic');
    const view = await facilitator.ok<LeanCoffeeView>('leanCoffee/state');
    const topicId = view.board.discussing?.topic.id ?? '';
    const takeaways: string[] = [];
    for (const p of people.slice(0, 10)) {
      const r = await p.ok<{ takeawayId: string }>('leanCoffee/addTakeaway', {
        topicId,
        text: `Takeaway by ${p.accountId.slice(-4)}`,
      });
      takeaways.push(r.takeawayId);
    }
    const board = boardId(HOME_PAGE_ID, localId);
    return { topics, topicId, takeaways, board };
  }

  it('given a 30-person board set up now, when voting has closed, then its records from the vote on are under v: and a read is one batch get and one query of at most 4 read units (5 before)', async () => {
    const board = newBoard(host.app);
    const facilitator = board.as(USERS.alice);
    const people = accounts(30).map((a) => board.as(a));
    await facilitator.ok('leanCoffee/start', {});
    const { board: id } = await discussed(people, facilitator, board.localId);
    const fromVote = keys.lcFromVotePrefix(id, 1, 2);
    const under = await keysUnder(fromVote);
    expect(under.filter((k) => k.startsWith(`${fromVote}dots:`))).toHaveLength(30);
    expect(under.filter((k) => k.startsWith(`${fromVote}take:`))).toHaveLength(10);
    expect(under.some((k) => k.includes(':topic:') || k.includes(':count:'))).toBe(false);

    const member = people[0]!;
    await member.ok('leanCoffee/state');
    host.app.resetCounters();
    const view = await member.ok<LeanCoffeeView>('leanCoffee/state');
    const spent = host.app.counters().byFunction['leanCoffee/state'];
    expect(spent?.kvs).toEqual({ 'batch/get': 1, query: 1 });
    // 5 with the topics and counts in the query (30 of each beside the dots and takeaways).
    expect(spent?.kvsReadUnits).toBeLessThanOrEqual(4);
    expect(view.takeaways).toHaveLength(10);
    expect(view.board.toDiscuss.reduce((n, c) => n + (c.votes ?? 0), 0)).toBeGreaterThan(0);
  });

  it('given a session set up before layout 2, when people vote, add, edit and delete takeaways and read, then its records stay under the session prefix and every read finds them', async () => {
    const board = newBoard(host.app);
    const facilitator = board.as(USERS.alice);
    const people = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve, USERS.finn].map((a) =>
      board.as(a),
    );
    await facilitator.ok('leanCoffee/start', {});
    await asLayoutOne(board.localId);
    const { board: id, takeaways } = await discussed(people, facilitator, board.localId);
    const base = keys.participantPrefix(id, 1);
    const stored = await keysUnder(base);
    expect(stored.some((k) => k.startsWith(`${base}v:`))).toBe(false);
    expect(stored.filter((k) => k.startsWith(`${base}dots:`))).toHaveLength(5);
    expect(stored.filter((k) => k.startsWith(`${base}take:`))).toHaveLength(5);

    const bob = people[0]!;
    await bob.ok('leanCoffee/editTakeaway', { takeawayId: takeaways[0], text: 'Edited in place' });
    await people[1]!.ok('leanCoffee/deleteTakeaway', { takeawayId: takeaways[1] });
    const view = await people[2]!.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.takeaways.map((t) => t.text)).toContain('Edited in place');
    expect(view.takeaways).toHaveLength(4);
    expect(view.board.toDiscuss.reduce((n, c) => n + (c.votes ?? 0), 0)).toBeGreaterThan(0);
    expect((await keysUnder(`${base}v:`)).length).toBe(0);
  });

  it('given a session set up now, when its author edits and deletes a takeaway, then the record under v: changes and nothing is written beside it', async () => {
    const board = newBoard(host.app);
    const facilitator = board.as(USERS.alice);
    const people = [USERS.bob, USERS.chloe, USERS.dev].map((a) => board.as(a));
    await facilitator.ok('leanCoffee/start', {});
    const { board: id, takeaways } = await discussed(people, facilitator, board.localId);
    await people[0]!.ok('leanCoffee/editTakeaway', { takeawayId: takeaways[0], text: 'Edited' });
    await people[1]!.ok('leanCoffee/deleteTakeaway', { takeawayId: takeaways[1] });
    const view = await people[2]!.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.takeaways.map((t) => t.text)).toEqual(expect.arrayContaining(['Edited']));
    expect(view.takeaways).toHaveLength(2);
    const base = keys.participantPrefix(id, 1);
    const takes = (await keysUnder(base)).filter((k) => k.includes('take:'));
    expect(takes).toHaveLength(3);
    expect(takes.every((k) => k.startsWith(`${base}v:take:`))).toBe(true);
  });
});
