import type { CopSessionEvent } from '../../../src/domain/cop-session';
import {
  attendance,
  checkInView,
  CHECK_IN_MAX,
  isPresent,
  MAX_ATTENDEES,
} from '../../../src/domain/cop-session';
import {
  accepted,
  ALICE,
  asFacilitator,
  BOB,
  CAROL,
  created,
  ctx,
  DAN,
  given,
  joined,
  left,
  play,
  refused,
  setUp,
  stateIn,
  T0,
  topicSet,
} from './builders';

const added = (accountId: string, at: number): CopSessionEvent => ({
  type: 'AttendeeAdded',
  v: 1,
  accountId,
  by: 'acc-facilitator',
  at,
});
const removed = (accountId: string, at: number): CopSessionEvent => ({
  type: 'AttendeeRemoved',
  v: 1,
  accountId,
  by: 'acc-facilitator',
  at,
});

describe('joining and leaving', () => {
  it('given set-up, when someone joins, then one record of their own says so', () => {
    expect(accepted(given(created(), topicSet()), { type: 'join' }, ctx({ actor: DAN }))).toEqual([
      { type: 'ParticipantJoined', v: 1, participant: DAN, at: T0 + 60_000 },
    ]);
  });

  it.each(['check-in', 'introduction', 'breakouts', 'readout', 'plenary', 'takeaways'] as const)(
    'given the %s, when a latecomer joins, then they are on the attendance',
    (phase) => {
      const state = play(stateIn(phase), { type: 'join' }, ctx({ actor: DAN, now: T0 + 9e6 }));
      expect(isPresent(state, DAN)).toBe(true);
    },
  );

  it('given someone joined, when they join again, then ALREADY_JOINED and nothing changes', () => {
    expect(refused(setUp(), { type: 'join' }, ctx())).toBe('ALREADY_JOINED');
  });

  it('given someone joined, when they leave, then they are off the attendance; leaving twice is refused', () => {
    const state = play(setUp(), { type: 'leave' }, ctx({ now: T0 + 100 }));
    expect(isPresent(state, ALICE)).toBe(false);
    expect(refused(state, { type: 'leave' }, ctx({ now: T0 + 200 }))).toBe('NOT_JOINED');
    expect(attendance(state).map((a) => a.accountId)).toEqual([BOB, CAROL]);
  });

  it('given the session is full, when one more joins, then ATTENDANCE_FULL', () => {
    const many = Array.from({ length: MAX_ATTENDEES }, (_, i) => joined(`acc-${i}`, T0 + i));
    const full = given(created(), topicSet(), ...many);
    expect(refused(full, { type: 'join' }, ctx({ actor: DAN }))).toBe('ATTENDANCE_FULL');
    expect(refused(full, { type: 'addAttendee', accountId: DAN }, asFacilitator())).toBe(
      'ATTENDANCE_FULL',
    );
    // Someone the facilitator already added may still join on their own device.
    const withDan = given(created(), topicSet(), ...many.slice(1), added(DAN, T0 + 1));
    expect(accepted(withDan, { type: 'join' }, ctx({ actor: DAN }))).toHaveLength(1);
  });
});

describe('the facilitator adds and removes people', () => {
  it('when the facilitator adds someone without a device, then a log event records it', () => {
    expect(accepted(setUp(), { type: 'addAttendee', accountId: DAN }, asFacilitator())).toEqual([
      { type: 'AttendeeAdded', v: 1, accountId: DAN, by: 'acc-facilitator', at: T0 + 60_000 },
    ]);
  });

  it.each([
    [{ type: 'addAttendee', accountId: ALICE }, 'ALREADY_JOINED'],
    [{ type: 'removeAttendee', accountId: DAN }, 'NOT_JOINED'],
    [{ type: 'addAttendee', accountId: 'not an id!' }, 'INVALID_ACCOUNT'],
    [{ type: 'removeAttendee', accountId: '' }, 'INVALID_ACCOUNT'],
  ] as const)('when the facilitator sends %j, then %s', (command, code) => {
    expect(refused(setUp(), command, asFacilitator())).toBe(code);
  });

  it('given someone the facilitator removed, when they join again, then they are back', () => {
    const state = play(
      setUp(),
      { type: 'removeAttendee', accountId: ALICE },
      asFacilitator(T0 + 100),
    );
    expect(isPresent(state, ALICE)).toBe(false);
    const back = play(state, { type: 'join' }, ctx({ now: T0 + 200 }));
    expect(isPresent(back, ALICE)).toBe(true);
  });

  it('when the facilitator removes a mistaken addition, then it is gone', () => {
    const state = given(created(), added(DAN, T0 + 1), removed(DAN, T0 + 2));
    expect(isPresent(state, DAN)).toBe(false);
  });

  it('the later of the person’s own mark and the facilitator’s decides, present on a tie', () => {
    expect(isPresent(given(created(), joined(DAN, 5), removed(DAN, 6)), DAN)).toBe(false);
    expect(isPresent(given(created(), removed(DAN, 6), joined(DAN, 7)), DAN)).toBe(true);
    expect(isPresent(given(created(), added(DAN, 5), left(DAN, 6)), DAN)).toBe(false);
    expect(isPresent(given(created(), left(DAN, 6), added(DAN, 6)), DAN)).toBe(true);
    expect(isPresent(given(created(), removed(DAN, 6), joined(DAN, 6)), DAN)).toBe(true);
    expect(isPresent(given(created()), DAN)).toBe(false);
  });

  it('arrival is the earliest present mark: joining after being added keeps the addition’s time', () => {
    const state = given(
      created(),
      joined(BOB, 20),
      added(DAN, 10),
      joined(DAN, 30),
      added(CAROL, 15),
    );
    expect(attendance(state)).toEqual([
      { accountId: DAN, via: 'both', arrivedAt: 10 },
      { accountId: CAROL, via: 'added', arrivedAt: 15 },
      { accountId: BOB, via: 'joined', arrivedAt: 20 },
    ]);
  });

  it('ties in arrival are broken by account id', () => {
    const state = given(created(), joined(CAROL, 10), joined(ALICE, 10), joined(BOB, 10));
    expect(attendance(state).map((a) => a.accountId)).toEqual([ALICE, BOB, CAROL]);
  });
});

describe('the check-in', () => {
  const checkIn = () => stateIn('check-in');

  it('when someone answers, then one record of their own holds one trimmed line', () => {
    expect(
      accepted(
        checkIn(),
        { type: 'answerCheckIn', text: '  Curious\nand ready ' },
        ctx({ now: 7 }),
      ),
    ).toEqual([
      { type: 'CheckInAnswered', v: 1, participant: ALICE, answer: 'Curious and ready', at: 7 },
    ]);
  });

  it('when someone passes, then their record says so', () => {
    expect(accepted(checkIn(), { type: 'passCheckIn' }, ctx({ now: 7 }))).toEqual([
      { type: 'CheckInAnswered', v: 1, participant: ALICE, answer: null, at: 7 },
    ]);
  });

  it('when someone edits their answer while the check-in runs, then the latest shows', () => {
    let state = play(checkIn(), { type: 'answerCheckIn', text: 'Tired' }, ctx({ now: T0 + 9e6 }));
    state = play(state, { type: 'answerCheckIn', text: 'Awake now' }, ctx({ now: T0 + 9e6 + 1 }));
    state = play(state, { type: 'passCheckIn' }, ctx({ actor: BOB, now: T0 + 9e6 + 2 }));
    expect(checkInView(state, ALICE)).toEqual({
      prompt: 'In one word: how are you arriving today?',
      answers: [
        { accountId: ALICE, answer: 'Awake now', at: T0 + 9e6 + 1 },
        { accountId: BOB, answer: null, at: T0 + 9e6 + 2 },
      ],
      passes: 1,
      mine: 'Awake now',
    });
    expect(checkInView(state, BOB).mine).toBeNull();
    expect(checkInView(state, CAROL).mine).toBeUndefined();
  });

  it.each([
    ['  \n ', 'CHECKIN_EMPTY'],
    ['x'.repeat(CHECK_IN_MAX + 1), 'CHECKIN_TOO_LONG'],
  ])('when someone answers %p, then %s', (text, code) => {
    expect(refused(checkIn(), { type: 'answerCheckIn', text }, ctx())).toBe(code);
  });

  it('allows exactly 200 characters, emoji counting as one', () => {
    expect(
      accepted(checkIn(), { type: 'answerCheckIn', text: '🙂'.repeat(200) }, ctx()),
    ).toHaveLength(1);
  });

  it('given someone who has not joined, when they answer, then NOT_JOINED', () => {
    expect(refused(checkIn(), { type: 'answerCheckIn', text: 'Hi' }, ctx({ actor: DAN }))).toBe(
      'NOT_JOINED',
    );
    expect(refused(checkIn(), { type: 'passCheckIn' }, ctx({ actor: DAN }))).toBe('NOT_JOINED');
  });

  it('given the check-in is over, when someone answers, then WRONG_PHASE', () => {
    expect(refused(stateIn('introduction'), { type: 'answerCheckIn', text: 'Hi' }, ctx())).toBe(
      'WRONG_PHASE',
    );
  });
});
