/**
 * The games' notice rules (static/src/<game>/apply-notice.ts), pure: what a notice that carries the
 * change does to a view, and what it must never do — change the version, put text on screen, or
 * accept ids the view does not show where they should be. Anything it cannot rebuild is a read.
 */
import type { LeanCoffeeView } from '../../src/contract/lean-coffee';
import type { ThirtyFiveStateView } from '../../src/contract/thirty-five';
import { parseThirtyFiveChange } from '../../src/contract/notices';
import { parseNotice, transitionAmong, type Notice } from '../../static/src/live-feed';
import { applyLeanCoffeeNotice } from '../../static/src/lean-coffee/apply-notice';
import { applyThirtyFiveNotice } from '../../static/src/thirty-five/apply-notice';
import { notStartedView } from '../../src/services/thirty-five-view';
import { testSigner } from './support/signer';

const ME = '557058:me';
const A = '557058:a';
const B = '557058:b';
const C = '557058:c';
const D = '557058:d';

const notice = (n: unknown): Notice => {
  const parsed = parseNotice(n);
  if (parsed === null) throw new Error('not a notice');
  return parsed;
};

const collecting = (over: Partial<ThirtyFiveStateView> = {}): ThirtyFiveStateView => ({
  ...notStartedView(ME),
  version: 3,
  phase: 'collecting',
  step: 'wait-for-deal',
  startedBy: A,
  players: [A, ME],
  cardCount: 2,
  view: { phase: 'collecting', role: 'player', myCard: 'mine', cardCount: 2 },
  ...over,
});

const inRound = (over: Partial<ThirtyFiveStateView> = {}): ThirtyFiveStateView => ({
  ...notStartedView(ME),
  version: 7,
  phase: 'round',
  step: 'propose',
  startedBy: A,
  players: [A, B, C, D, ME].sort(),
  cardCount: 5,
  view: {
    phase: 'round',
    role: 'player',
    round: 2,
    rounds: 5,
    points: 7,
    myCard: { id: 'k1', text: 'mine' },
    seat: {
      kind: 'pair',
      partner: D,
      mine: { id: 'k2', text: 'x' },
      theirs: { id: 'k3', text: 'y' },
      myRecord: null,
      partnerRecord: null,
      locked: null,
    },
  },
  progress: {
    round: 2,
    rounds: 5,
    pairsTotal: 2,
    pairsConfirmed: 0,
    missing: [B, C, D, ME].sort(),
    byes: [A],
  },
  ...over,
});

describe('Thirty Five notice rule', () => {
  it('given a player in collecting, when someone new joins, then the count and roster grow without a read and the version stays', () => {
    const v = collecting();
    const r = applyThirtyFiveNotice(
      v,
      notice({ kind: 'card', version: 3, change: { t: 'card', by: B, first: true } }),
    );
    expect(r.kind).toBe('apply');
    if (r.kind !== 'apply') return;
    expect(r.data.version).toBe(3);
    expect(r.data.players).toEqual([A, B, ME].sort());
    expect(r.data.cardCount).toBe(3);
    expect(r.data.view).toEqual({ ...v.view, cardCount: 3 });
  });

  it('given a join, when the screen is the facilitator, the joiner itself, or a player already in, then it reads (names, own card) or knows', () => {
    const join = (by: string) =>
      notice({ kind: 'card', version: 3, change: { t: 'card', by, first: true } });
    expect(applyThirtyFiveNotice(collecting({ isFacilitator: true }), join(B)).kind).toBe(
      'refetch',
    );
    expect(applyThirtyFiveNotice(collecting({ players: [A] }), join(ME)).kind).toBe('refetch');
    expect(applyThirtyFiveNotice(collecting(), join(A))).toEqual({ kind: 'known' });
    const edited = notice({ kind: 'card', version: 3, change: { t: 'edited' } });
    expect(applyThirtyFiveNotice(collecting(), edited)).toEqual({ kind: 'known' });
  });

  it('given a round, when someone outside my pair proposes, then nothing is read; when my partner proposes, I read', () => {
    const v = inRound();
    const p = (by: string) =>
      notice({ kind: 'split', version: 7, change: { t: 'proposed', round: 2, by } });
    expect(applyThirtyFiveNotice(v, p(B))).toEqual({ kind: 'known' });
    expect(applyThirtyFiveNotice(v, p(D)).kind).toBe('refetch');
    expect(applyThirtyFiveNotice(v, p(ME)).kind).toBe('refetch');
    // Someone the screen shows as agreed (or not playing) cannot propose: read.
    expect(applyThirtyFiveNotice(v, p(A)).kind).toBe('refetch');
  });

  it('given a round, when another pair agrees, then both leave "still to agree" without a read; my own pair unsigned, a facilitator unsigned, a replay, or a half-known pair read or know', () => {
    const v = inRound();
    const lock = (pair: [string, string], round = 2) =>
      notice({ kind: 'split', version: 7, change: { t: 'locked', round, pair } });
    const r = applyThirtyFiveNotice(v, lock([B, C]));
    expect(r.kind).toBe('apply');
    if (r.kind !== 'apply') return;
    expect(r.data.progress).toEqual({ ...v.progress, pairsConfirmed: 1, missing: [D, ME].sort() });
    expect(r.data.version).toBe(7);
    expect(applyThirtyFiveNotice(r.data, lock([B, C]))).toEqual({ kind: 'known' });
    expect(applyThirtyFiveNotice(v, lock([D, ME])).kind).toBe('refetch');
    expect(applyThirtyFiveNotice(inRound({ isFacilitator: true }), lock([B, C])).kind).toBe(
      'refetch',
    );
    expect(applyThirtyFiveNotice(v, lock([B, A])).kind).toBe('refetch');
    expect(applyThirtyFiveNotice(v, lock([B, C], 3)).kind).toBe('refetch');
  });

  it('given my own pair agreeing, when the backend signed the notice naming the proposal my screen holds, then the lock is rebuilt without a read; unsigned, another key, another board, an altered notice or another proposal read', () => {
    const signer = testSigner();
    const board = '98305.t35';
    const noticeKey = { key: signer.key, board };
    const points = { k2: 4, k3: 3 };
    const proposed = { kind: 'proposed', points, at: 1_000 } as const;
    const seat = (mine: unknown, theirs: unknown) => {
      const base = inRound({ noticeKey, canAdmit: false });
      if (base.view?.phase !== 'round' || base.view.seat?.kind !== 'pair') throw new Error('seat');
      return inRound({
        noticeKey,
        canAdmit: false,
        view: {
          ...base.view,
          seat: { ...base.view.seat, myRecord: mine, partnerRecord: theirs } as never,
        },
      });
    };
    const signed = (change: Record<string, unknown>, on = board) => {
      const unsigned = { kind: 'split', version: 7, change };
      return notice({ ...unsigned, sig: signer.sign(on, unsigned) });
    };
    const lock = { t: 'locked', round: 2, pair: [D, ME].sort() };
    const confirmedBy = (by: string, of = 1_000) => ({ ...lock, by, at: 2_000, of });

    // I proposed, my partner confirmed.
    const mine = applyThirtyFiveNotice(seat(proposed, null), signed(confirmedBy(D)));
    expect(mine.kind).toBe('apply');
    if (mine.kind !== 'apply') return;
    const confirmation = { kind: 'confirmed', points, at: 2_000 };
    expect(mine.data.view).toMatchObject({
      seat: { myRecord: proposed, partnerRecord: confirmation, locked: points },
    });
    expect(mine.data.step).toBe('wait-for-round');
    expect(mine.data.version).toBe(7);
    expect(mine.data.progress).toMatchObject({ pairsConfirmed: 1, missing: [B, C] });
    expect(mine.data.canAdmit).toBe(false); // B and C still to agree
    // My partner proposed, I confirmed (another screen of mine, say).
    const theirs = applyThirtyFiveNotice(seat(null, proposed), signed(confirmedBy(ME)));
    expect(theirs.kind === 'apply' && theirs.data.view).toMatchObject({
      seat: { myRecord: confirmation, partnerRecord: proposed, locked: points },
    });
    // The last pair to agree: the round is between rounds, so a late arrival can be admitted.
    const last = seat(proposed, null);
    const lastOne = applyThirtyFiveNotice(
      {
        ...last,
        canStartRound: true,
        progress: { ...last.progress!, pairsConfirmed: 1, missing: [D, ME].sort() },
      },
      signed(confirmedBy(D)),
    );
    expect(lastOne.kind === 'apply' && lastOne.data.canAdmit).toBe(true);

    const reads = [
      notice({ kind: 'split', version: 7, change: confirmedBy(D) }), // unsigned
      signed(confirmedBy(D), '98305.other'), // signed for another board
      { ...signed(confirmedBy(D)), change: confirmedBy(D, 999) }, // altered under the signature
      signed(confirmedBy(D, 999)), // another proposal than the one on screen
      signed(lock), // names no proposal
    ];
    for (const n of reads) {
      expect(applyThirtyFiveNotice(seat(proposed, null), n).kind).toBe('refetch');
    }
    const otherKey = testSigner();
    expect(
      applyThirtyFiveNotice(
        { ...seat(proposed, null), noticeKey: { key: otherKey.key, board } },
        signed(confirmedBy(D)),
      ).kind,
    ).toBe('refetch');
    // A confirmation older than my partner's record on screen, or my own confirmed record: read.
    expect(
      applyThirtyFiveNotice(
        seat(proposed, { kind: 'proposed', points, at: 2_000 }),
        signed(confirmedBy(D)),
      ).kind,
    ).toBe('refetch');
    expect(
      applyThirtyFiveNotice(seat({ ...proposed, kind: 'confirmed' }, null), signed(confirmedBy(D)))
        .kind,
    ).toBe('refetch');
    // A facilitator who plays rebuilds their own lock the same way.
    expect(
      applyThirtyFiveNotice(
        { ...seat(proposed, null), isFacilitator: true },
        signed(confirmedBy(D)),
      ).kind,
    ).toBe('apply');
    // Another pair's lock on a facilitator's screen: applied only when signed (the facilitator
    // starts the next round from this count).
    const facilitating = { ...seat(proposed, null), isFacilitator: true };
    const others = { t: 'locked', round: 2, pair: [B, C] };
    expect(applyThirtyFiveNotice(facilitating, signed(others)).kind).toBe('apply');
    expect(
      applyThirtyFiveNotice(facilitating, notice({ kind: 'split', version: 7, change: others }))
        .kind,
    ).toBe('refetch');
    expect(applyThirtyFiveNotice(facilitating, signed(others, '98305.other')).kind).toBe('refetch');
    // A confirmer outside the pair is not a notice at all.
    expect(parseThirtyFiveChange(confirmedBy(B))).toBeNull();
  });

  it('given any view, when a notice names a newer version, then it reads (jittered); an older participant notice is known', () => {
    const v = inRound();
    const newer = notice({
      kind: 'split',
      version: 8,
      change: { t: 'locked', round: 2, pair: [B, C] },
    });
    // Every player's screen and the facilitator's read it, spread by how many they are.
    const spread = transitionAmong(v.players.length + 1);
    expect(spread).toMatchObject({ kind: 'refetch', transition: true });
    expect(applyThirtyFiveNotice(v, newer)).toEqual(spread);
    expect(applyThirtyFiveNotice(v, notice({ kind: 'roundStarted', version: 8 }))).toEqual(spread);
    expect(applyThirtyFiveNotice(v, notice({ kind: 'roundStarted', version: 7 }))).toEqual({
      kind: 'known',
    });
    const older = notice({ kind: 'split', version: 6, change: { t: 'proposed', round: 2, by: D } });
    expect(applyThirtyFiveNotice(v, older)).toEqual({ kind: 'known' });
    // A participant notice without a change it can use: read.
    expect(applyThirtyFiveNotice(v, notice({ kind: 'split', version: 7 })).kind).toBe('refetch');
  });

  it('given forged changes, when they carry markup, text, unknown shapes or bad ids, then nothing is applied', () => {
    const v = collecting();
    for (const change of [
      { t: 'card', by: '<img src=x onerror=alert(1)>', first: true },
      { t: 'card', by: B, first: true, text: 'injected' },
      { t: 'card', by: B },
      { t: 'card', by: B, first: false },
      { t: 'locked', round: 2, pair: [B, B] },
      { t: 'locked', round: 2, pair: [B] },
      { t: 'proposed', round: 0, by: B },
      { t: 'unknown', by: B },
    ]) {
      const parsed = parseThirtyFiveChange(change);
      if (parsed !== null) {
        // Only the known fields survive: no text reaches the view.
        expect(JSON.stringify(parsed)).not.toContain('injected');
        continue;
      }
      const r = applyThirtyFiveNotice(v, notice({ kind: 'card', version: 3, change }));
      expect(r.kind).toBe('refetch');
    }
    const r = applyThirtyFiveNotice(
      v,
      notice({ kind: 'card', version: 3, change: { t: 'card', by: B, first: true, text: 'x' } }),
    );
    expect(JSON.stringify(r)).not.toContain('"text":"x"');
  });
});

const lc = (over: Partial<LeanCoffeeView> = {}): LeanCoffeeView =>
  ({
    version: 5,
    now: 0,
    viewer: ME,
    phase: 'voting',
    facilitator: A,
    isFacilitator: false,
    board: {
      toDiscuss: [{ topic: { id: 't1' }, votes: null, myDots: 0, wontFit: false, spentMs: 0 }],
      discussing: null,
      done: [],
    },
    ...over,
  }) as unknown as LeanCoffeeView;

describe('Lean Coffee notice rule', () => {
  const dots = (by: string, version = 5) =>
    notice({ kind: 'allocateDots', version, change: { t: 'dots', by } });

  it('given hidden tallies, when someone else places dots, then no read; my own dots, visible tallies or another record read', () => {
    expect(applyLeanCoffeeNotice(lc(), dots(B))).toEqual({ kind: 'known' });
    expect(applyLeanCoffeeNotice(lc(), dots(ME)).kind).toBe('refetch');
    const shown = lc({
      board: {
        toDiscuss: [
          { topic: { id: 't1' }, votes: 3, myDots: 0, wontFit: false, spentMs: 0 },
        ] as unknown as LeanCoffeeView['board']['toDiscuss'],
        discussing: null,
        done: [],
      },
    });
    expect(applyLeanCoffeeNotice(shown, dots(B)).kind).toBe('refetch');
    const record = notice({ kind: 'proposeTopic', version: 5, change: { t: 'record' } });
    expect(applyLeanCoffeeNotice(lc(), record).kind).toBe('refetch');
  });

  it('given a view, when a transition notice arrives, then a newer version reads (jittered) and one it has is known', () => {
    expect(applyLeanCoffeeNotice(lc(), notice({ kind: 'closeVoting', version: 6 }))).toEqual({
      kind: 'refetch',
      transition: true,
    });
    expect(applyLeanCoffeeNotice(lc(), notice({ kind: 'closeVoting', version: 5 }))).toEqual({
      kind: 'known',
    });
    expect(applyLeanCoffeeNotice(lc(), dots(B, 4))).toEqual({ kind: 'known' });
    expect(applyLeanCoffeeNotice(null, notice({ kind: 'started', version: 1 })).kind).toBe(
      'refetch',
    );
  });
});
