/**
 * The seal a freezing transition (open or close voting, close or override a thumbs round) puts on
 * the board while it reads what it freezes: participants are refused rather than accepted and
 * left out, other transitions wait, a seal left by an invocation that died stops holding
 * anyone after `SEAL_MS`, and a facilitator whose screen shows the sealed board takes it over.
 */
import { SEAL_MS } from '../../../src/services/lean-coffee';
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { boardId } from '../../../src/storage/keys';
import { readGame, replaceGame } from '../../../src/storage/lean-coffee';
import { HOME_PAGE_ID, USERS } from '../../support/app-host';
import { boardIn, useAppHost } from './support';

const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };

describe('Lean Coffee seal', () => {
  const host = useAppHost();
  const { clock } = host;

  /** Leaves a seal on the board, as a closing transition that died after sealing would. */
  async function sealLeftBehind(localId: string): Promise<number> {
    return host.app.host.runtime.runAs(
      { moduleKey: 'lean-coffee', accountId: USERS.alice },
      async () => {
        const { game: row } = await readGame(boardId(HOME_PAGE_ID, localId), USERS.alice);
        if (row === undefined) throw new Error('no board');
        const sealed = {
          ...row,
          version: row.version + 1,
          state: { ...row.state, sealedAt: clock.now() },
        };
        if (!(await replaceGame(sealed, row.version))) throw new Error('seal lost');
        return sealed.version;
      },
    );
  }

  it('given a sealed board, when participants vote and the facilitator acts, then CONFLICT and nothing changes; once the seal is stale both proceed', async () => {
    const { board, facilitator, member, other, topics } = await boardIn(
      host.app,
      'voting',
      users,
      clock,
    );
    const version = await sealLeftBehind(board.localId);
    const vote = { allocation: { [topics[0]!]: 1 } };

    host.app.resetCounters();
    expect(await other.refused('leanCoffee/allocateDots', vote)).toBe('CONFLICT');
    expect(await facilitator.refused('leanCoffee/closeVoting')).toBe('CONFLICT');
    expect(
      await facilitator.refused('leanCoffee/mergeTopics', { intoId: topics[0], fromId: topics[2] }),
    ).toBe('CONFLICT');
    expect(host.app.counters().realtimePublishes).toBe(0);
    expect(host.app.counters().kvs.transaction ?? 0).toBe(0);
    expect((await member.ok<LeanCoffeeView>('leanCoffee/state')).version).toBe(version);

    clock.advance(SEAL_MS);
    await other.ok('leanCoffee/allocateDots', vote);
    await facilitator.ok('leanCoffee/closeVoting');
    const closed = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(closed.phase).toBe('discussing');
    expect(closed.board.toDiscuss.find((card) => card.topic.id === topics[0])?.votes).toBe(1);
  });

  it('given a seal left by a facilitator whose invocation died, when the facilitator retries from a screen that shows the sealed board, then the transition lands at once and leaves no seal', async () => {
    const { board, facilitator, member, other, topics } = await boardIn(
      host.app,
      'voting',
      users,
      clock,
    );
    await other.ok('leanCoffee/allocateDots', { allocation: { [topics[1]!]: 1 } });
    const version = await sealLeftBehind(board.localId);
    const shown = await facilitator.ok<LeanCoffeeView>('leanCoffee/state');
    expect(shown.version).toBe(version);
    // A screen that has not seen the seal still waits, as any other transition does.
    expect(await facilitator.refused('leanCoffee/closeVoting', { version: version - 1 })).toBe(
      'CONFLICT',
    );

    await facilitator.ok('leanCoffee/closeVoting', { version: shown.version });
    const closed = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(closed.phase).toBe('discussing');
    // bob's two dots from the set-up and chloé's one, accepted before the seal.
    expect(closed.board.toDiscuss.find((card) => card.topic.id === topics[1])?.votes).toBe(3);
    const { game: row } = await host.app.host.runtime.runAs({ moduleKey: 'lean-coffee' }, () =>
      readGame(boardId(HOME_PAGE_ID, board.localId), USERS.alice),
    );
    expect(row?.state.sealedAt ?? null).toBeNull();
    // A participant is no longer held off.
    await member.ok('leanCoffee/state');
  });

  it('given an accepted transition, then it leaves no seal behind', async () => {
    const { board, member } = await boardIn(host.app, 'running', users, clock);
    const { game: row } = await host.app.host.runtime.runAs({ moduleKey: 'lean-coffee' }, () =>
      readGame(boardId(HOME_PAGE_ID, board.localId), USERS.alice),
    );
    expect(row?.state.sealedAt ?? null).toBeNull();
    await member.ok('leanCoffee/addTakeaway', {
      topicId: (await member.ok<LeanCoffeeView>('leanCoffee/state')).board.discussing?.topic.id,
      text: 'Not held up',
    });
  });
});
