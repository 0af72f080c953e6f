/**
 * FIDELITY K16, the switch: a transaction condition on a row that does not exist. Forge does not
 * document the answer; the host refuses it by default (kvs-contract holds that), and
 * `kvsMissingRowConditions: 'evaluate'` checks it against an absent row instead — used only by the
 * benchmark to replay `c28490c`, whose creates relied on `notExists()` holding for a new row.
 */
import { kvs, Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import type { Host } from '../../emulator/host';
import { ALICE, removeDir, startFixtureHost, tempDir } from './helpers';

let host: Host;
let dataDir: string;

const as = <T>(fn: () => Promise<T>): Promise<T> => host.runtime.runAs({ accountId: ALICE }, fn);

const row = (version: number): Record<string, unknown> => ({ name: 'a counter', version });

const createIfAbsent = (key: string, version: number): Promise<void> =>
  as(() =>
    kvs
      .transact()
      .set<Record<string, unknown>>(key, row(version), {
        entityName: 'counter',
        conditions: new Filter<Record<string, unknown>>().and(
          'version',
          FilterConditions.notExists(),
        ),
      })
      .execute(),
  );

async function status(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof ForgeKvsAPIError) return e.responseDetails.status;
    throw e;
  }
}

beforeAll(async () => {
  dataDir = tempDir('kvs-k16');
  host = await startFixtureHost({ dataDir, kvsMissingRowConditions: 'evaluate' });
});

afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

describe('missing-row conditions evaluated (K16 switch)', () => {
  it('given no row, when a set is conditioned on notExists, then it lands once and the second create is refused (409)', async () => {
    await expect(status(createIfAbsent('k16-new', 1))).resolves.toBe(200);
    await expect(as(() => kvs.entity('counter').get('k16-new'))).resolves.toEqual(row(1));
    await expect(status(createIfAbsent('k16-new', 2))).resolves.toBe(409);
    await expect(as(() => kvs.entity('counter').get('k16-new'))).resolves.toEqual(row(1));
  });

  it('given no row, when a set is conditioned on an equal version, then it is refused (409) and nothing lands', async () => {
    const tx = as(() =>
      kvs
        .transact()
        .set<Record<string, unknown>>('k16-cas', row(2), {
          entityName: 'counter',
          conditions: new Filter<Record<string, unknown>>().and(
            'version',
            FilterConditions.equalTo(1),
          ),
        })
        .execute(),
    );
    await expect(status(tx)).resolves.toBe(409);
    await expect(as(() => kvs.entity('counter').get('k16-cas'))).resolves.toBeUndefined();
  });

  it('given no row, when a check (which needs the row) runs, then it is refused (409)', async () => {
    const tx = as(() =>
      kvs
        .transact()
        .check('k16-check', {
          entityName: 'counter',
          conditions: new Filter<Record<string, unknown>>().and(
            'version',
            FilterConditions.notExists(),
          ),
        })
        .set('k16-beside', 1)
        .execute(),
    );
    await expect(status(tx)).resolves.toBe(409);
    await expect(as(() => kvs.get('k16-beside'))).resolves.toBeUndefined();
  });
});
