/**
 * A whole deep dive with 8 people through the resolvers of the real host.app in the local host: set-up
 * from the backlog (the planned topic by default, a guest speaker, a chosen check-in prompt, three
 * groups), one-click joins and a person added by the facilitator, check-in, the lead's outline,
 * breakouts with shared notes, readout, takeaways and two action items owned by other people, the
 * end (notes page, backlog topic discussed and linked, rotation passed on), an idempotent retry,
 * and a second session in the same macro. Time passes through the app's clock seam.
 */
import type { BacklogView } from '../../../src/contract/backlog';
import type { Changed, EndAnswer } from '../../../src/contract/cop-session';
import type { SettingsView } from '../../../src/contract/settings';
import { USERS } from '../../support/app-host';
import { addTopic, backlogAs, newSession, type Player, useAppHost, view } from './support';

const MINUTE = 60_000;
const HOSTILE = '<script>alert(1)</script> <ac:structured-macro ac:name="html"> & done';

describe('a whole deep dive with 8 people', () => {
  const host = useAppHost();
  const { clock } = host;

  it('given a planned backlog topic and a rotation, when 8 people run the deep dive and it ends, then the notes page, the backlog and the rotation agree, and the macro sets up the next session', async () => {
    // The community: Sam (space admin) puts Alice then Bob in the rotation and plans a topic.
    const sam = backlogAs(host.app, USERS.sam);
    await sam.ok('settings/update', { facilitators: [USERS.alice, USERS.bob] });
    const topicId = await addTopic(host.app, USERS.chloe, 'Scaling retrospectives');
    await sam.ok('backlog/plan', { topicId, date: '2026-12-02' });

    const macro = newSession(host.app);
    const alice = macro.as(USERS.alice);
    const others = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve, USERS.finn, USERS.sam];
    const [bob, chloe, dev, eve, finn, samP] = others.map((id) => macro.as(id)) as [
      Player,
      Player,
      Player,
      Player,
      Player,
      Player,
    ];
    const olga = macro.as(USERS.olga);

    // Set-up: nothing yet; Alice sets it up and the planned topic is there by default.
    await expect(bob.ok('copSession/state')).resolves.toBeNull();
    await alice.ok('copSession/create');
    const setup = await view(alice);

    expect(setup).toMatchObject({ session: 1, isFacilitator: true, view: { phase: 'setup' } });
    expect(setup.backlogTopicId).toBe(topicId);
    expect(setup.view.topic).toMatchObject({ title: 'Scaling retrospectives' });
    expect(setup.setup?.suggestedTopicId).toBe(topicId);
    expect((await view(bob)).setup).toBeNull();

    await alice.ok('copSession/setLead', { lead: { kind: 'guest', name: 'Grace Hopper' } });
    await alice.ok('copSession/setCheckInPrompt', { prompt: { kind: 'builtin', id: 'weather' } });
    await alice.ok('copSession/setGroupPlan', { plan: { by: 'count', count: 3 } });
    await alice.ok('copSession/editOutline', {
      outline: 'Why retros stall at scale.\nThree patterns that help.',
      questions: ['Which pattern would fit your team?', 'What would you try first?'],
    });
    expect(await bob.refused('copSession/setTopic', { topic: { title: 'Mine' } })).toBe(
      'NOT_FACILITATOR',
    );

    // Join with one click; Olga is in the room without a device: Alice adds her.
    await Promise.all(
      [alice, bob, chloe, dev, eve, finn, samP].map((p) => p.ok('copSession/join')),
    );
    await alice.ok('copSession/addAttendee', { accountId: USERS.olga });
    expect(await bob.refused('copSession/join')).toBe('ALREADY_JOINED');
    expect((await view(olga)).view.attendance).toHaveLength(8);

    // Check-in: answers appear live with the shared timer; one person passes.
    await alice.ok('copSession/start');
    await bob.ok('copSession/answerCheckIn', { text: 'Sunny: shipped on Friday' });
    await chloe.ok('copSession/answerCheckIn', { text: HOSTILE });
    await dev.ok('copSession/passCheckIn');
    const checkIn = await view(eve);
    expect(checkIn.view.phase).toBe('check-in');
    expect(checkIn.view.step).toMatchObject({ step: 'check-in', isExpired: false });
    expect(checkIn.view.checkIn.answers).toHaveLength(3);
    expect(checkIn.view.checkIn.prompt).toContain('weather report');
    expect(checkIn.view.canDo).toContain('answerCheckIn');

    // The lead's introduction, then breakouts: 3 groups of 3, 3, 2.
    clock.advance(5 * MINUTE);
    await alice.ok('copSession/next');
    await alice.ok('copSession/next');
    const breakout = await view(alice);
    expect(breakout.view.phase).toBe('breakouts');
    const groups = breakout.view.groups;
    expect(groups.map((g) => g.members.length).sort()).toEqual([2, 3, 3]);
    expect(groups.flatMap((g) => g.members).sort()).toEqual(
      [USERS.alice, ...others, USERS.olga].sort(),
    );
    const players = new Map([alice, bob, chloe, dev, eve, finn, samP].map((p) => [p.accountId, p]));
    const own = await view(bob);
    expect(own.view.groups).toHaveLength(1);
    expect(own.view.groups[0]?.members).toContain(USERS.bob);

    // Each group: one member writes a note, another member (with a device) edits it.
    for (const group of groups) {
      const [writer, editor] = group.members.flatMap((id) => {
        const p = players.get(id);
        return p === undefined ? [] : [p];
      });
      if (writer === undefined) throw new Error('a group without a device');
      const { noteId } = await writer.ok<{ noteId: string }>('copSession/addNote', {
        board: group.number,
        text: `Group ${group.number} says: pair retros`,
      });
      if (editor !== undefined) {
        // The facilitator sees every group, a member only theirs: find this group's note by id.
        const shown = (await view(editor)).view.groups
          .flatMap((g) => g.notes)
          .find((n) => n.noteId === noteId);
        await editor.ok('copSession/editNote', {
          board: group.number,
          noteId,
          text: `Group ${group.number} says: pair retros across teams`,
          seen: shown?.base ?? {},
        });
      }
    }
    const outsider = groups.find((g) => !g.members.includes(USERS.bob));
    expect(
      await bob.refused('copSession/addNote', { board: outsider?.number ?? 1, text: 'Peek' }),
    ).toBe('NOT_IN_GROUP');

    // Readout: everyone sees every group; plenary; takeaways and action items owned by others.
    await alice.ok('copSession/next');
    expect((await view(bob)).view.groups).toHaveLength(3);
    await alice.ok('copSession/next');
    await alice.ok('copSession/next');
    await bob.ok('copSession/addTakeaway', { text: 'Rotate the retro facilitator' });
    clock.advance(1_000);
    await eve.ok('copSession/addTakeaway', { text: 'Keep a shared improvement board' });
    await bob.ok('copSession/addActionItem', {
      text: 'Draft the pattern catalogue',
      owner: USERS.chloe,
      due: '2026-12-16',
    });
    clock.advance(1_000);
    await dev.ok('copSession/addActionItem', { text: 'Try a cross-team retro', owner: USERS.eve });

    // The end: one page, the backlog topic discussed and linked, the rotation passed on.
    const ended = await alice.ok<EndAnswer>('copSession/end');
    expect(ended.notes.ok).toBe(true);
    expect(ended.backlog).toEqual({ ok: true });
    expect(ended.rotation).toEqual({ ok: true });
    if (!ended.notes.ok) return;
    const page = ended.notes.page;
    const afterEnd = await view(finn);
    expect(afterEnd.view.phase).toBe('ended');
    expect(afterEnd.notes).toEqual(page);

    const body = host.app.host.confluence.page(page.pageId)?.body ?? '';
    for (const words of [
      'Grace Hopper',
      'Your weather report',
      'Why retros stall at scale.',
      'Which pattern would fit your team?',
      'Group 1',
      'Group 2',
      'Group 3',
      'pair retros across teams',
      'Rotate the retro facilitator',
      'Keep a shared improvement board',
      'Draft the pattern catalogue',
      'Try a cross-team retro',
      '<ac:task-list>',
      `ri:account-id="${USERS.chloe}"`,
      `ri:account-id="${USERS.eve}"`,
      `ri:account-id="${USERS.olga}"`,
      '2026-12-16',
      '&lt;script&gt;',
    ]) {
      expect(body).toContain(words);
    }
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('ac:name="html"');
    expect(host.app.host.confluence.page(page.pageId)?.authorId).toBe(USERS.alice);

    const backlog = await sam.ok<BacklogView>('backlog/list', {});
    const topic = backlog.topics.find((t) => t.id === topicId);
    expect(topic).toMatchObject({ status: 'discussed', notesPage: { pageId: page.pageId } });
    const settings = await sam.ok<SettingsView>('settings/get');
    expect(settings.nextFacilitator).toBe(USERS.bob);

    // A retry or a double click: no second page, the rotation does not move again.
    expect(await alice.refused('copSession/end')).toBe('WRONG_PHASE');
    const again = await alice.ok<EndAnswer>('copSession/createNotes');
    expect(again.notes).toEqual({ ok: true, page });
    expect(
      host.app.host.confluence.createdPages().filter((p) => p.title === page.title),
    ).toHaveLength(1);
    expect((await sam.ok<SettingsView>('settings/get')).nextFacilitator).toBe(USERS.bob);

    // One macro, many sessions: Bob sets up the next one; the first is listed with its notes.
    await bob.ok<Changed>('copSession/create');
    const second = await view(bob);
    expect(second).toMatchObject({ session: 2, isFacilitator: true, view: { phase: 'setup' } });
    expect(second.view.attendance).toEqual([]);
    expect(second.past).toEqual([
      expect.objectContaining({ session: 1, title: 'Scaling retrospectives', notes: page }),
    ]);
    expect((await view(alice)).isFacilitator).toBe(false);
  }, 240_000);
});
