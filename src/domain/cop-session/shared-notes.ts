import { compareText, latestRecord, own } from '../lean-coffee/records';
import { err, ok } from '../result';
import { isIntegerIn } from './agenda';
import type { CopSessionResult } from './errors';
import { boundedText, type TextRule } from './text-rules';

/**
 * Notes that a group writes together without lost updates.
 *
 * Each person writes only their own record per note: their latest revision of it. A revision
 * carries a version vector `seen` — for every editor of the note, how many of their revisions the
 * writer had seen (their own new one included). Revision A supersedes B when A's vector is at least
 * B's everywhere: A's writer started from a text that already contained B. The revisions nobody
 * supersedes are the note's *heads*; the latest head is shown, and any other head is a concurrent
 * edit, flagged beside it rather than dropped (as Dynamo's and Riak's siblings are). Someone who
 * merges the flagged text in and saves with the merged vector supersedes them all.
 *
 * What can disappear: only a person's own earlier revision, replaced by their own later one. A
 * revision by anyone else stays until a revision that has seen it exists, so every text a person
 * wrote is either part of the shown note's history or shown as a conflict.
 */

/** Where a note lives: a breakout group (numbered from 1) or the plenary conversation. */
export type NoteBoard = number | 'plenary';

/** For each editor of a note, how many of their revisions a writer had seen. */
export type Seen = Readonly<Record<string, number>>;

/** One person's latest revision of one note (their own record). */
export interface NoteRevision {
  readonly board: NoteBoard;
  readonly noteId: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly editor: string;
  /** This editor's revision number on this note: 1, 2, … */
  readonly seq: number;
  /** What the editor had seen, this revision (`editor: seq`) included. */
  readonly seen: Seen;
  /** The note's text in this revision; `null` when this revision deletes it. */
  readonly text: string | null;
  readonly at: number;
}

/** Longest note. */
export const NOTE_MAX = 1000;
/** Most live notes one person may start on one board. */
export const NOTES_PER_PERSON = 20;

const NOTE: TextRule = {
  label: 'A note',
  max: NOTE_MAX,
  emptyCode: 'NOTE_EMPTY',
  longCode: 'NOTE_TOO_LONG',
  isOneLine: false,
};

/** A note's text: trimmed, 1–1,000 characters, several lines allowed. */
export function normaliseNote(raw: string): CopSessionResult<string> {
  return boundedText(raw, NOTE);
}

/** The storage segment of a board: the group number, or `plenary`. */
export function boardSegment(board: NoteBoard): string {
  return String(board);
}

/** The key of one person's revision of one note in the state's map. */
export function revisionKey(board: NoteBoard, noteId: string, editor: string): string {
  return JSON.stringify([boardSegment(board), noteId, editor]);
}

/** True when `a` has seen everything `b` has: `a[e] ≥ b[e]` for every editor `e` in `b`. */
export function hasSeen(a: Seen, b: Seen): boolean {
  return Object.entries(b).every(([editor, n]) => seenOf(a, editor) >= n);
}

/** How many of `editor`'s revisions a vector has seen (0 when it names nobody by that id). */
export function seenOf(vector: Seen, editor: string): number {
  return own(vector, editor) ?? 0;
}

/** The editor-wise maximum of several vectors: what someone who saw all of them has seen. */
export function joinSeen(vectors: readonly Seen[]): Seen {
  const out: Record<string, number> = {};
  for (const vector of vectors) {
    for (const [editor, n] of Object.entries(vector)) {
      out[editor] = Math.max(n, seenOf(out, editor));
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => compareText(a, b)));
}

/**
 * The heads of a note: revisions that no other revision supersedes (strictly: `b` supersedes `a`
 * when `b` has seen `a` and `a` has not seen `b`). Latest first (`at`, then canonical order).
 */
export function heads(revisions: readonly NoteRevision[]): NoteRevision[] {
  const isSuperseded = (a: NoteRevision): boolean =>
    revisions.some((b) => b !== a && hasSeen(b.seen, a.seen) && !hasSeen(a.seen, b.seen));
  return revisions
    .filter((revision) => !isSuperseded(revision))
    .sort((a, b) => (latestRecord(a, b) === a ? -1 : 1));
}

/** A revision that was written at the same time as the shown one and is not part of it. */
export interface ConcurrentEdit {
  readonly editor: string;
  /** `null` when that revision deleted the note. */
  readonly text: string | null;
  readonly at: number;
}

/** A note as screens show it. */
export interface NoteView {
  readonly board: NoteBoard;
  readonly noteId: string;
  readonly createdBy: string;
  readonly createdAt: number;
  /** The latest text; `null` when the latest revision deleted the note (see `conflicts`). */
  readonly text: string | null;
  readonly editedBy: string;
  readonly editedAt: number;
  /** Concurrent edits not contained in the shown text, latest first. */
  readonly conflicts: readonly ConcurrentEdit[];
  /** Send this as `seen` to edit the shown text. */
  readonly base: Seen;
  /** Send this as `seen` after merging every concurrent edit in. */
  readonly merged: Seen;
}

/**
 * One note from all its revisions (at least one): the latest head is shown, the other heads are
 * flagged as concurrent edits. `null` when every head deletes the note: it is gone.
 */
export function viewNote(revisions: readonly NoteRevision[]): NoteView | null {
  const [shown, ...others] = heads(revisions);
  if (shown === undefined) return null;
  if (shown.text === null && others.every((revision) => revision.text === null)) return null;
  return {
    board: shown.board,
    noteId: shown.noteId,
    createdBy: shown.createdBy,
    createdAt: shown.createdAt,
    text: shown.text,
    editedBy: shown.editor,
    editedAt: shown.at,
    conflicts: others.map(({ editor, text, at }) => ({ editor, text, at })),
    base: shown.seen,
    merged: joinSeen([shown, ...others].map((revision) => revision.seen)),
  };
}

/**
 * The live notes of one board, in the order they were started (ties by id), from the map of every
 * revision of the session.
 */
export function notesOnBoard(
  revisions: Readonly<Record<string, NoteRevision>>,
  board: NoteBoard,
): NoteView[] {
  const byNote = new Map<string, NoteRevision[]>();
  for (const revision of Object.values(revisions)) {
    if (revision.board !== board) continue;
    byNote.set(revision.noteId, [...(byNote.get(revision.noteId) ?? []), revision]);
  }
  return [...byNote.values()]
    .flatMap((list) => {
      const view = viewNote(list);
      return view === null ? [] : [view];
    })
    .sort((a, b) => a.createdAt - b.createdAt || compareText(a.noteId, b.noteId));
}

/** Every revision of one note (any editor), in editor order. */
export function revisionsOf(
  revisions: Readonly<Record<string, NoteRevision>>,
  board: NoteBoard,
  noteId: string,
): NoteRevision[] {
  return Object.values(revisions)
    .filter((revision) => revision.board === board && revision.noteId === noteId)
    .sort((a, b) => compareText(a.editor, b.editor));
}

/**
 * Checks the `seen` a client sends with an edit: every entry names an editor of the note and a
 * revision number from 1 to that editor's latest (nobody can claim to have seen the future);
 * otherwise `INVALID_REVISION`. Returns it with its keys in order.
 */
export function validateSeen(
  seen: Readonly<Record<string, unknown>>,
  existing: readonly NoteRevision[],
): CopSessionResult<Seen> {
  const latest = new Map(existing.map((revision) => [revision.editor, revision.seq]));
  const checked: Record<string, number> = {};
  for (const [editor, n] of Object.entries(seen)) {
    const most = latest.get(editor);
    if (most === undefined || !isIntegerIn(n, 1, most)) {
      return err('INVALID_REVISION', 'That revision of the note does not exist.');
    }
    checked[editor] = n;
  }
  return ok(joinSeen([checked]));
}
