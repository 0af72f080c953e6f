/**
 * What a finished Thirty Five hands on: its ranking to the space's backlog, and its notes page's
 * content. Pure mappings from the folded state; the ranking is the domain's (tie-breaks applied).
 */
import { THIRTY_FIVE_TIE_BREAK_RULE } from '../contract/thirty-five';
import type { ThirtyFiveImport } from '../domain/backlog';
import type { SessionNotesInput } from './notes';
import { ranking, tallyOf, type ThirtyFiveState } from '../domain/thirty-five';

/** The session's topic on the notes page (its title ends with it). */
export const THIRTY_FIVE_NOTES_TOPIC = 'Thirty Five: choosing our topics';

/** The game's result as the backlog imports it, or null before there is a result. */
export function backlogImportOf(state: ThirtyFiveState, gameId: string): ThirtyFiveImport | null {
  const tally = tallyOf(state);
  if (tally === null || (state.phase !== 'results' && state.phase !== 'ended')) return null;
  return {
    kind: 'thirty-five',
    gameId,
    pointsPerPair: tally.points,
    rounds: tally.rounds,
    cards: ranking(state).map((c) => ({ cardId: c.id, text: c.text, normalised: c.normalised })),
  };
}

/** Where the notes page and the game came from: who ran it, when, on which page. */
export interface NotesContext {
  readonly facilitator: string;
  readonly now: number;
  readonly contentId: string | null;
}

/** People who played (removed ones included), in a stable order; nobody for an in-room game. */
function attendeesOf(state: ThirtyFiveState): string[] {
  if (state.phase !== 'results' && state.phase !== 'ended') return [];
  if (state.outcome.mode === 'in-room') return [];
  const { players, removed } = state.outcome.game;
  return [...players, ...removed].sort();
}

/**
 * The notes page of a game with a result (the CoP name and next topic are filled in by the notes
 * service from the space): date, facilitator, attendees, and the ranking with per-round points,
 * raw and normalised scores and the tie-break rule. Null before there is a result.
 */
export function notesModelOf(state: ThirtyFiveState, ctx: NotesContext): SessionNotesInput | null {
  const tally = tallyOf(state);
  if (tally === null || (state.phase !== 'results' && state.phase !== 'ended')) return null;
  return {
    kind: 'thirty-five',
    date: new Date(ctx.now).toISOString().slice(0, 10),
    facilitator: ctx.facilitator,
    attendees: attendeesOf(state),
    topic: { title: THIRTY_FIVE_NOTES_TOPIC },
    checkIn: '',
    breakouts: [],
    conversation: '',
    takeaways: [],
    actionItems: [],
    ...(ctx.contentId === null
      ? {}
      : {
          source: {
            pageId: ctx.contentId,
            url: `/wiki/pages/viewpage.action?pageId=${encodeURIComponent(ctx.contentId)}`,
          },
        }),
    thirtyFive: {
      rounds: tally.rounds,
      pointsPerPair: tally.points,
      ranking: ranking(state).map((c) => ({
        rank: c.rank,
        text: c.text,
        perRound: c.perRound,
        raw: c.raw,
        normalised: c.normalised,
      })),
      tieBreakRule: THIRTY_FIVE_TIE_BREAK_RULE,
    },
  };
}
