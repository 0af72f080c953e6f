/**
 * Issue 11, the games' caps: every Lean Coffee cap filled to its limit through the resolvers in the
 * local host (real `@forge/*` packages, the host enforcing Forge's sizes), the issue's attacks
 * replayed, the next write refused with its code and sentence and nothing written, and every view
 * (state, notes page, adfExport) still working. Text is at its maximum in 4-byte characters, the
 * most a stored character can cost once the characters XML forbids are removed on the way in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EndAnswer, LeanCoffeeView, WrapUpAnswer } from '../../src/contract/lean-coffee';
import {
  DETAILS_MAX,
  LC_ACTION_ITEMS_PER_PERSON,
  LC_MERGED_DETAILS_MAX,
  LC_TAKEAWAYS_PER_PERSON,
  LC_TOPICS_PER_PERSON,
  LC_VOTE_TOPICS_MAX,
  TAKEAWAY_MAX,
  ACTION_MAX,
  TITLE_MAX,
} from '../../src/domain/lean-coffee';
import { validateCardText } from '../../src/domain/thirty-five/rules';
import { NOTES_MODEL_BUDGET } from '../../src/services/lean-coffee-export';
import { startAppHost, USERS, type AppHost } from '../support/app-host';
import { invokeFunction } from './community/support';
import { accountOf, newBoard, TestClock, type Player } from './lean-coffee/support';

jest.setTimeout(300_000);

const VALUE_MAX_BYTES = 240 * 1024;
const ANSWER_MAX_BYTES = 5 * 1024 * 1024;
const MINUTE = 60_000;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
/** `n` characters of 4 bytes each (an emoji is one character). */
const emoji = (n: number, mark = ''): string => `${mark}${'🙂'.repeat(n - [...mark].length)}`;

let app: AppHost;
const clock = new TestClock();

beforeAll(async () => {
  app = await startAppHost();
  clock.install();
}, 180_000);

afterAll(async () => {
  clock.uninstall();
  await app.close();
});

const kvsLog = (): string => {
  const file = join(app.dataDir, 'kvs.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

/** The largest value any committed write in the host's KVS log holds. */
function largestStoredValue(): number {
  return Math.max(
    0,
    ...kvsLog()
      .split('\n')
      .filter((line) => line !== '')
      .flatMap((line) => {
        const record = JSON.parse(line) as { m: { t: string; item?: { value: unknown } }[] };
        return record.m.map((m) => (m.t === 'put' ? bytes(m.item?.value ?? null) : 0));
      }),
  );
}

const topic = (i: number) => ({
  title: emoji(TITLE_MAX, `T${i} `),
  details: emoji(DETAILS_MAX),
});

async function refusedWithNothingWritten(p: Player, name: string, payload: unknown) {
  const before = kvsLog();
  const answer = await p.call(name, payload);
  expect(kvsLog()).toBe(before);
  return answer;
}

describe('Lean Coffee caps', () => {
  it(`replays "about 90 maximum-size topics from one person": refused after ${LC_TOPICS_PER_PERSON} with CAP_REACHED, a parallel flood shows ${LC_TOPICS_PER_PERSON}, and the vote still opens`, async () => {
    const board = newBoard(app);
    const alice = board.as(USERS.alice);
    const bob = board.as(USERS.bob);
    const chloe = board.as(USERS.chloe);
    await alice.ok('leanCoffee/start');

    for (let i = 0; i < LC_TOPICS_PER_PERSON; i += 1) {
      await bob.ok('leanCoffee/proposeTopic', topic(i));
    }
    const refused = await refusedWithNothingWritten(bob, 'leanCoffee/proposeTopic', topic(99));
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'CAP_REACHED',
        message: `You have added ${LC_TOPICS_PER_PERSON} topics in this session, the most one person may.`,
      },
    });
    // The rest of the 90 are refused the same way.
    for (let i = LC_TOPICS_PER_PERSON + 1; i < 90; i += 1) {
      expect(await bob.refused('leanCoffee/proposeTopic', topic(i))).toBe('CAP_REACHED');
    }
    // 40 proposals at once from one person (devtools): the board shows at most the cap of them.
    const flood = await Promise.all(
      Array.from({ length: 40 }, (_, i) => chloe.call('leanCoffee/proposeTopic', topic(100 + i))),
    );
    // Parallel calls may all read a count of 0 and be accepted: the fold still shows the cap.
    expect(flood.length).toBe(40);
    const view = await alice.ok<LeanCoffeeView>('leanCoffee/state');
    const authors = view.board.toDiscuss.map((card) => card.topic.author);
    expect(authors.filter((a) => a === USERS.bob)).toHaveLength(LC_TOPICS_PER_PERSON);
    expect(authors.filter((a) => a === USERS.chloe)).toHaveLength(LC_TOPICS_PER_PERSON);

    await alice.ok('leanCoffee/openVoting');
    const voting = await bob.ok<LeanCoffeeView>('leanCoffee/state');
    expect(voting.phase).toBe('voting');
    expect(voting.board.toDiscuss.length).toBe(view.board.toDiscuss.length);
    expect(largestStoredValue()).toBeLessThanOrEqual(VALUE_MAX_BYTES);
  });

  it(`a vote holds ${LC_VOTE_TOPICS_MAX} topics: past it opening is refused with its sentence and changes nothing; deleting some lets it open, and the row stays within 240 KiB`, async () => {
    const board = newBoard(app);
    const alice = board.as(USERS.alice);
    await alice.ok('leanCoffee/start');
    const people = Array.from({ length: 7 }, (_, i) => board.as(accountOf(900 + i)));
    const ids: string[] = [];
    for (const p of people) {
      for (let i = 0; i < LC_TOPICS_PER_PERSON; i += 1) {
        ids.push((await p.ok<{ topicId: string }>('leanCoffee/proposeTopic', topic(i))).topicId);
      }
    }
    expect(ids).toHaveLength(70);
    const refused = await refusedWithNothingWritten(alice, 'leanCoffee/openVoting', {});
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'CAP_REACHED',
        message: `A vote holds at most ${LC_VOTE_TOPICS_MAX} topics and this board has 70: merge or delete 10 first.`,
      },
    });
    for (const topicId of ids.slice(0, 10)) {
      await alice.ok('leanCoffee/deleteTopic', { topicId });
    }
    await alice.ok('leanCoffee/openVoting');
    const view = await alice.ok<LeanCoffeeView>('leanCoffee/state');
    expect(view.phase).toBe('voting');
    expect(view.board.toDiscuss).toHaveLength(LC_VOTE_TOPICS_MAX);
    const largest = largestStoredValue();
    console.log(
      `games caps: ${LC_VOTE_TOPICS_MAX} maximum-size topics in a vote; largest stored value ${largest} B of ${VALUE_MAX_BYTES}`,
    );
    expect(largest).toBeLessThanOrEqual(VALUE_MAX_BYTES);
  });

  it(`a merge stops at ${LC_MERGED_DETAILS_MAX} characters of details`, async () => {
    const board = newBoard(app);
    const alice = board.as(USERS.alice);
    await alice.ok('leanCoffee/start');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await alice.ok<{ topicId: string }>('leanCoffee/proposeTopic', topic(i))).topicId);
    }
    const [into = '', ...others] = ids;
    // 500 + 2 + 500 = 1,002; 1,504; then 2,006: past the cap.
    await alice.ok('leanCoffee/mergeTopics', { intoId: into, fromId: others[0] });
    await alice.ok('leanCoffee/mergeTopics', { intoId: into, fromId: others[1] });
    const refused = await refusedWithNothingWritten(alice, 'leanCoffee/mergeTopics', {
      intoId: into,
      fromId: others[2],
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'CAP_REACHED',
        message: `Merged details would pass ${LC_MERGED_DETAILS_MAX} characters: shorten one topic's details first.`,
      },
    });
  });

  it(`replays "about 110 takeaways make the notes page impossible": refused after ${LC_TAKEAWAYS_PER_PERSON}; with three people at every cap the notes page is still written, and state and adfExport work`, async () => {
    const board = newBoard(app);
    const alice = board.as(USERS.alice);
    const bob = board.as(USERS.bob);
    const chloe = board.as(USERS.chloe);
    await alice.ok('leanCoffee/start');
    const { topicId } = await bob.ok<{ topicId: string }>('leanCoffee/proposeTopic', topic(1));
    await alice.ok('leanCoffee/openVoting');
    await bob.ok('leanCoffee/allocateDots', { allocation: { [topicId]: 1 } });
    await alice.ok('leanCoffee/closeVoting');
    await alice.ok('leanCoffee/startTopic', {});

    const takeaway = (i: number) => ({ topicId, text: emoji(TAKEAWAY_MAX, `K${i} `) });
    const action = (i: number) => ({ topicId, text: emoji(ACTION_MAX, `A${i} `) });
    for (let i = 0; i < LC_TAKEAWAYS_PER_PERSON; i += 1) {
      await bob.ok('leanCoffee/addTakeaway', takeaway(i));
    }
    expect(await refusedWithNothingWritten(bob, 'leanCoffee/addTakeaway', takeaway(20))).toEqual({
      ok: false,
      error: {
        code: 'CAP_REACHED',
        message: `You have added ${LC_TAKEAWAYS_PER_PERSON} takeaways in this session, the most one person may.`,
      },
    });
    for (let i = LC_TAKEAWAYS_PER_PERSON + 1; i < 110; i += 1) {
      expect(await bob.refused('leanCoffee/addTakeaway', takeaway(i))).toBe('CAP_REACHED');
    }
    for (const p of [alice, chloe]) {
      for (let i = 0; i < LC_TAKEAWAYS_PER_PERSON; i += 1) {
        await p.ok('leanCoffee/addTakeaway', takeaway(i));
      }
    }
    for (const p of [alice, bob, chloe]) {
      for (let i = 0; i < LC_ACTION_ITEMS_PER_PERSON; i += 1) {
        await p.ok('leanCoffee/addActionItem', action(i));
      }
    }
    expect(await refusedWithNothingWritten(chloe, 'leanCoffee/addActionItem', action(99))).toEqual({
      ok: false,
      error: {
        code: 'CAP_REACHED',
        message: `You have added ${LC_ACTION_ITEMS_PER_PERSON} action items in this session, the most one person may.`,
      },
    });

    const state = await chloe.call<LeanCoffeeView>('leanCoffee/state');
    expect(bytes(state)).toBeLessThan(ANSWER_MAX_BYTES);
    expect(state.ok && state.data.takeaways).toHaveLength(3 * LC_TAKEAWAYS_PER_PERSON);
    expect(state.ok && state.data.actionItems).toHaveLength(3 * LC_ACTION_ITEMS_PER_PERSON);

    clock.advance(30 * MINUTE);
    const wrapUp = await alice.ok<WrapUpAnswer>('leanCoffee/startWrapUp');
    expect(wrapUp.backlog.ok).toBe(true);
    const ended = await alice.ok<EndAnswer>('leanCoffee/endMeeting');
    expect(ended.notes).toMatchObject({ ok: true });
    const notes = ended.notes;
    const page = notes.ok
      ? app.host.confluence.createdPages().find((p) => p.id === notes.page.pageId)
      : undefined;
    expect(page?.body).toContain('more takeaways');
    expect(page?.body).toContain('are on the board: this page holds what fits on one page.');

    const after = await bob.call<LeanCoffeeView>('leanCoffee/state');
    expect(after).toMatchObject({ ok: true, data: { phase: 'ended' } });
    const doc = await invokeFunction(app, 'adf-export', {
      exportType: 'pdf',
      context: {
        localId: board.localId,
        moduleKey: 'lean-coffee',
        extension: { content: { id: '98305' } },
      },
    });
    expect(doc).toMatchObject({ version: 1, type: 'doc' });
    const largest = largestStoredValue();
    console.log(
      `games caps: ${3 * LC_TAKEAWAYS_PER_PERSON} maximum-size takeaways and ${3 * LC_ACTION_ITEMS_PER_PERSON} action items; notes model budget ${NOTES_MODEL_BUDGET} B; state answer ${bytes(after)} B; largest stored value ${largest} B of ${VALUE_MAX_BYTES}`,
    );
    expect(largest).toBeLessThanOrEqual(VALUE_MAX_BYTES);
  });
});

describe('Thirty Five cards', () => {
  it('lose the characters XML forbids on the way in, so a stored character costs at most 4 bytes (200 maximum-size cards fit the dealt row)', () => {
    const controls = `a${'\u0001'.repeat(300)}b\uD83Dc`;
    expect(validateCardText(controls)).toEqual({ ok: true, value: 'abc' });
    expect(validateCardText('\u0001\u0002')).toMatchObject({ ok: false });
  });
});
