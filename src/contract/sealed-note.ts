/**
 * Sealed notes (issue 13): a breakout group's note travels in its notice encrypted, so the group's
 * own screens (and the facilitator's) apply it without a read, while every other viewer of the
 * page — anyone can subscribe to the macro's channel — hears only ciphertext.
 *
 * - **Key.** One AES-256 key per note board and per composition: the backend derives it
 *   (`src/services/note-sealing.ts`) from the installation's secret, the board (page and macro),
 *   and a label naming the board's group now — its number, the grouping it belongs to (seed and
 *   instant), and its members in order — or the plenary and the session's start. A view hands a
 *   screen the keys of exactly the boards it shows (`CopSessionView.noteKeys`); when someone joins
 *   or leaves a group its key changes, so a screen that left holds no key to the group's later
 *   notes, and a screen holding an old key fails to open the new notices and reads.
 * - **Box.** `sealed` is base64url of a 12-byte nonce, then AES-GCM's ciphertext and 16-byte tag
 *   of the JSON of a `SealedNote`. AES-GCM authenticates: an altered box does not open. The notice
 *   is also signed (`notice-signing.ts`), and a screen opens only a signed one.
 */
import type { NoteView, Seen } from '../domain/cop-session';

/** A sealed note as a notice carries it (base64url: nonce, ciphertext, tag; at most 7,000). */
export const SEALED_NOTE = /^[A-Za-z0-9_-]{38,7000}$/;

/** A note board's key as views carry it: base64url of AES-256's 32 bytes. */
export const NOTE_KEY = /^[A-Za-z0-9_-]{43}$/;

/** Bytes of AES-GCM's nonce at the start of a box. */
export const NOTE_NONCE_BYTES = 12;

/**
 * What a sealed note holds: the note as a read of its board shows it after the change (`null`:
 * gone) and `merged`, every revision of it the writer's read held (the editor-wise maximum of
 * their `seen`). A screen applies it only over a note it shows whose `merged` this has seen: a
 * box written from an older read of the note (a concurrent edit) makes it read instead.
 */
export interface SealedNote {
  readonly noteId: string;
  readonly merged: Seen;
  readonly note: NoteView | null;
}

/** The key a view hands out for a board: `noteKeys[noteKeyName(board)]`. */
export const noteKeyName = (board: number | 'plenary'): string => String(board);
