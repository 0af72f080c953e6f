/**
 * What a game gives the board engine (`engine.ts`): its rules, its key layout, its row codec and
 * its view. The engine runs every game the same way — resolve the board, load the row and the
 * records a command needs, check who may act, decide, write the participant's own key (checked
 * against the row's version) or compare-and-set the row, publish one notice, map refusals — and
 * knows nothing of any game (STYLE: "One engine, many games", after tldraw's ShapeUtil).
 *
 * A game plugs in by exporting one `GameDefinition` and calling the engine's functions with it;
 * adding a game touches no engine code. This type only grows (additions only): other games and
 * helpers build on it.
 */
import type { ErrorCode } from '../../contract/errors';
import type { ApiResult } from '../../contract/result';
import type { RowCodec, StoredRecord } from '../../storage/board';
import type { PagePlace } from '../place';

/** The board a call acts on, the session it is in and who is acting (from the context). */
export interface BoardScope {
  /** `boardId(contentId, localId)`. */
  readonly board: string;
  /** The row's current session (1-based): participant keys carry it (`keys.participantPrefix`). */
  readonly session: number;
  /** The caller's account id (trusted: Forge's principal). */
  readonly actor: string;
  /** How the session lays out its participant keys (the game's own numbering; absent: its first). */
  readonly recordLayout?: number;
}

export type { NotesLink, PastSession } from '../../contract/board';
import type { NotesLink, PastSession } from '../../contract/board';

/** Who a view is built for, as the engine worked it out before loading the records. */
export interface ViewReader {
  readonly isFacilitator: boolean;
}

/** What the engine reads of (and changes in) every row, whatever the game. */
export interface BoardMeta {
  readonly version: number;
  /** Where the board runs, as Confluence gave it to the starter of its first session. */
  readonly place: PagePlace;
  /** Whoever started the current session: its facilitator (curators and space admins too). */
  readonly startedBy: string;
  /**
   * Set while a freezing transition reads what it freezes: participants wait for it to lift.
   * Always null for a game with no freezing commands.
   */
  readonly sealedAt: number | null;
  /** The current session (1 for a board that never had another). */
  readonly session: number;
  /** Ended sessions before the current one, oldest first. */
  readonly sessions: readonly PastSession[];
  /** How the current session lays out its participant keys (absent: the game's first layout). */
  readonly recordLayout?: number;
}

/** The parts of the meta the engine changes. */
export type MetaChange = Partial<
  Pick<BoardMeta, 'version' | 'sealedAt' | 'session' | 'sessions' | 'startedBy'>
>;

/** What the domain's `decide` is given. */
export interface DecideContext {
  readonly actor: string;
  readonly now: number;
  readonly isFacilitator: boolean;
  /**
   * What the game's `transitionInput` gave for this transition (a random seed, a stored fact the
   * rules need); absent on the participant path and for games without the hook.
   */
  readonly input?: unknown;
}

/** A domain decision: the events, or a typed refusal. */
export type Decision<Event> =
  | { readonly ok: true; readonly value: readonly Event[] }
  | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string } };

/**
 * What a notice carries: the version it produces and what happened; `seq` and `change` are for
 * notices that carry the change itself (a screen then applies it without a refetch).
 */
export interface Notice {
  readonly version: number;
  readonly kind: string;
  readonly seq?: number;
  readonly change?: unknown;
  /** Display names a signed change carries (the engine adds them: `noticePeople`). */
  readonly names?: Readonly<Record<string, string>>;
}

/** What a game says a notice should carry (the engine adds the version). */
export interface NoticeInput<Command, Event, State = unknown> {
  readonly kind: string;
  readonly command: Command | null;
  readonly events: readonly Event[];
  readonly version: number;
  /** The board (page and macro instance) the notice is about; the engine always gives it. */
  readonly board?: string;
  /**
   * A transition's states (facilitator steps only): the whole state it was decided on, the
   * state after its events, and the clock it was decided at.
   */
  readonly transition?: {
    readonly before: State;
    readonly after: State;
    readonly now: number;
  };
  /**
   * The state after the change as the deciding call saw it (participant actions only: the state
   * they decided on, with their own event folded in). Partial: it holds the records that action
   * read, not the whole board.
   */
  readonly state?: State;
}

/** Who may give a command: its own record (anyone on the board), or a facilitator transition. */
export type CommandRole = 'participant' | 'facilitator' | 'anyone';

/** A participant action, ready to decide: the state it is decided on and the domain command. */
export interface Prepared<State, Command> {
  readonly state: State;
  readonly command: Command;
  /**
   * More of the caller's own keys to write in the same transaction as the record, if the command
   * is accepted (e.g. a per-person count: Lean Coffee's `keys.lcCount`).
   */
  readonly also?: readonly OwnRecord[];
}

/** A participant record to write under the caller's own key. */
export interface OwnRecord {
  readonly key: string;
  readonly value: unknown;
}

/** A new session's row: what the game needs to create one. */
export interface NewRowInput<Payload> {
  readonly place: PagePlace;
  readonly starter: string;
  readonly now: number;
  readonly payload: Payload;
  readonly session: number;
  readonly sessions: readonly PastSession[];
}

/** What the engine learns of an ended session (history, community record). */
export interface SessionSummary {
  /** When it ended; null while it runs. */
  readonly endedAt: number | null;
  readonly notes: NotesLink | null;
  /** Who took part (Thirty Five: players; Lean Coffee: everyone who wrote a record). */
  readonly attendees: readonly string[];
  /** When the session started (default: when it ended). */
  readonly startedAt?: number;
  /** How many takeaways it produced. */
  readonly takeaways?: number;
  /** Its action items, with their owners. */
  readonly actionItems?: readonly { readonly text: string; readonly owner?: string }[];
  /** What the session was about, for the list of past sessions (omit: no title). */
  readonly title?: string;
}

/**
 * A game, as the engine runs it.
 * - `Row`: its stored row (the codec maps it to the `game` entity); `State`: the folded state;
 * - `Command` / `Event`: the domain's; `Action`: what a participant call carries (the command plus
 *   whatever locates the records it needs, e.g. a Thirty Five split's round);
 * - `StartPayload`: what starting a session takes (settings).
 */
export interface GameDefinition<
  Row,
  State,
  Command extends { readonly type: string },
  Event,
  Action = Command,
  StartPayload = unknown,
> {
  /** Stored as the row's `kind` and in the history. */
  readonly kind: string;
  /** The macro module whose calls this game answers (`moduleKey` of the context). */
  readonly moduleKey: string;
  readonly messages: {
    readonly notStarted: string;
    readonly wrongMacro: string;
    readonly conflict: string;
    /** Starting a board that exists (omit: the start answers the existing version). */
    readonly alreadyStarted?: string;
  };
  readonly codec: RowCodec<Row>;
  readonly meta: (row: Row) => BoardMeta;
  readonly withMeta: (row: Row, change: MetaChange) => Row;

  /** The domain's rules. */
  readonly decide: (state: State, command: Command, ctx: DecideContext) => Decision<Event>;
  readonly evolve: (state: State, event: Event) => State;
  /** Who may give a command; `facilitator` ones are checked by the engine (starter, curator, admin). */
  readonly roleOf: (command: Command) => CommandRole;
  /** Whether a transition freezes participant records (the engine seals the row around it). */
  readonly freezes: (command: Command) => boolean;

  /** The participant path: 1 read (row + these keys + access), 1 write, 1 publish. */
  readonly participant: {
    /** The record keys the action needs besides the row. */
    readonly reads: (scope: BoardScope, action: Action) => readonly string[];
    /**
     * Key prefixes the action needs besides (e.g. everyone's join, for a cap that counts them):
     * queried alongside the batch get, their records given to `prepare` with the keys read.
     */
    readonly ranges?: (scope: BoardScope, action: Action) => readonly string[];
    /**
     * The state to decide on and the command, from the row and the records read; a refusal; or
     * `{ transition }` when the action is not the caller's own record after all (it then runs as a
     * transition, e.g. a facilitator editing someone else's topic).
     */
    readonly prepare: (
      row: Row,
      records: ReadonlyMap<string, unknown>,
      action: Action,
      scope: BoardScope,
    ) => ApiResult<Prepared<State, Command>> | { readonly transition: Command };
    /** Where the one event a participant command yields is stored: the caller's own key. */
    readonly recordOf: (scope: BoardScope, state: State, event: Event) => OwnRecord;
  };

  /**
   * The record prefixes a full load reads for the row's current phase only. `reader` is given
   * when the load builds one person's view (`scope.actor`'s): a game may then leave out records
   * that view never shows. Without it (a transition, a facilitator step) the load is whole.
   */
  readonly loadPrefixes: (row: Row, scope: BoardScope, reader?: ViewReader) => readonly string[];
  /** The whole state from the row and the records of those prefixes. */
  readonly fold: (row: Row, records: readonly StoredRecord[]) => State;
  /** The row after a transition appended its events (and froze `records`, if it freezes). */
  readonly append: (
    row: Row,
    events: readonly Event[],
    frozen: { readonly command: Command; readonly records: readonly StoredRecord[] },
  ) => Row;

  /**
   * A new session's row (version 1 for a new board; the engine sets version and meta after). It
   * may read (e.g. the space's backlog for a default topic).
   */
  readonly create: (input: NewRowInput<StartPayload>) => ApiResult<Row> | Promise<ApiResult<Row>>;
  /**
   * What a session amounts to, for the history and the community's record (asked only once it
   * has ended; it may read, e.g. the notes page's job).
   */
  readonly summary: (
    row: Row,
    state: State,
    scope: BoardScope,
  ) => SessionSummary | Promise<SessionSummary>;
  /** When the current session ended, or null while it runs (cheap: asked on every transition). */
  readonly endedAt: (row: Row, state: State) => number | null;

  /**
   * What a transition's decision takes beyond the actor, the time and the role (`DecideContext
   * .input`), read once before the rules decide — e.g. a fresh seed, or the groups of the space's
   * last breakout when the command forms groups. Omit: nothing.
   */
  readonly transitionInput?: (
    row: Row,
    state: State,
    command: Command,
    scope: BoardScope,
  ) => Promise<unknown>;

  /** What a notice carries beyond the version (default: the kind only). */
  readonly noticeOf?: (
    input: NoticeInput<Command, Event, State>,
  ) => Omit<Notice, 'version'> | Promise<Omit<Notice, 'version'>>;
  /**
   * Whose names a signed notice's change should carry (at most `NOTICE_NAMES_MAX`), from the
   * app's name cache only: a screen then needs no read to name someone it has not shown yet.
   */
  readonly noticePeople?: (change: unknown) => readonly string[];
}
