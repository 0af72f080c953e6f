/**
 * Who may do what in a deep dive, through the resolvers of the real app: every facilitator-only
 * command is refused for a participant (nothing written, nothing published) where the
 * facilitator's same call is accepted; the lead writes the outline, others may not; an author owns
 * their takeaway and action item, the facilitator may moderate them; nobody outside a group writes
 * its notes; another macro's session is out of reach.
 */
import { USERS } from '../../support/app-host';
import { costOf, newSession, type Player, useAppHost, view } from './support';

type Stage = 'setup' | 'check-in' | 'breakouts';

describe('CoP Session authorization', () => {
  const host = useAppHost();

  /** A fresh session at `stage`, facilitated by Alice, with Bob and Chloé joined. */
  async function sessionIn(stage: Stage) {
    const macro = newSession(host.app);
    const alice = macro.as(USERS.alice);
    const bob = macro.as(USERS.bob);
    const chloe = macro.as(USERS.chloe);
    await alice.ok('copSession/create');
    await alice.ok('copSession/setTopic', { topic: { title: 'Roles' } });
    await alice.ok('copSession/setLead', { lead: { kind: 'member', accountId: USERS.chloe } });
    for (const p of [alice, bob, chloe]) await p.ok('copSession/join');
    if (stage !== 'setup') await alice.ok('copSession/start');
    if (stage === 'breakouts') {
      await alice.ok('copSession/next');
      await alice.ok('copSession/next');
    }
    return { macro, alice, bob, chloe };
  }

  const matrix: readonly [string, Stage, unknown][] = [
    ['copSession/setTopic', 'setup', { topic: { title: 'Mine' } }],
    ['copSession/setLead', 'setup', { lead: { kind: 'guest', name: 'Me' } }],
    [
      'copSession/setAgenda',
      'setup',
      {
        agenda: [
          { step: 'check-in', minutes: 5 },
          { step: 'takeaways', minutes: 5 },
        ],
      },
    ],
    ['copSession/setCheckInPrompt', 'setup', { prompt: { kind: 'builtin', id: 'hope' } }],
    ['copSession/setGroupPlan', 'setup', { plan: { by: 'count', count: 2 } }],
    ['copSession/addAttendee', 'setup', { accountId: USERS.dev }],
    ['copSession/removeAttendee', 'check-in', { accountId: USERS.chloe }],
    ['copSession/start', 'setup', {}],
    ['copSession/next', 'check-in', {}],
    ['copSession/extend', 'check-in', { minutes: 5 }],
    ['copSession/back', 'breakouts', {}],
    ['copSession/regroup', 'breakouts', {}],
    ['copSession/end', 'check-in', {}],
  ];

  it.each(matrix)(
    '%s in %s: a participant gets NOT_FACILITATOR, nothing is written or published; the facilitator may',
    async (name, stage, payload) => {
      const { alice, bob } = await sessionIn(stage);
      const before = await view(bob);
      host.app.resetCounters();
      expect(await bob.refused(name, payload)).toBe('NOT_FACILITATOR');
      expect(costOf(host.app, name)).toMatchObject({ writes: 0, publishes: 0 });
      const after = await view(bob);
      const unchanged = (v: typeof before) => ({
        version: v.version,
        phase: v.view.phase,
        topic: v.view.topic,
        lead: v.view.lead,
        attendance: v.view.attendance,
        groups: v.view.groups,
        planned: v.view.agenda.map((item) => [item.step, item.plannedMinutes, item.status]),
        endsAt: v.view.step?.endsAt,
      });
      expect(unchanged(after)).toEqual(unchanged(before));
      await alice.ok(name, payload);
    },
    120_000,
  );

  it('given a member lead, when the lead and another member edit the outline, then only the lead (and the facilitator) may', async () => {
    const { alice, bob, chloe } = await sessionIn('setup');
    await chloe.ok('copSession/editOutline', { outline: 'My outline', questions: ['Why?'] });
    expect(await bob.refused('copSession/editOutline', { outline: 'Mine' })).toBe('NOT_LEAD');
    await alice.ok('copSession/editOutline', { questions: ['Why?', 'How?'] });
    expect((await view(bob)).view.topic).toMatchObject({
      outline: 'My outline',
      questions: ['Why?', 'How?'],
    });
    expect((await view(chloe)).isLead).toBe(true);
  }, 120_000);

  it('given a takeaway and an action item by Bob, when Chloé changes them, then NOT_AUTHOR; Bob and the facilitator may', async () => {
    const { alice, bob, chloe } = await sessionIn('breakouts');
    await alice.ok('copSession/next'); // readout: contributions open
    const { takeawayId } = await bob.ok<{ takeawayId: string }>('copSession/addTakeaway', {
      text: 'Bob learned',
    });
    const { actionItemId } = await bob.ok<{ actionItemId: string }>('copSession/addActionItem', {
      text: 'Bob does',
      owner: USERS.chloe,
    });
    const other = (p: Player, name: string, payload: unknown) => p.refused(name, payload);
    expect(
      await other(chloe, 'copSession/editTakeaway', {
        takeawayId,
        author: USERS.bob,
        text: 'Nope',
      }),
    ).toBe('NOT_AUTHOR');
    expect(
      await other(chloe, 'copSession/deleteActionItem', { actionItemId, author: USERS.bob }),
    ).toBe('NOT_AUTHOR');
    // Chloé naming only the id acts on her own (non-existent) record.
    expect(await other(chloe, 'copSession/deleteTakeaway', { takeawayId })).toBe(
      'UNKNOWN_TAKEAWAY',
    );
    await bob.ok('copSession/editTakeaway', { takeawayId, text: 'Bob learned more' });
    await alice.ok('copSession/editActionItem', {
      actionItemId,
      author: USERS.bob,
      due: '2026-12-31',
    });
    const shown = await view(chloe);
    expect(shown.view.takeaways.map((t) => t.text)).toEqual(['Bob learned more']);
    expect(shown.view.actionItems[0]).toMatchObject({ owner: USERS.chloe, due: '2026-12-31' });
    expect(
      await bob.refused('copSession/addActionItem', { text: 'For Dev', owner: USERS.dev }),
    ).toBe('INVALID_OWNER');
  }, 120_000);

  it('given the groups, when someone writes in a group that is not theirs, then NOT_IN_GROUP; from another macro, the session is not there', async () => {
    const { macro, alice, bob } = await sessionIn('breakouts');
    const groups = (await view(alice)).view.groups;
    const notBobs = groups.find((g) => !g.members.includes(USERS.bob));
    if (notBobs !== undefined) {
      expect(await bob.refused('copSession/addNote', { board: notBobs.number, text: 'x' })).toBe(
        'NOT_IN_GROUP',
      );
    }
    expect(await bob.refused('copSession/addNote', { board: 9, text: 'x' })).toBe('UNKNOWN_BOARD');
    const elsewhere = newSession(host.app).as(USERS.bob);
    expect(await elsewhere.refused('copSession/join')).toBe('NOT_FOUND');
    const wrongModule = macro.as(USERS.bob);
    expect(
      await host.app
        .as(wrongModule.accountId, { moduleKey: 'lean-coffee', localId: macro.localId })
        .invoke('copSession/join', {}),
    ).toMatchObject({ ok: false, error: { code: 'NOT_IN_MACRO' } });
  }, 120_000);
});
