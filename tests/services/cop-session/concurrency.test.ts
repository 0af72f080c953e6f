/**
 * Many people at once, through the resolvers of the real app: 60 people joining at the same moment
 * and then all writing breakout notes at the same moment lose nothing, each with exactly one
 * write and one notice; a group editing one note at once keeps every person's words (the latest
 * shown, the others flagged); two facilitator clicks on "next" advance once.
 */
import type { CopSessionView } from '../../../src/contract/cop-session';
import type { ApiResult } from '../../../src/contract/result';
import { USERS } from '../../support/app-host';
import { accountOf, costOf, newSession, setUpSession, useAppHost, view } from './support';

const CROWD = 60;

/** Straight into the breakouts, then the takeaways. */
const BREAKOUTS = [
  { step: 'breakouts', minutes: 15 },
  { step: 'takeaways', minutes: 5 },
] as const;

const codes = (results: readonly ApiResult<unknown>[]) =>
  results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code));

describe('CoP Session under concurrency', () => {
  const env = useAppHost();

  it(`given ${CROWD} people, when all join at once and then all write breakout notes at once, then every join and every note is kept, one write and one notice each`, async () => {
    const macro = newSession(env.app);
    const alice = macro.as(USERS.alice);
    await setUpSession(alice, 'Crowd', { agenda: BREAKOUTS, plan: { by: 'count', count: 4 } });
    const crowd = Array.from({ length: CROWD }, (_, i) => macro.as(accountOf(i + 1)));
    // The first view draws the installation's notice-signing key (one write, once ever).
    await view(alice);

    env.app.resetCounters();
    const joins = await Promise.all(crowd.map((p) => p.call('copSession/join')));
    expect(codes(joins)).toEqual([]);
    expect(costOf(env.app, 'copSession/join')).toMatchObject({ writes: CROWD, publishes: CROWD });
    const joined = await view(alice);
    expect(joined.view.attendance.map((a) => a.accountId).sort()).toEqual(
      crowd.map((p) => p.accountId).sort(),
    );

    await alice.ok('copSession/start');
    const groups = (await view(alice)).view.groups;
    expect(groups.map((g) => g.members.length)).toEqual([15, 15, 15, 15]);
    const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m, g.number] as const)));

    env.app.resetCounters();
    const notes = await Promise.all(
      crowd.map((p) =>
        p.call<{ noteId: string }>('copSession/addNote', {
          board: groupOf.get(p.accountId),
          text: `Note by ${p.accountId}`,
        }),
      ),
    );
    expect(codes(notes)).toEqual([]);
    expect(costOf(env.app, 'copSession/addNote')).toMatchObject({
      writes: CROWD,
      publishes: CROWD,
    });
    const after = await view(alice);
    for (const group of after.view.groups) {
      expect(group.notes.map((n) => n.text).sort()).toEqual(
        group.members.map((m) => `Note by ${m}`).sort(),
      );
    }
  }, 300_000);

  it('given a group of six, when all edit the same note at once, then no one’s words are lost: the latest is shown and the others are flagged beside it', async () => {
    const macro = newSession(env.app);
    const alice = macro.as(USERS.alice);
    await setUpSession(alice, 'Same note', { agenda: BREAKOUTS, plan: { by: 'size', size: 50 } });
    const people = Array.from({ length: 6 }, (_, i) => macro.as(accountOf(500 + i)));
    for (const p of people) await p.ok('copSession/join');
    await alice.ok('copSession/start');
    const [first] = people;
    if (first === undefined) throw new Error('nobody');
    const { noteId } = await first.ok<{ noteId: string }>('copSession/addNote', {
      board: 1,
      text: 'Start',
    });
    const base = (await view(first)).view.groups[0]?.notes[0]?.base ?? {};
    const edits = await Promise.all(
      people.map((p, i) => {
        env.clock.advance(1);
        return p.call('copSession/editNote', {
          board: 1,
          noteId,
          text: `Edit ${i}`,
          seen: base,
        });
      }),
    );
    expect(codes(edits)).toEqual([]);
    const note = (await view(first)).view.groups[0]?.notes[0];
    const words = [note?.text, ...(note?.conflicts ?? []).map((c) => c.text)].sort();
    expect(words).toEqual(people.map((_, i) => `Edit ${i}`).sort());
  }, 120_000);

  it('given the facilitator double-clicks "next" with the version on screen, then the session moves one step', async () => {
    const macro = newSession(env.app);
    const alice = macro.as(USERS.alice);
    await setUpSession(alice, 'Clicks');
    await alice.ok('copSession/start');
    const { version } = await view(alice);
    const clicks = await Promise.all([
      alice.call('copSession/next', { version }),
      alice.call('copSession/next', { version }),
    ]);
    expect(clicks.filter((c) => c.ok)).toHaveLength(1);
    expect(codes(clicks)).toEqual(['CONFLICT']);
    const moved: CopSessionView = await view(alice);
    expect(moved.view.phase).toBe('introduction');
  }, 60_000);
});
