/**
 * A whole Lean Coffee with 4 participants through the resolvers of the real host.app in the local host:
 * topics proposed, edited and merged; hidden dot votes; two topics discussed, the first extended by
 * the thumbs vote; takeaways and an action item; wrap-up sending the undiscussed topics to the
 * backlog; the end creating the notes page. Time passes through the app's clock seam, not by
 * waiting: the host and the `@forge/*` packages keep the real clock.
 */
import type {
  Changed,
  LeanCoffeeView,
  WrapUpAnswer,
  EndAnswer,
} from '../../../src/contract/lean-coffee';
import type { BacklogView } from '../../../src/contract/backlog';
import { USERS } from '../../support/app-host';
import { newBoard, type Player, useAppHost } from './support';

const MINUTE = 60_000;
const HOSTILE = '<script>alert(1)</script> <ac:structured-macro ac:name="html"> & done';

describe('a whole Lean Coffee with 4 participants', () => {
  const host = useAppHost();
  const { clock } = host;

  it('given four people, when they propose, vote, discuss two topics, wrap up and end, then every screen, the backlog and the notes agree', async () => {
    const board = newBoard(host.app);
    const alice = board.as(USERS.alice); // facilitator
    const bob = board.as(USERS.bob);
    const chloe = board.as(USERS.chloe);
    const dev = board.as(USERS.dev);
    const view = (p: Player) => p.ok<LeanCoffeeView>('leanCoffee/state');

    // Start: alice facilitates.
    await expect(bob.ok('leanCoffee/state')).resolves.toBeNull();
    await alice.ok('leanCoffee/start', {
      settings: { dotsPerParticipant: 3, maxDotsPerTopic: 2, defaultTopicMinutes: 4 },
    });
    expect(await view(bob)).toMatchObject({ phase: 'proposing', isFacilitator: false });
    expect(await view(alice)).toMatchObject({ phase: 'proposing', isFacilitator: true });

    // Propose (one at a time, so "earliest proposed" is well defined), edit, merge a duplicate.
    const propose = async (p: Player, title: string, minutes?: number) => {
      const { topicId } = await p.ok<{ topicId: string }>('leanCoffee/proposeTopic', {
        title,
        ...(minutes === undefined ? {} : { minutes }),
      });
      clock.advance(1_000); // distinct proposal instants, so "earliest proposed" is well defined
      return topicId;
    };
    const estimation = await propose(bob, 'Estimation without numbers', 2);
    const retros = await propose(chloe, 'Retro formats that work');
    const pairing = await propose(dev, 'Remote pairing');
    const metrics = await propose(alice, 'Flow metrics');
    const duplicate = await propose(chloe, 'Pairing remotely');
    await bob.ok('leanCoffee/editTopic', { topicId: estimation, details: 'No story points.' });
    expect(await chloe.refused('leanCoffee/editTopic', { topicId: estimation, title: 'x' })).toBe(
      'NOT_AUTHOR',
    );
    await alice.ok('leanCoffee/mergeTopics', { intoId: pairing, fromId: duplicate });
    const proposing = await view(dev);
    expect(proposing.board.toDiscuss.map((card) => card.topic.id)).toEqual([
      estimation,
      retros,
      pairing,
      metrics,
    ]);
    expect(proposing.board.toDiscuss[0]?.topic.details).toBe('No story points.');
    expect(proposing.names).toMatchObject({
      [USERS.alice]: 'Alice Facilitator',
      [USERS.bob]: 'Bob Scrum Master',
      [USERS.dev]: 'Dev Agile Coach',
    });

    // Vote: hidden tallies, own dots visible, re-vote replaces.
    await alice.ok('leanCoffee/openVoting');
    await alice.ok('leanCoffee/allocateDots', { allocation: { [retros]: 2, [estimation]: 1 } });
    await bob.ok('leanCoffee/allocateDots', { allocation: { [metrics]: 1 } });
    await bob.ok('leanCoffee/allocateDots', { allocation: { [estimation]: 2, [pairing]: 1 } });
    await chloe.ok('leanCoffee/allocateDots', { allocation: { [retros]: 2, [estimation]: 1 } });
    await dev.ok('leanCoffee/allocateDots', { allocation: { [pairing]: 2, [metrics]: 1 } });
    const voting = await view(bob);
    expect(voting.board.toDiscuss.every((card) => card.votes === null)).toBe(true);
    expect(voting.dots).toEqual({
      allocation: { [estimation]: 2, [pairing]: 1 },
      used: 3,
      left: 0,
    });
    await alice.ok('leanCoffee/closeVoting');

    // Order: 4 votes each for estimation and retros (estimation proposed first), pairing 3, metrics 1.
    const closed = await view(chloe);
    expect(closed.board.toDiscuss.map((card) => [card.topic.id, card.votes])).toEqual([
      [estimation, 4],
      [retros, 4],
      [pairing, 3],
      [metrics, 1],
    ]);

    // Topic 1 (2 minutes): no thumbs before expiry; at expiry 2 up, 1 sideways, 1 down → extend.
    await alice.ok('leanCoffee/startTopic');
    const running = await view(dev);
    expect(running.board.discussing?.topic.id).toBe(estimation);
    expect(running.board.discussing?.countdown.endsAt).toBe(
      running.board.discussing!.countdown.startedAt + 2 * MINUTE,
    );
    expect(
      await bob.refused('leanCoffee/castThumb', { topicId: estimation, round: 0, thumb: 'up' }),
    ).toBe('TIMEBOX_RUNNING');
    await bob.ok('leanCoffee/addTakeaway', { topicId: estimation, text: 'Slice work thinner.' });
    clock.advance(2 * MINUTE + 1_000);
    expect((await view(chloe)).thumbs).toMatchObject({ round: 0, isOpen: true });
    await alice.ok('leanCoffee/castThumb', { topicId: estimation, round: 0, thumb: 'up' });
    await bob.ok('leanCoffee/castThumb', { topicId: estimation, round: 0, thumb: 'up' });
    await chloe.ok('leanCoffee/castThumb', { topicId: estimation, round: 0, thumb: 'sideways' });
    await dev.ok('leanCoffee/castThumb', { topicId: estimation, round: 0, thumb: 'down' });
    expect((await view(dev)).thumbs).toMatchObject({
      counts: { up: 2, sideways: 1, down: 1 },
      outcome: 'extend',
      myThumb: 'down',
    });
    await alice.ok('leanCoffee/closeThumbs', { topicId: estimation, round: 0 });
    const extended = await view(bob);
    expect(extended.board.discussing?.topic.id).toBe(estimation);
    expect(extended.board.discussing?.countdown).toMatchObject({ round: 1 });
    expect(
      extended.board.discussing!.countdown.endsAt - extended.board.discussing!.countdown.startedAt,
    ).toBe(1 * MINUTE);

    // Round 1 expires; everyone thumbs down; after the 1-minute window anyone may close it.
    clock.advance(MINUTE + 1_000);
    for (const p of [alice, bob, chloe, dev]) {
      await p.ok('leanCoffee/castThumb', { topicId: estimation, round: 1, thumb: 'down' });
    }
    expect(await chloe.refused('leanCoffee/closeThumbs', { topicId: estimation, round: 1 })).toBe(
      'NOT_FACILITATOR',
    );
    clock.advance(MINUTE);
    await chloe.ok('leanCoffee/closeThumbs', { topicId: estimation, round: 1 });

    // Topic 2 started by itself; a takeaway and an action item; then wrap-up.
    const second = await view(alice);
    expect(second.board.discussing?.topic.id).toBe(retros);
    expect(second.board.done.map((card) => card.topic.id)).toEqual([estimation]);
    await dev.ok('leanCoffee/addTakeaway', { topicId: retros, text: 'Rotate the format monthly.' });
    clock.advance(1_000); // takeaways are listed in the order they were written
    await chloe.ok('leanCoffee/addTakeaway', { topicId: retros, text: HOSTILE });
    await chloe.ok('leanCoffee/addActionItem', {
      topicId: retros,
      text: 'Share the retro catalogue',
      owner: USERS.dev,
    });
    clock.advance(3 * MINUTE);
    const wrap = await alice.ok<WrapUpAnswer>('leanCoffee/startWrapUp');
    expect(wrap.backlog).toEqual({ ok: true, imported: 2 });
    const wrapped = await view(bob);
    expect(wrapped.phase).toBe('wrap-up');
    expect(wrapped.wrapUp.map((item) => [item.topic.id, item.votes])).toEqual([
      [pairing, 3],
      [metrics, 1],
    ]);
    expect(wrapped.board.done.map((card) => card.topic.id)).toEqual([estimation, retros]);
    expect(wrapped.takeaways.map((t) => t.text)).toEqual([
      'Slice work thinner.',
      'Rotate the format monthly.',
      HOSTILE,
    ]);

    // The space's backlog holds the two undiscussed topics, scored head to head against all four
    // topics, voter by voter: pairing won 6 of 12 comparisons, metrics 3.5 of 12.
    const backlog = await bob.ok<BacklogView>('backlog/list');
    const imported = backlog.topics.filter((topic) =>
      topic.sources.some((source) => JSON.stringify(source).includes(board.localId)),
    );
    expect(imported.map((topic) => [topic.title, topic.score])).toEqual([
      ['Remote pairing', 50],
      ['Flow metrics', 29.17],
    ]);

    // A retried import adds nothing.
    await expect(alice.ok('leanCoffee/sendToBacklog')).resolves.toEqual({ ok: true, imported: 0 });

    expect(await alice.refused('leanCoffee/createNotes')).toBe('WRONG_PHASE');

    // End: the notes page exists once, with the topics, votes and takeaways as text.
    const end = await alice.ok<EndAnswer>('leanCoffee/endMeeting');
    expect(end.notes.ok).toBe(true);
    const again = await alice.ok<{ ok: boolean; page?: { pageId: string } }>(
      'leanCoffee/createNotes',
    );
    expect(again).toEqual(end.notes);
    const pages = host.app.host.confluence
      .createdPages()
      .filter((page) => page.body.includes('Retro formats that work'));
    expect(pages).toHaveLength(1);
    const page = pages[0]!;
    expect(page.title).toMatch(/^.+ session notes — \d{4}-\d{2}-\d{2} — Lean Coffee$/);
    for (const id of [USERS.alice, USERS.bob, USERS.chloe, USERS.dev]) {
      expect(page.body).toContain(`ri:account-id="${id}"`);
    }
    expect(page.body).toContain('<tr><td>Estimation without numbers</td><td>4</td><td>4</td></tr>');
    // Each takeaway once, in the Takeaways list (the table no longer repeats it).
    expect(
      page.body.split('<li>Estimation without numbers: Slice work thinner.</li>'),
    ).toHaveLength(2);
    expect(page.body).toContain('<tr><td>Remote pairing</td><td>3</td><td>0</td>');
    // attendees, facilitator, the owner in the summary's "who owns what" and on the task
    expect(page.body.match(/ri:account-id=/g)).toHaveLength(4 + 1 + 1 + 1);
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<ac:structured-macro');
    expect(page.body).toContain('&lt;ac:structured-macro ac:name=&quot;html&quot;&gt;');
    expect(pages[0]?.body).toContain('Slice work thinner.');
    expect(pages[0]?.body).toContain('Share the retro catalogue');
    expect((await view(dev)).phase).toBe('ended');
    expect(await alice.refused('leanCoffee/proposeTopic', { title: 'late' })).toBe('WRONG_PHASE');
    const last: Changed = { version: (await view(dev)).version };
    expect(last.version).toBeGreaterThan(1);
  });
});
