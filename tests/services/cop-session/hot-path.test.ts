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
