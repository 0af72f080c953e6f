import fc from 'fast-check';
import type { LeanCoffeeEvent, LeanCoffeeSettings, Thumb } from '../../../src/domain/lean-coffee';
import {
  countdown,
  decide,
  evolve,
  foldLeanCoffee,
  MINUTE_MS,
  orderTopics,
  participantDots,
  topicCountdown,
  validateAllocation,
} from '../../../src/domain/lean-coffee';
import { asFacilitator, created, ctx, given, play, proposed, T0, votingOpened } from './builders';
import { playMeeting } from './meeting';

const RUNS = { numRuns: 1000 };

const settingsArb: fc.Arbitrary<LeanCoffeeSettings> = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.record({
    dotsPerParticipant: fc.constant(n),
    maxDotsPerTopic: fc.integer({ min: 1, max: n }),
    hiddenTallies: fc.boolean(),
    defaultTopicMinutes: fc.integer({ min: 1, max: 30 }),
    meetingMinutes: fc.integer({ min: 5, max: 480 }),
  }),
);

const topicIds = ['t1', 't2', 't3', 't4', 't5'];
const dotsArb = fc.oneof(
  fc.integer({ min: -2, max: 12 }),
  fc.constantFrom(0.5, Number.NaN, Number.POSITIVE_INFINITY),
);
const allocationArb = fc.dictionary(fc.constantFrom(...topicIds, 'ghost'), dotsArb, {
  maxKeys: 6,
});
const participantArb = fc.constantFrom('p1', 'p2', 'p3', 'p4');

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

describe('dots', () => {
  it('an accepted allocation never exceeds N in total nor M on one topic, and is exact', () => {
    fc.assert(
      fc.property(settingsArb, allocationArb, (settings, allocation) => {
        const live = new Set(topicIds);
        const result = validateAllocation(allocation, live, settings);
        const values = Object.values(allocation);
        const isValid =
          Object.keys(allocation).every((id) => live.has(id)) &&
          values.every(
            (dots) => Number.isInteger(dots) && dots >= 0 && dots <= settings.maxDotsPerTopic,
          ) &&
          sum(values) <= settings.dotsPerParticipant;
        expect(result.ok).toBe(isValid);
        if (result.ok) {
          const accepted = Object.values(result.value);
          expect(sum(accepted)).toBeLessThanOrEqual(settings.dotsPerParticipant);
          expect(accepted.every((dots) => dots >= 1 && dots <= settings.maxDotsPerTopic)).toBe(
            true,
          );
          expect(sum(accepted)).toBe(sum(values));
        }
      }),
      RUNS,
    );
  });

  it('through decide, every participant stays within N and M whatever they send, and re-votes overwrite', () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(fc.tuple(participantArb, allocationArb), { maxLength: 12 }),
        (settings, attempts) => {
          let state = given(
            created(settings),
            ...topicIds.map((id, i) => proposed({ id, proposedAt: T0 + i })),
            votingOpened(),
          );
          const lastAccepted = new Map<string, Record<string, number>>();
          attempts.forEach(([participant, allocation], i) => {
            const result = decide(
              state,
              { type: 'allocateDots', allocation },
              ctx({ actor: participant, now: T0 + 20_000 + i }),
            );
            if (result.ok) {
              state = result.value.reduce(evolve, state);
              lastAccepted.set(participant, allocation);
            }
          });
          for (const participant of ['p1', 'p2', 'p3', 'p4']) {
            const dots = participantDots(state, participant);
            expect(dots.used).toBeLessThanOrEqual(settings.dotsPerParticipant);
            expect(Object.values(dots.allocation).every((d) => d <= settings.maxDotsPerTopic)).toBe(
              true,
            );
            expect(dots.used + dots.left).toBe(settings.dotsPerParticipant);
            expect(dots.used).toBe(sum(Object.values(lastAccepted.get(participant) ?? {})));
          }
        },
      ),
      RUNS,
    );
  });

  it('participant records fold to the same state in any order (latest per participant wins)', () => {
    const eventArb = fc.record({
      participant: participantArb,
      allocation: fc.dictionary(fc.constantFrom(...topicIds), fc.integer({ min: 1, max: 3 }), {
        maxKeys: 2,
      }),
      at: fc.integer({ min: T0, max: T0 + 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 10 }).chain((records) =>
          fc.tuple(
            fc.constant(records),
            fc.shuffledSubarray(records, {
              minLength: records.length,
              maxLength: records.length,
            }),
          ),
        ),
        ([records, shuffled]) => {
          const asEvents = (list: typeof records): LeanCoffeeEvent[] => [
            created(),
            ...list.map((r): LeanCoffeeEvent => ({ type: 'DotsAllocated', v: 1, ...r })),
          ];
          expect(foldLeanCoffee(asEvents(shuffled)).allocations).toEqual(
            foldLeanCoffee(asEvents(records)).allocations,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('ordering', () => {
  const topicsArb = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      proposedAt: fc.integer({ min: T0, max: T0 + 20 }),
      votes: fc.integer({ min: 0, max: 6 }),
    }),
    { selector: (topic) => topic.id, maxLength: 12 },
  );

  it('is votes descending, then earliest proposed, and lists every topic once', () => {
    fc.assert(
      fc.property(topicsArb, (topics) => {
        const votes = Object.fromEntries(topics.map((topic) => [topic.id, topic.votes]));
        const order = orderTopics(topics, votes);
        expect([...order].sort()).toEqual(topics.map((topic) => topic.id).sort());
        const byId = new Map(topics.map((topic) => [topic.id, topic]));
        for (let i = 1; i < order.length; i += 1) {
          const a = byId.get(order[i - 1] ?? '');
          const b = byId.get(order[i] ?? '');
          expect(
            a && b && (a.votes > b.votes || (a.votes === b.votes && a.proposedAt <= b.proposedAt)),
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('the thumbs rule', () => {
  const thumbsArb = fc.array(fc.constantFrom<Thumb>('up', 'sideways', 'down'), { maxLength: 9 });

  it('up > down extends by max(1 min, half the last timebox rounded up), else the next topic starts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.boolean(), { maxLength: 4 }),
        thumbsArb,
        fc.integer({ min: 0, max: 10 * MINUTE_MS }),
        fc.boolean(),
        (minutes, earlierExtensions, thumbs, lateBy, hasNext) => {
          let state = given(
            created({ meetingMinutes: 480 }),
            proposed({ id: 't1', minutes, proposedAt: T0 + 1 }),
            ...(hasNext ? [proposed({ id: 't2', minutes: 5, proposedAt: T0 + 2 })] : []),
            votingOpened(),
          );
          state = play(
            state,
            { type: 'allocateDots', allocation: { t1: 1 } },
            ctx({ now: T0 + 20_000 }),
          );
          state = play(state, { type: 'closeVoting' }, asFacilitator(T0 + 30_000));
          state = play(state, { type: 'startTopic' }, asFacilitator(T0 + 40_000));
          let last = minutes;
          let round = 0;
          let now = T0 + 40_000;
          for (const _ of earlierExtensions) {
            now = (state.phase.kind === 'discussing' && state.phase.current?.endsAt) || now;
            state = play(
              state,
              { type: 'overrideTopic', topicId: 't1', decision: 'extend' },
              asFacilitator(now),
            );
            last = Math.max(1, Math.ceil(last / 2));
            round += 1;
          }
          const endsAt = topicCountdown(state, now)?.endsAt ?? 0;
          const voteAt = endsAt + lateBy;
          thumbs.forEach((thumb, i) => {
            state = play(
              state,
              { type: 'castThumb', topicId: 't1', round, thumb },
              ctx({ actor: `p${i}`, now: voteAt }),
            );
          });
          const result = decide(
            state,
            { type: 'closeThumbs', topicId: 't1', round },
            asFacilitator(voteAt),
          );
          if (!result.ok) throw new Error(result.error.code);
          const ups = thumbs.filter((t) => t === 'up').length;
          const downs = thumbs.filter((t) => t === 'down').length;
          const types = result.value.map((event) => event.type);
          if (ups > downs) {
            const extended = result.value.find((event) => event.type === 'TimeboxExtended');
            const extension = Math.max(1, Math.ceil(last / 2));
            expect(extended).toMatchObject({
              minutes: extension,
              round: round + 1,
              endsAt: voteAt + extension * MINUTE_MS,
            });
            expect(extension).toBeGreaterThanOrEqual(Math.max(1, last / 2));
            expect(extension).toBeLessThan(Math.max(1, last / 2) + 1);
          } else {
            expect(types).toEqual(
              hasNext
                ? ['ThumbsResolved', 'TopicFinished', 'TopicStarted']
                : ['ThumbsResolved', 'TopicFinished'],
            );
          }
        },
      ),
      RUNS,
    );
  });
});

describe('countdown', () => {
  it('is never negative, never above its span, and consistent with the stored instants', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 42 }),
        fc.integer({ min: 0, max: 60 * MINUTE_MS }),
        fc.integer({ min: -60 * MINUTE_MS, max: 120 * MINUTE_MS }),
        (startedAt, span, offset) => {
          const endsAt = startedAt + span;
          const now = startedAt + offset;
          const clock = countdown(startedAt, endsAt, now);
          expect(clock.remainingMs).toBeGreaterThanOrEqual(0);
          expect(clock.remainingMs).toBeLessThanOrEqual(span);
          expect(clock.remainingMs + clock.elapsedMs).toBe(span);
          expect(clock.fractionRemaining).toBeGreaterThanOrEqual(0);
          expect(clock.fractionRemaining).toBeLessThanOrEqual(1);
          expect(clock.isExpired).toBe(now >= endsAt);
          if (now >= startedAt && now <= endsAt) {
            expect(clock.remainingMs).toBe(endsAt - now);
          }
          if (now >= endsAt) {
            expect(clock.remainingMs).toBe(0);
          }
        },
      ),
      RUNS,
    );
  });

  it('of a started topic, equals endsAt − now from the stored start, on every screen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: -MINUTE_MS, max: 40 * MINUTE_MS }),
        (minutes, offset) => {
          let state = given(created(), proposed({ id: 't1', minutes }), votingOpened());
          state = play(state, { type: 'closeVoting' }, asFacilitator(T0 + 30_000));
          const startedAt = T0 + 40_000;
          state = play(state, { type: 'startTopic' }, asFacilitator(startedAt));
          const clock = topicCountdown(state, startedAt + offset);
          expect(clock?.endsAt).toBe(startedAt + minutes * MINUTE_MS);
          expect(clock?.remainingMs).toBe(
            Math.min(minutes * MINUTE_MS, Math.max(0, minutes * MINUTE_MS - offset)),
          );
        },
      ),
      RUNS,
    );
  });
});

describe('folding a whole meeting', () => {
  /** Events a participant writes under their own key; everything else is the facilitator's ordered log. */
  const RECORD_TYPES = new Set<LeanCoffeeEvent['type']>([
    'TopicProposed',
    'TopicEdited',
    'TopicDeleted',
    'DotsAllocated',
    'ThumbVoted',
    'TakeawayAdded',
    'TakeawayEdited',
    'TakeawayDeleted',
    'ActionItemAdded',
    'ActionItemEdited',
    'ActionItemDeleted',
  ]);
  const [creation, ...rest] = playMeeting().events;
  const log = rest.filter((event) => !RECORD_TYPES.has(event.type));
  const records = rest.filter((event) => RECORD_TYPES.has(event.type));
  const expected = playMeeting().state;

  it('gives the same state whatever order the participant records come in, and wherever in the log', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
        fc.array(fc.boolean(), { minLength: rest.length, maxLength: rest.length }),
        (shuffled, picks) => {
          const interleaved: LeanCoffeeEvent[] = [];
          let fromLog = 0;
          let fromRecords = 0;
          for (const pickLog of picks) {
            const next =
              (pickLog || fromRecords === shuffled.length) && fromLog < log.length
                ? log[fromLog++]
                : shuffled[fromRecords++];
            if (next) interleaved.push(next);
          }
          expect(interleaved).toHaveLength(rest.length);
          expect(foldLeanCoffee([creation as LeanCoffeeEvent, ...interleaved])).toEqual(expected);
        },
      ),
      RUNS,
    );
  });
});
