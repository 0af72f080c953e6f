/**
 * Where CoP Kit stores account ids: a declared list of stored shapes, each naming where its records
 * live (a key prefix, or an entity and the index partitions that reach every row), the shape of its
 * keys, and the positions in its values that hold account ids. The personal-data report
 * (`services/privacy.ts`) reads account ids only from these positions — never by pattern from
 * free text — so every shape Atlassian account ids take is found, and a card or topic whose text
 * merely looks like an account id is not reported.
 *
 * Atlassian documents account ids as opaque: "1-128 characters", alphanumeric, `-` and `:` (user
 * privacy guide for Forge apps, as quoted in `../shared/studies/forge-fidelity-audit.md`, row 12);
 * real ones look like `557058:<uuid>`, `70121:<uuid>` or 24 hex digits, and none of that is
 * relied on.
 *
 * **Adding a place that stores account ids** (a new key or entity, or a new field in a stored
 * value) is one entry in `STORED_SHAPES`: its source, its key template (`@` where the key names the
 * account the record belongs to — erasure deletes such a record), and the value paths that mention
 * accounts (erasure replaces them with the account's marker). `tests/services/privacy-shapes.test.ts`
 * checks every key builder of `keys.ts` against this list.
 */
import { SESSION_RECORD_KINDS } from '../domain/community';
import { ENTITY } from './keys';

/** Where a shape's records live. */
export type ShapeSource =
  | { readonly kind: 'plain'; readonly prefix: string }
  | {
      readonly kind: 'entity';
      readonly entity: string;
      readonly index: string;
      readonly partitions: readonly string[];
      /**
       * The row's top-level attribute every writer compares-and-sets: an erasure is conditioned on
       * it, so it never overwrites a concurrent write (it reads again and retries).
       */
      readonly guard: string;
    };

/**
 * A path into a stored value: property names, and `*` for every element of an array (or every
 * value of an object). The leaf holds one account id, or an array of them. A path that does not
 * fit a value (a missing property, another event type) selects nothing.
 */
export type ValuePath = readonly string[];

export interface StoredShape {
  /** What is stored, for people reading this list. */
  readonly name: string;
  readonly source: ShapeSource;
  /**
   * The key, segment by segment (`:`-separated): a literal, `*` for one segment, `@` for the
   * account the record belongs to (one or more segments: account ids may hold `:`). At most one `@`.
   */
  readonly key: string;
  readonly paths: readonly ValuePath[];
}

const plain = (prefix: string) => ({ kind: 'plain', prefix }) as const;

/** Lean Coffee events and records: who proposed, edited, voted, wrote, owns. */
const LEAN_COFFEE_EVENT_PATHS: readonly ValuePath[] = [
  ['by'],
  ['participant'],
  ['author'],
  ['owner'],
  ['topic', 'author'],
  ['into', 'author'],
  ['takeaway', 'author'],
  ['actionItem', 'author'],
  ['actionItem', 'owner'],
];

const underLog = (paths: readonly ValuePath[]): ValuePath[] =>
  paths.map((p) => ['state', 'log', '*', ...p]);

/** CoP Session events (log and records): who joined, wrote, edited, owns, leads, is grouped. */
const COP_SESSION_EVENT_PATHS: readonly ValuePath[] = [
  ['facilitator'],
  ['by'],
  ['accountId'],
  ['participant'],
  ['author'],
  ['createdBy'],
  ['editor'],
  ['lead', 'accountId'],
  ['groups', '*'],
  ['takeaway', 'author'],
  ['actionItem', 'author'],
  ['actionItem', 'owner'],
];

/**
 * CoP Session participant records, `p:<board>:cs:<session>:<identity>` (`keys.copSessionRecord`,
 * identities from `domain/cop-session/storage-layout.ts`); the value is `{ session, event }`.
 */
const COP_SESSION_RECORDS: readonly StoredShape[] = [
  'join:@',
  'checkin:@',
  'note:*:*:@',
  'takeaway:@:*',
  'action:@:*',
].map((rest) => ({
  name: `CoP Session record (${rest.split(':')[0] ?? ''})`,
  source: plain('p:'),
  key: `p:*:cs:*:${rest}`,
  paths: COP_SESSION_EVENT_PATHS.map((path) => ['event', ...path]),
}));

/**
 * A participant record of a board, in every session: session 1 under `p:<board>:`, session n ≥ 2
 * under `p:<board>:<n>:` (`keys.ts`). A record kind is never a number, so the two templates never
 * match the same key. (A Lean Coffee layout-2 key of session 1, `p:<board>:v:dots:…`, would also
 * fit session 2's template for `dots:`, with `v` as its number: the same shape either way, and its
 * own template is listed first.)
 */
function participantRecords(
  name: string,
  rest: string,
  paths: readonly ValuePath[],
): StoredShape[] {
  return [
    { name, source: plain('p:'), key: `p:*:${rest}`, paths },
    { name: `${name} (session 2 on)`, source: plain('p:'), key: `p:*:*:${rest}`, paths },
  ];
}

/** Every place CoP Kit stores an account id. */
export const STORED_SHAPES: readonly StoredShape[] = [
  ...participantRecords('Thirty Five card', 'card:@', [['by']]),
  ...participantRecords('Thirty Five split record', 'hs:*:*', [['by']]),
  ...participantRecords('Thirty Five ask to join', 'ask:@', [['by']]),
  ...participantRecords('Lean Coffee topic', 'topic:@:*', LEAN_COFFEE_EVENT_PATHS),
  // Sessions set up with layout 2 keep the records from the vote on under `v:`
  // (`keys.lcFromVotePrefix`); listed first, so such a key is named by its own shape.
  ...participantRecords('Lean Coffee dots (layout 2)', 'v:dots:@', [['participant']]),
  ...participantRecords('Lean Coffee thumb (layout 2)', 'v:thumb:*:*:@', [['participant']]),
  ...participantRecords('Lean Coffee takeaway (layout 2)', 'v:take:@:*', LEAN_COFFEE_EVENT_PATHS),
  ...participantRecords(
    'Lean Coffee action item (layout 2)',
    'v:action:@:*',
    LEAN_COFFEE_EVENT_PATHS,
  ),
  ...participantRecords('Lean Coffee dots', 'dots:@', [['participant']]),
  ...participantRecords('Lean Coffee thumb', 'thumb:*:*:@', [['participant']]),
  ...participantRecords('Lean Coffee takeaway', 'take:@:*', LEAN_COFFEE_EVENT_PATHS),
  ...participantRecords('Lean Coffee action item', 'action:@:*', LEAN_COFFEE_EVENT_PATHS),
  // The value is three counts: the account is in the key only.
  ...participantRecords('Lean Coffee per-person counts', 'count:@', []),
  ...COP_SESSION_RECORDS,
  {
    name: "CoP Session: the space's last breakout groups",
    source: plain('breakouts:'),
    key: 'breakouts:*',
    paths: [['groups', '*']],
  },
  {
    name: "a backlog topic's deep-dive preparation (who wrote it last)",
    source: plain('topic-prep:'),
    key: 'topic-prep:*:*',
    paths: [['by']],
  },
  { name: 'board access check', source: plain('access:'), key: 'access:*:@', paths: [] },
  { name: 'cached display name', source: plain('name:'), key: 'name:@', paths: [] },
  {
    name: 'answer to a session invitation',
    source: plain('answer:'),
    key: 'answer:*:*:@',
    paths: [['accountId']],
  },
  {
    name: 'invitation list entry',
    source: plain('invite:'),
    key: 'invite:*:@',
    paths: [['accountId'], ['by']],
  },
  {
    name: 'space access check',
    source: plain('space-access:'),
    key: 'space-access:*:@',
    paths: [],
  },
  {
    name: 'community settings',
    source: plain('settings:'),
    key: 'settings:*',
    paths: [
      ['rotation', 'facilitators'],
      ['curators'],
      ['swaps', '*', 'proposer'],
      ['swaps', '*', 'partner'],
    ],
  },
  {
    name: 'Thirty Five game',
    source: {
      kind: 'entity',
      entity: ENTITY.game,
      index: 'by-kind',
      partitions: ['thirty-five'],
      guard: 'version',
    },
    key: 'game:*',
    paths: [
      ['state', 'startedBy'],
      ['state', 'sessions', '*', 'facilitator'],
      ['state', 'log', '*', 'cards', '*', 'author'],
      ['state', 'log', '*', 'accountId'],
    ],
  },
  {
    name: 'Lean Coffee game',
    source: {
      kind: 'entity',
      entity: ENTITY.game,
      index: 'by-kind',
      partitions: ['lean-coffee'],
      guard: 'version',
    },
    key: 'game:*',
    paths: [
      ['state', 'facilitator'],
      ['state', 'sessions', '*', 'facilitator'],
      ...underLog(LEAN_COFFEE_EVENT_PATHS),
    ],
  },
  {
    name: 'CoP Session game',
    source: {
      kind: 'entity',
      entity: ENTITY.game,
      index: 'by-kind',
      partitions: ['cop-session'],
      guard: 'version',
    },
    key: 'game:*',
    paths: [
      ['state', 'facilitator'],
      ['state', 'past', '*', 'facilitator'],
      ['state', 'past', '*', 'attendees'],
      ...underLog(COP_SESSION_EVENT_PATHS),
    ],
  },
  {
    name: 'backlog topic',
    source: {
      kind: 'entity',
      entity: ENTITY.topic,
      index: 'by-status',
      partitions: ['proposed', 'planned', 'discussed', 'archived'],
      guard: 'rev',
    },
    key: 'topic:*:*',
    paths: [
      ['data', 'createdBy'],
      ['data', 'lead'],
      ['data', 'statusBy'],
    ],
  },
  {
    name: 'session-notes job',
    source: {
      kind: 'entity',
      entity: ENTITY.notes,
      index: 'by-status',
      partitions: ['pending', 'created', 'failed'],
      guard: 'attempt',
    },
    key: 'notes:*',
    paths: [
      ['data', 'requestedBy'],
      ['data', 'model', 'facilitator'],
      ['data', 'model', 'attendees'],
      ['data', 'model', 'absentees', '*', 'accountId'],
      ['data', 'model', 'topic', 'lead'],
      ['data', 'model', 'actionItems', '*', 'owner'],
      ['data', 'model', 'nextTopic', 'volunteer'],
      ['data', 'model', 'deepDive', 'checkInAnswers', '*', 'who'],
      ['data', 'model', 'deepDive', 'groups', '*', 'members'],
    ],
  },
  {
    name: 'community history',
    source: {
      kind: 'entity',
      entity: 'community-log',
      index: 'by-kind',
      partitions: ['log'],
      guard: 'rev',
    },
    key: 'community-log:*',
    paths: [
      ['entries', '*', 'by'],
      ['entries', '*', 'account'],
    ],
  },
  {
    // Written once when a session ends (again only if the same end is recorded twice, with the
    // same `endedAt`): the guard is that instant, the only attribute a rewrite could change.
    name: 'session attendance record',
    source: {
      kind: 'entity',
      entity: ENTITY.session,
      index: 'by-kind',
      partitions: SESSION_RECORD_KINDS,
      guard: 'endedAt',
    },
    key: 'session:*:*:*',
    paths: [
      ['data', 'facilitator'],
      ['data', 'attendees'],
      ['data', 'lead'],
      ['data', 'actionItems', '*', 'owner'],
    ],
  },
];

/**
 * Account ids as Atlassian documents them: 1–128 characters, letters, digits, `-` and `:`. A value
 * at an account position that is not one (a closed account's marker, `null`) is no account.
 */
const ACCOUNT_ID = /^[A-Za-z0-9:-]{1,128}$/;

/** The marker the first version of the report wrote for every closed account alike. */
export const LEGACY_CLOSED_MARKER = 'closed-account';

/** Whether a stored value at an account position is an account id. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && value !== LEGACY_CLOSED_MARKER && ACCOUNT_ID.test(value);
}

/** A key segment as `keys.part` / `keys.accountPart` wrote it: `#` + hex of UTF-8, or as is. */
function decodeSegment(segment: string): string {
  return segment.startsWith('#') && /^#(?:[0-9a-f]{2})+$/.test(segment)
    ? Buffer.from(segment.slice(1), 'hex').toString('utf8')
    : segment;
}

/**
 * Matches a key against a shape's key template. Undefined when it does not match; otherwise the
 * account the key names (null when the template has no `@`).
 */
export function matchKey(template: string, key: string): { owner: string | null } | undefined {
  const pattern = template.split(':');
  const segments = key.split(':');
  const at = pattern.indexOf('@');
  const head = at === -1 ? pattern : pattern.slice(0, at);
  const tail = at === -1 ? [] : pattern.slice(at + 1);
  const fits = (p: string, s: string | undefined): boolean =>
    s !== undefined && s.length > 0 && (p === '*' || p === s);
  if (
    at === -1 ? segments.length !== pattern.length : segments.length < head.length + tail.length + 1
  ) {
    return undefined;
  }
  if (!head.every((p, i) => fits(p, segments[i]))) return undefined;
  const tailStart = segments.length - tail.length;
  if (!tail.every((p, i) => fits(p, segments[tailStart + i]))) return undefined;
  if (at === -1) return { owner: null };
  return { owner: decodeSegment(segments.slice(head.length, tailStart).join(':')) };
}

/** The shape a stored record has, given where it was read; undefined for an undeclared record. */
export function shapeOf(
  candidates: readonly StoredShape[],
  key: string,
): { shape: StoredShape; owner: string | null } | undefined {
  for (const shape of candidates) {
    const matched = matchKey(shape.key, key);
    if (matched !== undefined) return { shape, owner: matched.owner };
  }
  return undefined;
}

/** Calls `visit` with every leaf a path selects, and a setter that replaces it in `value`. */
function walk(value: unknown, path: ValuePath, visit: (leaf: unknown) => unknown): unknown {
  if (path.length === 0) return visit(value);
  const [step, ...rest] = path as [string, ...string[]];
  if (step === '*') {
    if (Array.isArray(value)) return value.map((v: unknown) => walk(v, rest, visit));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, walk(v, rest, visit)] as const),
      );
    }
    return value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !(step in value)) {
    return value;
  }
  const record = value as Record<string, unknown>;
  return { ...record, [step]: walk(record[step], rest, visit) };
}

/** Applies `change` to every account id at the shape's value paths (arrays of ids included). */
function mapAccounts(shape: StoredShape, value: unknown, change: (id: string) => string): unknown {
  const leaf = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map((x: unknown) => (isAccountId(x) ? change(x) : x))
      : isAccountId(v)
        ? change(v)
        : v;
  return shape.paths.reduce((current, path) => walk(current, path, leaf), value);
}

/** The account ids a record stores: the one its key names, and those at its value paths. */
export function accountIdsOf(shape: StoredShape, key: string, value: unknown): Set<string> {
  const found = new Set<string>();
  const owner = matchKey(shape.key, key)?.owner;
  if (owner !== undefined && owner !== null && isAccountId(owner)) found.add(owner);
  mapAccounts(shape, value, (id) => {
    found.add(id);
    return id;
  });
  return found;
}

/** What erasing closed accounts does to one record. */
export type Erasure =
  | { readonly action: 'keep' }
  | { readonly action: 'delete' }
  | { readonly action: 'rewrite'; readonly value: unknown };

/**
 * Erases closed accounts from one record: a record whose key names a closed account is deleted
 * (it is that person's own record); otherwise every closed account at a value path is replaced
 * by its marker (`markerOf`), the rest of the record kept as it was.
 */
export function eraseIn(
  shape: StoredShape,
  key: string,
  value: unknown,
  closed: ReadonlySet<string>,
  markerOf: (accountId: string) => string,
): Erasure {
  const owner = matchKey(shape.key, key)?.owner;
  if (owner !== undefined && owner !== null && closed.has(owner)) return { action: 'delete' };
  let changed = false;
  const rewritten = mapAccounts(shape, value, (id) => {
    if (!closed.has(id)) return id;
    changed = true;
    return markerOf(id);
  });
  return changed ? { action: 'rewrite', value: rewritten } : { action: 'keep' };
}
