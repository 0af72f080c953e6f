/**
 * What the game macros' `adfExport` hands Confluence (for a PDF or Word export of the page) is
 * valid ADF by Atlassian's own JSON schema (`@atlaskit/adf-schema` full.json): every answer of the
 * function as Forge invokes it (the Forge bundle, in the local host) at each phase of both games,
 * and the pure document builders over arbitrary user text.
 */
import fc from 'fast-check';
import { THIRTY_FIVE, type Accepted } from '../../src/contract/thirty-five';
import type { NotesModel } from '../../src/domain/session-notes';
import { inProgressDocument, resultDocument, type AdfDoc } from '../../src/services/adf-export';
import { notesFilledWith } from '../domain/session-notes/models';
import {
  ADF_SCHEMA_DRAFT,
  adfErrors,
  expectValidAdf,
  SAME_IN_DRAFT_04_AND_07,
  schemaKeywords,
} from '../support/adf-schema';
import { HOME_PAGE_ID, startAppHost, USERS, type AppHost } from '../support/app-host';
import { boardIn, TestClock } from './lean-coffee/support';
import { accepted, facilitate, freshMacro, gameWithCards, stateOf } from './thirty-five/helpers';

jest.setTimeout(120_000);

let app: AppHost;
const clock = new TestClock();
beforeAll(async () => {
  clock.install();
  app = await startAppHost();
}, 120_000);
afterAll(async () => {
  await app.close();
  clock.uninstall();
});

/** The export of one macro instance, invoked as Forge invokes `adfExport`; checked against the schema. */
async function exported(moduleKey: string, localId: string, phase: string): Promise<AdfDoc> {
  const context = app.host.runtime.extensionContext({
    moduleKey,
    localId,
    contentId: HOME_PAGE_ID,
  });
  const r = await app.host.runtime.invokeFunction('adf-export', { exportType: 'pdf', context });
  if (!r.ok) throw new Error(`${moduleKey} export at ${phase}: ${r.error.message}`);
  expectValidAdf(r.body, `the ${moduleKey} export ${phase}`);
  return r.body as AdfDoc;
}

const tableOf = (doc: AdfDoc) => doc.content.find((n) => n.type === 'table');

describe('the ADF schema the exports are checked against', () => {
  it('given full.json (draft-04), when read, then it uses only keywords draft-07 gives the same meaning, so ajv 8 checks it as written', () => {
    expect(ADF_SCHEMA_DRAFT).toBe('http://json-schema.org/draft-04/schema#');
    expect([...schemaKeywords()].filter((k) => !SAME_IN_DRAFT_04_AND_07.has(k))).toEqual([]);
  });

  it('given documents ADF forbids, when checked, then the schema refuses them', () => {
    const ok: AdfDoc = { version: 1, type: 'doc', content: [] };
    expect(adfErrors(ok)).toEqual([]);
    const bad: unknown[] = [
      {
        version: 1,
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }],
      },
      { version: 1, type: 'doc', content: [{ type: 'heading', attrs: { level: 7 }, content: [] }] },
      { version: 1, type: 'doc', content: [{ type: 'table', content: [] }] },
      { version: 1, type: 'doc', content: [{ type: 'html', content: [] }] },
      { version: 2, type: 'doc', content: [] },
    ];
    for (const doc of bad) expect(adfErrors(doc).length).toBeGreaterThan(0);
  });
});

describe('adfExport answers, as Forge invokes the function', () => {
  it('given a Thirty Five macro, when exported before the start, while collecting, in a round, at the results and after the end, then every answer is valid ADF', async () => {
    const game = freshMacro(app);
    const t35 = (phase: string) => exported('thirty-five', game.localId, phase);
    expect(JSON.stringify(await t35('before the start'))).toContain('has not ended yet');
    const alice = game.as(USERS.alice);
    accepted(await alice.invoke<Accepted>(THIRTY_FIVE.start));
    const players = [USERS.alice, USERS.bob, USERS.chloe];
    for (const [i, p] of players.entries())
      accepted(await game.as(p).invoke<Accepted>(THIRTY_FIVE.join, { text: `Card <${i}> & co` }));
    await t35('while collecting');
    accepted(await facilitate(alice, THIRTY_FIVE.deal, { rounds: 1, points: 7 }));
    accepted(await facilitate(alice, THIRTY_FIVE.nextRound));
    await t35('in a round');
    // Three players: one pair splits 5–2, the third sits the round out (a '–' in the table).
    for (const p of players) {
      const s = await stateOf(game.as(p));
      const seat = s.view?.phase === 'round' ? s.view.seat : null;
      if (seat?.kind !== 'pair' || s.step !== 'propose') continue;
      const points = { [seat.mine.id]: 5, [seat.theirs.id]: 2 };
      accepted(await game.as(p).invoke<Accepted>(THIRTY_FIVE.proposeSplit, { round: 1, points }));
      accepted(
        await game
          .as(seat.partner)
          .invoke<Accepted>(THIRTY_FIVE.confirmSplit, { round: 1, points }),
      );
      break;
    }
    accepted(await facilitate(alice, THIRTY_FIVE.showResults));
    await t35('at the results');
    accepted(await facilitate(alice, THIRTY_FIVE.end));
    const doc = await t35('after the end');
    expect(tableOf(doc)?.content).toHaveLength(1 + players.length);
    expect(JSON.stringify(doc)).toContain('Session notes');
  });

  it('given a Thirty Five played on paper (in-room mode), when ended and exported, then the answer is valid ADF', async () => {
    const game = await gameWithCards(app, USERS.alice, []);
    const alice = game.as(USERS.alice);
    accepted(
      await facilitate(alice, THIRTY_FIVE.enterTallies, {
        cards: [
          { text: 'Paper: flow metrics', points: [4, 7, null] },
          { text: 'Paper: PO pairing', points: [3, 0, 5] },
          { text: 'Paper: retros', points: [null, null, 2] },
        ],
        rounds: 3,
        points: 7,
      }),
    );
    accepted(await facilitate(alice, THIRTY_FIVE.end));
    const doc = await exported('thirty-five', game.localId, 'after an in-room game');
    expect(tableOf(doc)?.content).toHaveLength(4);
  });

  it.each(['proposing', 'voting', 'running', 'expired', 'wrap-up', 'ended'] as const)(
    'given a Lean Coffee at %s, when exported, then the answer is valid ADF',
    async (stage) => {
      const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };
      const { board } = await boardIn(app, stage, users, clock);
      const doc = await exported('lean-coffee', board.localId, `at ${stage}`);
      if (stage === 'ended') expect(tableOf(doc)?.content).toHaveLength(4);
      else expect(JSON.stringify(doc)).toContain('has not ended yet');
    },
  );

  it('given an export of a module that is not a game, when invoked, then the answer is valid ADF', async () => {
    await exported('topic-backlog-macro', 'home-topic-backlog-macro', 'of the backlog macro');
  });
});

describe('the export documents over any user text', () => {
  // Any text a person can type, including empty and blank strings, markup, controls and emoji.
  const userText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom('', ' ', '\n', '<ac:structured-macro ac:name="html">', '\u0000\u0008', '👍🏽'),
  );
  const kinds: readonly NotesModel['kind'][] = ['thirty-five', 'lean-coffee', 'deep-dive'];

  it('given notes of every kind filled with arbitrary text, with and without a notes link, when rendered for export, then the document is valid ADF', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), userText, fc.boolean(), (kind, text, linked) => {
        const { model } = notesFilledWith(kind, text);
        const url = linked
          ? 'https://example.atlassian.net/wiki/pages/viewpage.action?pageId=1'
          : undefined;
        expect(adfErrors(resultDocument(model, url))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('given any game name, when the in-progress note is rendered, then it is valid ADF', () => {
    fc.assert(
      fc.property(userText, (name) => {
        expect(adfErrors(inProgressDocument(name))).toEqual([]);
      }),
    );
  });
});
