/**
 * The CoP Session's notice rule (static/src/cop-session/apply-notice.ts), pure, on views the
 * domain itself computes (`sessionView` of a folded session): what a notice that carries the
 * change does, and what it must never do — change the version, put text on screen, change the
 * facilitator's screen, or apply what the view cannot check. Where it applies, the result is what
 * a read would show (the same `sessionView` after the event).
 */
import { createHash } from 'node:crypto';
import type { CopSessionView } from '../../src/contract/cop-session';
import { parseCopSessionChange } from '../../src/contract/notices';
import {
  createSession,
  decide,
  EVENT_PLACEMENT,
  evolve,
  foldSession,
  joinSeen,
  revisionsOf,
  sessionView,
  viewNote,
  type CopSessionCommand,
  type CopSessionEvent,
  type CopSessionState,
} from '../../src/domain/cop-session';
import {
  copSessionChange,
  copSessionNotice,
  stepChange,
} from '../../src/services/cop-session-notice';
import { sealWith } from '../../src/services/note-sealing';
import { applyCopSessionNotice } from '../../static/src/cop-session/apply-notice';
import { parseNotice, type Notice, type Verdict } from '../../static/src/live-feed';
import { testSigner } from './support/signer';

const FAC = '557058:fac';
const ME = '557058:me';
const A = '557058:a';
const B = '557058:b';
const C = '557058:c';
const D = '557058:d';
const NAMES: Record<string, string> = {
  [FAC]: 'Fay',
  [ME]: 'Me',
  [A]: 'Ann',
  [B]: 'Ben',
  [C]: 'Cleo',
  [D]: 'Dan',
};
const T0 = 1_764_000_000_000;

/** A session the domain folds: each step is a command by someone at a later instant. */
class Session {
  state: CopSessionState;
  now = T0;
  version = 1;
  constructor() {
    this.state = foldSession([createSession({ actor: FAC, now: T0 })]);
  }
  /** Runs a command and answers its (one, for a participant) event. */
  run(actor: string, command: CopSessionCommand): CopSessionEvent[] {
    this.now += 1000;
    const decided = decide(this.state, command, {
      actor,
      now: this.now,
      isFacilitator: actor === FAC,
      seed: 'seed',
    });
    if (!decided.ok) throw new Error(`${command.type}: ${decided.error.message}`);
    this.state = decided.value.reduce(evolve, this.state);
    if (decided.value.some((event) => EVENT_PLACEMENT[event.type] === 'log')) this.version += 1;
    return decided.value;
  }
  /** What `copSession/state` answers `viewer` now (names: everyone this test knows). */
  view(viewer: string, names: Record<string, string> = NAMES, at = this.now): CopSessionView {
    const isFacilitator = viewer === FAC;
    return {
      version: this.version,
      now: at,
      viewer,
      session: 1,
      backlogTopicId: null,
      isFacilitator,
      isLead: this.state.lead.kind === 'member' && this.state.lead.accountId === viewer,
      view: sessionView(this.state, at, viewer, isFacilitator),
      setup: null,
      past: [],
      notes: null,
      names,
      noticeKey: null,
      noteKeys: {},
    };
  }
  /** The notice the server publishes for a participant's command (through its `noticeOf`). */
  notice(actor: string, command: CopSessionCommand): Notice {
    const events = this.run(actor, command);
    const raw = copSessionNotice({
      kind: command.type,
      command,
      events,
      version: this.version,
      state: this.state,
    });
    const parsed = parseNotice(JSON.stringify({ ...raw, version: this.version }));
    if (parsed === null) throw new Error('not a notice');
    return parsed;
  }
}

const applied = (r: Verdict<CopSessionView | null>): CopSessionView => {
  if (r.kind !== 'apply' || r.data === null) throw new Error(`expected apply, got ${r.kind}`);
  return r.data;
};

/** A set-up session with a topic where FAC, ME, A and B have joined. */
function setUp(): Session {
  const s = new Session();
  s.run(FAC, { type: 'setTopic', topic: { title: 'Retros', backlogTopicId: null } });
  s.run(FAC, { type: 'setGroupPlan', plan: { by: 'count', count: 2 } });
  for (const who of [FAC, ME, A, B]) s.run(who, { type: 'join' });
  return s;
}

describe('CoP Session notices carry the change (server)', () => {
  it('given participant events, when the notice is made, then it carries who and when, a pass flag or an answer (for a signed notice), or a board, and never a note’s text or id', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    const [answer] = s.run(A, { type: 'answerCheckIn', text: 'Sunny <b>secret</b>' });
    expect(copSessionChange(answer as CopSessionEvent, s.state)).toEqual({
      t: 'checkin',
      by: A,
      at: s.now,
      pass: false,
      answer: 'Sunny <b>secret</b>',
    });
    const notice = s.notice(B, { type: 'passCheckIn' });
    expect(notice.change).toEqual({ t: 'checkin', by: B, at: s.now, pass: true });
    s.run(FAC, { type: 'next' });
    s.run(FAC, { type: 'next' });
    const group = s.view(A).view.myGroup ?? 1;
    const note = s.notice(A, { type: 'addNote', noteId: 'n1', board: group, text: 'Secret note' });
    expect(note.change).toEqual({ t: 'note', board: group });
    expect(JSON.stringify(note)).not.toContain('n1');
    expect(JSON.stringify(note)).not.toContain('Secret');
  });

  it('given a transition, when the notice is made, then it carries only its kind', () => {
    const s = setUp();
    const events = s.run(FAC, { type: 'start' });
    expect(
      copSessionNotice({ kind: 'start', command: { type: 'start' }, events, version: 3 }),
    ).toEqual({ kind: 'start' });
  });

  it('given forged change shapes, when parsed, then anything off-shape is refused (the screen reads)', () => {
    expect(parseCopSessionChange({ t: 'joined', by: 'x y', at: 1 })).toBeNull();
    expect(parseCopSessionChange({ t: 'joined', by: A, at: -1 })).toBeNull();
    expect(parseCopSessionChange({ t: 'checkin', by: A, at: 1 })).toBeNull();
    expect(parseCopSessionChange({ t: 'note', board: 0 })).toBeNull();
    expect(parseCopSessionChange({ t: 'note', board: 'hall' })).toBeNull();
    expect(parseCopSessionChange({ t: 'note', board: 'plenary' })).toEqual({
      t: 'note',
      board: 'plenary',
    });
    expect(parseCopSessionChange({ t: 'text', text: 'hi' })).toBeNull();
  });
});

describe('CoP Session notice rule (screens)', () => {
  it('given a member before the start, when someone whose name the screen has joins, then the attendance grows as a read would show it, without a read and at the same version', () => {
    const s = new Session();
    s.run(FAC, { type: 'setTopic', topic: { title: 'Retros', backlogTopicId: null } });
    s.run(ME, { type: 'join' });
    const before = s.view(ME);
    const notice = s.notice(A, { type: 'join' });
    const after = applied(applyCopSessionNotice(before, notice));
    expect(after.version).toBe(before.version);
    expect(after.view).toEqual(s.view(ME, NAMES, before.now).view);
  });

  it('given a member, when someone whose name the screen has not got joins, then it reads (the name)', () => {
    const s = new Session();
    s.run(FAC, { type: 'setTopic', topic: { title: 'Retros', backlogTopicId: null } });
    const before = s.view(ME, { [ME]: 'Me', [FAC]: 'Fay' });
    const notice = s.notice(A, { type: 'join' });
    expect(applyCopSessionNotice(before, notice).kind).toBe('refetch');
  });

  it('given the facilitator, when anyone joins, checks in or writes, then their screen reads', () => {
    const s = setUp();
    expect(applyCopSessionNotice(s.view(FAC), s.notice(C, { type: 'join' })).kind).toBe('refetch');
    s.run(FAC, { type: 'start' });
    expect(applyCopSessionNotice(s.view(FAC), s.notice(A, { type: 'passCheckIn' })).kind).toBe(
      'refetch',
    );
  });

  it('given the check-in, when someone passes, then "passed" appears as a read would show it; when someone answers, the screen reads (the text)', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    s.run(B, { type: 'answerCheckIn', text: 'Cloudy' });
    const before = s.view(ME);
    const pass = s.notice(A, { type: 'passCheckIn' });
    const after = applied(applyCopSessionNotice(before, pass));
    expect(after.view).toEqual(s.view(ME, NAMES, before.now).view);
    expect(after.view.checkIn.passes).toBe(1);
    const answer = s.notice(B, { type: 'answerCheckIn', text: 'Sunny now' });
    expect(applyCopSessionNotice(after, answer).kind).toBe('refetch');
  });

  it('given one already shown, when the same notice comes again, then it is known (no read)', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    const pass = s.notice(A, { type: 'passCheckIn' });
    expect(applyCopSessionNotice(s.view(ME), pass)).toEqual({ kind: 'known' });
    const answer = s.notice(B, { type: 'answerCheckIn', text: 'Sunny' });
    expect(applyCopSessionNotice(s.view(ME), answer)).toEqual({ kind: 'known' });
  });

  it("given the breakouts, when someone writes on another group's board, then nothing visible changes (no read); on my group's board or on any board the facilitator sees, it reads", () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    s.run(FAC, { type: 'next' });
    s.run(FAC, { type: 'next' });
    const mine = s.view(ME).view.myGroup;
    expect(mine).not.toBeNull();
    const other = mine === 1 ? 2 : 1;
    const mate = [FAC, A, B].find((who) => s.view(who).view.myGroup === mine) ?? '';
    const stranger = [A, B].find((who) => s.view(who).view.myGroup === other) ?? '';
    const before = s.view(ME);
    const theirs = s.notice(stranger, {
      type: 'addNote',
      noteId: 'n1',
      board: other,
      text: 'Theirs',
    });
    expect(applyCopSessionNotice(before, theirs)).toEqual({ kind: 'known' });
    expect(s.view(ME, NAMES, before.now).view).toEqual(before.view); // indeed nothing this screen shows changed
    expect(applyCopSessionNotice(s.view(FAC), theirs).kind).toBe('refetch');
    if (mate !== FAC) {
      const ours = s.notice(mate, {
        type: 'addNote',
        noteId: 'n2',
        board: mine ?? 1,
        text: 'Ours',
      });
      expect(applyCopSessionNotice(s.view(ME), ours).kind).toBe('refetch');
    }
  });

  it('given the readout, when a note changes, or a takeaway arrives unsigned, then every screen reads (the text)', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    for (let i = 0; i < 3; i += 1) s.run(FAC, { type: 'next' });
    expect(s.view(ME).view.phase).toBe('readout');
    const group = s.view(A).view.myGroup ?? 1;
    const note = s.notice(A, { type: 'addNote', noteId: 'n1', board: group, text: 'Ours' });
    expect(applyCopSessionNotice(s.view(ME), note).kind).toBe('refetch');
    const takeaway = s.notice(B, { type: 'addTakeaway', takeawayId: 't1', text: 'Rotate' });
    expect(takeaway.change).toMatchObject({ t: 'takeaway', author: B, id: 't1' });
    expect(applyCopSessionNotice(s.view(ME), takeaway).kind).toBe('refetch');
  });

  it('given joins after the groups exist, when someone joins, then the screen reads (late joiners change the groups)', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    s.run(FAC, { type: 'next' });
    s.run(FAC, { type: 'next' });
    const before = s.view(ME);
    expect(applyCopSessionNotice(before, s.notice(C, { type: 'join' })).kind).toBe('refetch');
  });

  it('given a member before the start, when someone who joined leaves, then they leave the attendance as a read shows; one also added by the facilitator makes it read', () => {
    const s = setUp();
    const before = s.view(ME);
    const left = s.notice(A, { type: 'leave' });
    const after = applied(applyCopSessionNotice(before, left));
    expect(after.view).toEqual(s.view(ME, NAMES, before.now).view);
    s.run(FAC, { type: 'addAttendee', accountId: D });
    s.run(D, { type: 'join' });
    const both = s.view(ME);
    expect(both.view.attendance.find((a) => a.accountId === D)?.via).toBe('both');
    expect(applyCopSessionNotice(both, s.notice(D, { type: 'leave' })).kind).toBe('refetch');
  });

  it('given my own change, when its notice arrives before my read, then my screen reads (what I can do changes)', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    const before = s.view(ME);
    expect(applyCopSessionNotice(before, s.notice(ME, { type: 'passCheckIn' })).kind).toBe(
      'refetch',
    );
  });

  it('given forged notices, when they claim a pass for someone not on the attendance, a newer version, or an unknown shape, then the screen reads and never changes its version', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    const v = s.view(ME);
    const forged = (n: unknown) => {
      const parsed = parseNotice(n);
      if (parsed === null) throw new Error('not a notice');
      return applyCopSessionNotice(v, parsed);
    };
    expect(
      forged({
        kind: 'passCheckIn',
        version: v.version,
        change: { t: 'checkin', by: C, at: 5, pass: true },
      }).kind,
    ).toBe('refetch');
    expect(forged({ kind: 'join', version: v.version + 1 })).toEqual({
      kind: 'refetch',
      transition: true,
    });
    expect(forged({ kind: 'addNote', version: v.version, change: { t: 'poem' } }).kind).toBe(
      'refetch',
    );
    expect(forged({ kind: 'next', version: v.version })).toEqual({ kind: 'known' });
    expect(forged({ kind: 'createNotes', version: v.version })).toEqual({
      kind: 'refetch',
      transition: true,
    });
    // An older participant change is in this screen's later read.
    expect(
      forged({ kind: 'join', version: v.version - 1, change: { t: 'joined', by: C, at: 5 } }),
    ).toEqual({ kind: 'known' });
  });

  it('given no session yet, when any notice arrives, then the screen reads', () => {
    expect(applyCopSessionNotice(null, { kind: 'create', version: 1 }).kind).toBe('refetch');
  });
});

describe('CoP Session signed takeaways and action items (screens)', () => {
  const BOARD = '98305.cop-session';
  const server = testSigner();
  const { key } = server;
  const stranger = testSigner();

  /** The notice as the backend publishes it, signed for `board` by `by`. */
  const signed = (notice: Notice, board = BOARD, by = server): Notice => {
    const parsed = parseNotice(JSON.stringify({ ...notice, sig: by.sign(board, notice) }));
    if (parsed === null) throw new Error('not a notice');
    return parsed;
  };
  const keyed = (view: CopSessionView): CopSessionView => ({
    ...view,
    noticeKey: { key, board: BOARD },
  });

  /** A session in its plenary, everyone joined. */
  function plenary(): Session {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    while (s.state.phase.kind !== 'plenary') s.run(FAC, { type: 'next' });
    return s;
  }

  it('given signed notices, when takeaways and action items are added, edited and deleted, then every screen — the facilitator’s and the author’s included — shows what a read shows, without a read', () => {
    const s = plenary();
    const steps: [string, CopSessionCommand][] = [
      [A, { type: 'addTakeaway', takeawayId: 't1', text: 'Pair <b>more</b> & often' }],
      [B, { type: 'addTakeaway', takeawayId: 't2', text: 'Second' }],
      [A, { type: 'editTakeaway', takeawayId: 't1', text: 'Pair daily' }],
      [B, { type: 'addActionItem', actionItemId: 'a1', text: 'Book a room', owner: A, due: null }],
      [A, { type: 'addActionItem', actionItemId: 'a2', text: 'Write it up', due: '2026-12-24' }],
      [B, { type: 'editActionItem', actionItemId: 'a1', text: 'Book the big room', owner: ME }],
      [B, { type: 'deleteTakeaway', takeawayId: 't2' }],
      [A, { type: 'deleteActionItem', actionItemId: 'a2' }],
    ];
    let screens = [FAC, ME, A].map((who) => keyed(s.view(who)));
    for (const [actor, command] of steps) {
      const notice = signed(s.notice(actor, command));
      screens = screens.map((screen) => applied(applyCopSessionNotice(screen, notice)));
      for (const screen of screens) {
        const read = s.view(screen.viewer, NAMES, screen.now).view;
        expect(screen.view).toEqual(read);
      }
    }
    expect(screens[1]?.view.takeaways.map((t) => t.text)).toEqual(['Pair daily']);
    expect(screens[1]?.view.actionItems.map((t) => [t.text, t.owner])).toEqual([
      ['Book the big room', ME],
    ]);
  });

  it('given the check-in, when a signed answer arrives, then member and facilitator screens show it as a read would, without a read; unsigned, it reads', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    const screens = [FAC, ME, B].map((who) => keyed(s.view(who)));
    const notice = s.notice(A, { type: 'answerCheckIn', text: 'Sunny <i>today</i>' });
    for (const screen of screens) {
      expect(applyCopSessionNotice(screen, notice)).toEqual({ kind: 'refetch' });
      const after = applied(applyCopSessionNotice(screen, signed(notice)));
      expect(after.view).toEqual(s.view(screen.viewer, NAMES, screen.now).view);
    }
    const forged = { ...notice, change: { ...notice.change, answer: 'Forged' } };
    expect(
      applyCopSessionNotice(screens[1] ?? null, { ...forged, sig: signed(notice).sig }),
    ).toEqual({ kind: 'refetch' });
    expect(
      parseCopSessionChange({ t: 'checkin', by: A, at: 1, pass: true, answer: 'x' }),
    ).toBeNull();
    expect(
      parseCopSessionChange({ t: 'checkin', by: A, at: 1, pass: false, answer: 'a\nb' }),
    ).toBeNull();
  });

  it('given a takeaway notice that is unsigned, signed by another key, signed for another board or altered, when heard, then the screen reads and shows none of its text', () => {
    const s = plenary();
    const screen = keyed(s.view(ME));
    const notice = s.notice(A, { type: 'addTakeaway', takeawayId: 't1', text: 'Genuine' });
    const forged = {
      ...notice,
      change: { ...notice.change, item: { ...(notice.change?.item as object), text: 'Forged' } },
    };
    const cases: Notice[] = [
      notice,
      signed(notice, BOARD, stranger),
      signed(notice, '98305.another-macro'),
      { ...forged, sig: signed(notice).sig },
    ];
    for (const heard of cases) {
      expect(applyCopSessionNotice(screen, heard)).toEqual({ kind: 'refetch' });
    }
    // Without a key (a view from before the key, or storage failed): reads.
    expect(applyCopSessionNotice({ ...screen, noticeKey: null }, signed(notice))).toEqual({
      kind: 'refetch',
    });
  });

  it('given a signed notice whose author or owner the screen has no name for, when heard, then it reads (the name)', () => {
    const s = plenary();
    const few = { [FAC]: 'Fay', [ME]: 'Me', [A]: 'Ann' };
    const screen = keyed(s.view(ME, few));
    const byB = signed(s.notice(B, { type: 'addTakeaway', takeawayId: 't9', text: 'Hi' }));
    expect(applyCopSessionNotice(screen, byB).kind).toBe('refetch');
    const forB = signed(
      s.notice(A, { type: 'addActionItem', actionItemId: 'a9', text: 'Do', owner: B, due: null }),
    );
    expect(applyCopSessionNotice(screen, forB).kind).toBe('refetch');
  });

  it('given off-shape takeaway changes, when parsed, then they are refused (the screen reads)', () => {
    const item = { id: 't1', author: A, text: 'Ok', addedAt: 1 };
    expect(parseCopSessionChange({ t: 'takeaway', author: A, id: 't1', item })).toEqual({
      t: 'takeaway',
      author: A,
      id: 't1',
      item,
    });
    expect(parseCopSessionChange({ t: 'takeaway', author: B, id: 't1', item })).toBeNull();
    expect(
      parseCopSessionChange({ t: 'takeaway', author: A, id: 't1', item: { ...item, x: 1 } }),
    ).toBeNull();
    expect(
      parseCopSessionChange({
        t: 'takeaway',
        author: A,
        id: 't1',
        item: { ...item, text: 'x'.repeat(501) },
      }),
    ).toBeNull();
    expect(parseCopSessionChange({ t: 'action', author: A, id: 'a b', item: null })).toBeNull();
    expect(
      parseCopSessionChange({
        t: 'action',
        author: A,
        id: 'a1',
        item: { id: 'a1', author: A, text: 'Do', owner: null, due: '2026-02-30', addedAt: 1 },
      }),
    ).toBeNull();
  });
});

describe('CoP Session names carried by signed notices (screens)', () => {
  const BOARD = '98305.cop-session';
  const server = testSigner();
  const { key } = server;
  const keyed = (view: CopSessionView): CopSessionView => ({
    ...view,
    noticeKey: { key, board: BOARD },
  });
  /** The notice as the backend publishes it, with `names`, signed for BOARD (or not). */
  const carrying = (notice: Notice, names: Record<string, string>, signed = true): Notice => {
    const withNames = { ...notice, names };
    const sig = signed ? server.sign(BOARD, withNames) : undefined;
    const parsed = parseNotice(
      JSON.stringify(sig === undefined ? withNames : { ...withNames, sig }),
    );
    if (parsed === null) throw new Error('not a notice');
    return parsed;
  };

  it('given a member whose screen has not got a joiner’s name, when a signed join carries it, then the attendance grows and the name shows, as a read would, without a read; unsigned names are not taken', () => {
    const s = new Session();
    s.run(FAC, { type: 'setTopic', topic: { title: 'Retros', backlogTopicId: null } });
    s.run(ME, { type: 'join' });
    const before = keyed(s.view(ME, { [ME]: 'Me', [FAC]: 'Fay' }));
    const join = s.notice(A, { type: 'join' });
    expect(applyCopSessionNotice(before, carrying(join, { [A]: 'Ann' }, false)).kind).toBe(
      'refetch',
    );
    const after = applied(applyCopSessionNotice(before, carrying(join, { [A]: 'Ann' })));
    expect(after.view).toEqual(s.view(ME, NAMES, before.now).view);
    expect(after.names[A]).toBe('Ann');
  });

  it('given a signed takeaway and action item by people the screen has not named, when their names come with them, then they are listed with those names, without a read', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    while (s.state.phase.kind !== 'plenary') s.run(FAC, { type: 'next' });
    let screen = keyed(s.view(ME, { [ME]: 'Me', [FAC]: 'Fay' }));
    const take = s.notice(B, { type: 'addTakeaway', takeawayId: 't1', text: 'Rotate' });
    screen = applied(applyCopSessionNotice(screen, carrying(take, { [B]: 'Ben' })));
    const act = s.notice(A, {
      type: 'addActionItem',
      actionItemId: 'a1',
      text: 'Book a room',
      owner: B,
      due: null,
    });
    screen = applied(applyCopSessionNotice(screen, carrying(act, { [A]: 'Ann', [B]: 'Ben' })));
    expect(screen.view).toEqual(s.view(ME, NAMES, screen.now).view);
    expect(screen.names).toMatchObject({ [A]: 'Ann', [B]: 'Ben' });
  });

  it('given names of the wrong shape on a signed notice, when parsed, then the notice is refused', () => {
    const base = { kind: 'join', version: 1, sig: 'a'.repeat(86) };
    expect(parseNotice({ ...base, names: { 'x y': 'Ann' } })).toBeNull();
    expect(parseNotice({ ...base, names: { [A]: '' } })).toBeNull();
    expect(parseNotice({ ...base, names: { [A]: 'x'.repeat(256) } })).toBeNull();
    expect(parseNotice({ ...base, names: { a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' } })).toBeNull();
    expect(parseNotice({ ...base, names: { [A]: 'Ann' } })?.names).toEqual({ [A]: 'Ann' });
    // Without a signature, names are dropped: they could only be trusted with one.
    expect(parseNotice({ kind: 'join', version: 1, names: { [A]: 'Ann' } })).toEqual({
      kind: 'join',
      version: 1,
    });
  });
});

describe('CoP Session sealed notes (a group’s screens apply its notes without a read)', () => {
  const BOARD = '98305.cop-session';
  const server = testSigner();
  const keyOf = (label: string): Buffer => createHash('sha256').update(label).digest();
  const GROUP_KEYS = { 1: keyOf('group 1'), 2: keyOf('group 2') } as const;
  const b64 = (key: Buffer): string => key.toString('base64url');

  /** A session in its breakouts; `mine` is ME's group, `mate` shares it, `stranger` does not. */
  function breakouts() {
    const s = setUp();
    for (const who of [C, D]) s.run(who, { type: 'join' });
    s.run(FAC, { type: 'start' });
    while (s.state.phase.kind !== 'breakouts') s.run(FAC, { type: 'next' });
    const mine = s.view(ME).view.myGroup ?? 1;
    const other = mine === 1 ? 2 : 1;
    const mate = [A, B, C, D].find((who) => s.view(who).view.myGroup === mine) ?? '';
    const stranger = [A, B, C, D].find((who) => s.view(who).view.myGroup === other) ?? '';
    expect([mate, stranger]).not.toContain('');
    return { s, mine, other, mate, stranger };
  }

  /** A screen of `who` holding the keys of the groups it shows, as the view hands them out. */
  const screenOf = (s: Session, who: string): CopSessionView => {
    const view = s.view(who);
    const noteKeys = Object.fromEntries(
      view.view.groups.map((g) => [String(g.number), b64(GROUP_KEYS[g.number as 1 | 2])]),
    );
    return { ...view, noticeKey: { key: server.key, board: BOARD }, noteKeys };
  };

  /** The box of note `noteId` on `board` as the state holds it now (what the backend seals). */
  const boxOf = (s: Session, board: 1 | 2, noteId: string, key = GROUP_KEYS[board]): string => {
    const revisions = revisionsOf(s.state.notes, board, noteId);
    const merged = joinSeen(revisions.map((r) => r.seen));
    const sealed = sealWith(key, { noteId, merged, note: viewNote(revisions) });
    if (sealed === undefined) throw new Error('too long to seal');
    return sealed;
  };

  /** The notice of a note command, sealed with `box` (default: as the backend seals it), signed. */
  const sealedNotice = (
    s: Session,
    actor: string,
    command: Extract<CopSessionCommand, { board: unknown }>,
    box?: (board: 1 | 2, noteId: string) => string,
  ): Notice => {
    const plain = s.notice(actor, command);
    const board = command.board as 1 | 2;
    const sealed = (box ?? ((b, id) => boxOf(s, b, id)))(board, command.noteId);
    const notice = { ...plain, change: { t: 'note', board, sealed } };
    const parsed = parseNotice(JSON.stringify({ ...notice, sig: server.sign(BOARD, notice) }));
    if (parsed === null) throw new Error('not a notice');
    return parsed;
  };

  it('given the breakouts, when notes are added, edited (concurrently too) and deleted in my group, then my screen and the facilitator’s show what a read shows without a read, and the other group’s screen shows no change', () => {
    const { s, mine, mate, stranger } = breakouts();
    let me = screenOf(s, ME);
    let fac = screenOf(s, FAC);
    const theirs = screenOf(s, stranger);
    const board = mine as 1 | 2;
    const steps: [string, () => Extract<CopSessionCommand, { board: unknown }>][] = [
      [mate, () => ({ type: 'addNote', noteId: 'n1', board, text: 'Pair <b>retros</b>' })],
      [ME, () => ({ type: 'addNote', noteId: 'n2', board, text: 'Second' })],
      [ME, () => ({ type: 'editNote', noteId: 'n1', board, text: 'Mine', seen: { [mate]: 1 } })],
      // The mate edits from the same text: a concurrent edit, shown beside the latest.
      [
        mate,
        () => ({ type: 'editNote', noteId: 'n1', board, text: 'Theirs', seen: { [mate]: 1 } }),
      ],
      [ME, () => ({ type: 'deleteNote', noteId: 'n2', board, seen: { [ME]: 1 } })],
    ];
    for (const [who, command] of steps) {
      const notice = sealedNotice(s, who, command());
      me = applied(applyCopSessionNotice(me, notice));
      fac = applied(applyCopSessionNotice(fac, notice));
      expect(applyCopSessionNotice(theirs, notice)).toEqual({ kind: 'known' });
      expect(me.view).toEqual(s.view(ME, NAMES, me.now).view);
      expect(fac.view).toEqual(s.view(FAC, NAMES, fac.now).view);
    }
    const [n1] = me.view.groups.find((g) => g.number === mine)?.notes ?? [];
    expect(n1?.conflicts).toHaveLength(1);
  });

  it('given a sealed note, when it is unsigned, altered, sealed with another group’s key, for a screen without the key, stale, or naming an editor the screen has no name for, then the screen reads and shows none of it', () => {
    const { s, mine, other, mate } = breakouts();
    const board = mine as 1 | 2;
    const add = { type: 'addNote', noteId: 'n1', board, text: 'Secret' } as const;
    const genuine = sealedNotice(s, mate, add);
    const screen = screenOf(s, ME);
    const sealed = (genuine.change as { sealed: string }).sealed;
    const resigned = (change: unknown): Notice => {
      const notice = { ...genuine, change };
      const parsed = parseNotice(JSON.stringify({ ...notice, sig: server.sign(BOARD, notice) }));
      if (parsed === null) throw new Error('not a notice');
      return parsed;
    };
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    const otherKeyed = boxOf(s, board, 'n1', GROUP_KEYS[other as 1 | 2]);
    const { sig: _sig, ...unsigned } = genuine;
    const cases: [string, CopSessionView, Notice][] = [
      ['unsigned', screen, unsigned],
      ['altered', screen, resigned({ t: 'note', board, sealed: flipped })],
      ['another group’s key', screen, resigned({ t: 'note', board, sealed: otherKeyed })],
      ['no key on screen', { ...screen, noteKeys: {} }, genuine],
      ['an old view without keys', { ...screen, noteKeys: undefined } as never, genuine],
      ['no name for the editor', { ...screen, names: { [ME]: 'Me' } }, genuine],
    ];
    for (const [label, view, notice] of cases) {
      const verdict = applyCopSessionNotice(view, notice);
      expect([label, verdict.kind]).toEqual([label, 'refetch']);
    }
    // The box names the board it was sealed for: relabelled for the other board, it is refused.
    const relabelled = resigned({ t: 'note', board: other, sealed });
    const facScreen = screenOf(s, FAC);
    expect(applyCopSessionNotice(facScreen, relabelled).kind).toBe('refetch');
    // Stale: the screen already shows a later edit than the box's writer had read.
    const later = applied(applyCopSessionNotice(screen, genuine));
    const edit = sealedNotice(s, ME, {
      type: 'editNote',
      noteId: 'n1',
      board,
      text: 'Later',
      seen: { [mate]: 1 },
    });
    const newer = applied(applyCopSessionNotice(later, edit));
    expect(applyCopSessionNotice(newer, genuine).kind).toBe('refetch');
  });
});

describe('CoP Session step moves (every screen follows the facilitator without a read)', () => {
  const BOARD = '98305.cop-session';
  const server = testSigner();
  const stranger = testSigner();
  const keyed = (view: CopSessionView): CopSessionView => ({
    ...view,
    noticeKey: { key: server.key, board: BOARD },
  });

  /** The facilitator's transition and the notice the backend publishes for it, signed by `by`. */
  const move = (s: Session, command: CopSessionCommand, by = server) => {
    const before = s.state;
    const events = s.run(FAC, command);
    const change = stepChange(events, { before, after: s.state, now: s.now });
    const notice = {
      kind: command.type,
      version: s.version,
      ...(change === null ? {} : { change }),
    };
    const parsed = parseNotice(JSON.stringify({ ...notice, sig: by.sign(BOARD, notice) }));
    if (parsed === null) throw new Error('not a notice');
    return { change, notice: parsed };
  };

  function at(s: Session, phase: string): void {
    s.run(FAC, { type: 'start' });
    while (s.state.phase.kind !== phase) s.run(FAC, { type: 'next' });
  }

  it('given the readout, when the facilitator moves to the plenary, the takeaways and back, or extends a step, then the facilitator’s, the lead’s, a member’s and an added attendee’s screens show what a read shows at that instant, at the new version, without a read', () => {
    const s = setUp();
    s.run(FAC, { type: 'setLead', lead: { kind: 'member', accountId: A } });
    s.run(FAC, { type: 'addAttendee', accountId: C });
    at(s, 'readout');
    const viewers = [FAC, A, ME, C];
    let screens = viewers.map((who) => keyed(s.view(who)));
    const commands: CopSessionCommand[] = [
      { type: 'next' },
      { type: 'extend', minutes: 5 },
      { type: 'next' },
      { type: 'back' },
    ];
    for (const command of commands) {
      const { change, notice } = move(s, command);
      expect(change?.t).toBe('step');
      screens = screens.map((screen, i) => {
        const next = applied(applyCopSessionNotice(screen, notice));
        const read = keyed(s.view(viewers[i] ?? '', NAMES, s.now));
        expect(next).toEqual(read);
        return next;
      });
    }
    expect(screens[0]?.view.canDo).toContain('end');
    expect(screens[2]?.view.canDo).toContain('addTakeaway');
  });

  it('given the check-in, when the facilitator moves to the introduction, then checking in is no longer on anyone’s screen, as a read shows', () => {
    const s = setUp();
    s.run(FAC, { type: 'start' });
    const before = keyed(s.view(ME));
    expect(before.view.canDo).toContain('answerCheckIn');
    const { notice } = move(s, { type: 'next' });
    const after = applied(applyCopSessionNotice(before, notice));
    expect(after.view.phase).toBe('introduction');
    expect(after.view.canDo).not.toContain('answerCheckIn');
    expect(after).toEqual(keyed(s.view(ME, NAMES, s.now)));
  });

  it('given a move that forms groups, shows or hides them, starts or ends the session, then its notice carries no step and screens read', () => {
    const s = setUp();
    const start = move(s, { type: 'start' });
    expect(start.change).toBeNull();
    expect(move(s, { type: 'next' }).change?.t).toBe('step'); // check-in → introduction
    expect(move(s, { type: 'next' }).change).toBeNull(); // the breakouts form the groups
    expect(move(s, { type: 'next' }).change).toBeNull(); // the readout shows every group
    expect(move(s, { type: 'back' }).change).toBeNull(); // back to the breakouts hides them
    expect(move(s, { type: 'extend', minutes: 5 }).change?.t).toBe('step');
    expect(move(s, { type: 'end' }).change).toBeNull();
  });

  it('given a step notice that is unsigned, signed by another key, skips a version, or reaches a screen at its version, then the screen reads (or knows it) and never moves on its own', () => {
    const s = setUp();
    at(s, 'readout');
    const screen = keyed(s.view(ME));
    const { notice } = move(s, { type: 'next' });
    const { sig: _sig, ...unsigned } = notice;
    expect(applyCopSessionNotice(screen, unsigned)).toEqual({ kind: 'refetch', transition: true });
    const forged = move(s, { type: 'back' }, stranger).notice;
    const behind = { ...screen, version: forged.version - 1 };
    expect(applyCopSessionNotice(behind, forged)).toEqual({ kind: 'refetch', transition: true });
    // Two versions ahead: a transition between was missed.
    expect(applyCopSessionNotice(screen, forged)).toEqual({ kind: 'refetch', transition: true });
    const current = applied(applyCopSessionNotice(screen, notice));
    expect(applyCopSessionNotice(current, notice)).toEqual({ kind: 'known' });
    // Without the key (a view from before signing): it reads.
    expect(applyCopSessionNotice({ ...screen, noticeKey: null }, notice).kind).toBe('refetch');
  });

  it('given forged step shapes, when parsed, then anything off-shape is refused', () => {
    const s = setUp();
    at(s, 'readout');
    const { change } = move(s, { type: 'next' });
    if (change === null) throw new Error('no step');
    expect(parseCopSessionChange(JSON.parse(JSON.stringify(change)))).toEqual(change);
    const [first] = change.agenda;
    const off: unknown[] = [
      { ...change, phase: 'ended' },
      { ...change, now: -1 },
      { ...change, extra: 1 },
      { ...change, agenda: [{ ...first, label: '<b>Hi</b>' }] },
      { ...change, agenda: [{ ...first, status: 'skipped' }] },
      { ...change, step: { ...change.step, fractionRemaining: 2 } },
      { ...change, meeting: { ...change.meeting, isOver: 'no' } },
      { ...change, agenda: 'all' },
    ];
    for (const v of off) expect(parseCopSessionChange(v)).toBeNull();
  });
});
