/**
 * Attendance for every session type: the port the games call when a session ends
 * (`recordSession`) and the reader the rhythm's views use (`listSessions`). A space keeps at most
 * SESSION_RECORDS_MAX records; one per board and session number, so a retried or repeated end of the same
 * session replaces its record instead of adding a second one.
 *
 * Called by the app's own code at the end of a session, after the game's own transition: the
 * summary is built from stored game state, never from a payload, and the caller's space is the one
 * the board's page is in (asked of Confluence by the game's own place check).
 */
import {
  SESSION_RECORDS_MAX,
  validateSessionSummary,
  type SessionSummary,
  type SessionSummaryErrorCode,
} from '../../domain/community';
import { err, ok, type Result } from '../../domain/result';
import {
  countSessionRecords,
  createSessionRecord,
  readSessionRecord,
  readSessionRecords,
  replaceSessionRecord,
} from '../../storage/sessions';

export type RecordSessionErrorCode = SessionSummaryErrorCode | 'SESSIONS_FULL';

/** What recording did: a new record, or the session's existing record replaced. */
export interface RecordedSession {
  readonly outcome: 'created' | 'replaced';
  /** The summary as stored (attendees made distinct, facilitator and lead included). */
  readonly summary: SessionSummary;
}

/**
 * Records who attended a session of the space. The summary is checked by
 * `validateSessionSummary` (nothing is written when it is refused). A session already recorded
 * (same board and session number) has its record replaced: recording twice keeps one. A new one
 * is refused with `SESSIONS_FULL` once the space holds SESSION_RECORDS_MAX records. At most one read of
 * the row, one count (pages of 100 up to the cap) for a new session, and one write.
 */
export async function recordSession(
  spaceKey: string,
  summary: SessionSummary,
): Promise<Result<RecordedSession, RecordSessionErrorCode>> {
  const checked = validateSessionSummary(summary);
  if (!checked.ok) return checked;
  const stored = checked.value;
  if ((await readSessionRecord(spaceKey, stored)) !== undefined) {
    await replaceSessionRecord(spaceKey, stored);
    return ok({ outcome: 'replaced', summary: stored });
  }
  if ((await countSessionRecords(spaceKey, SESSION_RECORDS_MAX)) >= SESSION_RECORDS_MAX) {
    return err(
      'SESSIONS_FULL',
      `This space already keeps ${SESSION_RECORDS_MAX} session records; the attendance of this one was not recorded.`,
    );
  }
  if ((await createSessionRecord(spaceKey, stored)) === 'exists') {
    // Recorded meanwhile by another end of the same session: still one record, now this one.
    await replaceSessionRecord(spaceKey, stored);
    return ok({ outcome: 'replaced', summary: stored });
  }
  return ok({ outcome: 'created', summary: stored });
}

/** The space's session records that ended at `since` (epoch ms) or later, oldest first. */
export async function listSessions(spaceKey: string, since = 0): Promise<SessionSummary[]> {
  return readSessionRecords(spaceKey, since);
}
