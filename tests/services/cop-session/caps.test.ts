/**
 * The deep dive's caps, filled to the limit through the resolvers of the real app (issue 11): the
 * next write is refused with its code and sentence and changes nothing (no write, no notice, the
 * same version), and the end still writes the notes page with everything accepted.
 * - per person: check-in length, notes started, takeaways, action items; the outline's length and
 *   a question's; attendees the facilitator adds (the attendance cap);
 * - per session: the facilitator's log (`LOG_MAX_BYTES`), so the row stays one KVS value under
 *   240 KiB however often the outline is rewritten; the start and the end are always accepted.
 */
import type { EndAnswer } from '../../../src/contract/cop-session';
import {
  ACTIONS_PER_PERSON,
  CHECK_IN_MAX,
  MAX_ATTENDEES,
  NOTES_PER_PERSON,
  OUTLINE_MAX,
  QUESTION_MAX,
  QUESTIONS_MAX,
  TAKEAWAYS_PER_PERSON,
} from '../../../src/domain/cop-session';
import { LOG_MAX_BYTES } from '../../../src/services/cop-session';
import { USERS } from '../../support/app-host';
import {
  accountOf,
  costOf,
  newSession,
  setUpSession,
  useAppHost,
  view,
  type Player,
} from './support';

describe('CoP Session caps', () => {
  const env = useAppHost();

  /** The next write is refused with `code` and a sentence, and nothing is written or published. */
  async function refusedAtCap(
    who: Player,
    watcher: Player,
    name: string,
    payload: unknown,
    code: string,
  ): Promise<string> {
    const before = (await view(watcher)).version;
    env.app.resetCounters();
    const answer = await who.call(name, payload);
    expect(answer).toMatchObject({ ok: false, error: { code } });
    const message = answer.ok ? '' : answer.error.message;
    expect(message).toMatch(/^[A-Z].{10,}[.)]$/);
    expect(costOf(env.app, name)).toMatchObject({ writes: 0, publishes: 0 });
    expect((await view(watcher)).version).toBe(before);
    return message;
  }

  it('given one person filling every per-person cap, when they write once more, then each write is refused with its code and sentence, and the notes page still holds everything', async () => {
    const macro = newSession(env.app);
    const alice = macro.as(USERS.alice);
    const bob = macro.as(USERS.bob);
    await setUpSession(alice, 'Caps', {
      agenda: [
        { step: 'check-in', minutes: 5 },
        { step: 'breakouts', minutes: 15 },
        { step: 'takeaways', minutes: 5 },
      ],
      plan: { by: 'size', size: 50 },
    });

    // The outline and a question: at the limit accepted, one character more refused.
    const outline = 'o'.repeat(OUTLINE_MAX);
    await alice.ok('copSession/editOutline', { outline });
    await refusedAtCap(
      alice,
      alice,
      'copSession/editOutline',
      { outline: `${outline}o` },
      'OUTLINE_TOO_LONG',
    );
    const questions = Array.from({ length: QUESTIONS_MAX }, (_, i) =>
      `Q${i} `.padEnd(QUESTION_MAX, 'q'),
    );
    await alice.ok('copSession/editOutline', { questions });
    await refusedAtCap(
      alice,
      alice,
      'copSession/editOutline',
      { questions: [...questions.slice(1), 'q'.repeat(QUESTION_MAX + 1)] },
      'QUESTION_TOO_LONG',
    );

    // Attendance: Alice and Bob join; the facilitator adds people up to the cap, then one more.
    await alice.ok('copSession/join');
    await bob.ok('copSession/join');
    for (let i = 1; i <= MAX_ATTENDEES - 2; i += 1) {
      await alice.ok('copSession/addAttendee', { accountId: accountOf(3000 + i) });
    }
    expect((await view(alice)).view.attendance).toHaveLength(MAX_ATTENDEES);
    await refusedAtCap(
      alice,
      alice,
      'copSession/addAttendee',
      { accountId: accountOf(3999) },
      'ATTENDANCE_FULL',
    );
    // Check-in: one line of at most CHECK_IN_MAX characters.
    await alice.ok('copSession/start');
    await refusedAtCap(
      bob,
      alice,
      'copSession/answerCheckIn',
      { text: 'c'.repeat(CHECK_IN_MAX + 1) },
      'CHECKIN_TOO_LONG',
    );
    await bob.ok('copSession/answerCheckIn', { text: 'c'.repeat(CHECK_IN_MAX) });

    // Breakouts: Bob starts as many notes as he may in his group.
    await alice.ok('copSession/next');
    const board = (await view(bob)).view.myGroup;
    for (let i = 1; i <= NOTES_PER_PERSON; i += 1) {
      await bob.ok('copSession/addNote', { board, text: `Note ${i} by Bob` });
    }
    await refusedAtCap(
      bob,
      alice,
      'copSession/addNote',
      { board, text: 'One note too many' },
      'TOO_MANY_NOTES',
    );

    // Takeaways and action items.
    await alice.ok('copSession/next');
    for (let i = 1; i <= TAKEAWAYS_PER_PERSON; i += 1) {
      await bob.ok('copSession/addTakeaway', { text: `Takeaway ${i} by Bob` });
    }
    await refusedAtCap(
      bob,
      alice,
      'copSession/addTakeaway',
      { text: 'One takeaway too many' },
      'TOO_MANY_TAKEAWAYS',
    );
    for (let i = 1; i <= ACTIONS_PER_PERSON; i += 1) {
      await bob.ok('copSession/addActionItem', { text: `Action ${i} by Bob`, owner: USERS.alice });
    }
    await refusedAtCap(
      bob,
      alice,
      'copSession/addActionItem',
      { text: 'One action too many' },
      'TOO_MANY_ACTIONS',
    );

    // The end: the notes page holds every accepted write.
    const ended = await alice.ok<EndAnswer>('copSession/end');
    expect(ended.notes.ok).toBe(true);
    if (!ended.notes.ok) return;
    const body = env.app.host.confluence.page(ended.notes.page.pageId)?.body ?? '';
    for (const words of [
      `Note ${NOTES_PER_PERSON} by Bob`,
      `Takeaway ${TAKEAWAYS_PER_PERSON} by Bob`,
      `Action ${ACTIONS_PER_PERSON} by Bob`,
      'o'.repeat(OUTLINE_MAX),
      'c'.repeat(CHECK_IN_MAX),
    ]) {
      expect(body).toContain(words);
    }
    expect(body).not.toContain('too many');
  }, 600_000);

  it('given a facilitator rewriting a maximal outline again and again, when the log reaches its cap, then the next change is refused with CAP_REACHED, and the session still starts and ends with its notes page', async () => {
    const macro = newSession(env.app);
    const alice = macro.as(USERS.alice);
    await setUpSession(alice, 'A long story');
    // Four bytes a character: the largest outline edit the rules accept.
    const emoji = (n: number, c: string) => c.repeat(n);
    const edit = (i: number) => ({
      outline: emoji(OUTLINE_MAX, i % 2 === 0 ? '🦊' : '🐻'),
      questions: Array.from({ length: QUESTIONS_MAX }, () => emoji(QUESTION_MAX, '🌲')),
    });
    const perEdit = Buffer.byteLength(JSON.stringify(edit(0)), 'utf8');
    let accepted = 0;
    let refusal: { code: string; message: string } | undefined;
    for (let i = 0; i < Math.ceil(LOG_MAX_BYTES / perEdit) + 2 && refusal === undefined; i += 1) {
      const answer = await alice.call('copSession/editOutline', edit(i));
      if (answer.ok) accepted += 1;
      else refusal = answer.error;
    }
    expect(refusal?.code).toBe('CAP_REACHED');
    expect(accepted).toBeGreaterThanOrEqual(Math.floor(LOG_MAX_BYTES / perEdit) - 1);
    await refusedAtCap(alice, alice, 'copSession/editOutline', edit(accepted), 'CAP_REACHED');
    // The start and the end are always accepted.
    await alice.ok('copSession/start');
    const ended = await alice.ok<EndAnswer>('copSession/end');
    expect(ended.notes.ok).toBe(true);
    if (!ended.notes.ok) return;
    const body = env.app.host.confluence.page(ended.notes.page.pageId)?.body ?? '';
    expect(body).toContain(emoji(OUTLINE_MAX, accepted % 2 === 1 ? '🦊' : '🐻'));
    expect((await view(alice)).view.phase).toBe('ended');
  }, 600_000);
});
