/**
 * Sealed notes, the backend's half (issue 13; the format: `src/contract/sealed-note.ts`). A note's
 * notice carries the note encrypted with its board's key, and a view hands out the keys of the
 * boards it shows, so a breakout group's screens apply a note without a read and no one outside
 * the group can read it off the channel. Keys are derived (`derivedKey`), never stored.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import {
  NOTE_NONCE_BYTES,
  SEALED_NOTE,
  noteKeyName,
  type SealedNote,
} from '../contract/sealed-note';
import {
  currentGroups,
  joinSeen,
  revisionsOf,
  viewNote,
  type CopSessionState,
  type NoteBoard,
} from '../domain/cop-session';
import { derivedKey } from './notice-signing';

/**
 * What a board's key is for, now: the plenary of the session started at `startedAt`, or a group
 * by number, grouping (its seed and instant) and members in order; null when there is no such
 * group. Anyone joining or leaving a group changes its label, hence its key.
 */
export function noteBoardLabel(state: CopSessionState, board: NoteBoard): string | null {
  if (board === 'plenary') return JSON.stringify(['plenary', state.startedAt]);
  const members = state.groups === null ? undefined : currentGroups(state)?.[board - 1];
  if (state.groups === null || members === undefined) return null;
  return JSON.stringify(['group', board, state.groups.seed, state.groups.at, members]);
}

async function boardKey(boardId: string, label: string): Promise<Buffer | undefined> {
  return derivedKey(JSON.stringify(['note board', boardId, label]));
}

/**
 * The keys (base64url) of the boards a view shows, by board (`noteKeyName`); a board whose key
 * is not available is left out (its notes then come by reads).
 */
export async function noteKeysFor(
  boardId: string,
  state: CopSessionState,
  boards: readonly NoteBoard[],
): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const board of boards) {
    const label = noteBoardLabel(state, board);
    const key = label === null ? undefined : await boardKey(boardId, label);
    if (key !== undefined) keys[noteKeyName(board)] = key.toString('base64url');
  }
  return keys;
}

/** The box of `note` under `key`, or undefined when it would be longer than a notice takes. */
export function sealWith(key: Buffer, note: SealedNote): string | undefined {
  const nonce = randomBytes(NOTE_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(JSON.stringify(note), 'utf8'), cipher.final()]);
  const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  return SEALED_NOTE.test(sealed) ? sealed : undefined;
}

/**
 * The sealed note of a note event on `board`, from the state after it (which holds every revision
 * of that board the writer read): the note as a read shows it, or undefined when the board has no
 * key now or the note is too long to carry (screens read).
 */
export async function sealedNote(
  boardId: string,
  state: CopSessionState,
  board: NoteBoard,
  noteId: string,
): Promise<string | undefined> {
  const label = noteBoardLabel(state, board);
  if (label === null) return undefined;
  const key = await boardKey(boardId, label);
  if (key === undefined) return undefined;
  const revisions = revisionsOf(state.notes, board, noteId);
  const merged = joinSeen(revisions.map((revision) => revision.seen));
  return sealWith(key, { noteId, merged, note: viewNote(revisions) });
}
