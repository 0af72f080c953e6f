/**
 * How much one person, and one board, may add to a Lean Coffee (issue 11). Every number is chosen
 * against Forge's limits (a KVS value ≤ 240 KiB, a transaction ≤ 25 operations, an answer ≤ 5 MB)
 * with text at its worst: user text has the characters XML forbids removed on the way in
 * (`stripIllegalXmlChars`), so every character stored costs at most 4 bytes of JSON (an emoji; a
 * quote or a backslash costs 2, a tab or newline 2). `tests/services/games-caps.test.ts` fills each
 * cap to its limit and measures.
 *
 * - A topic record at its maximum (120 + 500 characters of emoji, a 128-character account id) is
 *   about 2.8 KB; opening the vote copies the live topics into the game row, so a vote holds at
 *   most `LC_VOTE_TOPICS_MAX` = 60 topics: 60 × 2.8 KB ≈ 170 KB of the row's 240 KiB, with the
 *   rest for the log (merges, discussions, thumbs). The engine refuses any row write past
 *   `ROW_MAX_BYTES` (CAP_REACHED) whatever the cause, so the row can never pass Forge's limit.
 * - Per person and session: 10 topics, 20 takeaways, 20 action items. A board's count of these
 *   cannot be known at the write without reading every record (a participant action is one read),
 *   so the count a person added is kept in their own record (`keys.lcCount`), and the board's fold
 *   keeps at most that many of each person's records even if parallel calls raced past the count.
 * - What a board shows: at most `LC_SHOWN_TAKEAWAYS_MAX` takeaways and `LC_SHOWN_ACTION_ITEMS_MAX`
 *   action items (past it, which ones is fixed by their ids, the same on every screen): 500 × 2.2 KB + 500 × 1.4 KB ≈ 1.8 MB, so the view answer
 *   stays far below 5 MB however many people write. The notes page holds what fits its budget
 *   (`lean-coffee-export.ts`) and says how many more are on the board.
 */

/** Topics one person may propose in a session (deleting one does not give its place back). */
export const LC_TOPICS_PER_PERSON = 10;
/** Takeaways one person may add in a session. */
export const LC_TAKEAWAYS_PER_PERSON = 20;
/** Action items one person may add in a session. */
export const LC_ACTION_ITEMS_PER_PERSON = 20;
/** Live topics a vote may hold (opening the vote copies them into the game row). */
export const LC_VOTE_TOPICS_MAX = 60;
/** Longest details a merge may produce, in characters (four topics' details). */
export const LC_MERGED_DETAILS_MAX = 2_000;
/** Takeaways a board shows (past it, fixed by id); more are kept but not shown. */
export const LC_SHOWN_TAKEAWAYS_MAX = 500;
/** Action items a board shows (past it, fixed by id). */
export const LC_SHOWN_ACTION_ITEMS_MAX = 500;

/** The sentence a per-person cap answers with. */
export function perPersonCapMessage(what: 'topics' | 'takeaways' | 'action items', max: number) {
  return `You have added ${max} ${what} in this session, the most one person may.`;
}
