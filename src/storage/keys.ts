/**
 * Every storage key CoP Kit writes, built in one place (the README carries the same table).
 *
 * KVS keys allow `[a-zA-Z0-9:._\s-#]` up to 500 characters. Account ids (`557058:uuid`), Forge
 * localIds (uuids), space keys and our own generated ids fit that alphabet; anything else is encoded
 * by `part` so a hostile value can never reach into another key's range.
 *
 * Layout (`<board>` is a macro instance on its page, `boardId`):
 * - custom entity `game`, key `game:<board>`: one row per board, the facilitator's log and
 *   `version`; every facilitator transition is compare-and-set on `version`.
 * - plain keys under `p:<board>:` (the board's first session) or `p:<board>:<n>:` (its session n,
 *   n ≥ 2) — one per participant record, each written only by its owner: the participant state of
 *   a session is a few prefix queries (100 keys a page), and a new session starts empty.
 * - plain key `access:<board>:<accountId>`: when Confluence last confirmed that this person can see
 *   the board's page (read in the same batch get as the game row; expires).
 * - plain key `space-access:<spaceKey>:<accountId>`: when Confluence last confirmed that this person
 *   can see the space (backlog and settings calls; expires).
 * - custom entity `topic`, key `topic:<spaceKey>:<topicId>`: the space's backlog, indexed by rank key.
 * - plain key `settings:<spaceKey>`: the community settings of a space.
 * - custom entity `community-log`, key `community-log:<spaceKey>`: the last 50 community changes.
 * - custom entity `notes`, key `notes:<jobId>`: a session-notes page's creation status, compare-and-set.
 * - custom entity `session`, key `session:<spaceKey>:<board>:<n>`: who attended session `n` of a
 *   board (one row per board and session, so recording it again replaces it), indexed by space and
 *   end instant.
 * - plain key `answer:<spaceKey>:<date>:<accountId>`: one person's answer for the session of that
 *   date, written only by them (the session's answers are one prefix query).
 * - plain key `invite:<spaceKey>:<accountId>`: one person's place on (or off) the invitation list.
 * - plain key `notice-key`: the installation's key pair that signs notices carrying text.
 */

const SAFE = /^[a-zA-Z0-9._-]{1,200}$/;

/** Encodes one key segment: safe ids pass unchanged, anything else becomes `#` + hex of its UTF-8
 * (`#` never occurs in a safe segment, so the two forms cannot collide). */
export function part(value: string): string {
  if (SAFE.test(value)) return value;
  return `#${Buffer.from(value, 'utf8').toString('hex')}`;
}

const SAFE_ACCOUNT = /^[a-zA-Z0-9:._-]{1,128}$/;

/**
 * Account ids (`557058:uuid`) keep their ':' — every segment that can follow an account id is a
 * `part` (which never contains ':'), so the key still reads back unambiguously.
 */
export function accountPart(accountId: string): string {
  return SAFE_ACCOUNT.test(accountId) ? accountId : part(accountId);
}

/** Which segments of a CoP Session identity are account ids (by its first segment). */
const ACCOUNT_SEGMENT: Readonly<Record<string, number>> = {
  join: 1,
  checkin: 1,
  note: 3,
  takeaway: 1,
  action: 1,
};

function copSessionSegments(identity: readonly string[]): string[] {
  const kind = identity[0] ?? '';
  const accountAt = Object.hasOwn(ACCOUNT_SEGMENT, kind) ? ACCOUNT_SEGMENT[kind] : undefined;
  return identity.map((segment, i) => (i === accountAt ? accountPart(segment) : part(segment)));
}

export const ENTITY = {
  game: 'game',
  topic: 'topic',
  notes: 'notes',
  session: 'session',
} as const;

/**
 * The id of a board: a macro instance (`localId`) on a page (`contentId`), `<contentId>.<localId>`.
 * Forge's `localId` is "a unique ID for this instance of this app in the content", and a copied page
 * (or one made from a template) keeps its macros' localIds, so the page is part of the id: a copy
 * starts boards of its own. Content ids are Confluence's numeric ids, so the first `.` separates the
 * two halves unambiguously. Every board-scoped key, notes job and export is found through this id.
 */
export function boardId(contentId: string, localId: string): string {
  return `${contentId}.${localId}`;
}

/**
 * The prefix of one session's participant records. Session 1 keeps the layout boards had before
 * sessions existed (`p:<board>:`); session n ≥ 2 adds its number (`p:<board>:<n>:`). A record
 * kind is never a number, so no prefix of one session reaches into another's keys — and while
 * session 1 is current no later session's keys exist.
 */
function session(board: string, n: number): string {
  return n <= 1 ? `p:${part(board)}:` : `p:${part(board)}:${Math.trunc(n)}:`;
}

export const keys = {
  /** Custom entity `game`: the facilitator's record of one board. */
  game: (board: string): string => `game:${part(board)}`,

  /** Prefix of every participant record of one session of a board (session 1 by default). */
  participantPrefix: (board: string, n = 1): string => session(board, n),

  /**
   * A participant record of a game plugged into the engine, from its identity segments (see
   * `GameDefinition.recordOf`): the owner's account id keeps its ':' (`accountPart`), every other
   * segment is a `part`, so a hostile id can never add a segment.
   */
  record: (board: string, n: number, owner: string, segments: readonly string[]): string =>
    session(board, n) + segments.map((s) => (s === owner ? accountPart(s) : part(s))).join(':'),

  /** Thirty Five: my card (also marks that I joined). */
  card: (board: string, accountId: string, n = 1): string =>
    `${session(board, n)}card:${accountPart(accountId)}`,
  /** Prefix of every Thirty Five card of one game (the collecting phase is one prefix query). */
  cardPrefix: (board: string, n = 1): string => `${session(board, n)}card:`,
  /**
   * Thirty Five: my split record in a round, keyed by the card I hold that round. A card has one
   * holder per round, so the key is still written only by its owner, and both records of a pair
   * are addressable from the pair's two card ids before the game row is read (one batch read).
   */
  heldCardSplit: (board: string, round: number, cardId: string, n = 1): string =>
    `${session(board, n)}hs:${round}:${part(cardId)}`,
  /** Prefix of every Thirty Five split record of one game (the rounds are one prefix query). */
  heldCardSplitPrefix: (board: string, n = 1): string => `${session(board, n)}hs:`,
  /**
   * Prefix of the Thirty Five split records of ONE round (`hs:<round>:`): the ':' after the number
   * keeps round 1 from reaching into round 10's keys.
   */
  heldCardSplitRoundPrefix: (board: string, round: number, n = 1): string =>
    `${session(board, n)}hs:${Math.trunc(round)}:`,
  /** Thirty Five: my ask to join a game already dealt (a late arrival), with my card's text. */
  joinAsk: (board: string, accountId: string, n = 1): string =>
    `${session(board, n)}ask:${accountPart(accountId)}`,
  /** Prefix of every ask to join one Thirty Five game (one prefix query). */
  joinAskPrefix: (board: string, n = 1): string => `${session(board, n)}ask:`,

  /** Lean Coffee: a topic I proposed (edits by its author rewrite it). */
  lcTopic: (board: string, accountId: string, topicId: string, n = 1): string =>
    `${session(board, n)}topic:${accountPart(accountId)}:${part(topicId)}`,
  /**
   * Where a Lean Coffee session keeps the records written from the vote on (dots, thumbs,
   * takeaways, action items). Layout 1 (sessions set up before it existed) keeps them beside the
   * topics and counts; layout 2 puts them under `v:`, so a read after the vote is one prefix query
   * that leaves out the topics (already in the row since voting opened) and the counts.
   */
  lcFromVotePrefix: (board: string, n = 1, layout = 1): string =>
    layout >= 2 ? `${session(board, n)}v:` : session(board, n),
  /** Lean Coffee: my whole dot allocation, replaced on every re-vote. */
  dots: (board: string, accountId: string, n = 1, layout = 1): string =>
    `${keys.lcFromVotePrefix(board, n, layout)}dots:${accountPart(accountId)}`,
  /** Lean Coffee: my thumb on a topic in one extension round. */
  thumb: (
    board: string,
    topicId: string,
    round: number,
    accountId: string,
    n = 1,
    layout = 1,
  ): string =>
    `${keys.lcFromVotePrefix(board, n, layout)}thumb:${part(topicId)}:${round}:${accountPart(accountId)}`,
  /** Lean Coffee: a takeaway I wrote. */
  takeaway: (board: string, accountId: string, takeawayId: string, n = 1, layout = 1): string =>
    `${keys.lcFromVotePrefix(board, n, layout)}take:${accountPart(accountId)}:${part(takeawayId)}`,
  /**
   * Lean Coffee: how many topics, takeaways and action items I added in the session (the per-person
   * caps, kept in my own record so an add stays one read and one write).
   */
  lcCount: (board: string, accountId: string, n = 1): string =>
    `${session(board, n)}count:${accountPart(accountId)}`,
  /** Lean Coffee: an action item I wrote. */
  actionItem: (board: string, accountId: string, actionId: string, n = 1, layout = 1): string =>
    `${keys.lcFromVotePrefix(board, n, layout)}action:${accountPart(accountId)}:${part(actionId)}`,

  /**
   * CoP Session: one participant record of session `session` of a board, under its identity
   * (`recordIdentity` of the deep-dive rules: `join:<account>`, `checkin:<account>`,
   * `note:<board>:<noteId>:<account>`, `takeaway:<account>:<id>`, `action:<account>:<id>`). Every
   * identity holds its owner's account id, the only person who ever writes the key. Account
   * segments keep their ':' (`accountPart`), every other segment is a `part`.
   */
  copSessionRecord: (board: string, session: number, identity: readonly string[]): string =>
    `${keys.copSessionPrefix(board, session)}${copSessionSegments(identity).join(':')}`,
  /** Prefix of every record of one session of a board (`p:<board>:cs:<session>:`). */
  copSessionPrefix: (board: string, session: number): string => `p:${part(board)}:cs:${session}:`,
  /** Prefix of the records of one session whose identity starts with `prefix` (e.g. `['join']`). */
  copSessionReadPrefix: (board: string, session: number, prefix: readonly string[]): string =>
    `${keys.copSessionPrefix(board, session)}${copSessionSegments(prefix).join(':')}:`,
  /**
   * Plain key: the breakout groups of the space's last deep dive (account ids), read when the
   * next deep dive forms its groups so nobody meets the same people if it can be avoided.
   */
  lastBreakout: (spaceKey: string): string => `breakouts:${part(spaceKey)}`,
  /** Plain key: the backlog topic "Start a session" chose for the space's next deep dive. */
  sessionTopicChoice: (spaceKey: string): string => `session-topic:${part(spaceKey)}`,
  /**
   * Plain key: a backlog topic's preparation for its deep dive (the lead's outline and breakout
   * questions, who wrote them last), written by its volunteer lead, a curator or a space admin.
   */
  topicPrep: (spaceKey: string, topicId: string): string =>
    `topic-prep:${part(spaceKey)}:${part(topicId)}`,

  /** Custom entity `topic`: one backlog topic of a space. */
  backlogTopic: (spaceKey: string, topicId: string): string =>
    `topic:${part(spaceKey)}:${part(topicId)}`,

  /**
   * Custom entity `community-log`: the space's history of community changes (the last 50: who,
   * what, when), compare-and-set on its revision, written with the change it records.
   */
  communityLog: (spaceKey: string): string => `community-log:${part(spaceKey)}`,

  /** Plain key: community settings of a space. */
  settings: (spaceKey: string): string => `settings:${part(spaceKey)}`,
  /**
   * Custom entity `settings-rev`: the settings' revision, written in the same transaction as
   * `settings` — so not the same key (Forge: "Each key can only be used once in a transaction").
   */
  settingsRev: (spaceKey: string): string => `settings-rev:${part(spaceKey)}`,

  /** Custom entity `notes`: the creation status of one session-notes page. */
  notesJob: (jobId: string): string => `notes:${part(jobId)}`,

  /** Plain key: the space's "Session notes" parent page id, created once. */
  notesParent: (spaceKey: string): string => `notes-parent:${part(spaceKey)}`,

  /** Plain key: Confluence confirmed that this person can see the board's page (and when). */
  boardAccess: (board: string, accountId: string): string =>
    `access:${part(board)}:${accountPart(accountId)}`,

  /** Custom entity `session`: the attendance record of session `n` of a board, in its space. */
  sessionRecord: (spaceKey: string, board: string, session: number): string =>
    `session:${part(spaceKey)}:${part(board)}:${session}`,

  /** Plain key: the installation's salt for closed accounts' markers (`services/privacy.ts`). */
  privacySalt: (): string => 'privacy-salt',

  /** Plain key: the installation's Ed25519 key pair that signs notices (`services/notice-signing.ts`). */
  noticeKey: (): string => 'notice-key',

  /** Plain key: my answer (coming / not this time) for the session of `date`. */
  answer: (spaceKey: string, date: string, accountId: string): string =>
    `answer:${part(spaceKey)}:${part(date)}:${accountPart(accountId)}`,
  /** Prefix of every answer for the session of `date`. */
  answerPrefix: (spaceKey: string, date: string): string =>
    `answer:${part(spaceKey)}:${part(date)}:`,

  /** Plain key: one person's invitation record. */
  invitation: (spaceKey: string, accountId: string): string =>
    `invite:${part(spaceKey)}:${accountPart(accountId)}`,
  /** Prefix of the whole invitation list of a space. */
  invitationPrefix: (spaceKey: string): string => `invite:${part(spaceKey)}:`,

  /** Plain key: the invitation page written for the session of `date` (its page id). */
  invitationPage: (spaceKey: string, date: string): string =>
    `invite-page:${part(spaceKey)}:${part(date)}`,

  /** Plain key: a person's display name as Confluence gave it, and when (a short-lived cache). */
  displayName: (accountId: string): string => `name:${accountPart(accountId)}`,

  /** Plain key: Confluence confirmed that this person can see the space (and when). */
  spaceAccess: (spaceKey: string, accountId: string): string =>
    `space-access:${part(spaceKey)}:${accountPart(accountId)}`,
} as const;
