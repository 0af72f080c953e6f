/**
 * CoP Session (deep dive) storage over `@forge/kvs`. `<board>` is the macro instance on its page
 * (`boardId`); one macro runs many sessions, numbered 1, 2, … in its row.
 *
 * - Custom entity `game`, key `game:<board>`, kind `cop-session`: the facilitator's row — where it
 *   runs (page and space as Confluence gave them), the running session's number, its ordered log
 *   of facilitator events, the earlier sessions, and `version`. Every facilitator transition is one
 *   transaction `set` conditioned on `version`.
 * - Plain keys `p:<board>:cs:<session>:<identity>` — one per participant record (a join or leave, a
 *   check-in, a person's latest revision of a note, a takeaway, an action item), each written only
 *   by the account its identity names, in a transaction that also checks the game's `version`.
 * - `access:<board>:<accountId>`: read with the game row (same batch get), as for every game.
 * The row and the records are read and written by the board engine (`storage/board.ts`, with
 * `copSessionCodec`); this module keeps the row's shape and the space-wide keys below.
 * - `breakouts:<spaceKey>`: the groups of the space's last deep dive (for the next split).
 * - `session-topic:<spaceKey>`: the backlog topic "Start a session" chose for the next deep dive.
 */
import { kvs } from '@forge/kvs';
import type { LogEvent, RecordEvent } from '../domain/cop-session';
import type { RowCodec } from './board';
import { keys } from './keys';

/** A session this macro ran before (its notes page once known). */
export interface PastSessionRecord {
  readonly session: number;
  readonly title: string;
  readonly facilitator: string;
  readonly endedAt: number;
  readonly attendees: readonly string[];
  readonly notes: { readonly pageId: string; readonly url: string; readonly title: string } | null;
}

/** What the `game` row of a CoP Session macro holds in its `state` attribute. */
export interface CopSessionGameState {
  /** The running session's facilitator: whoever set it up. */
  readonly facilitator: string;
  readonly contentId: string;
  readonly spaceId: string;
  /** The running session's number in this macro: 1, 2, … */
  readonly session: number;
  /**
   * The backlog's id of the running session's topic (the rules know it by a digest, `topicRef`);
   * `null` or absent for a new title.
   */
  readonly backlogTopicId?: string | null;
  /** The running session's facilitator events in order; the first is `SessionCreated`. */
  readonly log: readonly LogEvent[];
  /** Earlier sessions, oldest first. */
  readonly past: readonly PastSessionRecord[];
  /** Set once the running session's end passed the facilitator rotation on (at most once). */
  readonly rotationPassed?: boolean;
}

/** The `game` entity row (attributes declared in manifest.yml). */
export interface CopSessionGameRow {
  readonly localId: string;
  readonly spaceKey: string;
  readonly kind: 'cop-session';
  readonly version: number;
  readonly state: CopSessionGameState;
}

/** A participant record as stored: the event and the session it belongs to. */
export interface CopSessionRecord {
  readonly session: number;
  readonly event: RecordEvent;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Our own rows, read back: checks the outline so another feature's row is never taken for ours. */
function asGameRow(value: unknown): CopSessionGameRow | undefined {
  if (!isObject(value) || value.kind !== 'cop-session' || typeof value.version !== 'number') {
    return undefined;
  }
  const state = value.state;
  if (
    !isObject(state) ||
    typeof state.facilitator !== 'string' ||
    typeof state.contentId !== 'string' ||
    typeof state.spaceId !== 'string' ||
    typeof state.session !== 'number' ||
    !Array.isArray(state.log) ||
    !Array.isArray(state.past)
  ) {
    return undefined;
  }
  // Written only by this module, from domain events; the outline check guards against another
  // feature's row under the same key.
  return value as unknown as CopSessionGameRow;
}

/** A participant record read back (`undefined` for anything else under the prefix). */
export function asCopSessionRecord(value: unknown): CopSessionRecord | undefined {
  if (!isObject(value) || !isObject(value.event) || typeof value.session !== 'number') {
    return undefined;
  }
  return typeof value.event.type === 'string' ? (value as unknown as CopSessionRecord) : undefined;
}

/** How the board engine stores the row in the shared `game` entity (`storage/board.ts`). */
export const copSessionCodec: RowCodec<CopSessionGameRow> = {
  decode: (_board, value) => asGameRow(value),
  encode: (board, row) => ({ ...row, localId: board }),
  versionOf: (row) => row.version,
};

const isGroups = (value: unknown): value is string[][] =>
  Array.isArray(value) &&
  value.every((group) => Array.isArray(group) && group.every((id) => typeof id === 'string'));

/** The groups of the space's last deep dive; `[]` when it had none. */
export async function loadLastBreakout(spaceKey: string): Promise<string[][]> {
  const value = await kvs.get<unknown>(keys.lastBreakout(spaceKey));
  return isObject(value) && isGroups(value.groups) ? value.groups : [];
}

/** Remembers the groups of the space's last deep dive (overwrites the one before). */
export async function saveLastBreakout(
  spaceKey: string,
  groups: readonly (readonly string[])[],
  at: number,
): Promise<void> {
  await kvs.set(keys.lastBreakout(spaceKey), { groups, at });
}

/** The backlog topic "Start a session" chose for the space's next deep dive, if any. */
export async function loadSessionTopicChoice(spaceKey: string): Promise<string | undefined> {
  const value = await kvs.get<unknown>(keys.sessionTopicChoice(spaceKey));
  return isObject(value) && typeof value.topicId === 'string' ? value.topicId : undefined;
}

/** Remembers the backlog topic the next deep dive of the space is about. */
export async function saveSessionTopicChoice(spaceKey: string, topicId: string): Promise<void> {
  await kvs.set(keys.sessionTopicChoice(spaceKey), { topicId });
}
