/**
 * Personal data by position (issue 11): the report reads account ids only where the declared
 * stored shapes put them (`storage/personal-data.ts`), whatever shape the id takes, and erasure gives
 * every closed account its own marker, so a finished Thirty Five ranking reads the same afterwards.
 */
import fc from 'fast-check';
import {
  decide,
  evolve,
  initialState,
  ranking,
  replay,
  type DealDraw,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../src/domain/thirty-five';
import { createRng, randomInt } from '../../src/domain/random';
import { CLOSED_ACCOUNT_PREFIX, markerFor } from '../../src/services/privacy';
import { keys } from '../../src/storage/keys';
import {
  accountIdsOf,
  eraseIn,
  isAccountId,
  LEGACY_CLOSED_MARKER,
  matchKey,
  shapeOf,
  STORED_SHAPES,
  type StoredShape,
} from '../../src/storage/personal-data';
import { decodeLog, encodeLog, type FacilitatorEvent } from '../../src/storage/thirty-five-codec';

const shape = (name: string): StoredShape => {
  const found = STORED_SHAPES.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no shape ${name}`);
  return found;
};

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const SHAPES_OF_IDS = {
  current: `557058:${UUID}`,
  other: `70121:${UUID}`,
  legacy: '5b10ac8d82e05b22cc7d4ef5',
  opaque: 'qm:b7a4-x',
};

const plainShapes = STORED_SHAPES.filter((s) => s.source.kind === 'plain');
const reportedFrom = (key: string, value: unknown): Set<string> => {
  const matched = shapeOf(STORED_SHAPES, key);
  return matched === undefined ? new Set() : accountIdsOf(matched.shape, key, value);
};

describe('account ids by position', () => {
  it.each(Object.entries(SHAPES_OF_IDS))(
    'given a %s account id (%s) in a card key and a topic, when read, then it is found',
    (_label, id) => {
      const card = keys.card('98305.macro', id);
      expect(shapeOf(plainShapes, card)?.owner).toBe(id);
      expect(reportedFrom(card, { by: id, text: 'x' })).toEqual(new Set([id]));
      const topic = { spaceKey: 'COP', rev: 1, data: { createdBy: id, title: 'T' } };
      expect(accountIdsOf(shape('backlog topic'), keys.backlogTopic('COP', 't1'), topic)).toEqual(
        new Set([id]),
      );
    },
  );

  it('given the issue’s 70121:<uuid> id, when the old patterns read it, then they missed it; by position it is found', () => {
    const oldPattern =
      /\b(?:\d{6}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})\b/g;
    const key = keys.card('98305.macro', SHAPES_OF_IDS.other);
    expect([...key.matchAll(oldPattern)].map((m) => m[0])).not.toContain(SHAPES_OF_IDS.other);
    expect(reportedFrom(key, {})).toEqual(new Set([SHAPES_OF_IDS.other]));
  });

  it('given an id outside the key alphabet, when stored hex-encoded in a key, then it is read back', () => {
    const odd = 'odd id/with slash';
    const key = keys.boardAccess('98305.macro', odd);
    expect(key).toMatch(/^access:98305\.macro:#/);
    expect(shapeOf(plainShapes, key)?.owner).toBe(odd);
  });

  it('given text that looks like account ids, when read, then nothing in the text is reported', () => {
    const key = keys.card('98305.macro', SHAPES_OF_IDS.current);
    const value = {
      by: SHAPES_OF_IDS.current,
      text: `${SHAPES_OF_IDS.legacy} ${SHAPES_OF_IDS.other}`,
    };
    expect(reportedFrom(key, value)).toEqual(new Set([SHAPES_OF_IDS.current]));
  });

  it('given markers at account positions, when read, then they are no account ids', () => {
    expect(isAccountId(LEGACY_CLOSED_MARKER)).toBe(false);
    expect(isAccountId(markerFor('salt', SHAPES_OF_IDS.current))).toBe(false);
    expect(isAccountId(null)).toBe(false);
    expect(isAccountId('x'.repeat(129))).toBe(false);
  });

  it('matches key templates segment by segment, the account spanning its colons', () => {
    expect(matchKey('p:*:topic:@:*', `p:b:topic:${SHAPES_OF_IDS.other}:t1`)).toEqual({
      owner: SHAPES_OF_IDS.other,
    });
    expect(matchKey('p:*:thumb:*:*:@', `p:b:thumb:t1:2:${SHAPES_OF_IDS.current}`)).toEqual({
      owner: SHAPES_OF_IDS.current,
    });
    expect(matchKey('p:*:hs:*:*', 'p:b:hs:1:c1')).toEqual({ owner: null });
    expect(matchKey('p:*:card:@', 'p:b:dots:x')).toBeUndefined();
    expect(matchKey('settings:*', 'settings:COP:extra')).toBeUndefined();
  });
});

describe('every key the app writes is declared', () => {
  const acct = SHAPES_OF_IDS.other;
  /** Every key builder of keys.ts, with sample arguments and the account its key names. */
  const built: Record<keyof typeof keys, { key: string; owner: string | null } | 'no ids'> = {
    game: { key: keys.game('98305.m'), owner: null },
    participantPrefix: 'no ids',
    card: { key: keys.card('98305.m', acct), owner: acct },
    record: { key: keys.record('98305.m', 3, acct, ['card', acct]), owner: acct },
    cardPrefix: 'no ids',
    heldCardSplit: { key: keys.heldCardSplit('98305.m', 2, 'c1'), owner: null },
    heldCardSplitPrefix: 'no ids',
    heldCardSplitRoundPrefix: 'no ids',
    joinAsk: { key: keys.joinAsk('98305.m', acct), owner: acct },
    joinAskPrefix: 'no ids',
    lcTopic: { key: keys.lcTopic('98305.m', acct, 't1'), owner: acct },
    lcFromVotePrefix: 'no ids',
    dots: { key: keys.dots('98305.m', acct), owner: acct },
    thumb: { key: keys.thumb('98305.m', 't1', 1, acct), owner: acct },
    takeaway: { key: keys.takeaway('98305.m', acct, 'k1'), owner: acct },
    actionItem: { key: keys.actionItem('98305.m', acct, 'a1'), owner: acct },
    lcCount: { key: keys.lcCount('98305.m', acct), owner: acct },
    backlogTopic: { key: keys.backlogTopic('COP', 'manual:1'), owner: null },
    settings: { key: keys.settings('COP'), owner: null },
    communityLog: { key: keys.communityLog('COP'), owner: null },
    settingsRev: 'no ids',
    notesJob: { key: keys.notesJob('thirty-five:98305.m'), owner: null },
    notesParent: 'no ids',
    boardAccess: { key: keys.boardAccess('98305.m', acct), owner: acct },
    spaceAccess: { key: keys.spaceAccess('COP', acct), owner: acct },
    privacySalt: 'no ids',
    noticeKey: 'no ids',
    displayName: { key: keys.displayName(acct), owner: acct },
    copSessionRecord: {
      key: keys.copSessionRecord('98305.m', 2, ['note', 'group-1', 'n1', acct]),
      owner: acct,
    },
    copSessionPrefix: 'no ids',
    copSessionReadPrefix: 'no ids',
    lastBreakout: { key: keys.lastBreakout('COP'), owner: null },
    sessionTopicChoice: 'no ids',
    topicPrep: { key: keys.topicPrep('COP', 'manual:1'), owner: null },
    answer: { key: keys.answer('COP', '2026-12-09', acct), owner: acct },
    answerPrefix: 'no ids',
    invitation: { key: keys.invitation('COP', acct), owner: acct },
    invitationPrefix: 'no ids',
    invitationPage: 'no ids',
    sessionRecord: { key: keys.sessionRecord('COP', '98305.m', 2), owner: null },
  };

  it('given a later session of a board, then its participant records are declared too', () => {
    expect(shapeOf(STORED_SHAPES, keys.thumb('98305.m', 't1', 1, acct, 2))?.owner).toBe(acct);
    expect(shapeOf(STORED_SHAPES, keys.heldCardSplit('98305.m', 2, 'c1', 4))?.owner).toBe(null);
  });

  it.each([1, 3])(
    'given a Lean Coffee session %i with the records from the vote on under v: (layout 2), then each is declared by its own shape with its owner',
    (n) => {
      for (const [name, key] of [
        ['dots', keys.dots('98305.m', acct, n, 2)],
        ['thumb', keys.thumb('98305.m', 't1', 1, acct, n, 2)],
        ['takeaway', keys.takeaway('98305.m', acct, 'k1', n, 2)],
        ['action item', keys.actionItem('98305.m', acct, 'a1', n, 2)],
      ] as const) {
        expect(key).toContain(':v:');
        const matched = shapeOf(STORED_SHAPES, key);
        expect(matched?.owner).toBe(acct);
        expect(matched?.shape.name).toContain(`Lean Coffee ${name} (layout 2)`);
      }
    },
  );

  it.each(Object.entries(built))('%s', (_name, entry) => {
    if (entry === 'no ids') return;
    const matched = shapeOf(STORED_SHAPES, entry.key);
    expect(matched).toBeDefined();
    expect(matched?.owner).toBe(entry.owner);
  });
});

/* ------------------------------------------------------------------- generated stored data */

const idArb = fc.oneof(
  fc.uuid().map((u) => `557058:${u}`),
  fc.uuid().map((u) => `70121:${u}`),
  fc.stringMatching(/^[0-9a-f]{24}$/),
  fc.stringMatching(/^[A-Za-z0-9:-]{1,128}$/).filter((id) => id !== LEGACY_CLOSED_MARKER),
);

/** Text that may look like account ids but sits where no account is. */
const decoyArb = fc.oneof(fc.string({ maxLength: 40 }), idArb, fc.constant(LEGACY_CLOSED_MARKER));

interface Generated {
  readonly key: string;
  readonly value: unknown;
  readonly ids: readonly string[];
}

/** One stored record of a declared shape, built as the app's writers build it, with its ids. */
const recordArb: fc.Arbitrary<Generated> = fc.oneof(
  fc.tuple(idArb, decoyArb).map(([id, text]) => ({
    key: keys.card('98305.m', id),
    value: { type: 'CardSubmitted', v: 1, by: id, text, firstAt: 1, at: 2 },
    ids: [id],
  })),
  fc.tuple(idArb, decoyArb).map(([id, text]) => ({
    key: keys.heldCardSplit('98305.m', 1, 'a1b2c3d4e5f60718'),
    value: { type: 'SplitProposed', v: 1, round: 1, by: id, points: { [text]: 3 }, at: 2 },
    ids: [id],
  })),
  fc.tuple(idArb, idArb, decoyArb).map(([author, owner, text]) => ({
    key: keys.actionItem('98305.m', author, 'a1'),
    value: { type: 'ActionItemAdded', v: 1, actionItem: { id: 'a1', author, owner, text } },
    ids: [author, owner],
  })),
  fc.tuple(idArb, decoyArb).map(([id, text]) => ({
    key: keys.thumb('98305.m', 't1', 2, id),
    value: { type: 'ThumbVoted', v: 1, topicId: text, round: 2, participant: id, thumb: 'up' },
    ids: [id],
  })),
  fc.tuple(idArb, decoyArb).map(([id, text]) => ({
    key: keys.spaceAccess('COP', id),
    value: { spaceId: '1', spaceKey: text, at: 1, isSpaceAdmin: false },
    ids: [id],
  })),
  fc
    .tuple(fc.array(idArb, { maxLength: 5 }), idArb, idArb, decoyArb)
    .map(([rotation, proposer, partner, name]) => ({
      key: keys.settings('COP'),
      value: {
        copName: name,
        rotation: { facilitators: rotation, next: 0 },
        swaps: [{ id: 's', proposer, partner, proposerDate: name, status: 'proposed', at: 1 }],
      },
      ids: [...rotation, proposer, partner],
    })),
  fc
    .tuple(idArb, fc.array(idArb, { minLength: 1, maxLength: 4 }), idArb, decoyArb)
    .map(([startedBy, authors, removed, text]) => ({
      key: keys.game('98305.m'),
      value: {
        localId: '98305.m',
        kind: 'thirty-five',
        version: 3,
        state: {
          startedBy,
          contentId: '98305',
          log: [
            {
              type: 'CardsDealt',
              cards: authors.map((author, i) => ({ id: `c${i}`, author, text })),
            },
            { type: 'ParticipantRemoved', accountId: removed },
            { type: 'RoundStarted', round: 1, at: 1 },
          ],
        },
      },
      ids: [startedBy, ...authors, removed],
    })),
  fc.tuple(idArb, idArb, decoyArb).map(([createdBy, lead, title]) => ({
    key: keys.backlogTopic('COP', 'manual:1'),
    value: { spaceKey: 'COP', rev: 1, status: 'planned', data: { title, createdBy, lead } },
    ids: [createdBy, lead],
  })),
  fc
    .tuple(idArb, fc.array(idArb, { maxLength: 4 }), idArb, decoyArb)
    .map(([facilitator, attendees, owner, title]) => ({
      key: keys.notesJob('job-1'),
      value: {
        jobId: 'job-1',
        status: 'created',
        attempt: 1,
        data: {
          requestedBy: facilitator,
          model: {
            facilitator,
            attendees,
            topic: { title },
            actionItems: [{ text: title, owner }],
            takeaways: [title],
          },
        },
      },
      ids: [facilitator, ...attendees, owner],
    })),
);

describe('property: every stored account id is reported, nothing else is', () => {
  it('over generated stored records of every declared shape', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 12 }), (records) => {
        const reported = new Set<string>();
        for (const r of records) for (const id of reportedFrom(r.key, r.value)) reported.add(id);
        const stored = new Set(records.flatMap((r) => r.ids));
        return reported.size === stored.size && [...stored].every((id) => reported.has(id));
      }),
      { numRuns: 500 },
    );
  });

  it('erasure leaves none of the closed accounts and every other account where it was', () => {
    fc.assert(
      fc.property(recordArb, fc.nat(), (record, pick) => {
        const closedId = record.ids[pick % record.ids.length] as string;
        const matched = shapeOf(STORED_SHAPES, record.key);
        if (matched === undefined) return false;
        const erased = eraseIn(matched.shape, record.key, record.value, new Set([closedId]), (id) =>
          markerFor('salt', id),
        );
        if (erased.action === 'keep') return false;
        if (erased.action === 'delete') return matched.owner === closedId;
        const left = accountIdsOf(matched.shape, record.key, erased.value);
        const others = record.ids.filter((id) => id !== closedId);
        return !left.has(closedId) && others.every((id) => left.has(id));
      }),
      { numRuns: 500 },
    );
  });
});

/* ------------------------------------------------------- two closed players in one finished game */

const isFacilitatorEvent = (e: ThirtyFiveEvent): e is FacilitatorEvent =>
  e.type !== 'CardSubmitted' && e.type !== 'SplitProposed' && e.type !== 'SplitConfirmed';

/** A finished game of six, as stored: the row's value, and the split records by key. */
function finishedGame(): {
  row: Record<string, unknown>;
  splits: Map<string, ThirtyFiveEvent>;
  players: string[];
} {
  const rng = createRng('privacy-ranking');
  const players = Array.from({ length: 6 }, (_, i) => `70121:${UUID.slice(0, -1)}${i}`);
  const draw: DealDraw = {
    cardIds: players.map((_, i) => `${i}`.padStart(16, 'a')),
    ranks: players.map(() => randomInt(rng, 1000)),
  };
  let state: ThirtyFiveState = initialState;
  const log: FacilitatorEvent[] = [];
  const splits = new Map<string, ThirtyFiveEvent>();
  const apply = (command: ThirtyFiveCommand, actor: string) => {
    const decided = decide(state, command, { actor, now: 1_000, isFacilitator: true });
    if (!decided.ok) throw new Error(decided.error.code);
    for (const e of decided.value) {
      state = evolve(state, e);
      if (isFacilitatorEvent(e)) log.push(e);
    }
    return decided.value;
  };
  players.forEach((p) => apply({ type: 'submitCard', text: `Topic of ${p.slice(-1)}` }, p));
  apply({ type: 'deal', seed: 'privacy', draw, rounds: 3 }, players[0] as string);
  for (let round = 1; round <= 3; round += 1) {
    apply({ type: 'nextRound' }, players[0] as string);
    if (state.phase !== 'round') throw new Error('no round');
    for (const pair of state.game.schedule[round - 1]?.pairs ?? []) {
      // Ties on purpose: most pairs split 4–3, so the hidden order decides places.
      const given = randomInt(rng, 3) === 0 ? 7 : 4;
      const points = { [pair.a.card]: given, [pair.b.card]: 7 - given };
      const [proposed] = apply({ type: 'proposeSplit', points }, pair.a.player);
      const [confirmed] = apply({ type: 'confirmSplit', points }, pair.b.player);
      splits.set(keys.heldCardSplit('98305.m', round, pair.a.card), proposed as ThirtyFiveEvent);
      splits.set(keys.heldCardSplit('98305.m', round, pair.b.card), confirmed as ThirtyFiveEvent);
    }
  }
  apply({ type: 'showResults' }, players[0] as string);
  const row = {
    localId: '98305.m',
    spaceKey: 'COP',
    kind: 'thirty-five',
    version: 6,
    state: { startedBy: players[0], contentId: '98305', log: encodeLog(log) },
  };
  return { row, splits, players };
}

/** The ranking a stored game shows: decode the row's log, fold the split records. */
function rankingOf(row: Record<string, unknown>, splits: Iterable<ThirtyFiveEvent>) {
  const stored = row.state as { log: Parameters<typeof decodeLog>[0] };
  const state = [...splits].reduce<ThirtyFiveState>(evolve, replay(decodeLog(stored.log)));
  return ranking(state);
}

describe('two closed players in one finished game', () => {
  it('given two players of a finished game closed, when erased, then each gets a marker of their own and the ranking is unchanged (order, scores, ties)', () => {
    const { row, splits, players } = finishedGame();
    const before = rankingOf(row, splits.values());
    expect(new Set(before.map((c) => c.normalised)).size).toBeLessThan(before.length);
    const closed = new Set([players[1] as string, players[2] as string]);
    const markerOf = (id: string) => markerFor('installation-salt', id);

    const erasedRow = eraseIn(
      shape('Thirty Five game'),
      keys.game('98305.m'),
      row,
      closed,
      markerOf,
    );
    if (erasedRow.action !== 'rewrite') throw new Error('the row mentions both');
    const erasedSplits = [...splits].map(([key, value]) => {
      const e = eraseIn(shape('Thirty Five split record'), key, value, closed, markerOf);
      return e.action === 'rewrite' ? (e.value as ThirtyFiveEvent) : value;
    });

    const json = JSON.stringify([erasedRow.value, erasedSplits]);
    for (const id of closed) expect(json).not.toContain(id);
    const markers = [...closed].map(markerOf);
    expect(new Set(markers).size).toBe(2);
    for (const m of markers) {
      expect(m.startsWith(CLOSED_ACCOUNT_PREFIX)).toBe(true);
      expect(json).toContain(m);
    }
    expect(rankingOf(erasedRow.value as Record<string, unknown>, erasedSplits)).toEqual(before);
  });

  it('given the old single marker for both, when the game is read back, then it no longer reads as it was (what the check guards against)', () => {
    const { row, splits, players } = finishedGame();
    const closed = new Set([players[1] as string, players[2] as string]);
    const same = () => LEGACY_CLOSED_MARKER;
    const erasedRow = eraseIn(shape('Thirty Five game'), keys.game('98305.m'), row, closed, same);
    if (erasedRow.action !== 'rewrite') throw new Error('the row mentions both');
    const before = rankingOf(row, splits.values());
    const erasedSplits = [...splits].map(([key, value]) => {
      const e = eraseIn(shape('Thirty Five split record'), key, value, closed, same);
      return e.action === 'rewrite' ? (e.value as ThirtyFiveEvent) : value;
    });
    let after: unknown;
    try {
      after = rankingOf(erasedRow.value as Record<string, unknown>, erasedSplits);
    } catch (error) {
      after = error;
    }
    expect(after).not.toEqual(before);
  });

  it('gives the same account the same marker every time, and no marker names its account', () => {
    const id = SHAPES_OF_IDS.other;
    expect(markerFor('s', id)).toBe(markerFor('s', id));
    expect(markerFor('s', id)).not.toBe(markerFor('t', id));
    expect(markerFor('s', id)).not.toContain(UUID.slice(0, 8));
    expect(markerFor('s', id)).toMatch(/^closed-account\.[0-9a-f]{16}$/);
  });
});
