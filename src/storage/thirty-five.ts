/**
 * Thirty Five's stored shapes. `<board>` is the macro instance on its page (`boardId`); the reads
 * and writes themselves are the shared board store's (`board.ts`), run by the board engine.
 *
 * - Custom entity `game`, key `game:<board>`: the facilitator's row — who started the current
 *   session, where (page and space as Confluence gave them), the log of facilitator events (deal,
 *   rounds, removals, results, tallies, end), the session number and past sessions, `version`.
 * - `<session prefix>card:<accountId>`: a participant's card (the `CardSubmitted` event), written
 *   only by its author.
 * - `<session prefix>hs:<round>:<cardId>`: a participant's split record in a round (`SplitProposed`
 *   / `SplitConfirmed`), keyed by the card they hold that round, written only by that holder.
 * - `<session prefix>ask:<accountId>`: a late arrival's ask to join (`JoinAsked`, with the card
 *   they wrote), written only by its author.
 * The session prefix is `keys.participantPrefix(board, session)`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ThirtyFiveEvent } from '../domain/thirty-five';
import type { PastSession } from '../contract/board';
import type { RowCodec } from './board';
import { decodeLog, encodeLog, storedLog, type FacilitatorEvent } from './thirty-five-codec';

/** What the `kind` attribute of a Thirty Five row says (the `game` entity also holds Lean Coffee). */
export const THIRTY_FIVE_KIND = 'thirty-five';

/** A participant's card as stored. */
export type CardRecord = Extract<ThirtyFiveEvent, { type: 'CardSubmitted' }>;
/** A participant's split record as stored. */
export type SplitRecordEvent = Extract<
  ThirtyFiveEvent,
  { type: 'SplitProposed' | 'SplitConfirmed' }
>;
/** A late arrival's ask to join as stored. */
export type AskRecord = Extract<ThirtyFiveEvent, { type: 'JoinAsked' }>;
export type { FacilitatorEvent };

/** The Thirty Five part of a `game` row. */
export interface GameRow {
  readonly version: number;
  /** The space the game runs in, as Confluence gave it to its starter. */
  readonly spaceKey: string;
  readonly spaceId: string;
  /** Whoever started the game: its facilitator (space admins facilitate too). */
  readonly startedBy: string;
  readonly startedAt: number;
  /** The page the macro sits on (Confluence's id), also the notes page's link back. */
  readonly contentId: string;
  readonly log: readonly FacilitatorEvent[];
  /** Set once the result went to the space's backlog. */
  readonly backlog: { readonly imported: number; readonly at: number } | null;
  /** Set once the notes page exists. */
  readonly notes: { readonly pageId: string; readonly url: string; readonly title: string } | null;
  /** The board's current session (1 for rows written before sessions existed). */
  readonly session: number;
  /** The board's ended sessions before this one (none for rows written before sessions). */
  readonly sessions: readonly PastSession[];
  /**
   * The outcome of the rounds already closed, written by the transition that closed them (the
   * next round's start, the results): for closed round r, `closed[r - 1][i]` is the points the
   * round's pair i (in its plan's order) locked for its first card (the second card has the rest),
   * or null when that pair agreed nothing. A state read then reads only the current round's split
   * records. Absent in rows written before (and in games not dealt): every round's records are read.
   */
  readonly closed?: readonly (readonly (number | null)[])[];
  /**
   * While a round-closing transition freezes the round's records (`GameDefinition.freezes`): when
   * it sealed the row. Absent when not sealed.
   */
  readonly sealedAt?: number;
}

/* ---------------------------------------------------------------- schemas */

const id = z.string().min(1).max(300);
const splitPoints = z.record(z.string(), z.number());

const cardRecord: z.ZodType<CardRecord> = z.object({
  type: z.literal('CardSubmitted'),
  v: z.literal(1),
  by: id,
  text: z.string(),
  firstAt: z.number(),
  at: z.number(),
});

const splitRecord: z.ZodType<SplitRecordEvent> = z.object({
  type: z.enum(['SplitProposed', 'SplitConfirmed']),
  v: z.literal(1),
  round: z.int(),
  by: id,
  points: splitPoints,
  at: z.number(),
});

const askRecord: z.ZodType<AskRecord> = z.object({
  type: z.literal('JoinAsked'),
  v: z.literal(1),
  by: id,
  text: z.string(),
  firstAt: z.number(),
  at: z.number(),
});

const notesLink = z.object({ pageId: z.string(), url: z.string(), title: z.string() });

const rowState = z.object({
  spaceId: z.string().min(1),
  startedBy: id,
  startedAt: z.number(),
  contentId: z.string().min(1),
  log: storedLog,
  backlog: z.object({ imported: z.int(), at: z.number() }).nullable(),
  notes: notesLink.nullable(),
  session: z.int().min(1).optional(),
  sessions: z
    .array(
      z.object({
        n: z.int(),
        kind: z.string(),
        endedAt: z.number(),
        facilitator: z.string(),
        notes: notesLink.nullable(),
      }),
    )
    .optional(),
  closed: z.array(z.array(z.int().min(0).nullable())).optional(),
  sealedAt: z.number().optional(),
});

const entityValue = z.object({
  localId: z.string(),
  spaceKey: z.string(),
  kind: z.string(),
  version: z.int(),
  state: z.unknown(),
});

/** A stored row that is not a Thirty Five game (another macro's kind) or does not parse. */
export class ForeignGameError extends Error {
  constructor(localId: string) {
    super(`The game row of ${localId} is not a Thirty Five game.`);
    this.name = 'ForeignGameError';
  }
}

/**
 * Rows already checked, by the digest of their stored JSON: a 200-person game's row is about
 * 190 KB, and checking it (zod, then decoding every seat) was most of a participant action's CPU
 * (issue 13), while every action of a round reads the same stored row. The key is the content
 * itself (board and SHA-256 of the JSON), so an identical value is the identical row, validated
 * the same way; any change (a new version, an erasure rewriting an account id) is a new key. Rows
 * are immutable (readonly, never mutated), so one decoded row can be shared.
 */
const checkedRows = new Map<string, GameRow>();
const CHECKED_ROWS_MAX = 32;

function rowFrom(localId: string, value: unknown): GameRow | undefined {
  if (value === undefined) return undefined;
  const digest = `${localId}\u0000${createHash('sha256').update(JSON.stringify(value)).digest('base64')}`;
  const known = checkedRows.get(digest);
  if (known !== undefined) return known;
  const row = checkRow(localId, value);
  if (checkedRows.size >= CHECKED_ROWS_MAX) checkedRows.clear();
  checkedRows.set(digest, row);
  return row;
}

function checkRow(localId: string, value: unknown): GameRow {
  const entity = entityValue.safeParse(value);
  if (!entity.success || entity.data.kind !== THIRTY_FIVE_KIND) throw new ForeignGameError(localId);
  const { log, session, sessions, ...state } = rowState.parse(entity.data.state);
  return {
    version: entity.data.version,
    spaceKey: entity.data.spaceKey,
    ...state,
    session: session ?? 1,
    sessions: sessions ?? [],
    log: decodeLog(log),
  };
}

function entityOf(localId: string, row: GameRow): Record<string, unknown> {
  const { version, spaceKey, log, ...rest } = row;
  const state = { ...rest, log: encodeLog(log) };
  return { localId, spaceKey, kind: THIRTY_FIVE_KIND, version, state };
}

/** How a Thirty Five row is stored in the shared `game` entity (`storage/board.ts`). */
export const thirtyFiveCodec: RowCodec<GameRow> = {
  decode: (board, value) => {
    const row = rowFrom(board, value);
    if (row === undefined) throw new ForeignGameError(board);
    return row;
  },
  encode: entityOf,
  versionOf: (row) => row.version,
};

/** A stored card, or undefined when the value is not one. */
export function cardFrom(value: unknown): CardRecord | undefined {
  const parsed = cardRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A stored ask to join, or undefined when the value is not one. */
export function askFrom(value: unknown): AskRecord | undefined {
  const parsed = askRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A stored split record, or undefined when the value is not one. */
export function splitFrom(value: unknown): SplitRecordEvent | undefined {
  const parsed = splitRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
