/**
 * A change notice goes out after its write committed, so a publish that fails must never turn the
 * write into a failure answer. `@forge/realtime` reports a refused publish in its result
 * (`{ eventId: null, errors: [{ message: 'RATE_LIMIT_EXCEEDED' }] }`, out/publish.js) and throws
 * `ProxyRequestError` on a Forge proxy error (out/utils.js); Forge asks apps to retry with a
 * backoff. The host refuses the next publishes on demand, as Forge would.
 */
import type { BacklogChange, BacklogView } from '../../../src/contract/backlog';
import { backlogChannel } from '../../../src/contract/channels';
import type { ApiResult } from '../../../src/contract/result';
import { scopeKey, type RealtimeMessage } from '../../../emulator/realtime-hub';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor } from './support';

jest.setTimeout(60_000);

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
});

afterAll(async () => {
  await app.close();
});

afterEach(() => {
  app.host.realtime.refuseNextPublishes(0);
  jest.restoreAllMocks();
});

const fromGameMacro = () =>
  clientFor(app, USERS.dev, { moduleKey: 'thirty-five', localId: 'macro-live-notices' });

/** The space's backlog listeners, as the backlog views subscribe (`[Confluence.Space]`). */
function listenToBacklog(): { received: RealtimeMessage[]; stop: () => void } {
  const received: RealtimeMessage[] = [];
  const stop = app.host.realtime.subscribe({
    channel: backlogChannel('COP'),
    isGlobal: false,
    scope: scopeKey({ spaceId: '65537' }, ['space']),
    deliver: (m) => received.push(m),
  });
  return { received, stop };
}

async function titles(): Promise<string[]> {
  const answer = await clientFor(app, USERS.bob, {
    moduleKey: 'topic-backlog-page',
  }).invoke<BacklogView>('backlog/list', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.data.topics.map((t) => t.title);
}

describe('a notice after a committed write', () => {
  it('given the first publish is refused with the rate-limit error, when a topic is added, then the answer is ok, the topic is kept and the retry delivers one notice', async () => {
    const { received, stop } = listenToBacklog();
    app.resetCounters();
    app.host.realtime.refuseNextPublishes(1);
    try {
      const answer: ApiResult<BacklogChange> = await fromGameMacro().invoke('backlog/add', {
        title: 'Kept although the first notice bounced',
      });
      expect(answer).toMatchObject({ ok: true, data: { written: 1 } });
    } finally {
      stop();
    }
    expect(app.counters()).toMatchObject({ realtimeRefused: 1, realtimePublishes: 1 });
    expect(received).toHaveLength(1);
    expect(await titles()).toContain('Kept although the first notice bounced');
  });

  it('given every publish refused with the rate-limit error, when a topic is added, then the answer is still ok, the topic is kept, nothing is heard and the drop is logged once', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { received, stop } = listenToBacklog();
    app.resetCounters();
    app.host.realtime.refuseNextPublishes(2);
    try {
      const answer = await fromGameMacro().invoke('backlog/add', {
        title: 'Kept although no notice went out',
      });
      expect(answer).toMatchObject({ ok: true });
    } finally {
      stop();
    }
    expect(app.counters()).toMatchObject({ realtimeRefused: 2, realtimePublishes: 0 });
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(backlogChannel('COP'));
    expect(String(warn.mock.calls[0]?.[0])).toContain('RATE_LIMIT_EXCEEDED');
    expect(await titles()).toContain('Kept although no notice went out');
  });

  it('given the Forge proxy failing every publish (the package throws), when a topic is added, then the answer is ok, not UNEXPECTED, and the topic is kept', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    app.host.realtime.refuseNextPublishes(2, 'PROXY_ERROR');
    const answer = await fromGameMacro().invoke('backlog/add', {
      title: 'Kept through a proxy error',
    });
    expect(answer).toMatchObject({ ok: true });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('PROXY_ERR');
    expect(await titles()).toContain('Kept through a proxy error');
  });

  it('given a game macro whose notice fails twice at the Forge proxy, when the facilitator starts a game, then the game is started and its state reads back', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const facilitator = clientFor(app, USERS.alice, {
      moduleKey: 'thirty-five',
      localId: 'macro-notice-refused',
    });
    app.host.realtime.refuseNextPublishes(2, 'PROXY_ERROR');
    const started = await facilitator.invoke('thirtyFive/start', {});
    expect(started).toMatchObject({ ok: true });
    const state = await facilitator.invoke<{ step: string }>('thirtyFive/state', {});
    expect(state).toMatchObject({ ok: true, data: { step: expect.any(String) as unknown } });
  });
});
