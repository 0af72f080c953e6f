/**
 * Issue 7: generated malformed payloads, 1,000 per resolver, against every resolver the app
 * registers (Thirty Five, Lean Coffee, CoP Session, backlog, settings, notes, ping), sent by the
 * facilitator and by a participant into live games (a Thirty Five round, a Lean Coffee topic being
 * discussed with a takeaway and an action item, a deep dive in its plenary with the facilitator's
 * takeaway and action item and the participant not joined, a backlog topic): every answer is a typed error — never UNEXPECTED,
 * never a platform failure — and the host's stored state (its KVS and Confluence logs) is byte for
 * byte what it was, with no publish and no page created.
 *
 * Payload classes (each is refused by construction, whichever resolver receives it):
 *  A. not an object (number, string, array, `true`; falsy values reach the app as `{}`);
 *  B. an unknown field next to known ones (every schema is strict);
 *  C. a known field with a value no schema accepts for any field: a huge string (over every
 *     maximum), a negative or fractional number, an object with a stray key, an array of `{}`;
 *  D. well-typed references the caller may not use (sent by a participant): unknown ids, the
 *     facilitator's topics, takeaways and action items, other people's account ids, versions the
 *     game never had, and required fields left out. Read-only resolvers may answer these (a status
 *     lookup of an unknown job is a fine question); they must still change nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BACKLOG_RESOLVERS, type BacklogView } from '../../src/contract/backlog';
import { COP_SESSION_RESOLVERS } from '../../src/contract/cop-session';
import { LEAN_COFFEE_RESOLVERS } from '../../src/contract/lean-coffee';
import { NOTES_RESOLVERS } from '../../src/contract/notes';
import type { ApiResult } from '../../src/contract/result';
import { RHYTHM_RESOLVERS } from '../../src/contract/rhythm';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../src/contract/thirty-five';
import { startAppHost, USERS, type AppHost } from '../support/app-host';
import { accepted, call, storedBytes, type Frame } from './support';

jest.setTimeout(240_000);

const RUNS = 1_000;

let app: AppHost;
let dataDir: string;

const t35 = `t35-${randomUUID()}`;
const lc = `lc-${randomUUID()}`;
const cs = `cs-${randomUUID()}`;
const frames = {
  copSession: (accountId: string): Frame => ({ accountId, moduleKey: 'cop-session', localId: cs }),
  thirtyFive: (accountId: string): Frame => ({ accountId, moduleKey: 'thirty-five', localId: t35 }),
  leanCoffee: (accountId: string): Frame => ({ accountId, moduleKey: 'lean-coffee', localId: lc }),
  community: (accountId: string): Frame => ({
    accountId,
    moduleKey: 'topic-backlog-page',
    localId: 'backlog-page',
  }),
};

/** Ids of things the facilitator owns, for the participant to try to touch. */
const owned = {
  topics: [] as string[],
  takeaways: [] as string[],
  actionItems: [] as string[],
  csTakeaways: [] as string[],
  csActionItems: [] as string[],
  csNotes: [] as string[],
  backlogTopics: [] as string[],
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-hardening-'));
  app = await startAppHost({ dataDir });
  const { alice, bob, chloe, dev, eve } = USERS;

  // A Thirty Five in its first round.
  const t = (who: string, name: string, payload?: unknown) =>
    call(app, frames.thirtyFive(who), name, payload);
  accepted(await t(alice, THIRTY_FIVE.start));
  for (const [i, p] of [bob, chloe, dev, eve].entries())
    accepted(await t(p, THIRTY_FIVE.join, { text: `Topic ${i}` }));
  const version = async () =>
    accepted(await call<ThirtyFiveStateView>(app, frames.thirtyFive(alice), THIRTY_FIVE.state));
  accepted(await t(alice, THIRTY_FIVE.deal, { version: (await version()).version, rounds: 3 }));
  accepted(await t(alice, THIRTY_FIVE.nextRound, { version: (await version()).version }));

  // A Lean Coffee discussing its first topic, with a takeaway and an action item by alice.
  const l = (who: string, name: string, payload?: unknown) =>
    call(app, frames.leanCoffee(who), name, payload);
  const L = LEAN_COFFEE_RESOLVERS;
  accepted(await l(alice, L.start, {}));
  for (const title of ['Alice one', 'Alice two']) {
    const proposed = await call<{ topicId: string }>(
      app,
      frames.leanCoffee(alice),
      L.proposeTopic,
      {
        title,
      },
    );
    owned.topics.push(accepted(proposed).topicId);
  }
  accepted(await l(bob, L.proposeTopic, { title: 'Bob one' }));
  accepted(await l(alice, L.openVoting, {}));
  accepted(await l(bob, L.allocateDots, { allocation: { [owned.topics[0] ?? '']: 1 } }));
  accepted(await l(alice, L.closeVoting, {}));
  accepted(await l(alice, L.startTopic, {}));
  for (const topicId of owned.topics) {
    const took = await l(alice, L.addTakeaway, { topicId, text: 'We agreed' });
    if (!took.ok) continue;
    owned.takeaways.push((took.data as { takeawayId: string }).takeawayId);
    const item = accepted(await l(alice, L.addActionItem, { topicId, text: 'Do it', owner: bob }));
    owned.actionItems.push((item as { actionItemId: string }).actionItemId);
  }
  expect(owned.takeaways).toHaveLength(1);

  // A deep dive in its plenary: Alice facilitates with Chloé; Bob watches without joining, so
  // every contribution of his is refused. Alice wrote a note, a takeaway and an action item.
  const d = (who: string, name: string, payload?: unknown) =>
    call(app, frames.copSession(who), name, payload);
  accepted(await d(alice, S.create, {}));
  accepted(await d(alice, S.setTopic, { topic: { title: 'Deep' } }));
  accepted(await d(alice, S.join, {}));
  accepted(await d(chloe, S.join, {}));
  accepted(await d(alice, S.start, {}));
  for (let i = 0; i < 4; i += 1) accepted(await d(alice, S.next, {}));
  const note = accepted(await d(alice, S.addNote, { board: 'plenary', text: 'We said' }));
  owned.csNotes.push((note as { noteId: string }).noteId);
  const csTake = accepted(await d(alice, S.addTakeaway, { text: 'Learned' }));
  owned.csTakeaways.push((csTake as { takeawayId: string }).takeawayId);
  const csItem = accepted(await d(alice, S.addActionItem, { text: 'Do', owner: chloe }));
  owned.csActionItems.push((csItem as { actionItemId: string }).actionItemId);
  accepted(await d(bob, S.state, {}));

  // A backlog topic, and Bob has the backlog page open (as he has both games): his first view
  // records that Confluence showed him the space, so the reads below change nothing.
  accepted(await call(app, frames.community(alice), BACKLOG_RESOLVERS.add, { title: 'Backlog' }));
  const listed = accepted(await call(app, frames.community(bob), BACKLOG_RESOLVERS.list, {}));
  owned.backlogTopics.push(...(listed as BacklogView).topics.map((t) => t.id));
}, 120_000);

afterAll(async () => {
  await app.close();
});

const FIELDS = [
  'text',
  'version',
  'rounds',
  'points',
  'round',
  'accountId',
  'cards',
  'settings',
  'title',
  'details',
  'minutes',
  'topicId',
  'intoId',
  'fromId',
  'allocation',
  'order',
  'thumb',
  'decision',
  'takeawayId',
  'actionItemId',
  'owner',
  'top',
  'archived',
  'after',
  'afterId',
  'date',
  'copName',
  'cadence',
  'facilitators',
  'notesParentPageId',
  'defaults',
  'jobId',
  'curator',
  'topic',
  'lead',
  'agenda',
  'prompt',
  'plan',
  'outline',
  'questions',
  'board',
  'noteId',
  'seen',
  'author',
  'due',
] as const;

/** Values no field of any schema accepts. */
const poison: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 4 }), fc.integer({ min: 5_001, max: 40_000 }))
    .map(([s, n]) => s.padEnd(n, '<€>')),
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)),
  fc.constant({ '¬': [true] }),
  fc.constant([{}]),
);

/** Plausible values for the other fields (they do not make a payload valid). */
const plausible: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 0, max: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Falsy payloads are left out: @forge/resolver hands `payload || {}` to the app (no payload). */
const classA = fc
  .oneof(
    fc.integer(),
    fc.string({ maxLength: 50 }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    fc.constant(true),
  )
  .filter((v) => Boolean(v));

const classB = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FIELDS), plausible, { maxKeys: 3 }),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((k) => !(FIELDS as readonly string[]).includes(k)),
    fc.jsonValue({ maxDepth: 1 }),
  )
  .map(([known, key, value]) => ({ ...known, [key]: value }));

const classC = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FIELDS), plausible, { maxKeys: 3 }),
    fc.constantFrom(...FIELDS),
    poison,
  )
  .map(([rest, key, value]) => ({ ...rest, [key]: value }));

const OTHERS = [USERS.alice, USERS.chloe, USERS.sam, '557058:not-a-member'];
const unknownId = fc.oneof(
  fc.constantFrom('c999', 'nope', 't-0', '0'),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `x${s}`),
);
/** Lazily named ids: known only once setup has run. */
const lazy = (pick: () => string | undefined) => fc.constant(pick);
const aliceTopic = fc.oneof(
  unknownId,
  lazy(() => owned.topics[0]),
  lazy(() => owned.topics[1]),
);
const version = fc.integer({ min: 1_000, max: 1_000_000 });
const other = fc.constantFrom(...OTHERS);

/**
 * Class D per resolver: the fields that name something, filled with things the participant may not
 * use; any subset (so required fields go missing too). Resolvers not listed get `{}`.
 */
const L = LEAN_COFFEE_RESOLVERS;
const B = BACKLOG_RESOLVERS;
const S = COP_SESSION_RESOLVERS;
const REFERENCES: Readonly<Record<string, Record<string, fc.Arbitrary<unknown>>>> = {
  [THIRTY_FIVE.removeParticipant]: { version, accountId: other },
  [THIRTY_FIVE.deal]: { version, rounds: fc.integer({ min: 1, max: 10 }) },
  [THIRTY_FIVE.nextRound]: { version },
  [THIRTY_FIVE.showResults]: { version },
  [THIRTY_FIVE.sendToBacklog]: { version },
  [THIRTY_FIVE.end]: { version },
  [THIRTY_FIVE.enterTallies]: { version, cards: fc.constant([]) },
  [THIRTY_FIVE.proposeSplit]: {
    round: fc.integer({ min: 1, max: 100 }),
    points: fc.constant({ c900: 4, c901: 3 }),
  },
  [THIRTY_FIVE.confirmSplit]: {
    round: fc.integer({ min: 2, max: 100 }),
    points: fc.constant({ c900: 4, c901: 3 }),
  },
  [L.changeSettings]: { version, settings: fc.constant({ dotsPerParticipant: 5 }) },
  [L.editTopic]: { topicId: aliceTopic, title: fc.constant('Taken over') },
  [L.deleteTopic]: { topicId: aliceTopic },
  [L.mergeTopics]: { intoId: aliceTopic, fromId: aliceTopic, version },
  [L.openVoting]: { version },
  [L.closeVoting]: { version },
  [L.allocateDots]: { allocation: unknownId.map((id) => ({ [id]: 1 })) },
  [L.reorderTopics]: { order: fc.array(aliceTopic, { maxLength: 3 }), version },
  [L.startTopic]: { topicId: aliceTopic, version },
  [L.extendTopic]: { topicId: aliceTopic, version },
  [L.nextTopic]: { topicId: aliceTopic, version },
  [L.castThumb]: {
    topicId: unknownId,
    round: fc.integer({ min: 0, max: 5 }),
    thumb: fc.constantFrom('up', 'down'),
  },
  [L.closeThumbs]: { topicId: aliceTopic, round: fc.integer({ min: 0, max: 5 }), version },
  [L.overrideTopic]: { topicId: aliceTopic, decision: fc.constantFrom('extend', 'next'), version },
  [L.addTakeaway]: { topicId: unknownId, text: fc.constant('Mine now') },
  [L.editTakeaway]: {
    takeawayId: fc.oneof(
      unknownId,
      lazy(() => owned.takeaways[0]),
    ),
    text: fc.constant('Rewritten'),
  },
  [L.deleteTakeaway]: {
    takeawayId: fc.oneof(
      unknownId,
      lazy(() => owned.takeaways[0]),
    ),
  },
  [L.addActionItem]: { topicId: unknownId, text: fc.constant('Mine'), owner: other },
  [L.editActionItem]: {
    actionItemId: fc.oneof(
      unknownId,
      lazy(() => owned.actionItems[0]),
    ),
    owner: other,
  },
  [L.deleteActionItem]: {
    actionItemId: fc.oneof(
      unknownId,
      lazy(() => owned.actionItems[0]),
    ),
  },
  [L.startWrapUp]: { version },
  [L.endMeeting]: { version },
  [B.edit]: { topicId: unknownId, title: fc.constant('Renamed') },
  [B.volunteer]: { topicId: unknownId },
  [B.withdraw]: { topicId: unknownId },
  [B.move]: { topicId: unknownId, afterId: fc.oneof(unknownId, fc.constant(null)) },
  [B.plan]: { topicId: unknownId, date: fc.constant('2031-02-03') },
  [B.unplan]: { topicId: unknownId },
  [B.markDiscussed]: { topicId: unknownId },
  [B.archive]: { topicId: unknownId },
  [B.merge]: { intoId: unknownId, fromId: unknownId },
  [SETTINGS_RESOLVERS.update]: {
    facilitators: fc.constant([USERS.bob]),
    copName: fc.constant('Bob rules'),
  },
  [SETTINGS_RESOLVERS.removeFacilitator]: { facilitator: fc.constant(USERS.alice) },
  [SETTINGS_RESOLVERS.moveFacilitator]: {
    facilitator: fc.constant(USERS.alice),
    by: fc.constantFrom(-1, 1),
  },
  [S.setTopic]: { topic: fc.constant({ title: 'Taken over' }), version },
  [S.setLead]: { lead: fc.constant({ kind: 'guest', name: 'Me' }), version },
  [S.setAgenda]: { agenda: fc.constant([{ step: 'takeaways', minutes: 5 }]), version },
  [S.setCheckInPrompt]: { prompt: fc.constant({ kind: 'custom', text: 'Mine' }), version },
  [S.setGroupPlan]: { plan: fc.constant({ by: 'count', count: 2 }), version },
  [S.editOutline]: { outline: fc.constant('Mine'), questions: fc.constant(['Q']), version },
  [S.addAttendee]: { accountId: other, version },
  [S.removeAttendee]: { accountId: other, version },
  [S.start]: { version },
  [S.next]: { version },
  [S.back]: { version },
  [S.extend]: { minutes: fc.integer({ min: 1, max: 30 }), version },
  [S.regroup]: { version },
  [S.end]: { version },
  [S.create]: { version },
  [S.answerCheckIn]: { text: fc.constant('Hello') },
  [S.addNote]: { board: fc.constantFrom(1, 2, 'plenary'), text: fc.constant('Mine') },
  [S.editNote]: {
    board: fc.constantFrom(1, 'plenary'),
    noteId: fc.oneof(
      unknownId,
      lazy(() => owned.csNotes[0]),
    ),
    text: fc.constant('Rewritten'),
    seen: fc.constant({}),
  },
  [S.deleteNote]: {
    board: fc.constantFrom(1, 'plenary'),
    noteId: fc.oneof(
      unknownId,
      lazy(() => owned.csNotes[0]),
    ),
    seen: fc.constant({}),
  },
  [S.addTakeaway]: { text: fc.constant('Mine now') },
  [S.editTakeaway]: {
    takeawayId: fc.oneof(
      unknownId,
      lazy(() => owned.csTakeaways[0]),
    ),
    author: fc.constant(USERS.alice),
    text: fc.constant('Rewritten'),
  },
  [S.deleteTakeaway]: {
    takeawayId: fc.oneof(
      unknownId,
      lazy(() => owned.csTakeaways[0]),
    ),
    author: fc.constant(USERS.alice),
  },
  [S.addActionItem]: { text: fc.constant('Mine'), owner: other, due: fc.constant('2031-02-03') },
  [S.editActionItem]: {
    actionItemId: fc.oneof(
      unknownId,
      lazy(() => owned.csActionItems[0]),
    ),
    author: fc.constant(USERS.alice),
    owner: other,
  },
  [S.deleteActionItem]: {
    actionItemId: fc.oneof(
      unknownId,
      lazy(() => owned.csActionItems[0]),
    ),
    author: fc.constant(USERS.alice),
  },
  [NOTES_RESOLVERS.startSession]: { topicId: unknownId },
  [B.prepareTopic]: {
    topicId: fc.oneof(
      unknownId,
      lazy(() => owned.backlogTopics[0]),
    ),
    outline: fc.constant('Taken over'),
    questions: fc.constant(['Mine?']),
  },
  [B.topicPrep]: { topicId: unknownId },
  [NOTES_RESOLVERS.status]: { jobId: unknownId },
  [NOTES_RESOLVERS.retry]: { jobId: unknownId },
  // A session that does not exist (or is over), and other people on the invitation list.
  [RHYTHM_RESOLVERS.answer]: {
    sessionDate: fc.constantFrom('2099-01-01', '2020-01-01'),
    response: fc.constantFrom('coming', 'not-this-time'),
  },
  [RHYTHM_RESOLVERS.publishInvitation]: {
    sessionDate: fc.constantFrom('2099-01-01', '2031-02-05'),
  },
  [RHYTHM_RESOLVERS.invitation]: {
    type: fc.constantFrom('invite', 'uninvite'),
    accountId: other,
  },
  // Dates that are no session, and swaps that do not exist.
  [RHYTHM_RESOLVERS.swap]: {
    type: fc.constantFrom('propose', 'swapDates', 'accept', 'decline', 'cancel'),
    myDate: fc.constant('2099-01-01'),
    theirDate: fc.constant('2099-01-08'),
    dateA: fc.constant('2099-01-01'),
    dateB: fc.constant('2099-01-08'),
    swapId: fc.constant('2099-01-01~2099-01-08'),
  },
};
const referencesFor = (name: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(REFERENCES[name] ?? {}, { requiredKeys: [] });
/** Resolves the lazily named ids. */
const materialise = (d: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(d).map(([k, v]) => [k, typeof v === 'function' ? (v as () => unknown)() : v]),
  );

type Family = keyof typeof frames;
const RESOLVERS: readonly { name: string; family: Family }[] = [
  ...Object.values(THIRTY_FIVE).map((name) => ({ name, family: 'thirtyFive' as const })),
  ...Object.values(LEAN_COFFEE_RESOLVERS).map((name) => ({ name, family: 'leanCoffee' as const })),
  ...Object.values(COP_SESSION_RESOLVERS).map((name) => ({ name, family: 'copSession' as const })),
  ...[
    ...Object.values(BACKLOG_RESOLVERS),
    ...Object.values(SETTINGS_RESOLVERS),
    ...Object.values(NOTES_RESOLVERS),
    ...Object.values(RHYTHM_RESOLVERS),
    'app/ping',
  ].map((name) => ({ name, family: 'community' as const })),
];

const READ_ONLY = new Set<string>([
  THIRTY_FIVE.state,
  LEAN_COFFEE_RESOLVERS.state,
  COP_SESSION_RESOLVERS.state,
  BACKLOG_RESOLVERS.list,
  BACKLOG_RESOLVERS.csv,
  BACKLOG_RESOLVERS.topicPrep,
  SETTINGS_RESOLVERS.get,
  SETTINGS_RESOLVERS.findPage,
  NOTES_RESOLVERS.status,
  RHYTHM_RESOLVERS.view,
  RHYTHM_RESOLVERS.ics,
  RHYTHM_RESOLVERS.health,
  'app/ping',
]);

/**
 * May answer a well-typed question: reads, and "start" on a game that exists (it answers the
 * existing game's version and writes nothing, so two facilitators opening the page race safely).
 */
const MAY_ANSWER = new Set<string>([...READ_ONLY, THIRTY_FIVE.start, LEAN_COFFEE_RESOLVERS.start]);

type Sent =
  | { kind: 'malformed'; payload: unknown; asFacilitator: boolean }
  | { kind: 'reference'; payload: unknown };

/**
 * Commands that take nothing and act on the caller alone ("I'll take a turn facilitating", "leave
 * the rotation"): their one well-formed call is the real action, so only malformed ones are sent.
 */
const SELF_ONLY = new Set<string>([
  SETTINGS_RESOLVERS.joinRotation,
  SETTINGS_RESOLVERS.leaveRotation,
  COP_SESSION_RESOLVERS.join,
  COP_SESSION_RESOLVERS.leave,
  COP_SESSION_RESOLVERS.passCheckIn,
]);

const malformed = fc
  .tuple(fc.oneof(classA, classB, classC), fc.boolean())
  .map(([payload, asFacilitator]): Sent => ({ kind: 'malformed', payload, asFacilitator }));

const sent = (name: string): fc.Arbitrary<Sent> =>
  SELF_ONLY.has(name)
    ? malformed
    : fc.oneof(
        { weight: 3, arbitrary: malformed },
        {
          weight: 1,
          arbitrary: referencesFor(name).map((d): Sent => ({ kind: 'reference', payload: d })),
        },
      );

/**
 * Publishes and page creations counted by the host. (KVS writes are judged by the stored bytes: a
 * conditional write the store refuses, such as a second "start", is attempted but writes nothing.)
 */
function publishesAndPages(): number {
  const c = app.counters();
  return c.realtimePublishes + (c.confluence['POST /wiki/api/v2/pages'] ?? 0);
}

describe('generated malformed payloads', () => {
  it(`given live games, when every resolver (${RESOLVERS.length}) gets ${RUNS} generated payloads, then each answer is a typed error and the stored state is unchanged byte for byte`, async () => {
    const before = storedBytes(dataDir);
    expect(before.length).toBeGreaterThan(1_000);
    const seen = new Map<string, number>();
    for (const { name, family } of RESOLVERS) {
      app.resetCounters();
      await fc.assert(
        fc.asyncProperty(sent(name), async (s) => {
          const who = s.kind === 'malformed' && s.asFacilitator ? USERS.alice : USERS.bob;
          const payload =
            s.kind === 'reference' ? materialise(s.payload as Record<string, unknown>) : s.payload;
          const answer: ApiResult<unknown> = await call(app, frames[family](who), name, payload);
          expect(typeof answer.ok).toBe('boolean');
          if (answer.ok) {
            // Only a read (or an idempotent start) may answer, and only a well-typed question.
            expect({ name, kind: s.kind, allowed: MAY_ANSWER.has(name) }).toEqual({
              name,
              kind: 'reference',
              allowed: true,
            });
            return;
          }
          expect(answer.error.code).toMatch(/^[A-Z][A-Z_]+$/);
          expect(answer.error.code).not.toBe('UNEXPECTED');
          expect(answer.error.message.length).toBeGreaterThan(0);
          if (s.kind === 'malformed') expect(answer.error.code).toBe('INVALID_PAYLOAD');
          seen.set(answer.error.code, (seen.get(answer.error.code) ?? 0) + 1);
        }),
        { numRuns: RUNS },
      );
      expect({ name, publishesAndPages: publishesAndPages() }).toEqual({
        name,
        publishesAndPages: 0,
      });
      expect(storedBytes(dataDir) === before).toBe(true);
    }
    // The references were refused for the reasons one expects, not only by validation.
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining(['INVALID_PAYLOAD', 'NOT_FOUND', 'NOT_FACILITATOR']),
    );
  });
});
