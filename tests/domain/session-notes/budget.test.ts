/**
 * A crowded deep dive's notes stay one stored value: 200 people at every per-person cap write far
 * more than a page holds; the model kept is within the budget, keeps the order, and says what is
 * left on the board. A small session's notes are untouched.
 */
import { DEEP_DIVE_NOTES_BUDGET, fitDeepDiveNotes } from '../../../src/domain/session-notes/budget';
import type { NotesModel } from '../../../src/domain/session-notes/model';
import { renderNotesPage } from '../../../src/domain/session-notes/render';

type DeepDive = Extract<NotesModel, { kind: 'deep-dive' }>;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const id = (i: number): string =>
  `557058:${String(i).padStart(8, '0')}-aaaa-bbbb-cccc-dddddddddddd`;
// Four UTF-8 bytes a character: the worst case of the per-person text caps.
const text = (n: number, tag: string): string => `${tag} ${'😀'.repeat(n)}`;

function crowded(): DeepDive {
  const people = Array.from({ length: 200 }, (_, i) => id(i));
  return {
    kind: 'deep-dive',
    copName: 'Scrum Masters',
    date: '2026-12-02',
    facilitator: people[0] ?? '',
    attendees: people,
    topic: { title: 'Flow metrics' },
    checkIn: 'One word for your week?',
    breakouts: [],
    conversation: '',
    takeaways: people.flatMap((_, i) =>
      Array.from({ length: 20 }, (_, k) => text(500, `takeaway ${i}.${k}`)),
    ),
    actionItems: people.flatMap((p, i) =>
      Array.from({ length: 20 }, (_, k) => ({ text: text(300, `action ${i}.${k}`), owner: p })),
    ),
    deepDive: {
      checkInAnswers: people.map((who, i) => ({ who, answer: text(200, `answer ${i}`) })),
      groups: [0, 1, 2, 3].map((g) => ({
        name: `Group ${g + 1}`,
        members: people.filter((_, i) => i % 4 === g),
        notes: Array.from({ length: 50 }, (_, k) => ({ text: text(1000, `note ${g}.${k}`) })),
      })),
    },
  };
}

describe('fitDeepDiveNotes', () => {
  it('leaves notes that fit alone', () => {
    const small: DeepDive = { ...crowded(), takeaways: ['One'], actionItems: [], deepDive: {} };
    expect(fitDeepDiveNotes(small)).toBe(small);
  });

  it('keeps a crowded session within the budget, in order, and says how much is on the board', () => {
    const model = crowded();
    expect(bytes(model)).toBeGreaterThan(10 * DEEP_DIVE_NOTES_BUDGET);
    const fitted = fitDeepDiveNotes(model);
    expect(bytes(fitted)).toBeLessThanOrEqual(DEEP_DIVE_NOTES_BUDGET);
    // Everyone who came is still listed, and every group with its members.
    expect(fitted.attendees).toHaveLength(200);
    expect(fitted.deepDive?.groups?.map((g) => g.members.length)).toEqual([50, 50, 50, 50]);
    // What is kept is a prefix of each list, in its order; the last takeaway says what was left.
    const answers = fitted.deepDive?.checkInAnswers ?? [];
    expect(answers).toEqual(model.deepDive?.checkInAnswers?.slice(0, answers.length));
    const closing = fitted.takeaways[fitted.takeaways.length - 1] ?? '';
    expect(closing).toMatch(/^\d+ more entries are on the session's board/);
    const kept =
      answers.length +
      (fitted.deepDive?.groups ?? []).reduce((n, g) => n + g.notes.length, 0) +
      fitted.takeaways.length -
      1 +
      fitted.actionItems.length;
    const all = 200 + 4 * 50 + 200 * 20 + 200 * 20;
    expect(closing.startsWith(`${all - kept} more`)).toBe(true);
    // The page renders, and its storage format stays well inside a stored value's size.
    expect(Buffer.byteLength(renderNotesPage(fitted), 'utf8')).toBeLessThan(240 * 1024);
  });
});
