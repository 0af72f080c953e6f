/** The rotation on dates, swaps, planned topics per date and the next free date. */
import fc from 'fast-check';
import {
  advanceRotation,
  assignFacilitators,
  changeRotation,
  decideSwap,
  nextFreeSessionDate,
  nextSessions,
  planSessions,
  pruneSwaps,
  SWAPS_MAX,
  swapId,
  type FacilitatorSwap,
  type PlannableTopic,
  type Rotation,
  type SwapCommand,
} from '../../../src/domain/community';
import { aRotation, aSchedule, at } from './builders';

const D = ['2027-03-03', '2027-03-17', '2027-04-07', '2027-04-21', '2027-05-05', '2027-05-19'];
const NOW = at('2027-03-01T00:00:00Z');
const who = (dates: readonly string[], rotation: Rotation, swaps: FacilitatorSwap[] = []) =>
  assignFacilitators(dates, rotation, swaps).turns.map((t) => t.facilitator);

function aSwap(overrides: Partial<FacilitatorSwap> = {}): FacilitatorSwap {
  const base = {
    proposer: 'ana',
    proposerDate: D[0]!,
    partner: 'ben',
    partnerDate: D[1]!,
    status: 'accepted' as const,
    at: NOW,
  };
  const merged = { ...base, ...overrides };
  return { id: swapId(merged.proposerDate, merged.partnerDate), ...merged };
}

function aTopic(overrides: Partial<PlannableTopic> = {}): PlannableTopic {
  return {
    id: 'manual:t1',
    title: 'Flow metrics',
    status: 'planned',
    plannedDate: D[0],
    ...overrides,
  };
}

describe('the rotation on dates', () => {
  it('given three people and ben next, when assigning six dates, then each gets the next person in turn', () => {
    expect(who(D, aRotation({ next: 1 }))).toEqual(['ben', 'cho', 'ana', 'ben', 'cho', 'ana']);
  });

  it('given an empty rotation, then nobody facilitates and nothing breaks', () => {
    expect(who(D, { facilitators: [], next: 0 })).toEqual(D.map(() => undefined));
    expect(assignFacilitators([], aRotation(), [aSwap()])).toEqual({ turns: [], lapsed: [] });
  });

  it('given a session held, when the turn passes, then the dates still ahead keep their facilitator', () => {
    const before = who(D, aRotation());
    expect(who(D.slice(1), advanceRotation(aRotation()))).toEqual(before.slice(1));
  });
});

describe('swapped turns', () => {
  it('given an accepted swap, then the two dates exchange facilitators and say so', () => {
    const { turns, lapsed } = assignFacilitators(D, aRotation(), [aSwap()]);
    expect(turns.slice(0, 3)).toEqual([
      { date: D[0], facilitator: 'ben', swap: { id: `${D[0]}~${D[1]}`, insteadOf: 'ana' } },
      { date: D[1], facilitator: 'ana', swap: { id: `${D[0]}~${D[1]}`, insteadOf: 'ben' } },
      { date: D[2], facilitator: 'cho' },
    ]);
    expect(lapsed).toEqual([]);
  });

  it('given a proposed swap, then nothing changes until it is accepted', () => {
    expect(who(D, aRotation(), [aSwap({ status: 'proposed' })])).toEqual(who(D, aRotation()));
  });

  it('given one of the two leaves the rotation, then the swap lapses and the turn order decides', () => {
    const rotation = changeRotation(aRotation(), { type: 'leave', accountId: 'ben' });
    if (!rotation.ok) throw new Error('refused');
    const { turns, lapsed } = assignFacilitators(D, rotation.value, [aSwap()]);
    expect(turns.map((t) => t.facilitator)).toEqual(['ana', 'cho', 'ana', 'cho', 'ana', 'cho']);
    expect(lapsed).toEqual([{ swap: aSwap(), reason: 'left-rotation' }]);
  });

  it('given the rotation changed so the dates fall to others, then the swap lapses as turn-moved', () => {
    const swap = aSwap({
      proposer: 'ana',
      proposerDate: D[3]!,
      partner: 'ben',
      partnerDate: D[4]!,
    });
    const moved = changeRotation(aRotation(), { type: 'move', accountId: 'ana', by: 1 });
    if (!moved.ok) throw new Error('refused');
    // ben, ana, cho … with ana's turn kept: ana, cho, ben, ana, cho, ben
    const { turns, lapsed } = assignFacilitators(D, moved.value, [swap]);
    expect(turns.map((t) => t.facilitator)).toEqual(['ana', 'cho', 'ben', 'ana', 'cho', 'ben']);
    expect(lapsed).toEqual([{ swap, reason: 'turn-moved' }]);
  });

  it('given a swap date that is no longer a session date, then it lapses as date-gone', () => {
    const swap = aSwap({ partnerDate: '2027-03-10' });
    expect(assignFacilitators(D, aRotation(), [swap]).lapsed).toEqual([
      { swap, reason: 'date-gone' },
    ]);
  });

  it('given the earlier date has passed, then the later half still applies (the exchange completes)', () => {
    // ben facilitated D[0] for ana; the turn passed to ben; ana now takes ben's D[1].
    const { turns } = assignFacilitators(D.slice(1), advanceRotation(aRotation()), [aSwap()]);
    expect(turns.map((t) => t.facilitator)).toEqual(['ana', 'cho', 'ana', 'ben', 'cho']);
  });

  it('given a swap reaching beyond the listed dates, then it is left out rather than applied by half', () => {
    const swap = aSwap({ partnerDate: '2027-09-01' });
    expect(assignFacilitators(D, aRotation(), [swap])).toEqual({
      turns: assignFacilitators(D, aRotation()).turns,
      lapsed: [],
    });
  });

  it('given two accepted swaps, then they apply in the order accepted, each on what the first left', () => {
    const first = aSwap({ at: NOW + 1 }); // D0 ana→ben, D1 ben→ana
    const second = aSwap({
      proposer: 'ana',
      proposerDate: D[1]!,
      partner: 'cho',
      partnerDate: D[2]!,
      at: NOW + 2,
    });
    expect(who(D.slice(0, 3), aRotation(), [second, first])).toEqual(['ben', 'cho', 'ana']);
  });
});

describe('deciding swaps: one click for each of the two people', () => {
  const turns = (swaps: FacilitatorSwap[] = []) => assignFacilitators(D, aRotation(), swaps).turns;
  const decide = (swaps: FacilitatorSwap[], command: SwapCommand, actor: string) =>
    decideSwap(swaps, command, { actor, now: NOW }, turns(swaps));
  const propose = { type: 'proposeSwap', myDate: D[0]!, theirDate: D[1]! } as const;

  it('given ana proposes and ben accepts, then ben facilitates D0 and ana D1', () => {
    const proposed = decide([], propose, 'ana');
    expect(proposed).toEqual({ ok: true, value: [aSwap({ status: 'proposed' })] });
    const accepted = decide(
      [...(proposed.ok ? proposed.value : [])],
      { type: 'acceptSwap', swapId: `${D[0]}~${D[1]}` },
      'ben',
    );
    expect(accepted).toEqual({ ok: true, value: [aSwap()] });
    expect(who(D.slice(0, 2), aRotation(), accepted.ok ? [...accepted.value] : [])).toEqual([
      'ben',
      'ana',
    ]);
  });

  const id01 = `${D[0]}~${D[1]}`;
  it.each<[string, FacilitatorSwap[], SwapCommand, string, string]>([
    [
      'a malformed date',
      [],
      { type: 'proposeSwap', myDate: '3 March', theirDate: D[1]! },
      'ana',
      'INVALID_DATE',
    ],
    [
      'a date with no session',
      [],
      { type: 'proposeSwap', myDate: D[0]!, theirDate: '2027-03-04' },
      'ana',
      'NO_SESSION',
    ],
    ['someone else’s date', [], propose, 'cho', 'NOT_YOUR_TURN'],
    [
      'two of my own dates',
      [],
      { type: 'proposeSwap', myDate: D[0]!, theirDate: D[3]! },
      'ana',
      'SAME_PERSON',
    ],
    [
      'a date already in a swap',
      [aSwap({ status: 'proposed' })],
      { type: 'proposeSwap', myDate: D[3]!, theirDate: D[1]! },
      'ana',
      'SWAP_EXISTS',
    ],
    [
      'an outsider accepting',
      [aSwap({ status: 'proposed' })],
      { type: 'acceptSwap', swapId: id01 },
      'cho',
      'NOT_IN_SWAP',
    ],
    [
      'the proposer accepting',
      [aSwap({ status: 'proposed' })],
      { type: 'acceptSwap', swapId: id01 },
      'ana',
      'NOT_IN_SWAP',
    ],
    [
      'an outsider declining',
      [aSwap({ status: 'proposed' })],
      { type: 'declineSwap', swapId: id01 },
      'cho',
      'NOT_IN_SWAP',
    ],
    ['an outsider undoing', [aSwap()], { type: 'cancelSwap', swapId: id01 }, 'cho', 'NOT_IN_SWAP'],
    [
      'the partner withdrawing a proposal',
      [aSwap({ status: 'proposed' })],
      { type: 'cancelSwap', swapId: id01 },
      'ben',
      'NOT_IN_SWAP',
    ],
    ['an unknown swap', [], { type: 'acceptSwap', swapId: 'x' }, 'ben', 'UNKNOWN_SWAP'],
  ])(
    'given %s, when decided, then it is refused and nothing changes',
    (_, swaps, command, actor, code) => {
      expect(decide(swaps, command, actor)).toMatchObject({ ok: false, error: { code } });
    },
  );

  it('given a full list of swaps, when one more is proposed, then TOO_MANY_SWAPS', () => {
    const full = Array.from({ length: SWAPS_MAX }, (_, i) =>
      aSwap({
        status: 'proposed',
        proposerDate: `2030-01-${String(i + 1).padStart(2, '0')}`,
        partnerDate: `2030-02-${String(i + 1).padStart(2, '0')}`,
      }),
    );
    expect(decide(full, propose, 'ana')).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_SWAPS' },
    });
  });

  it('given the rotation changed after the proposal, when the partner accepts, then SWAP_LAPSED', () => {
    const proposal = aSwap({ status: 'proposed' });
    const changed = assignFacilitators(D, aRotation({ next: 1 })).turns;
    expect(
      decideSwap(
        [proposal],
        { type: 'acceptSwap', swapId: proposal.id },
        { actor: 'ben', now: NOW },
        changed,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'SWAP_LAPSED' },
    });
  });

  it('given an accepted swap, then accepting again changes nothing and either of the two can undo it', () => {
    const swap = aSwap();
    expect(decide([swap], { type: 'acceptSwap', swapId: swap.id }, 'ben')).toEqual({
      ok: true,
      value: [swap],
    });
    expect(decide([swap], { type: 'cancelSwap', swapId: swap.id }, 'ana')).toEqual({
      ok: true,
      value: [],
    });
    expect(decide([swap], { type: 'declineSwap', swapId: swap.id }, 'ben')).toEqual({
      ok: true,
      value: [],
    });
    expect(decide([swap], { type: 'cancelSwap', swapId: swap.id }, 'ben')).toEqual({
      ok: true,
      value: [],
    });
  });

  it('given a proposal, then the partner declines it or the proposer withdraws it', () => {
    const proposal = aSwap({ status: 'proposed' });
    expect(decide([proposal], { type: 'declineSwap', swapId: proposal.id }, 'ben')).toEqual({
      ok: true,
      value: [],
    });
    expect(decide([proposal], { type: 'cancelSwap', swapId: proposal.id }, 'ana')).toEqual({
      ok: true,
      value: [],
    });
  });

  it('given swaps whose dates passed, when pruned, then only those with a date still ahead stay', () => {
    const done = aSwap();
    const halfDone = aSwap({ proposerDate: D[0]!, partnerDate: D[3]! });
    const stale = aSwap({ status: 'proposed', proposerDate: D[0]!, partnerDate: D[4]! });
    const ahead = aSwap({ status: 'proposed', proposerDate: D[4]!, partnerDate: D[5]! });
    expect(pruneSwaps([done, halfDone, stale, ahead], D[2]!)).toEqual([halfDone, ahead]);
  });
});

describe('the plan of the next sessions', () => {
  const schedule = aSchedule(); // 1st and 3rd Wednesday, 18:00 Berlin, from 2027-01-01

  it('given planned topics and a rotation, when planning four sessions, then each date has its facilitator and topics', () => {
    const plan = planSessions(
      schedule,
      NOW,
      4,
      aRotation(),
      [],
      [
        aTopic(),
        aTopic({ id: 'manual:t2', title: 'Pairing', plannedDate: D[2], lead: 'dee' }),
        aTopic({ id: 'manual:t3', title: 'Old', status: 'discussed', plannedDate: D[1] }),
        aTopic({ id: 'manual:t4', title: 'Proposed', status: 'proposed', plannedDate: undefined }),
        aTopic({ id: 'manual:t5', title: 'Moved', plannedDate: '2027-03-10' }),
      ],
    );
    expect(plan.sessions.map((s) => [s.date, s.time, s.facilitator, s.topics])).toEqual([
      [D[0], '18:00', 'ana', [{ id: 'manual:t1', title: 'Flow metrics' }]],
      [D[1], '18:00', 'ben', []],
      [D[2], '18:00', 'cho', [{ id: 'manual:t2', title: 'Pairing', lead: 'dee' }]],
      [D[3], '18:00', 'ana', []],
    ]);
    expect(plan.topicsOffSchedule).toEqual([{ id: 'manual:t5', title: 'Moved' }]);
    expect(plan.lapsedSwaps).toEqual([]);
  });

  it('given an accepted swap beyond the listed sessions, then the listed ones still show its half correctly', () => {
    const swap = aSwap({
      proposer: 'ana',
      proposerDate: D[0]!,
      partner: 'ben',
      partnerDate: '2027-06-16',
    });
    // 2027-06-16 is the 8th session: ben's turn (ana, ben, cho, ana, ben, cho, ana, ben).
    const plan = planSessions(schedule, NOW, 2, aRotation(), [swap], []);
    expect(plan.sessions.map((s) => s.facilitator)).toEqual(['ben', 'ben']);
    expect(plan.sessions).toHaveLength(2);
  });

  it('given nothing to plan, then an empty plan', () => {
    expect(planSessions(schedule, NOW, 0, aRotation(), [], [aTopic()])).toEqual({
      sessions: [],
      lapsedSwaps: [],
      topicsOffSchedule: [],
    });
  });

  it('given the next two dates are planned, then the next free session date is the third', () => {
    const topics = [
      aTopic(),
      aTopic({ id: 'manual:t2', plannedDate: D[1] }),
      aTopic({ id: 'manual:t3', status: 'discussed', plannedDate: D[2] }),
    ];
    expect(nextFreeSessionDate(schedule, NOW, topics)).toBe(D[2]);
    expect(nextFreeSessionDate(schedule, NOW, [])).toBe(D[0]);
  });

  it('given the next year is fully planned, then the free date is found further on; with every date taken, none', () => {
    const all = nextSessions(schedule, NOW, 400);
    const planned = (n: number) =>
      all.slice(0, n).map((s, i) => aTopic({ id: `manual:t${i}`, plannedDate: s.date }));
    expect(nextFreeSessionDate(schedule, NOW, planned(30))).toBe(all[30]!.date);
    expect(nextFreeSessionDate(schedule, NOW, planned(400))).toBeUndefined();
  });
});

describe('properties of the rotation on dates', () => {
  const people = ['ana', 'ben', 'cho', 'dee', 'eve', 'fay'];
  const rotationArb = fc
    .integer({ min: 1, max: people.length })
    .chain((n) =>
      fc.record({ facilitators: fc.constant(people.slice(0, n)), next: fc.nat({ max: 20 }) }),
    );

  it('without swaps, the turn order is fair: consecutive dates follow the list, and counts differ by at most one (1,000 runs)', () => {
    fc.assert(
      fc.property(rotationArb, fc.integer({ min: 1, max: 40 }), (rotation, m) => {
        const dates = nextSessions(aSchedule({ sessionsPerMonth: 4 }), NOW, m).map((s) => s.date);
        const turns = who(dates, rotation);
        const n = rotation.facilitators.length;
        const counts = rotation.facilitators.map((p) => turns.filter((t) => t === p).length);
        const follows = turns.every(
          (t, i) =>
            i === 0 ||
            rotation.facilitators.indexOf(t!) ===
              (rotation.facilitators.indexOf(turns[i - 1]!) + 1) % n,
        );
        return (
          follows &&
          Math.max(...counts) - Math.min(...counts) <= 1 &&
          counts.reduce((a, b) => a + b, 0) === m
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('with any swaps the two people agreed, everyone facilitates as often as the turn order gives them (500 runs)', () => {
    const dates = nextSessions(aSchedule({ sessionsPerMonth: 4 }), NOW, 16).map((s) => s.date);
    let runsWithSwaps = 0;
    fc.assert(
      fc.property(
        rotationArb,
        fc.array(fc.tuple(fc.nat({ max: 15 }), fc.nat({ max: 15 })), { maxLength: 12 }),
        (rotation, pairs) => {
          let swaps: readonly FacilitatorSwap[] = [];
          let clock = NOW;
          for (const [i, j] of pairs) {
            const turns = assignFacilitators(dates, rotation, [...swaps]).turns;
            const mine = turns[i]!;
            clock += 1;
            const proposed = decideSwap(
              swaps,
              { type: 'proposeSwap', myDate: mine.date, theirDate: dates[j]! },
              { actor: mine.facilitator!, now: clock },
              turns,
            );
            if (!proposed.ok) continue;
            const made = proposed.value[proposed.value.length - 1]!;
            const accepted = decideSwap(
              proposed.value,
              { type: 'acceptSwap', swapId: made.id },
              { actor: made.partner, now: clock },
              turns,
            );
            if (accepted.ok) swaps = accepted.value;
          }
          const plain = who(dates, rotation);
          const swapped = who(dates, rotation, [...swaps]);
          const count = (list: (string | undefined)[]) =>
            people.map((p) => list.filter((x) => x === p).length).join();
          const { lapsed } = assignFacilitators(dates, rotation, [...swaps]);
          if (swaps.some((swap) => swap.status === 'accepted')) runsWithSwaps += 1;
          return count(plain) === count(swapped) && lapsed.length === 0;
        },
      ),
      { numRuns: 500 },
    );
    expect(runsWithSwaps).toBeGreaterThan(100); // the property met real swaps, not only refusals
  });
});
