/**
 * What every game's board shares on the wire: its past sessions (one macro runs one session after
 * another) and the shared resolver that sets up the next session. Types only, plus names.
 */

/** A notes page as a board links it. */
export interface NotesLink {
  readonly pageId: string;
  readonly url: string;
  readonly title: string;
}

/** One ended session of a board, listed under the macro (oldest first, capped). */
export interface PastSession {
  readonly n: number;
  /** The game's kind: `thirty-five`, `lean-coffee`, … */
  readonly kind: string;
  /** Epoch ms the session ended. */
  readonly endedAt: number;
  /** Who started (facilitated) it. */
  readonly facilitator: string;
  readonly notes: NotesLink | null;
  /** What it was about, for games whose sessions have a title (the deep dive's topic). */
  readonly title?: string;
}

/** `<game>/newSession`: the version the facilitator's screen showed (a stale click: CONFLICT). */
export interface NewSessionPayload {
  readonly version?: number;
}

/** `<game>/newSession`: the new session's number and the board's version. */
export interface NewSessionAnswer {
  readonly version: number;
  readonly session: number;
}
