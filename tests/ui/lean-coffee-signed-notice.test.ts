/**
 * Lean Coffee's signed notices (static/src/lean-coffee/apply-notice.ts), pure, on views the domain
 * itself computes (the projections `boardView` assembles, over a folded board): a topic, takeaway
 * or action item carried by a notice the backend signed for this board is applied, and the result
 * is what a read after the event shows; an unsigned one, a forged or altered one, or one signed for
 * another board is a read, and the view is unchanged.
 */
import type { LeanCoffeeView } from '../../src/contract/lean-coffee';
import type { NoticeKey } from '../../src/contract/notice-signature';
import { parseLeanCoffeeChange } from '../../src/contract/notices';
import {
  board,
  byAdded,
  decide,
  evolve,
  foldLeanCoffee,
  LC_TAKEAWAYS_PER_PERSON,
  liveValues,
  meetingClock,
  participantDots,
  thumbsRound,
  wrapUpList,
  type LeanCoffeeCommand,
  type LeanCoffeeEvent,
  type LeanCoffeeSettingsInput,
  type LeanCoffeeState,
} from '../../src/domain/lean-coffee';
import { leanCoffeeNotice } from '../../src/services/lean-coffee-notice';
import { applyLeanCoffeeNotice } from '../../static/src/lean-coffee/apply-notice';
import { parseNotice, type Notice } from '../../static/src/live-feed';
import { testSigner, type TestSigner } from './support/signer';

const FAC = '557058:fac';
const ME = '557058:me';
const A = '557058:a';
const B = '557058:b';
const NAMES: Record<string, string> = { [FAC]: 'Fay', [ME]: 'Me', [A]: 'Ann', [B]: 'Ben' };
const T0 = 1_764_000_000_000;
const BOARD = 'page-1/macro-1';

const SERVER = testSigner();

/** A board the domain folds; each step is a command by someone a second later. */
class Meeting {
  state: LeanCoffeeState;
  now = T0;
  version = 1;
  constructor(settings: LeanCoffeeSettingsInput = {}) {
    this.state = foldLeanCoffee([
      {
        type: 'LeanCoffeeCreated',
        v: 1,
        settings: { ...foldLeanCoffee([]).settings, ...settings },
        at: T0,
      },
    ]);
  }
  run(actor: string, command: LeanCoffeeCommand): LeanCoffeeEvent[] {
    this.now += 1000;
    const decided = decide(this.state, command, {
      actor,
      now: this.now,
      isFacilitator: actor === FAC,
    });
    if (!decided.ok) throw new Error(`${command.type}: ${decided.error.message}`);
    this.state = decided.value.reduce(evolve, this.state);
    return decided.value;
  }
  /** A facilitator transition (bumps the version). */
  step(command: LeanCoffeeCommand): void {
    this.run(FAC, command);
    this.version += 1;
  }
  /** A participant's command and the notice the server signs and publishes for it. */
  act(actor: string, command: LeanCoffeeCommand, key = SERVER, board = BOARD): Notice {
    const events = this.run(actor, command);
    const made = leanCoffeeNotice({
      kind: command.type,
      command,
      events,
      version: this.version,
      state: this.state,
    });
    const unsigned = { ...made, version: this.version };
    return asNotice({ ...unsigned, sig: key.sign(board, unsigned) });
  }
  /** What `leanCoffee/state` answers `viewer` now (src/services/lean-coffee.ts `boardView`). */
  view(viewer: string, at = this.now): LeanCoffeeView {
    const s = this.state;
    const takeaways = liveValues(s.takeaways).sort(byAdded);
    const actionItems = liveValues(s.actionItems).sort(byAdded);
    const shown = board(s, at, viewer);
    const cards = [
      ...shown.toDiscuss,
      ...(shown.discussing ? [shown.discussing] : []),
      ...shown.done,
    ];
    const ids = [
      FAC,
      viewer,
      ...cards.map((c) => c.topic.author),
      ...takeaways.map((t) => t.author),
      ...actionItems.flatMap((i) => (i.owner === null ? [i.author] : [i.author, i.owner])),
    ];
    const dots = participantDots(s, viewer);
    const noticeKey: NoticeKey = { key: SERVER.key, board: BOARD };
    return {
      version: this.version,
      now: at,
      viewer,
      phase: s.phase.kind,
      facilitator: FAC,
      isFacilitator: viewer === FAC,
      settings: s.settings,
      board: shown,
      dots: { allocation: dots.allocation, used: dots.used, left: dots.left },
      meeting: meetingClock(s, at),
      thumbs: thumbsRound(s, at, viewer),
      takeaways,
      actionItems,
      wrapUp: wrapUpList(s),
      endedAt: s.endedAt,
      names: Object.fromEntries(ids.map((id) => [id, NAMES[id] ?? id])),
      notes: null,
      sessions: [],
      noticeKey,
    };
  }
}

function asNotice(n: unknown): Notice {
  const parsed = parseNotice(n);
  if (parsed === null) throw new Error('not a notice');
  return parsed;
}

/** The discussing phase with the first topic running, proposed by A and B. */
function discussing(): { m: Meeting; running: string } {
  const m = new Meeting();
  m.run(A, { type: 'proposeTopic', topicId: 'ta', title: 'Retros' });
  m.run(B, { type: 'proposeTopic', topicId: 'tb', title: 'Pairing' });
  m.step({ type: 'openVoting' });
  m.step({ type: 'closeVoting' });
  m.step({ type: 'startTopic' });
  const running = m.state.phase.kind === 'discussing' ? m.state.phase.current?.topicId : undefined;
  if (running === undefined) throw new Error('no topic runs');
  return { m, running };
}

const applied = (view: LeanCoffeeView, notice: Notice): LeanCoffeeView => {
  const r = applyLeanCoffeeNotice(view, notice);
  if (r.kind !== 'apply' || r.data === null) throw new Error(`not applied: ${JSON.stringify(r)}`);
  return r.data;
};

describe('Lean Coffee signed notices', () => {
  it('given screens while proposing, when people propose, edit and delete topics, then each signed notice is applied and the screen equals a read, won\u2019t-fit marks and names included', () => {
    const m = new Meeting({ meetingMinutes: 20 });
    m.run(A, { type: 'proposeTopic', topicId: 't0', title: 'First' });
    m.run(B, {
      type: 'proposeTopic',
      topicId: 't1',
      title: 'Second',
      details: 'More',
      minutes: 10,
    });
    let screen = m.view(ME);
    const steps: [string, LeanCoffeeCommand][] = [
      [A, { type: 'proposeTopic', topicId: 't2', title: 'Third' }],
      [B, { type: 'proposeTopic', topicId: 't3', title: 'Fourth', minutes: 4 }],
      [B, { type: 'deleteTopic', topicId: 't3' }],
      [B, { type: 'editTopic', topicId: 't1', title: 'Second, edited', minutes: 2 }],
      [A, { type: 'deleteTopic', topicId: 't0' }],
      [B, { type: 'deleteTopic', topicId: 't1' }],
    ];
    for (const [who, command] of steps) {
      const notice = m.act(who, command);
      expect(notice.sig).toBeDefined();
      screen = applied(screen, notice);
      expect(screen).toEqual(m.view(ME, screen.now));
      expect(screen.version).toBe(m.version);
    }
    // B has nothing left on the board: a read no longer names them, nor does the screen.
    expect(Object.keys(screen.names).sort()).toEqual([A, FAC, ME].sort());
    expect(screen.board.toDiscuss.map((c) => c.topic.title)).toEqual(['Third']);
  });

  it('given visible tallies and a short meeting, when a long topic is proposed, then votes show 0 and the marks move exactly as a read marks them', () => {
    const m = new Meeting({ hiddenTallies: false, meetingMinutes: 10 });
    m.run(A, { type: 'proposeTopic', topicId: 't0', title: 'First', minutes: 8 });
    m.run(B, { type: 'proposeTopic', topicId: 't1', title: 'Short', minutes: 1 });
    const screen = applied(
      m.view(ME),
      m.act(B, { type: 'proposeTopic', topicId: 't2', title: 'Long', minutes: 5 }),
    );
    expect(screen).toEqual(m.view(ME, screen.now));
    expect(screen.board.toDiscuss.map((c) => [c.votes, c.wontFit])).toEqual([
      [0, false],
      [0, false],
      [0, true],
    ]);
  });

  it('given a running topic, when takeaways and action items are added, edited and deleted, then each signed notice is applied and the screen equals a read', () => {
    const { m, running } = discussing();
    let screen = m.view(ME);
    const steps: [string, LeanCoffeeCommand][] = [
      [A, { type: 'addTakeaway', takeawayId: 'k1', topicId: running, text: 'Keep it short' }],
      [B, { type: 'addTakeaway', takeawayId: 'k2', topicId: running, text: 'Rotate' }],
      [A, { type: 'editTakeaway', takeawayId: 'k1', text: 'Keep it shorter' }],
      [
        B,
        {
          type: 'addActionItem',
          actionItemId: 'i1',
          topicId: running,
          text: 'Book a room',
          owner: A,
          due: '2026-12-24',
        },
      ],
      [A, { type: 'addActionItem', actionItemId: 'i2', topicId: running, text: 'Write it up' }],
      [B, { type: 'editActionItem', actionItemId: 'i1', text: 'Book two rooms', owner: null }],
      [B, { type: 'deleteTakeaway', takeawayId: 'k2' }],
      [A, { type: 'deleteActionItem', actionItemId: 'i2' }],
    ];
    for (const [who, command] of steps) {
      screen = applied(screen, m.act(who, command));
      expect(screen).toEqual(m.view(ME, screen.now));
    }
    expect(screen.takeaways.map((t) => t.text)).toEqual(['Keep it shorter']);
    expect(screen.actionItems).toEqual([
      expect.objectContaining({ id: 'i1', text: 'Book two rooms', owner: null }),
    ]);
    // The same notices in wrap-up apply too.
    m.step({ type: 'startWrapUp' });
    screen = m.view(ME);
    screen = applied(
      screen,
      m.act(B, { type: 'addTakeaway', takeawayId: 'k3', topicId: running, text: 'Late one' }),
    );
    expect(screen).toEqual(m.view(ME, screen.now));
  });

  it('given a signed change, when the notice is unsigned, forged, signed for another board, signed by another key or its text altered, then the screen reads and its view is unchanged', () => {
    const { m, running } = discussing();
    const screen = m.view(ME);
    const before = JSON.stringify(screen);
    const notice = m.act(A, {
      type: 'addTakeaway',
      takeawayId: 'k1',
      topicId: running,
      text: 'Honest text',
    });
    const { sig, ...unsigned } = notice;
    expect(sig).toBeDefined();
    const change = notice.change as { takeaway: Record<string, unknown> };
    const tampered = {
      ...notice,
      change: { ...change, takeaway: { ...change.takeaway, text: 'Forged text' } },
    };
    const otherKey = testSigner();
    const resigned = (board: string, key: TestSigner) =>
      asNotice({ ...unsigned, sig: key.sign(board, unsigned) });
    const forged = [
      asNotice(unsigned),
      asNotice({ ...unsigned, sig: 'A'.repeat(86) }),
      asNotice(tampered),
      resigned('page-2/macro-1', SERVER),
      resigned(BOARD, otherKey),
    ];
    for (const n of forged) {
      expect(applyLeanCoffeeNotice(screen, n)).toEqual({ kind: 'refetch' });
    }
    // No key on the screen (an older read): reads, even for an honest notice.
    expect(applyLeanCoffeeNotice({ ...screen, noticeKey: null }, notice)).toEqual({
      kind: 'refetch',
    });
    expect(JSON.stringify(screen)).toBe(before);
    // The honest one applies.
    expect(applied(screen, notice).takeaways.map((t) => t.text)).toEqual(['Honest text']);
  });

  it('given signed changes this screen cannot rebuild, then it reads: a name it lacks, a phase that does not fit, a topic it does not show as discussed, a cap reached, a newer version', () => {
    const { m, running } = discussing();
    // An owner nobody on the board has named yet.
    const owner = '557058:new';
    const before = m.view(ME);
    const withOwner = m.act(A, {
      type: 'addActionItem',
      actionItemId: 'i1',
      topicId: running,
      text: 'Ask them',
      owner,
    });
    expect(applyLeanCoffeeNotice(before, withOwner).kind).toBe('refetch');
    // A screen still showing an older phase (proposing) for a takeaway.
    const early = new Meeting();
    early.run(A, { type: 'proposeTopic', topicId: 'ta', title: 'Retros' });
    const take = m.act(A, { type: 'addTakeaway', takeawayId: 'k1', topicId: running, text: 'x' });
    expect(
      applyLeanCoffeeNotice({ ...early.view(ME), noticeKey: m.view(ME).noticeKey }, take).kind,
    ).toBe('refetch');
    // The takeaway's topic is not shown as discussed on this screen.
    const v = m.view(ME);
    const noRunning = { ...v, board: { ...v.board, discussing: null } };
    const k2 = m.act(B, { type: 'addTakeaway', takeawayId: 'k2', topicId: running, text: 'y' });
    expect(applyLeanCoffeeNotice(noRunning, k2).kind).toBe('refetch');
    // A's takeaways at the per-person cap: one more (or one fewer) may change which are shown.
    const capped = m.view(ME);
    const full = {
      ...capped,
      takeaways: Array.from({ length: LC_TAKEAWAYS_PER_PERSON }, (_, i) => ({
        id: `c${String(i).padStart(2, '0')}`,
        topicId: running,
        author: A,
        text: `t${i}`,
        addedAt: T0 + i,
      })),
    };
    const more = m.act(A, { type: 'addTakeaway', takeawayId: 'k9', topicId: running, text: 'z' });
    expect(applyLeanCoffeeNotice(full, more).kind).toBe('refetch');
    // A newer version than the screen's: a missed transition.
    expect(applyLeanCoffeeNotice({ ...m.view(ME), version: m.version - 1 }, more)).toEqual({
      kind: 'refetch',
      transition: true,
    });
    // A deletion of something never shown is known.
    const gone = m.act(B, { type: 'deleteTakeaway', takeawayId: 'k2' });
    expect(applyLeanCoffeeNotice(before, gone)).toEqual({ kind: 'known' });
  });

  it('given malformed changes, then the parse refuses them: bad ids, accounts, lengths, types and unknown keys', () => {
    const topic = {
      id: 't1',
      title: 'Title',
      details: '',
      minutes: 8,
      author: A,
      proposedAt: T0,
    };
    expect(parseLeanCoffeeChange({ t: 'topic', topic })).toEqual({ t: 'topic', topic });
    for (const bad of [
      { t: 'topic', topic: { ...topic, id: '' } },
      { t: 'topic', topic: { ...topic, id: ' t1' } },
      { t: 'topic', topic: { ...topic, id: 'x'.repeat(101) } },
      { t: 'topic', topic: { ...topic, title: '' } },
      { t: 'topic', topic: { ...topic, title: 'x'.repeat(121) } },
      { t: 'topic', topic: { ...topic, details: 'x'.repeat(501) } },
      { t: 'topic', topic: { ...topic, minutes: 31 } },
      { t: 'topic', topic: { ...topic, minutes: 1.5 } },
      { t: 'topic', topic: { ...topic, author: '<img src=x>' } },
      { t: 'topic', topic: { ...topic, proposedAt: -1 } },
      { t: 'topic', topic: { ...topic, extra: 1 } },
      { t: 'topic', topic, extra: 1 },
      { t: 'topic', id: 't1', gone: false },
      { t: 'topic', id: 't1', gone: true, text: 'x' },
      {
        t: 'takeaway',
        takeaway: { id: 'k', topicId: 't', author: A, text: 'x'.repeat(501), addedAt: 1 },
      },
      { t: 'takeaway', takeaway: { id: 'k', topicId: 't', author: A, text: 'x' } },
      {
        t: 'action',
        action: {
          id: 'i',
          topicId: 't',
          author: A,
          text: 'x'.repeat(301),
          owner: null,
          addedAt: 1,
        },
      },
      {
        t: 'action',
        action: { id: 'i', topicId: 't', author: A, text: 'x', owner: 'a b', addedAt: 1 },
      },
      {
        t: 'action',
        action: {
          id: 'i',
          topicId: 't',
          author: A,
          text: 'x',
          owner: null,
          due: '2026-02-30',
          addedAt: 1,
        },
      },
      { t: 'action', action: { id: 'i', topicId: 't', author: A, text: 'x', addedAt: 1 } },
    ]) {
      expect(parseLeanCoffeeChange(bad)).toBeNull();
    }
    const emoji = '\u{1F600}'.repeat(500);
    expect(
      parseLeanCoffeeChange({
        t: 'takeaway',
        takeaway: { id: 'k', topicId: 't', author: A, text: emoji, addedAt: 1 },
      }),
    ).not.toBeNull();
  });

  it('given the largest records the rules accept, then the notice carries them and stays far below what a screen reads', () => {
    const m = new Meeting();
    const quote = '"'.repeat(120);
    const notice = m.act(A, {
      type: 'proposeTopic',
      topicId: 'x'.repeat(100),
      title: quote,
      details: '\\'.repeat(500),
    });
    expect(notice.change).toMatchObject({ t: 'topic' });
    expect(JSON.stringify(notice).length).toBeLessThan(4096);
  });
});
