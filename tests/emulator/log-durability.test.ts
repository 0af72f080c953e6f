/**
 * The host's logs never lose or invent data: a damaged line in the middle stops the start and
 * leaves the file as it was; only an unterminated last line (a write never acknowledged) is cut,
 * and the log says so; a write that fails (ENOSPC injected through the log's file seam) is a 500
 * to its caller, is never visible, fails the writes decided on top of it, and leaves the file so
 * that writes acknowledged after it survive a reopen of the file as a `kill -9` leaves it.
 */
import { Filter, FilterConditions, ForgeKvsAPIError, kvs } from '@forge/kvs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { appendRawForTest, injectLogFaultsForTest, type LogFile } from '../../emulator/log-store';
import { postJson, removeDir, SPACE_ID, startFixtureHost, tempDir } from './helpers';

jest.setTimeout(60_000);

/** Faults the test arms on one log file (by name); each fires once. */
interface Faults {
  /** The next write to `file` writes `partialBytes` of its batch, then fails with ENOSPC. */
  failNextWrite(file: string, partialBytes?: number): void;
  /** The next write to `file` waits until the returned `release` is called. */
  holdNextWrite(file: string): { entered: Promise<void>; release(): void };
  /** Cutting `file` back after a failed write fails too (EIO). */
  failCutBack(file: string): void;
  clear(): void;
}

const fsError = (code: string, syscall: string): Error =>
  Object.assign(new Error(`${code}: simulated by the test, ${syscall}`), { code, syscall });

function armFaults(): Faults {
  let failWrite: { file: string; partialBytes: number } | undefined;
  let hold: { file: string; gate: Promise<void>; entered: () => void } | undefined;
  let failTruncate: string | undefined;
  const named = (path: string, file: string): boolean => path.endsWith(`/${file}`);
  injectLogFaultsForTest((path: string, file: LogFile): LogFile => ({
    ...file,
    async write(buffer, offset) {
      if (hold && named(path, hold.file)) {
        const h = hold;
        hold = undefined;
        h.entered();
        await h.gate;
      }
      if (failWrite && named(path, failWrite.file)) {
        const { partialBytes } = failWrite;
        failWrite = undefined;
        if (partialBytes > 0) await file.write(buffer.subarray(0, offset + partialBytes), offset);
        throw fsError('ENOSPC', 'write');
      }
      return file.write(buffer, offset);
    },
    async truncate(length) {
      if (failTruncate && named(path, failTruncate)) throw fsError('EIO', 'ftruncate');
      return file.truncate(length);
    },
  }));
  return {
    failNextWrite(file, partialBytes = 0) {
      failWrite = { file, partialBytes };
    },
    holdNextWrite(file) {
      let release: () => void = () => undefined;
      let entered: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const enteredP = new Promise<void>((r) => (entered = r));
      hold = { file, gate, entered };
      return { entered: enteredP, release };
    },
    failCutBack(file) {
      failTruncate = file;
    },
    clear() {
      failWrite = undefined;
      hold = undefined;
      failTruncate = undefined;
    },
  };
}

async function kvsFailure(p: Promise<unknown>): Promise<{ status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ForgeKvsAPIError)
      return { status: e.responseDetails.status, message: e.message };
    throw e;
  }
  throw new Error('expected the write to be refused');
}

let faults: Faults;
const hosts: Host[] = [];
const dirs: string[] = [];

/** A host on `dataDir` whose log lines land in `lines`. */
async function open(dataDir: string, lines: string[] = []): Promise<Host> {
  const h = await startFixtureHost({ dataDir, log: (l) => lines.push(l) });
  hosts.push(h);
  return h;
}

function freshDir(): string {
  const d = tempDir('log');
  dirs.push(d);
  return d;
}

beforeEach(() => {
  faults = armFaults();
});

afterEach(async () => {
  injectLogFaultsForTest(undefined);
  for (const h of hosts.splice(0).reverse()) await h.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('a damaged log', () => {
  it('given one damaged byte in the middle of kvs.jsonl, when the host starts, then it stops naming the file and line, and the file is byte for byte unchanged', async () => {
    const dir = freshDir();
    const h = await open(dir);
    for (const k of ['first', 'second', 'third']) await h.runtime.runAs({}, () => kvs.set(k, k));
    await h.close();
    hosts.splice(hosts.indexOf(h), 1);
    const file = join(dir, 'kvs.jsonl');
    const bytes = readFileSync(file);
    const secondLine = bytes.indexOf(0x0a) + 1;
    const damaged = Buffer.from(bytes);
    damaged[secondLine + 1] = 0x21; // `{"m"` becomes `{!m"`: one byte
    writeFileSync(file, damaged);

    await expect(open(dir)).rejects.toThrow(
      /kvs\.jsonl line 2 \(byte \d+\) cannot be read: .*1 more line follow.*left the file untouched/s,
    );
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('given a damaged line in confluence.jsonl, when the host starts, then it stops and leaves both logs untouched', async () => {
    const dir = freshDir();
    const h = await open(dir);
    for (const title of ['One', 'Two']) {
      const r = await postJson(`${h.url}/wiki/api/v2/pages`, { spaceId: SPACE_ID, title });
      expect(r.status).toBe(200);
    }
    await h.runtime.runAs({}, () => kvs.set('kept', 1));
    await h.close();
    hosts.splice(hosts.indexOf(h), 1);
    const file = join(dir, 'confluence.jsonl');
    const damaged = Buffer.from(readFileSync(file));
    damaged[5] = 0x00;
    writeFileSync(file, damaged);
    const kvsBefore = readFileSync(join(dir, 'kvs.jsonl'));

    await expect(open(dir)).rejects.toThrow(/confluence\.jsonl line 1 .*untouched/s);
    expect(readFileSync(file).equals(damaged)).toBe(true);
    expect(readFileSync(join(dir, 'kvs.jsonl')).equals(kvsBefore)).toBe(true);
    // The KVS log the failed start had opened was released: a later start works once repaired.
    writeFileSync(file, '');
    const again = await open(dir);
    await expect(again.runtime.runAs({}, () => kvs.get('kept'))).resolves.toBe(1);
  });

  it('given a last line that ends with its newline but cannot be read, when the host starts, then it stops too (it may have been acknowledged)', async () => {
    const dir = freshDir();
    const h = await open(dir);
    await h.runtime.runAs({}, () => kvs.set('a', 1));
    await h.close();
    hosts.splice(hosts.indexOf(h), 1);
    const file = join(dir, 'kvs.jsonl');
    appendRawForTest(file, '{"m":[{"t":"put","ns":"kv"\n');
    const before = readFileSync(file);
    await expect(open(dir)).rejects.toThrow(/kvs\.jsonl line 2 .*0 more lines follow/s);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('given an unterminated last line, when the host starts, then only that line is cut and the log says so', async () => {
    const dir = freshDir();
    const h = await open(dir);
    await h.runtime.runAs({}, () => kvs.set('a', 1));
    await h.runtime.runAs({}, () => kvs.set('b', 2));
    await h.close();
    hosts.splice(hosts.indexOf(h), 1);
    const file = join(dir, 'kvs.jsonl');
    const acknowledged = readFileSync(file);
    const torn = '{"m":[{"t":"put","ns":"kv","key":"torn","item":{"va';
    appendRawForTest(file, torn);

    const lines: string[] = [];
    const again = await open(dir, lines);
    expect(lines).toContainEqual(
      `[forge-local] kvs.jsonl: cut an unfinished last write (${torn.length} bytes after line 2, never acknowledged)`,
    );
    expect(readFileSync(file).equals(acknowledged)).toBe(true);
    await expect(again.runtime.runAs({}, () => kvs.get('b'))).resolves.toBe(2);
    await expect(again.runtime.runAs({}, () => kvs.get('torn'))).resolves.toBeUndefined();
  });
});

describe('a write that fails', () => {
  it('given ENOSPC mid-write, when a KVS write is refused, then the app sees a 500, nobody ever sees the value, the writes decided on top of it fail too, and writes acknowledged after it survive a kill -9 style reopen', async () => {
    const dir = freshDir();
    const lines: string[] = [];
    const h = await open(dir, lines);
    const as = <T>(fn: () => Promise<T>): Promise<T> => h.runtime.runAs({}, fn);
    await as(() => kvs.set('before', 'kept'));
    const file = join(dir, 'kvs.jsonl');
    const acknowledged = readFileSync(file);

    const held = faults.holdNextWrite('kvs.jsonl');
    faults.failNextWrite('kvs.jsonl', 17);
    const refused = kvsFailure(as(() => kvs.set('refused', 'never')));
    await held.entered;
    // While the write is on its way to disk: readers do not see it...
    await expect(as(() => kvs.get('refused'))).resolves.toBeUndefined();
    // ...and a write decided on top of it (the key exists for it) waits behind it.
    const dependent = kvsFailure(as(() => kvs.delete('refused')));
    held.release();

    const failure = await refused;
    expect(failure.status).toBe(500);
    expect(failure.message).toMatch(/not stored: kvs\.jsonl could not be written \(ENOSPC/);
    expect((await dependent).status).toBe(500);
    await expect(as(() => kvs.get('refused'))).resolves.toBeUndefined();
    expect(readFileSync(file).equals(acknowledged)).toBe(true); // the 17 bytes were cut back
    expect(lines.some((l) => /kvs\.jsonl: a write failed \(ENOSPC/.test(l))).toBe(true);

    // Space is back: later writes are acknowledged, and decided on the data as it really is.
    // (@forge/kvs reads a delete's KEY_NOT_FOUND as success, so ask the wire.)
    await expect(h.kvs.handle('/api/v1/delete', { key: 'refused' })).resolves.toMatchObject({
      status: 404,
    });
    await as(() => kvs.set('after', 'acknowledged'));
    await as(() => kvs.set('refused', 'second try'));

    // Reopen the file as it is on disk, without closing the first host (as after kill -9).
    const reopened = await open(dir);
    const read = (key: string) => reopened.runtime.runAs({}, () => kvs.get(key));
    await expect(read('before')).resolves.toBe('kept');
    await expect(read('after')).resolves.toBe('acknowledged');
    await expect(read('refused')).resolves.toBe('second try');
    for (const line of readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== ''))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('given a write held on its way to disk, when it fails, then a compare-and-set decided on top of it fails too and the next one decides on the stored version', async () => {
    const dir = freshDir();
    const h = await open(dir);
    const as = <T>(fn: () => Promise<T>): Promise<T> => h.runtime.runAs({}, fn);
    const game = kvs.entity<Record<string, unknown>>('counter');
    await as(() => game.set('g', { room: 'r', name: 'g', version: 1 }));
    const casFrom = (expected: number, next: number) =>
      kvs
        .transact()
        .set<Record<string, unknown>>(
          'g',
          { room: 'r', name: 'g', version: next },
          {
            entityName: 'counter',
            conditions: new Filter<Record<string, unknown>>().and(
              'version',
              FilterConditions.equalTo(expected),
            ),
          },
        )
        .execute();

    const held = faults.holdNextWrite('kvs.jsonl');
    faults.failNextWrite('kvs.jsonl');
    const first = kvsFailure(as(() => casFrom(1, 2)));
    await held.entered;
    const onTop = kvsFailure(as(() => casFrom(2, 3)));
    held.release();
    expect((await first).status).toBe(500);
    expect((await onTop).status).toBe(500);
    await expect(as(() => game.get('g'))).resolves.toMatchObject({ version: 1 });
    await expect(kvsFailure(as(() => casFrom(2, 3)))).resolves.toMatchObject({ status: 409 });
    await as(() => casFrom(1, 2));
    await expect(as(() => game.get('g'))).resolves.toMatchObject({ version: 2 });
  });

  it('given the file cannot be cut back after a failed write, then every later write is refused, and a restart cuts the unfinished tail and keeps every acknowledged write', async () => {
    const dir = freshDir();
    const lines: string[] = [];
    const h = await open(dir, lines);
    const as = <T>(fn: () => Promise<T>): Promise<T> => h.runtime.runAs({}, fn);
    await as(() => kvs.set('acknowledged', 1));
    faults.failNextWrite('kvs.jsonl', 9);
    faults.failCutBack('kvs.jsonl');
    expect((await kvsFailure(as(() => kvs.set('refused', 2)))).status).toBe(500);
    const later = await kvsFailure(as(() => kvs.set('later', 3)));
    expect(later).toMatchObject({ status: 500 });
    expect(later.message).toMatch(/kvs\.jsonl refuses every write.*Restart the host/);
    await expect(as(() => kvs.get('refused'))).resolves.toBeUndefined();
    await expect(as(() => kvs.get('later'))).resolves.toBeUndefined();

    faults.clear();
    const restartLines: string[] = [];
    const reopened = await open(dir, restartLines);
    expect(restartLines).toContainEqual(
      '[forge-local] kvs.jsonl: cut an unfinished last write (9 bytes after line 1, never acknowledged)',
    );
    const read = (key: string) => reopened.runtime.runAs({}, () => kvs.get(key));
    await expect(read('acknowledged')).resolves.toBe(1);
    await expect(read('refused')).resolves.toBeUndefined();
    await expect(read('later')).resolves.toBeUndefined();
  });

  it('given ENOSPC on confluence.jsonl, when a page is created, then Confluence answers 500, the page is nowhere, and its title is free for the retry', async () => {
    const dir = freshDir();
    const h = await open(dir);
    const create = () =>
      postJson(`${h.url}/wiki/api/v2/pages`, { spaceId: SPACE_ID, title: 'Notes' });
    const list = async () =>
      (
        (await (
          await fetch(`${h.url}/wiki/api/v2/pages?space-id=${SPACE_ID}&title=Notes`)
        ).json()) as {
          results: unknown[];
        }
      ).results;

    faults.failNextWrite('confluence.jsonl', 30);
    const refused = await create();
    expect(refused.status).toBe(500);
    expect(JSON.stringify(refused.json)).toMatch(/INTERNAL_SERVER_ERROR.*ENOSPC/);
    expect(await list()).toEqual([]);
    expect(h.confluence.createdPages()).toEqual([]);

    expect((await create()).status).toBe(200);
    const reopened = await open(dir);
    expect(reopened.confluence.createdPages().map((p) => p.title)).toEqual(['Notes']);
  });
});
