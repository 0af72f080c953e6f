import fc from 'fast-check';
import {
  renderNotesPage,
  renderNotesParentPage,
  type NotesModel,
} from '../../../src/domain/session-notes';
import {
  HOSTILE_STRINGS,
  HOSTILE_TEXT,
  HOSTILE_URLS,
  withoutIllegalXmlChars,
} from '../../fixtures/hostile-text';
import {
  ADA,
  aDeepDiveNotes,
  aLeanCoffeeNotes,
  aThirtyFiveNotes,
  anEmptyDeepDive,
  GRACE,
  notesFilledWith,
} from './models';
import { isWellFormed, parseFragment } from './xml';

/** The renderer's own vocabulary: every element and attribute it may emit. */
const OWN_ELEMENTS = new Set([
  'h2',
  'h3',
  'p',
  'strong',
  'br',
  'ul',
  'li',
  'table',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'time',
  'ac:link',
  'ac:link-body',
  'ri:user',
  'ri:page',
  'ac:task-list',
  'ac:task',
  'ac:task-id',
  'ac:task-status',
  'ac:task-body',
]);
const OWN_ATTRIBUTES = new Set(['ri:account-id', 'ri:content-id', 'href', 'datetime']);

/** What a text field is expected to read back as: illegal characters gone, line ends as LF. */
const expected = (value: string): string => withoutIllegalXmlChars(value).replace(/\r\n?/g, '\n');

const occurrences = (haystack: string, needle: string): number =>
  needle === '' ? Infinity : haystack.split(needle).length - 1;

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const ILLEGAL_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ILLEGAL = { test: (s: string): boolean => ILLEGAL_CONTROL.test(s) || LONE_SURROGATE.test(s) };

const KINDS: readonly NotesModel['kind'][] = ['thirty-five', 'lean-coffee', 'deep-dive'];
const corpus = Object.entries(HOSTILE_TEXT);

describe('renderNotesPage with hostile text in every field', () => {
  const cases = KINDS.flatMap((kind) =>
    corpus.map(([name, value]) => [kind, name, value] as const),
  );

  it.each(cases)(
    'given a %s page full of %s, then the XML is well-formed and the text is only text',
    (kind, _, value) => {
      const { model, textFields } = notesFilledWith(kind, value);
      const page = renderNotesPage(model);
      const benign = parseFragment(renderNotesPage(notesFilledWith(kind, 'plain').model));

      expect(isWellFormed(page)).toBe(true);
      expect(ILLEGAL.test(page)).toBe(false);
      expect(page).not.toContain('<![CDATA[');

      const parsed = parseFragment(page);
      // No element or attribute was made from user text: the same tree as benign text, bar line breaks.
      const shape = (names: string[]): string[] => names.filter((n) => n !== 'br');
      expect(shape(parsed.elements)).toEqual(shape(benign.elements));
      expect(parsed.attributes).toEqual(benign.attributes);
      for (const name of parsed.elements) expect(OWN_ELEMENTS).toContain(name);
      for (const name of parsed.attributes) expect(OWN_ATTRIBUTES).toContain(name);
      // Every field reads back as the input minus illegal characters.
      expect(occurrences(parsed.text, expected(value))).toBeGreaterThanOrEqual(textFields);
    },
  );

  it.each(KINDS)('given a %s page, then it uses exactly the renderer vocabulary', (kind) => {
    const parsed = parseFragment(renderNotesPage(notesFilledWith(kind, 'a\nb').model));
    for (const name of parsed.elements) expect(OWN_ELEMENTS).toContain(name);
  });

  it.each(['"><script>alert(1)</script>', 'abc def', '', "x' onload='y", 'a'.repeat(129)])(
    'given the account id %p, then no mention is made and nothing leaks',
    (id) => {
      const page = renderNotesPage(notesFilledWith('deep-dive', 'x', id).model);
      expect(page).not.toContain('ri:account-id');
      expect(page).toContain('unknown user');
      expect(isWellFormed(page)).toBe(true);
    },
  );

  it.each(HOSTILE_URLS)('given the link %p, then no href is emitted but the label stays', (url) => {
    const page = renderNotesPage(notesFilledWith('deep-dive', 'label', ADA, url).model);
    expect(page).not.toContain('href');
    expect(page).toContain('Played on label.');
  });

  it.each(['/wiki/spaces/COP/pages/1', 'HTTPS://x.example/?a=1&b="2"', '?page=2#top'])(
    'given the safe link %p, then it is kept, escaped',
    (url) => {
      const parsed = parseFragment(
        renderNotesPage(notesFilledWith('deep-dive', 'label', ADA, url).model),
      );
      expect(parsed.attributes).toContain('href');
      expect(
        isWellFormed(renderNotesPage(notesFilledWith('deep-dive', 'label', ADA, url).model)),
      ).toBe(true);
    },
  );

  it('given a due date that is not a date, then it is shown as text, not as a date', () => {
    const page = renderNotesPage(
      aThirtyFiveNotes({ actionItems: [{ text: 'Do it', due: '2026-02-30"/><x' }] }),
    );
    expect(page).toContain('due 2026-02-30&quot;/&gt;&lt;x</ac:task-body>');
  });

  it('given numbers that are not finite, then cells show a dash', () => {
    const page = renderNotesPage(
      aThirtyFiveNotes({
        kind: 'thirty-five',
        thirtyFive: {
          rounds: 1,
          pointsPerPair: 7,
          tieBreakRule: '',
          ranking: [
            { rank: 1, text: 't', perRound: [Number.NaN, 3], raw: -0, normalised: Infinity },
          ],
        },
      }),
    );
    expect(page).toContain('<tr><td>1</td><td>t</td><td>–</td><td>3</td><td>0</td><td>–</td></tr>');
    expect(page).toContain('<th>R1</th><th>R2</th>');
  });

  it('given a link without a title, then it reads "the session page"', () => {
    const page = renderNotesPage({ ...anEmptyDeepDive(), source: { pageId: '1', url: '/x' } });
    expect(page).toContain('<p>Played on <a href="/x">the session page</a>.</p>');
  });

  it('given a next topic without a volunteer, then no mention follows', () => {
    const page = renderNotesPage({ ...anEmptyDeepDive(), nextTopic: { title: 'Next' } });
    expect(page).toContain('<h2>Next topic</h2>\n<p><strong>Next</strong></p>');
  });

  it('given an unknown kind, then rendering fails loudly', () => {
    const bogus = { ...anEmptyDeepDive(), kind: 'bingo' } as unknown as NotesModel;
    expect(() => renderNotesPage(bogus)).toThrow('Unhandled case');
  });

  it('property: any text in every field gives well-formed XML whose text equals the input minus illegal characters (blank text leaves its sections out)', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 1000)),
    );
    fc.assert(
      fc.property(anyText, fc.constantFrom(...KINDS), (value, kind) => {
        const { model, textFields } = notesFilledWith(kind, value);
        const page = renderNotesPage(model);
        if (!isWellFormed(page) || ILLEGAL.test(page)) return false;
        if (expected(value).trim() === '') return true;
        const parsed = parseFragment(page);
        return occurrences(parsed.text, expected(value)) >= textFields;
      }),
      { numRuns: 1000 },
    );
  });
});

/** The `<h2>` headings of a page, in order. */
const headings = (page: string): string[] =>
  [...page.matchAll(/<h2>(.*?)<\/h2>/g)].map((match) => match[1] ?? '');

describe('no empty headings', () => {
  const BLANK = ' \t\n\u0000 ';

  it.each([
    ['thirty-five', aThirtyFiveNotes],
    ['lean-coffee', aLeanCoffeeNotes],
    ['deep-dive', aDeepDiveNotes],
  ] as const)(
    'given a %s session whose optional text is blank, then only sections with content appear',
    (_, build) => {
      const page = renderNotesPage(
        build({
          copName: BLANK,
          attendees: [],
          topic: { title: BLANK },
          checkIn: BLANK,
          breakouts: [{ title: BLANK, notes: BLANK }],
          conversation: BLANK,
          takeaways: [BLANK, ''],
          actionItems: [{ text: BLANK, owner: ADA }],
          nextTopic: { title: BLANK, volunteer: ADA },
        }),
      );
      const expected = {
        // The ranking is what a Thirty Five decides: the summary names its first topic.
        'thirty-five': ['Summary', 'Session', 'Thirty Five ranking', 'Where this session ran'],
        // With the model's takeaways blank, the topic's own takeaway is shown, once.
        'lean-coffee': [
          'Summary',
          'Session',
          'Takeaways',
          'Lean Coffee topics',
          'Where this session ran',
        ],
        'deep-dive': [
          'Session',
          'Topic',
          'Check-in',
          'Breakouts',
          'Conversation',
          'Where this session ran',
        ],
      }[_];
      expect(headings(page)).toEqual(expected);
      expect(page).not.toContain('<p></p>');
      expect(page).not.toContain('<th>Attendees</th>');
      expect(page).not.toContain('<th>Community</th>');
      expect(isWellFormed(page)).toBe(true);
    },
  );

  it('given a deep dive with empty details, then only its title and session remain', () => {
    const page = renderNotesPage({
      ...anEmptyDeepDive(),
      deepDive: {
        guestLead: BLANK,
        details: BLANK,
        outline: BLANK,
        questions: [BLANK],
        checkInAnswers: [{ who: ADA, answer: BLANK }],
        checkInPasses: 0,
        groups: [{ name: 'Group 1', members: [], notes: [{ text: BLANK, alsoWritten: [BLANK] }] }],
        conversationNotes: [],
      },
    });
    expect(headings(page)).toEqual(['Session', 'Topic']);
    expect(page).not.toContain('Group 1');
    expect(page).not.toContain('Lead:');
  });

  it('given a Lean Coffee without topics, then no topics table', () => {
    const page = renderNotesPage(
      aLeanCoffeeNotes({ kind: 'lean-coffee', leanCoffee: { topics: [] } }),
    );
    expect(headings(page)).not.toContain('Lean Coffee topics');
  });

  it('given a breakout with a title but no notes, then the title stays without an empty paragraph', () => {
    const page = renderNotesPage(
      aThirtyFiveNotes({
        breakouts: [
          { title: 'Group A', notes: '' },
          { title: '', notes: 'Only notes' },
        ],
      }),
    );
    expect(page).toContain('<h2>Breakouts</h2>\n<h3>Group A</h3>\n<p>Only notes</p>');
  });
});

describe('deep-dive notes', () => {
  it('given a member lead and a guest name, then the member is the lead', () => {
    const page = renderNotesPage(aDeepDiveNotes({ topic: { title: 'Metrics', lead: ADA } }));
    expect(page).toContain(`<p>Lead: <ac:link><ri:user ri:account-id="${ADA}" /></ac:link></p>`);
    expect(page).not.toContain('guest speaker');
  });

  it('given groups, then the common breakout list is not shown', () => {
    const page = renderNotesPage(
      aDeepDiveNotes({ breakouts: [{ title: 'Old style', notes: 'ignored' }] }),
    );
    expect(page).not.toContain('Old style');
    expect(page).toContain('<h3>Group 1</h3>');
  });

  it('given no groups at all, then the common breakout list is shown', () => {
    const base = aDeepDiveNotes();
    const page = renderNotesPage({
      ...base,
      kind: 'deep-dive',
      breakouts: [{ title: 'Typed by hand', notes: 'Notes' }],
      deepDive: {},
    });
    expect(page).toContain('<h3>Typed by hand</h3>\n<p>Notes</p>');
  });

  it('given one takeaway and no action items, then the summary says "1 takeaway" and nothing about owners', () => {
    const page = renderNotesPage(aDeepDiveNotes({ takeaways: ['Only one'], actionItems: [] }));
    expect(page.split('\n').slice(0, 2)).toEqual([
      '<h2>Summary</h2>',
      '<p><strong>Decided:</strong> 1 takeaway: “Only one”.</p>',
    ]);
    expect(page).not.toContain('Who owns what');
  });

  it('given more than three takeaways, then the summary quotes the first three, shortened', () => {
    const long = `${'word '.repeat(30)}end`;
    const page = renderNotesPage(
      aDeepDiveNotes({ takeaways: [long, 'b\nc', 'c', 'd'], actionItems: [] }),
    );
    expect(page).toContain(
      `<p><strong>Decided:</strong> 4 takeaways, first: “${'word '.repeat(16).trimEnd()}…”; “b c”; “c”.</p>`,
    );
  });

  it('given action items only, then the summary lists who owns what, unowned last', () => {
    const page = renderNotesPage(
      aDeepDiveNotes({
        takeaways: [],
        actionItems: [{ text: 'Unowned first' }, { text: 'Grace does it', owner: GRACE }],
      }),
    );
    expect(page).toContain(
      `<ul><li><ac:link><ri:user ri:account-id="${GRACE}" /></ac:link>: “Grace does it”</li><li>No owner yet: “Unowned first”</li></ul>`,
    );
    expect(page).not.toContain('Decided');
  });

  it('given nothing decided, then there is no summary', () => {
    expect(headings(renderNotesPage(anEmptyDeepDive()))).not.toContain('Summary');
  });

  it.each([aThirtyFiveNotes, aLeanCoffeeNotes])(
    'given a game session, then its summary comes first',
    (build) => {
      expect(headings(renderNotesPage(build()))[0]).toBe('Summary');
    },
  );

  it('given hostile text in a content-id link title, then it is text inside the link body', () => {
    const page = renderNotesPage(
      aDeepDiveNotes({ source: { pageId: '42', title: HOSTILE_TEXT.htmlMacroFull } }),
    );
    const parsed = parseFragment(page);
    expect(parsed.elements).not.toContain('ac:structured-macro');
    expect(page).toContain('<ri:page ri:content-id="42" /><ac:link-body>&lt;ac:structured-macro');
    expect(isWellFormed(page)).toBe(true);
  });

  it.each(['', '12a', '1" onload="x', '1'.repeat(33)])(
    'given the page id %p and no URL, then no link is made but the label stays',
    (pageId) => {
      const page = renderNotesPage(aDeepDiveNotes({ source: { pageId, title: 'Home' } }));
      expect(page).toContain('<p>Played on Home.</p>');
      expect(page).not.toContain('ri:content-id');
    },
  );
});

/** The items of the first `<ul>` after the `<h2>` named `title`. */
const sectionItems = (page: string, title: string): string[] => {
  const after = page.split(`<h2>${title}</h2>\n`)[1] ?? '';
  const list = /^<ul>(.*?)<\/ul>/.exec(after)?.[1] ?? '';
  return [...list.matchAll(/<li>(.*?)<\/li>/g)].map((match) => match[1] ?? '');
};

describe('notes an absentee wants to read', () => {
  it('given a Thirty Five session, then the summary at the top names the first three topics, then the takeaways and who owns what', () => {
    const page = renderNotesPage(aThirtyFiveNotes());
    expect(page.split('\n').slice(0, 3)).toEqual([
      '<h2>Summary</h2>',
      '<p><strong>Ranked first:</strong> “Metrics that matter”, then “Scaling Scrum” and “Conflict in teams”.</p>',
      '<p><strong>Decided:</strong> 2 takeaways: “Meet every two weeks”; “Rotate the facilitator”.</p>',
    ]);
    expect(page).toContain('<p><strong>Who owns what:</strong></p>');
  });

  it('given a Lean Coffee whose takeaways are also on its topics, then each takeaway is listed once, in the order given, and the topics table has no takeaways column', () => {
    const page = renderNotesPage(
      aLeanCoffeeNotes({
        takeaways: ['OKRs for teams: Start with one objective', 'Pairing: Pair across teams'],
        leanCoffee: {
          topics: [
            {
              title: 'OKRs for teams',
              votes: 6,
              minutesSpent: 12,
              takeaways: ['Start with one objective'],
            },
            { title: 'Pairing', votes: 3, minutesSpent: 8, takeaways: ['Pair across teams'] },
          ],
        },
      }),
    );
    expect(sectionItems(page, 'Takeaways')).toEqual([
      'OKRs for teams: Start with one objective',
      'Pairing: Pair across teams',
    ]);
    // Once in the list, once quoted by the summary: never again in the table.
    expect(page.split('Start with one objective')).toHaveLength(3);
    expect(page).toContain('<tr><th>Topic</th><th>Votes</th><th>Minutes</th></tr>');
  });

  it('given takeaways in the order they were added, then the page keeps that order', () => {
    const page = renderNotesPage(aDeepDiveNotes({ takeaways: ['Second thought', 'A first one'] }));
    expect(sectionItems(page, 'Takeaways')).toEqual(['Second thought', 'A first one']);
  });

  it('given a Lean Coffee model whose takeaways are only on its topics, then they are listed once, each after its topic', () => {
    const page = renderNotesPage(
      aLeanCoffeeNotes({
        takeaways: [],
        leanCoffee: {
          topics: [
            { title: 'Pairing', votes: 3, minutesSpent: 8, takeaways: ['Pair across teams'] },
            { title: 'Mobbing', votes: 1, minutesSpent: 0, takeaways: [] },
          ],
        },
      }),
    );
    expect(sectionItems(page, 'Takeaways')).toEqual(['Pairing: Pair across teams']);
  });

  it('given a Thirty Five with no takeaways and no action items, then the summary is only its ranking', () => {
    const page = renderNotesPage(aThirtyFiveNotes({ takeaways: [], actionItems: [] }));
    expect(page.split('\n').slice(0, 3)).toEqual([
      '<h2>Summary</h2>',
      '<p><strong>Ranked first:</strong> “Metrics that matter”, then “Scaling Scrum” and “Conflict in teams”.</p>',
      '<h2>Session</h2>',
    ]);
  });
});

describe('the "Session notes" parent page', () => {
  it('given the parent is created, then its body indexes the pages under it, newest first', () => {
    const page = renderNotesParentPage();
    expect(isWellFormed(page)).toBe(true);
    expect(page).toContain(
      '<ac:structured-macro ac:name="children" ac:schema-version="2">' +
        '<ac:parameter ac:name="sort">creation</ac:parameter>' +
        '<ac:parameter ac:name="reverse">true</ac:parameter></ac:structured-macro>',
    );
  });
});
