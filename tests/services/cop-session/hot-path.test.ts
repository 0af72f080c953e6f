/**
 * A participant's action on the board engine, counted by the host: after their first call (which
 * records their access), each action is one batch get (with, for a command that reads a range,
 * its prefix query alongside), one transaction, one notice and no Confluence call.
 */
import { USERS } from '../../support/app-host';
import { costOf, IN_PROCESS, newSession, useAppHost, view } from './support';

describe('CoP Session participant hot path', () => {
  const host = useAppHost();

  const confluenceOf = (name: string): number =>
    IN_PROCESS
      ? Object.values(host.app.counters().confluence).reduce((sum, n) => sum + n, 0)
      : (host.app.counters().byFunction[name]?.confluenceRequests ?? 0);

  it.each([
    ['copSession/answerCheckIn', { text: 'Fine, thanks' }, 1],
    ['copSession/addNote', { board: 'plenary', text: 'A note' }, 2],
  ] as const)(
    'given a joined participant, when they call %s, then one batch get (plus the prefix query of a range it reads), one write, one notice and no Confluence call',
    async (name, payload, reads) => {
      const macro = newSession(host.app);
      const alice = macro.as(USERS.alice);
      const bob = macro.as(USERS.bob);
      await alice.ok('copSession/create');
      await alice.ok('copSession/setTopic', { topic: { title: 'Hot path' } });
      await bob.ok('copSession/join');
      await alice.ok('copSession/start');
      if (name === 'copSession/addNote') {
        // The plenary board: past check-in, introduction, breakouts and readout.
        for (let i = 0; i < 4; i += 1) await alice.ok('copSession/next');
      }
      await view(bob);
      host.app.resetCounters();
      await bob.ok(name, payload);
      expect(costOf(host.app, name)).toEqual({ reads, writes: 1, publishes: 1 });
      expect(confluenceOf(name)).toBe(0);
    },
    120_000,
  );
});

describe('CoP Session reads after the end', () => {
  const host = useAppHost();

  it('given an ended session whose notes page exists, when the room reads it, then the page link comes from the instance after its first read: each later read is one batch get and one query', async () => {
    const macro = newSession(host.app);
    const alice = macro.as(USERS.alice);
    const people = [USERS.bob, USERS.chloe, USERS.dev].map((who) => macro.as(who));
    await alice.ok('copSession/create');
    await alice.ok('copSession/setTopic', { topic: { title: 'Reading the end' } });
    for (const p of people) await p.ok('copSession/join');
    await alice.ok('copSession/start');
    await alice.ok('copSession/end');
    const [first, ...others] = people;
    if (first === undefined) throw new Error('nobody');
    const link = (await view(first)).notes;
    expect(link?.url).toMatch(/\/pages\//);
    for (const p of others) await view(p);
    host.app.resetCounters();
    for (const p of others) expect((await view(p)).notes).toEqual(link);
    expect(costOf(host.app, 'copSession/state').reads).toBe(2 * others.length);
  }, 120_000);
});
