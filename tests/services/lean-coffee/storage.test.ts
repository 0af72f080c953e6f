/**
 * The Lean Coffee repository against the local host with the real `@forge/kvs`: the compare-and-set
 * the facilitator's transitions rely on, and the version check on a participant's own write. The
 * host applies one request at a time, so racing resolver calls rarely interleave their reads; these
 * tests make the stale writer explicit.
 */
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { createLeanCoffee } from '../../../src/domain/lean-coffee';
import { keys } from '../../../src/storage/keys';
import {
  createGame,
  readGame,
  readGameAndRecord,
  readParticipantRecords,
  replaceGame,
  writeParticipantRecord,
  type LeanCoffeeGameRow,
  type ParticipantRecord,
} from '../../../src/storage/lean-coffee';
import { HOME_PAGE_ID, SPACE_ID, startAppHost, USERS, type AppHost } from '../../support/app-host';

describe('Lean Coffee storage', () => {
  let app: AppHost;
  beforeAll(async () => {
    app = await startAppHost();
  });
  afterAll(async () => {
    await app.close();
  });

  const as = <T>(fn: () => Promise<T>) =>
    app.host.runtime.runAs({ moduleKey: 'lean-coffee', accountId: USERS.alice }, fn);

  const aRow = (localId: string, version = 1): LeanCoffeeGameRow => {
    const created = createLeanCoffee({}, 1_000);
    if (!created.ok) throw new Error(created.error.message);
    return {
      localId,
      spaceKey: 'COP',
      kind: 'lean-coffee',
      version,
      state: {
        facilitator: USERS.alice,
        contentId: HOME_PAGE_ID,
        spaceId: SPACE_ID,
        log: [created.value],
      },
    };
  };

  const topicRecord = (topicId: string, at: number): ParticipantRecord => ({
    event: {
      type: 'TopicProposed',
      v: 1,
      at,
      topic: {
        id: topicId,
        title: 't',
        details: '',
        minutes: 8,
        author: USERS.bob,
        proposedAt: at,
      },
    },
  });

  it('given a game, when it is created twice, then the second creation is refused and the first row stays', async () => {
    const localId = randomUUID();
    await expect(as(() => createGame(aRow(localId)))).resolves.toBe(true);
    await expect(as(() => createGame({ ...aRow(localId), spaceKey: 'OTHER' }))).resolves.toBe(
      false,
    );
    await expect(as(() => readGame(localId, USERS.alice))).resolves.toMatchObject({
      game: { spaceKey: 'COP' },
    });
  });

  it('given two transitions from the same version, when both commit, then exactly one lands', async () => {
    const localId = randomUUID();
    await as(() => createGame(aRow(localId)));
    const results = await Promise.all([
      as(() => replaceGame(aRow(localId, 2), 1)),
      as(() => replaceGame({ ...aRow(localId, 2), spaceKey: 'LOSER' }, 1)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await expect(as(() => replaceGame(aRow(localId, 3), 1))).resolves.toBe(false);
    expect((await as(() => readGame(localId, USERS.alice))).game?.version).toBe(2);
  });

  it('given a transition in between, when a participant writes against the old version, then nothing is written', async () => {
    const localId = randomUUID();
    await as(() => createGame(aRow(localId)));
    const key = keys.lcTopic(localId, USERS.bob, 'topic-1');
    await as(() => replaceGame(aRow(localId, 2), 1));
    await expect(
      as(() => writeParticipantRecord(localId, key, topicRecord('topic-1', 5), 1)),
    ).resolves.toBe(false);
    await expect(as(() => kvs.get(key))).resolves.toBeUndefined();
    await expect(
      as(() => writeParticipantRecord(localId, key, topicRecord('topic-1', 6), 2)),
    ).resolves.toBe(true);
    await expect(as(() => readGameAndRecord(localId, USERS.bob, key))).resolves.toMatchObject({
      game: { version: 2 },
      record: { event: { at: 6 } },
    });
  });

  it('given more records than one page, when read, then every record comes back (cursor followed)', async () => {
    const localId = randomUUID();
    await as(() => createGame(aRow(localId)));
    for (let i = 0; i < 230; i += 1) {
      const id = `topic-${String(i).padStart(3, '0')}`;
      await as(() =>
        writeParticipantRecord(
          localId,
          keys.lcTopic(localId, USERS.bob, id),
          topicRecord(id, i),
          1,
        ),
      );
    }
    await as(() => kvs.set(`${keys.participantPrefix(localId)}junk`, { not: 'a record' }));
    app.resetCounters();
    const records = await as(() => readParticipantRecords(localId));
    expect(records).toHaveLength(230);
    expect(app.counters().kvs).toEqual({ query: 3 });
  });

  it("given another feature's row under the key, when read, then it is not taken for a Lean Coffee", async () => {
    const localId = randomUUID();
    await as(() =>
      kvs.entity('game').set(keys.game(localId), {
        localId,
        spaceKey: 'COP',
        kind: 'thirty-five',
        version: 1,
        state: {},
      }),
    );
    await expect(as(() => readGame(localId, USERS.alice))).resolves.toEqual({
      game: undefined,
      access: undefined,
    });
  });
});
