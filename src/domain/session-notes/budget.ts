/**
 * A deep dive's notes within one stored value. The notes job keeps its model in one KVS value
 * (240 KiB at most) and the page's storage format is about as large again. Each person's
 * contributions are capped (`domain/cop-session`), but 200 people at their caps could still write
 * more than one page holds, so past the budget the page keeps what fits — check-in answers, then
 * the breakout groups' notes, the plenary notes, the takeaways and the action items, each in its
 * own order — and says how many of each are on the board instead. Lean Coffee has its own
 * (`services/lean-coffee-export.ts`); Thirty Five's ranking is capped by its 200 cards.
 */
import type { NotesModel, SharedNote } from './model';

/** The most a deep dive's notes model may weigh as JSON (as Lean Coffee's). */
export const DEEP_DIVE_NOTES_BUDGET = 160 * 1024;

const utf8 = new TextEncoder();
const jsonBytes = (value: unknown): number => utf8.encode(JSON.stringify(value)).length;

/** A deep dive's notes, with or without the community's name (the notes service adds it). */
type DeepDiveNotes = Omit<Extract<NotesModel, { kind: 'deep-dive' }>, 'copName'>;

/** `model` when it fits `budget` bytes of JSON; else the same notes with what fits and a closing line. */
export function fitDeepDiveNotes<M extends DeepDiveNotes>(
  model: M,
  budget: number = DEEP_DIVE_NOTES_BUDGET,
): M {
  if (jsonBytes(model) <= budget) return model;
  const details = model.deepDive ?? {};
  const groups = details.groups ?? [];
  const bare: M = {
    ...model,
    takeaways: [],
    actionItems: [],
    deepDive: {
      ...details,
      ...(details.checkInAnswers === undefined ? {} : { checkInAnswers: [] }),
      ...(details.groups === undefined ? {} : { groups: groups.map((g) => ({ ...g, notes: [] })) }),
      ...(details.conversationNotes === undefined ? {} : { conversationNotes: [] }),
    },
  };
  // Room for the closing line (at most a few hundred bytes).
  let left = budget - jsonBytes(bare) - 512;
  let dropped = 0;
  const keep = <T>(items: readonly T[]): T[] =>
    items.filter((item) => {
      const cost = jsonBytes(item) + 1;
      if (cost > left) {
        dropped += 1;
        return false;
      }
      left -= cost;
      return true;
    });
  const checkInAnswers = keep(details.checkInAnswers ?? []);
  const groupNotes: SharedNote[][] = groups.map((g) => keep(g.notes));
  const conversationNotes = keep(details.conversationNotes ?? []);
  const takeaways = keep(model.takeaways);
  const actionItems = keep(model.actionItems);
  const closing = `${dropped} more ${dropped === 1 ? 'entry is' : 'entries are'} on the session's board (check-in answers, breakout notes, takeaways or action items): this page holds what fits on one page.`;
  return {
    ...bare,
    takeaways: [...takeaways, closing],
    actionItems,
    deepDive: {
      ...bare.deepDive,
      ...(details.checkInAnswers === undefined ? {} : { checkInAnswers }),
      ...(details.groups === undefined
        ? {}
        : { groups: groups.map((g, i) => ({ ...g, notes: groupNotes[i] ?? [] })) }),
      ...(details.conversationNotes === undefined ? {} : { conversationNotes }),
    },
  };
}
