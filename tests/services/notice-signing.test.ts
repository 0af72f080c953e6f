/**
 * Signed notices (src/services/notice-signing.ts), through the real app in the host: the
 * installation's key pair is drawn once and kept in storage; a view hands out only the public key
 * (never the private one) with its own board; a notice the app publishes checks out against that
 * key for that board only (static/src/notice-trust.ts), with the author's cached name under the
 * same signature; a pair already stored is the one used, and so is the pair another instance
 * stores between this one's read and its write.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { changeChannel } from '../../src/contract/channels';
import { COP_SESSION_RESOLVERS as CS, type CopSessionView } from '../../src/contract/cop-session';
import { noticeMessage } from '../../src/contract/notice-signature';
import { keys } from '../../src/storage/keys';
import { parseNotice } from '../../static/src/live-feed';
import { signedBy } from '../../static/src/notice-trust';
import { until } from '../../bench/support/screens';
import { HOME_PAGE_ID, startAppHost, USERS, type AppHost } from '../support/app-host';
import { useLiveHost } from './live/support';

jest.setTimeout(120_000);

interface StoredPair {
  readonly x: string;
  readonly d: string;
}

async function storedPair(app: AppHost): Promise<StoredPair | undefined> {
  const r = await app.host.kvs.handle('/api/v1/get', { key: keys.noticeKey() });
  return r.status === 200 ? ((r.body as { value?: StoredPair }).value ?? undefined) : undefined;
}

async function setUpSession(app: AppHost, localId: string) {
  const as = (who: string) => app.as(who, { moduleKey: 'cop-session', localId });
  const must = async <T>(who: string, name: string, payload: unknown = {}): Promise<T> => {
    const r = await as(who).invoke<T>(name, payload);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  await must(USERS.alice, CS.create);
  await must(USERS.alice, CS.setTopic, { topic: { title: 'Signing' } });
  for (const who of [USERS.alice, USERS.bob]) await must(who, CS.join);
  await must(USERS.alice, CS.start);
  for (;;) {
    const view = await must<CopSessionView>(USERS.alice, CS.state);
    if (view.view.phase === 'plenary') break;
    await must(USERS.alice, CS.next);
  }
  return { must, view: (who: string) => must<CopSessionView>(who, CS.state) };
}

describe('signed notices', () => {
  const live = useLiveHost();

  it('given a session, when people read it and add a takeaway, then views hand out the stored public key (never the private one) and the takeaway’s notice checks out for this board only', async () => {
    const localId = 'signing-one';
    const session = await setUpSession(live.app, localId);
    const view = await session.view(USERS.bob);
    const pair = await storedPair(live.app);
    expect(pair?.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(view.noticeKey).toEqual({ key: pair?.x, board: `${HOME_PAGE_ID}.${localId}` });
    expect(JSON.stringify(view)).not.toContain(pair?.d ?? '-');

    const heard: unknown[] = [];
    const unsubscribe = await live.stream.subscribe(
      { accountId: USERS.chloe, moduleKey: 'cop-session', localId, contentId: HOME_PAGE_ID },
      changeChannel(localId),
      (payload) => heard.push(payload),
    );
    const added = await session.must<unknown>(USERS.bob, CS.addTakeaway, { text: 'Signed text' });
    expect(JSON.stringify(added)).not.toContain(pair?.d ?? '-');
    await until(() => heard.length === 1, 'the takeaway’s notice');
    await unsubscribe();
    const notice = parseNotice(heard[0]);
    expect(notice?.change).toMatchObject({ t: 'takeaway', author: USERS.bob });
    // The author's name, from the app's name cache (their read put it there), signed with it.
    expect(notice?.names).toEqual({ [USERS.bob]: view.names[USERS.bob] });
    expect(view.names[USERS.bob]).toBe('Bob Scrum Master');
    expect(JSON.stringify(heard[0])).toContain('Signed text');
    expect(JSON.stringify(heard[0])).not.toContain(pair?.d ?? '-');
    if (notice === null) throw new Error('no notice');
    expect(signedBy(notice, view.noticeKey)).toBe(true);
    const key = view.noticeKey ?? { key: '', board: '' };
    expect(signedBy(notice, { ...key, board: `${HOME_PAGE_ID}.elsewhere` })).toBe(false);
    expect(signedBy({ ...notice, version: notice.version + 1 }, view.noticeKey)).toBe(false);
    expect(signedBy({ ...notice, names: { [USERS.bob]: 'Mallory' } }, view.noticeKey)).toBe(false);
    // The same pair on every later read: drawn once.
    expect((await session.view(USERS.alice)).noticeKey?.key).toBe(pair?.x);
    expect((await storedPair(live.app))?.x).toBe(pair?.x);
  });

  it('given a pair already in storage (another instance drew it first), when the app shows a view and signs, then it uses the stored pair', async () => {
    const fresh = await startAppHost();
    try {
      const { privateKey } = generateKeyPairSync('ed25519');
      const jwk = privateKey.export({ format: 'jwk' });
      const stored = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d };
      const put = await fresh.host.kvs.handle('/api/v1/set', {
        key: keys.noticeKey(),
        value: stored,
      });
      expect(put.status).toBeLessThan(300);
      const session = await setUpSession(fresh, 'signing-stored');
      const view = await session.view(USERS.bob);
      expect(view.noticeKey?.key).toBe(jwk.x);
      const message = noticeMessage(view.noticeKey?.board ?? '', { kind: 'k', version: 1 });
      const sig = sign(null, Buffer.from(message), privateKey).toString('base64url');
      expect(signedBy({ kind: 'k', version: 1, sig }, view.noticeKey)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('given another instance storing its pair between this one’s read and its write, when the app draws, then its FAIL_IF_EXISTS write is refused and it uses the winner’s pair', async () => {
    const fresh = await startAppHost();
    try {
      const { privateKey } = generateKeyPairSync('ed25519');
      const jwk = privateKey.export({ format: 'jwk' });
      const winner = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d };
      // The host's storage, not the app: the other instance's write lands just before this
      // instance's own (the app's request goes out unchanged through the real @forge/kvs).
      const kvs = fresh.host.kvs;
      const original = kvs.handleMetered.bind(kvs);
      const draws: { keyPolicy: unknown; status: number }[] = [];
      kvs.handleMetered = async (path, body) => {
        const request = body as { key?: string; options?: { keyPolicy?: unknown } };
        if (path.endsWith('/set') && request.key === keys.noticeKey()) {
          if (draws.length === 0)
            await original('/api/v1/set', { key: keys.noticeKey(), value: winner });
          const answered = await original(path, body);
          draws.push({ keyPolicy: request.options?.keyPolicy, status: answered.response.status });
          return answered;
        }
        return original(path, body);
      };
      const session = await setUpSession(fresh, 'signing-race');
      const view = await session.view(USERS.bob);

      expect(draws).toHaveLength(1);
      expect(draws[0]?.keyPolicy).toBe('FAIL_IF_EXISTS');
      expect(draws[0]?.status).toBeGreaterThanOrEqual(400);
      expect(view.noticeKey?.key).toBe(jwk.x);
      expect((await storedPair(fresh))?.x).toBe(jwk.x);
      const message = noticeMessage(view.noticeKey?.board ?? '', { kind: 'k', version: 1 });
      const sig = sign(null, Buffer.from(message), privateKey).toString('base64url');
      expect(signedBy({ kind: 'k', version: 1, sig }, view.noticeKey)).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
