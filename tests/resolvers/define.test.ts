/** The resolver wrapper through the real host: identity from context, payload validated. */
import { startAppHost, USERS, type AppHost } from '../support/app-host';

describe('resolver wrapper (app/ping through the local host)', () => {
  let app: AppHost;
  beforeAll(async () => {
    app = await startAppHost();
  }, 60_000);
  afterAll(async () => {
    await app.close();
  });

  it('answers with the caller read from the Forge context', async () => {
    const result = await app.as(USERS.bob).invoke('app/ping');
    expect(result).toEqual({
      ok: true,
      data: { accountId: USERS.bob, localId: 'macro-1', spaceKey: 'COP', contentId: '98305' },
    });
  });

  it('ignores an identity smuggled in the payload', async () => {
    const result = await app.as(USERS.bob).invoke('app/ping', { accountId: USERS.alice });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('refuses an anonymous caller', async () => {
    const result = await app.as('', { accountId: undefined }).invoke('app/ping');
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
  });
});
