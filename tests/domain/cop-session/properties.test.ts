import fc from 'fast-check';
import type {
  CopSessionCommand,
  CopSessionEvent,
  CopSessionState,
  NoteRevision,
} from '../../../src/domain/cop-session';
import {
  ACTIONS_PER_PERSON,
  actionItems,
  attendance,
  currentGroups,
  decide,
  EVENT_PLACEMENT,
  evolve,
  fewestRepeats,
  foldSession,
  groupCount,
  isRecordEvent,
  LEGALITY,
  matchesRead,
  MAX_ATTENDEES,
  meetingClock,
  NOTE_MAX,
  NOTES_PER_PERSON,
  notesOnBoard,
  recordIdentity,
  recordOwner,
  recordsRead,
  splitIntoGroups,
  stepClock,
  takeaways,
  TAKEAWAYS_PER_PERSON,
  viewNote,
} from '../../../src/domain/cop-session';
import { codePointLength } from '../../../src/domain/text';
import {
  ALICE,
  ctx,
  given,
  joined,
  stateIn,
  T0,
  topicSet,
  created,
  asFacilitator,
  play,
} from './builders';
import { person, scenarioArb, simulate, split } from './simulate';

const RUNS = { numRuns: 300 };
/** Whole random sessions are heavier: fewer runs, and room on a loaded 2-core machine. */
const SIM_RUNS = { numRuns: 100 };
const SLOW_MS = 120_000;

/** People with previous groups: a random roster and a random partition of some of them. */
const rosterArb = fc.integer({ min: 0, max: 40 }).chain((n) => {
  const people = Array.from({ length: n }, (_, i) => person(i));
  return fc.record({
    people: fc.shuffledSubarray(people, { minLength: n, maxLength: n }),
    previous: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: n }).map((labels) => {
      const groups: string[][] = [];
      labels.forEach((label, i) => {
        if (label > 0) (groups[label - 1] ??= []).push(person(i));
      });
      return groups.filter((group) => group.length > 0);
    }),
    k: fc.integer({ min: 1, max: 6 }),
    seed: fc.string({ maxLength: 8 }),
  });
});

const pairsTogether = (groups: readonly (readonly string[])[], a: string, b: string): boolean =>
  groups.some((group) => group.includes(a) && group.includes(b));

describe('breakout groups', () => {
  it('have sizes that differ by at most one and hold everyone exactly once', () => {
    fc.assert(
      fc.property(rosterArb, ({ people, previous, k, seed }) => {
        const { groups } = splitIntoGroups(people, k, previous, seed);
        const sizes = groups.map((group) => group.length);
        expect(groups).toHaveLength(k);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect([...groups.flat()].sort()).toEqual([...people].sort());
      }),
      RUNS,
    );
  });

  it('keep every previous pair apart whenever each previous group has at most k people here — exactly when that is possible', () => {
    fc.assert(
      fc.property(rosterArb, ({ people, previous, k, seed }) => {
        const here = new Set(people);
        const canAvoid = previous.every((group) => group.filter((p) => here.has(p)).length <= k);
        const { groups, repeats } = splitIntoGroups(people, k, previous, seed);
        expect(repeats === 0).toBe(canAvoid);
        if (canAvoid) {
          for (const group of previous) {
            for (const a of group) {
              for (const b of group) {
                if (a < b) expect(pairsTogether(groups, a, b)).toBe(false);
              }
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('repeat no more previous pairs than the least any balanced split can', () => {
    fc.assert(
      fc.property(rosterArb, ({ people, previous, k, seed }) => {
        expect(splitIntoGroups(people, k, previous, seed).repeats).toBe(
          fewestRepeats(people, k, previous),
        );
      }),
      RUNS,
    );
  });

  it('depend only on the people, the previous groups, k and the seed (not the order given)', () => {
    fc.assert(
      fc.property(rosterArb, fc.boolean(), ({ people, previous, k, seed }, flip) => {
        const reordered = flip ? [...people].reverse() : [...people].sort();
        expect(splitIntoGroups(reordered, k, previous, seed)).toEqual(
          splitIntoGroups(people, k, previous, seed),
        );
      }),
      RUNS,
    );
  });

  it('through decide: with 2c or more people and previous groups of at most c of them, nobody meets a previous partner', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 30 }),
        fc.string({ maxLength: 6 }),
        (c, extra, seed) => {
          const n = 2 * c + extra;
          const people = Array.from({ length: n }, (_, i) => person(i));
          // Previous groups of exactly c (the worst case that is still avoidable).
          const previous = Array.from({ length: Math.floor(n / c) }, (_, g) =>
            people.slice(g * c, g * c + c),
          );
          let state = given(created(), topicSet(), ...people.map((p, i) => joined(p, T0 + i)));
          state = play(
            state,
            { type: 'setGroupPlan', plan: { by: 'count', count: c } },
            asFacilitator(),
          );
          state = play(
            state,
            {
              type: 'setAgenda',
              agenda: [
                { step: 'breakouts', minutes: 10 },
                { step: 'takeaways', minutes: 5 },
              ],
            },
            asFacilitator(),
          );
          state = play(
            state,
            { type: 'start' },
            asFacilitator(T0 + 1e6, { seed, previousGroups: previous }),
          );
          expect(groupCount({ by: 'count', count: c }, n)).toBe(c);
          expect(state.groups?.groups).toHaveLength(c);
          expect(state.groups?.repeats).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('late joiners keep group sizes within one of each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 0, max: 25 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 25 }),
        fc.string({ maxLength: 4 }),
        (n, late, gaps, seed) => {
          const people = Array.from({ length: n }, (_, i) => person(i));
          let state = given(created(), topicSet(), ...people.map((p, i) => joined(p, T0 + i)));
          state = play(
            state,
            {
              type: 'setAgenda',
              agenda: [
                { step: 'breakouts', minutes: 10 },
                { step: 'takeaways', minutes: 5 },
              ],
            },
            asFacilitator(),
          );
          state = play(state, { type: 'start' }, asFacilitator(T0 + 1e6, { seed }));
          let now = T0 + 2e6;
          for (let i = 0; i < late; i += 1) {
            now += gaps[i] ?? 1;
            state = play(state, { type: 'join' }, ctx({ actor: `acc-late-${i}`, now }));
          }
          const sizes = (currentGroups(state) ?? []).map((group) => group.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(n + late);
        },
      ),
      RUNS,
    );
  });
});

describe('a whole random session', () => {
  it(
    'folds to the same state whatever order the participant records come in, wherever they sit among the log',
    () => {
      fc.assert(
        fc.property(scenarioArb, fc.array(fc.nat(), { maxLength: 200 }), (scenario, positions) => {
          const run = simulate(scenario);
          const { log, records } = split(run.events);
          // Shuffle the records, then drop each into the log at a random place (log order kept).
          const shuffled = [...records].sort(
            (a, b) => (positions[records.indexOf(a)] ?? 0) - (positions[records.indexOf(b)] ?? 0),
          );
          const mixed: CopSessionEvent[] = [...log];
          shuffled.forEach((record, i) => {
            mixed.splice((positions[i] ?? 0) % (mixed.length + 1), 0, record);
          });
          expect(foldSession(mixed)).toEqual(run.state);
        }),
        SIM_RUNS,
      );
    },
    SLOW_MS,
  );

  it(
    'every participant command yields exactly one record, owned by the actor; every other command only log events',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          for (const { command, ctx: context, events } of simulate(scenario).decisions) {
            if (events === null) continue;
            const rule = LEGALITY[command.type];
            const isOwnRecord =
              (rule.who === 'anyone' || rule.who === 'author') &&
              (!('author' in command) ||
                command.author === undefined ||
                command.author === context.actor);
            if (isOwnRecord) {
              expect(events).toHaveLength(1);
              const [event] = events;
              expect(event !== undefined && isRecordEvent(event)).toBe(true);
              if (event !== undefined && isRecordEvent(event)) {
                expect(recordOwner(event)).toBe(context.actor);
                expect(recordIdentity(event)).toContain(context.actor);
              }
            } else {
              for (const event of events) expect(EVENT_PLACEMENT[event.type]).toBe('log');
            }
          }
        }),
        SIM_RUNS,
      );
    },
    SLOW_MS,
  );

  it(
    'decides the same on the log plus the records it reads as on the whole state',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          for (const { state, command, ctx: context, before } of simulate(scenario).decisions) {
            const read = recordsRead(command, context.actor);
            if (read === 'all') continue;
            const partial = foldSession(
              before.filter(
                (event) => !isRecordEvent(event) || matchesRead(read, recordIdentity(event)),
              ),
            );
            expect(decide(partial, command, context)).toEqual(decide(state, command, context));
          }
        }),
        SIM_RUNS,
      );
    },
    SLOW_MS,
  );

  it(
    'never loses a note revision nobody has seen: it is the shown text or a flagged conflict',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { state } = simulate(scenario);
          const byNote = new Map<string, NoteRevision[]>();
          for (const revision of Object.values(state.notes)) {
            const key = `${String(revision.board)}/${revision.noteId}`;
            byNote.set(key, [...(byNote.get(key) ?? []), revision]);
          }
          for (const revisions of byNote.values()) {
            const view = viewNote(revisions);
            const visible = view === null ? [] : [view.text, ...view.conflicts.map((c) => c.text)];
            for (const revision of revisions) {
              const seenByOther = revisions.some(
                (other) => other !== revision && (other.seen[revision.editor] ?? 0) >= revision.seq,
              );
              if (!seenByOther && revision.text !== null) expect(visible).toContain(revision.text);
            }
          }
        }),
        SIM_RUNS,
      );
    },
    SLOW_MS,
  );

  it(
    'keeps every cap, whatever is sent',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { state } = simulate(scenario);
          expect(attendance(state).length).toBeLessThanOrEqual(MAX_ATTENDEES);
          const people = [
            ...new Set([...takeaways(state), ...actionItems(state)].map((x) => x.author)),
          ];
          for (const author of people) {
            expect(takeaways(state).filter((t) => t.author === author).length).toBeLessThanOrEqual(
              TAKEAWAYS_PER_PERSON,
            );
            expect(
              actionItems(state).filter((a) => a.author === author).length,
            ).toBeLessThanOrEqual(ACTIONS_PER_PERSON);
          }
          for (const board of ['plenary' as const, 1, 2, 3, 4]) {
            const notes = notesOnBoard(state.notes, board);
            for (const note of notes) {
              expect(
                notes.filter((n) => n.createdBy === note.createdBy).length,
              ).toBeLessThanOrEqual(NOTES_PER_PERSON);
              if (note.text !== null)
                expect(codePointLength(note.text)).toBeLessThanOrEqual(NOTE_MAX);
            }
          }
          for (const t of takeaways(state))
            expect(codePointLength(t.text)).toBeLessThanOrEqual(500);
          for (const a of actionItems(state))
            expect(codePointLength(a.text)).toBeLessThanOrEqual(300);
        }),
        SIM_RUNS,
      );
    },
    SLOW_MS,
  );

  it(
    'derives its clocks only from stored instants: the last stored start and end, and the viewer’s now',
    () => {
      fc.assert(
        fc.property(scenarioArb, fc.integer({ min: 0, max: 4 * 3_600_000 }), (scenario, offset) => {
          const run = simulate(scenario);
          const now = T0 + offset;
          const { log } = split(run.events);
          // Participant records never move a clock.
          expect(stepClock(foldSession(log), now)).toEqual(stepClock(run.state, now));
          expect(meetingClock(foldSession(log), now)).toEqual(meetingClock(run.state, now));
          // The step clock is the countdown between the stored instants of the last start/extension.
          let startedAt: number | null = null;
          let endsAt = 0;
          for (const event of log) {
            if (event.type === 'StepStarted') [startedAt, endsAt] = [event.at, event.endsAt];
            if (event.type === 'StepExtended') endsAt = event.endsAt;
            if (event.type === 'SessionEnded') startedAt = null;
          }
          const clock = stepClock(run.state, now);
          if (startedAt === null) {
            expect(clock).toBeNull();
          } else {
            const span = endsAt - startedAt;
            expect(clock).toMatchObject({
              startedAt,
              endsAt,
              remainingMs: Math.min(span, Math.max(0, endsAt - now)),
              isExpired: now >= endsAt,
            });
          }
        }),
        SIM_RUNS,
      );
    },
    SLOW_MS,
  );
});

describe('caps, one person at a time', () => {
  /** Mostly adds, some deletes, long enough to pass every cap. */
  const opsArb = fc.array(
    fc.oneof(
      { arbitrary: fc.constant(true), weight: 4 },
      { arbitrary: fc.constant(false), weight: 1 },
    ),
    { minLength: 25, maxLength: 45 },
  );

  const KINDS = [
    {
      name: 'takeaways',
      cap: TAKEAWAYS_PER_PERSON,
      phase: 'plenary' as const,
      add: (id: string): CopSessionCommand => ({ type: 'addTakeaway', takeawayId: id, text: 't' }),
      remove: (id: string): CopSessionCommand => ({ type: 'deleteTakeaway', takeawayId: id }),
      count: (state: CopSessionState) => takeaways(state).length,
    },
    {
      name: 'action items',
      cap: ACTIONS_PER_PERSON,
      phase: 'plenary' as const,
      add: (id: string): CopSessionCommand => ({
        type: 'addActionItem',
        actionItemId: id,
        text: 'a',
      }),
      remove: (id: string): CopSessionCommand => ({ type: 'deleteActionItem', actionItemId: id }),
      count: (state: CopSessionState) => actionItems(state).length,
    },
    {
      name: 'notes on one board',
      cap: NOTES_PER_PERSON,
      phase: 'plenary' as const,
      add: (id: string): CopSessionCommand => ({
        type: 'addNote',
        board: 'plenary',
        noteId: id,
        text: 'n',
      }),
      remove: (id: string): CopSessionCommand => ({
        type: 'deleteNote',
        board: 'plenary',
        noteId: id,
        seen: { [ALICE]: 1 },
      }),
      count: (state: CopSessionState) => notesOnBoard(state.notes, 'plenary').length,
    },
  ];

  it.each(KINDS)(
    '$name: an add is accepted exactly while fewer than the cap are live',
    ({ cap, phase, add, remove, count }) => {
      fc.assert(
        fc.property(opsArb, (ops) => {
          let state = stateIn(phase);
          let live: string[] = [];
          ops.forEach((isAdd, i) => {
            const context = ctx({ actor: ALICE, now: T0 + 1e8 + i });
            if (isAdd) {
              const result = decide(state, add(`x${i}`), context);
              expect(result.ok).toBe(live.length < cap);
              if (result.ok) {
                state = result.value.reduce(evolve, state);
                live = [...live, `x${i}`];
              }
            } else if (live.length > 0) {
              const [first, ...rest] = live;
              state = play(state, remove(first ?? ''), context);
              live = rest;
            }
          });
          expect(count(state)).toBe(live.length);
          expect(count(state)).toBeLessThanOrEqual(cap);
        }),
        { numRuns: 60 },
      );
    },
  );

  it(`attendance: at most ${MAX_ATTENDEES}, a join accepted exactly while fewer are here`, () => {
    let state = given(created(), topicSet());
    for (let i = 0; i < MAX_ATTENDEES + 5; i += 1) {
      const result = decide(state, { type: 'join' }, ctx({ actor: person(i), now: T0 + i }));
      expect(result.ok).toBe(i < MAX_ATTENDEES);
      if (result.ok) state = result.value.reduce(evolve, state);
    }
    expect(attendance(state)).toHaveLength(MAX_ATTENDEES);
  });
});
