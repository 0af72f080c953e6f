import type { CopSessionState } from '../../../src/domain/cop-session';
import {
  agenda,
  evolve,
  EXTEND_MINUTES,
  meetingClock,
  MINUTE_MS,
  stepClock,
} from '../../../src/domain/cop-session';
import { accepted, asFacilitator, play, refused, setUp, STARTED } from './builders';

const M = MINUTE_MS;
const at = (minutes: number): number => STARTED + minutes * M;

/** Started at STARTED: the check-in runs for its 5 minutes. */
const started = (): CopSessionState => play(setUp(), { type: 'start' }, asFacilitator(at(0)));

describe('moving on', () => {
  it('given the check-in, when the facilitator moves on after 2 minutes, then the introduction runs for its 10 minutes', () => {
    expect(accepted(started(), { type: 'next' }, asFacilitator(at(2)))).toEqual([
      {
        type: 'StepStarted',
        v: 1,
        index: 1,
        step: 'introduction',
        isResumed: false,
        at: at(2),
        endsAt: at(12),
      },
    ]);
    const state = play(started(), { type: 'next' }, asFacilitator(at(2)));
    expect(state.phase).toEqual({ kind: 'introduction', index: 1 });
    expect(state.runs).toEqual([
      {
        index: 0,
        step: 'check-in',
        startedAt: at(0),
        endsAt: at(5),
        endedAt: at(2),
        extendedMinutes: 0,
      },
      {
        index: 1,
        step: 'introduction',
        startedAt: at(2),
        endsAt: at(12),
        endedAt: null,
        extendedMinutes: 0,
      },
    ]);
  });

  it('given the last step, when the facilitator moves on, then NO_NEXT_STEP: the session is ended instead', () => {
    let state = started();
    for (let i = 1; i <= 5; i += 1) state = play(state, { type: 'next' }, asFacilitator(at(i)));
    expect(state.phase.kind).toBe('takeaways');
    expect(refused(state, { type: 'next' }, asFacilitator(at(6)))).toBe('NO_NEXT_STEP');
  });
});

/**
 * Going back one step is allowed: a mis-click on "next" in a busy room must be undone without
 * losing anyone's time or anything they wrote (records are never touched by moving).
 */
describe('going back', () => {
  it('given the first step, when the facilitator goes back, then NO_PREVIOUS_STEP', () => {
    expect(refused(started(), { type: 'back' }, asFacilitator(at(1)))).toBe('NO_PREVIOUS_STEP');
  });

  it('when the facilitator goes back, then the previous step resumes with the time it had left', () => {
    const introduction = play(started(), { type: 'next' }, asFacilitator(at(2)));
    expect(accepted(introduction, { type: 'back' }, asFacilitator(at(3)))).toEqual([
      {
        type: 'StepStarted',
        v: 1,
        index: 0,
        step: 'check-in',
        isResumed: true,
        at: at(3),
        endsAt: at(6),
      },
    ]);
  });

  it('when the facilitator goes forward again, then the step left by mistake resumes too', () => {
    let state = play(started(), { type: 'next' }, asFacilitator(at(2)));
    state = play(state, { type: 'back' }, asFacilitator(at(3)));
    // The introduction ran 1 of its 10 minutes: 9 are left.
    expect(accepted(state, { type: 'next' }, asFacilitator(at(4)))).toMatchObject([
      { step: 'introduction', isResumed: true, at: at(4), endsAt: at(13) },
    ]);
  });

  it('when a step had run out before it was left, then going back gives it one minute', () => {
    let state = play(started(), { type: 'next' }, asFacilitator(at(8)));
    state = play(state, { type: 'back' }, asFacilitator(at(9)));
    expect(stepClock(state, at(9))).toMatchObject({ step: 'check-in', endsAt: at(10) });
  });

  it('given the breakouts, when the facilitator goes back and forward, then the groups stay as formed', () => {
    let state = started();
    state = play(state, { type: 'next' }, asFacilitator(at(1)));
    state = play(state, { type: 'next' }, asFacilitator(at(2), { seed: 'first' }));
    const formed = state.groups;
    state = play(state, { type: 'back' }, asFacilitator(at(3)));
    const events = accepted(state, { type: 'next' }, asFacilitator(at(4), { seed: 'second' }));
    expect(events.map((e) => e.type)).toEqual(['StepStarted']);
    expect(events.reduce(evolve, state).groups).toBe(formed);
    expect(formed).not.toBeNull();
  });
});

describe('extending', () => {
  it('given time left, when the facilitator extends by 5, then the step ends 5 minutes later than planned', () => {
    expect(accepted(started(), { type: 'extend', minutes: 5 }, asFacilitator(at(2)))).toEqual([
      { type: 'StepExtended', v: 1, index: 0, minutes: 5, at: at(2), endsAt: at(10) },
    ]);
  });

  it('given the step ran out, when the facilitator extends by 5, then it ends 5 minutes from now', () => {
    const state = play(started(), { type: 'extend', minutes: 5 }, asFacilitator(at(7)));
    expect(stepClock(state, at(7))).toMatchObject({
      startedAt: at(0),
      endsAt: at(12),
      isExpired: false,
    });
    expect(state.runs[0]?.extendedMinutes).toBe(5);
  });

  it.each([0, EXTEND_MINUTES.max + 1, 2.5, Number.NaN])(
    'when the facilitator extends by %p minutes, then INVALID_MINUTES',
    (minutes) => {
      expect(refused(started(), { type: 'extend', minutes }, asFacilitator(at(1)))).toBe(
        'INVALID_MINUTES',
      );
    },
  );

  it('given a four-hour agenda, when extensions would pass six hours, then MEETING_TOO_LONG', () => {
    let state = play(
      setUp(),
      {
        type: 'setAgenda',
        agenda: [
          { step: 'check-in', minutes: 60 },
          { step: 'introduction', minutes: 60 },
          { step: 'plenary', minutes: 60 },
          { step: 'takeaways', minutes: 60 },
        ],
      },
      asFacilitator(),
    );
    state = play(state, { type: 'start' }, asFacilitator(at(0)));
    for (let i = 0; i < 4; i += 1) {
      state = play(state, { type: 'extend', minutes: 30 }, asFacilitator(at(1)));
    }
    expect(refused(state, { type: 'extend', minutes: 1 }, asFacilitator(at(2)))).toBe(
      'MEETING_TOO_LONG',
    );
  });

  it('given a corrupt state with no running step, when extended, then WRONG_PHASE', () => {
    const state = { ...started(), runs: [] };
    expect(refused(state, { type: 'extend', minutes: 5 }, asFacilitator(at(1)))).toBe(
      'WRONG_PHASE',
    );
  });
});

describe('ending', () => {
  it('when the facilitator ends during any step, then the session is ended and the step stops now', () => {
    const introduction = play(started(), { type: 'next' }, asFacilitator(at(2)));
    expect(accepted(introduction, { type: 'end' }, asFacilitator(at(4)))).toEqual([
      { type: 'SessionEnded', v: 1, at: at(4) },
    ]);
    const ended = play(introduction, { type: 'end' }, asFacilitator(at(4)));
    expect(ended.phase).toEqual({ kind: 'ended' });
    expect(ended.endedAt).toBe(at(4));
    expect(ended.runs[1]?.endedAt).toBe(at(4));
    expect(stepClock(ended, at(5))).toBeNull();
  });
});

describe('clocks', () => {
  it('the running step counts down from its stored instants', () => {
    expect(stepClock(started(), at(2))).toEqual({
      index: 0,
      step: 'check-in',
      startedAt: at(0),
      endsAt: at(5),
      remainingMs: 3 * M,
      elapsedMs: 2 * M,
      fractionRemaining: 0.6,
      isExpired: false,
    });
    expect(stepClock(started(), at(5))).toMatchObject({ remainingMs: 0, isExpired: true });
    expect(stepClock(setUp(), at(5))).toBeNull();
  });

  it('the meeting is scheduled for the agenda plus extensions and projects an overrun', () => {
    expect(meetingClock(setUp(), at(0))).toBeNull();
    const state = play(started(), { type: 'extend', minutes: 5 }, asFacilitator(at(1)));
    expect(meetingClock(state, at(1))).toEqual({
      startedAt: at(0),
      scheduledEndAt: at(60),
      remainingMs: 59 * M,
      isOver: false,
      projectedEndAt: at(60),
      behindMs: 0,
    });
    // The check-in overruns its end (10) by 5 minutes: the rest of the agenda moves with it.
    expect(meetingClock(state, at(15))).toMatchObject({ projectedEndAt: at(65), behindMs: 5 * M });
  });

  it('after the end, the meeting clock stays where it stopped', () => {
    const ended = play(started(), { type: 'end' }, asFacilitator(at(20)));
    expect(meetingClock(ended, at(90))).toEqual({
      startedAt: at(0),
      scheduledEndAt: at(55),
      remainingMs: 35 * M,
      isOver: false,
      projectedEndAt: at(20),
      behindMs: 0,
    });
    expect(
      meetingClock(play(started(), { type: 'end' }, asFacilitator(at(70))), at(90)),
    ).toMatchObject({
      remainingMs: 0,
      isOver: true,
    });
  });
});

describe('the agenda with times', () => {
  it('before the start, every step is upcoming without times', () => {
    expect(agenda(setUp(), at(0)).map((item) => [item.step, item.status, item.startsAt])).toEqual([
      ['check-in', 'upcoming', null],
      ['introduction', 'upcoming', null],
      ['breakouts', 'upcoming', null],
      ['readout', 'upcoming', null],
      ['plenary', 'upcoming', null],
      ['takeaways', 'upcoming', null],
    ]);
  });

  it('while running, done steps show the time spent and later steps when they would start', () => {
    const state = play(started(), { type: 'next' }, asFacilitator(at(3)));
    const items = agenda(state, at(4));
    expect(items[0]).toMatchObject({ status: 'done', spentMs: 3 * M, label: 'Check-in' });
    expect(items[1]).toMatchObject({
      status: 'running',
      startsAt: at(3),
      endsAt: at(13),
      spentMs: 1 * M,
      plannedMinutes: 10,
    });
    expect(items[2]).toMatchObject({ status: 'upcoming', startsAt: at(13), endsAt: at(28) });
    expect(items[5]).toMatchObject({ status: 'upcoming', startsAt: at(48), endsAt: at(53) });
    // Overrunning pushes the later steps on.
    expect(agenda(state, at(20))[2]).toMatchObject({ startsAt: at(20), endsAt: at(35) });
  });

  it('after an early end, steps never reached say so', () => {
    const state = play(
      play(started(), { type: 'next' }, asFacilitator(at(3))),
      { type: 'end' },
      asFacilitator(at(5)),
    );
    expect(agenda(state, at(9)).map((item) => item.status)).toEqual([
      'done',
      'done',
      'not reached',
      'not reached',
      'not reached',
      'not reached',
    ]);
  });
});
