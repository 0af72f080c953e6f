import fc from 'fast-check';
import { notesTitle, TITLE_LIMIT } from '../../../src/domain/session-notes';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROL = /[\u0000-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('notesTitle', () => {
  it.each<[number | undefined, string]>([
    [undefined, ''],
    [1, ''],
    [2, ' (2)'],
    [10, ' (10)'],
    [0, ''],
    [-3, ''],
    [2.5, ''],
  ])('given n = %p, then the suffix is %p', (n, suffix) => {
    expect(notesTitle('SM CoP', '2026-11-24', 'Metrics', n)).toBe(
      `SM CoP session notes — 2026-11-24 — Metrics${suffix}`,
    );
  });

  it('given line breaks, tabs and control characters, then the title is one clean line', () => {
    expect(notesTitle(' SM\u0000 CoP\n', '2026-11-24', 'Two\r\nlines\t\ttabbed \uFFFF')).toBe(
      'SM CoP session notes — 2026-11-24 — Two lines tabbed',
    );
  });

  it('given an empty topic, then there is no dangling dash', () => {
    expect(notesTitle('SM CoP', '2026-11-24', '  ')).toBe('SM CoP session notes — 2026-11-24');
  });

  it('given a 300-character topic, then the topic is cut with an ellipsis to 255 units, suffix kept', () => {
    const title = notesTitle('SM CoP', '2026-11-24', 'x'.repeat(300), 12);
    expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT);
    expect(title.length).toBeGreaterThan(TITLE_LIMIT - 3);
    expect(title.endsWith('x… (12)')).toBe(true);
  });

  it('given a 300-character CoP name, then the name is cut too and the topic keeps its room', () => {
    const title = notesTitle('C'.repeat(300), '2026-11-24', 'T'.repeat(60));
    expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT);
    expect(title).toMatch(/^C+… session notes — 2026-11-24 — T+…$/);
    expect(title.split('T').length - 1).toBeGreaterThanOrEqual(39);
  });

  it('given emoji ZWJ sequences at the cut, then no sequence is broken', () => {
    const family = '👩‍👩‍👧‍👦';
    const title = notesTitle('SM CoP', '2026-11-24', family.repeat(40));
    expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT);
    const topic = title.split(' — ')[2] ?? '';
    expect(topic.replace(/…$/, '').split(family).join('')).toBe('');
  });

  it('given a long junk date, then the title still fits', () => {
    expect(notesTitle('x', 'd'.repeat(400), 'y').length).toBeLessThanOrEqual(TITLE_LIMIT);
  });

  it('property: any inputs give a single-line title of at most 255 units, with no broken characters', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
    );
    fc.assert(
      fc.property(
        anyText,
        anyText,
        fc.option(fc.integer({ min: -2, max: 1000 }), { nil: undefined }),
        (cop, topic, n) => {
          const title = notesTitle(cop, '2026-11-24', topic, n);
          return (
            title.length <= TITLE_LIMIT &&
            !LONE_SURROGATE.test(title) &&
            !CONTROL.test(title) &&
            title.includes(' session notes — 2026-11-24')
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: short plain inputs give exactly the documented format', () => {
    const word = fc
      .stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,40}[A-Za-z0-9]$/)
      .map((s) => s.replace(/ +/g, ' '));
    fc.assert(
      fc.property(word, word, fc.integer({ min: 2, max: 99 }), (cop, topic, n) => {
        return (
          notesTitle(cop, '2026-11-24', topic, n) ===
          `${cop} session notes — 2026-11-24 — ${topic} (${n})`
        );
      }),
      { numRuns: 1000 },
    );
  });
});
