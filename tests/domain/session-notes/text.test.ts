import fc from 'fast-check';
import {
  codePointLength,
  escapeXmlAttribute,
  escapeXmlText,
  graphemes,
  isIsoDate,
  isoDateFromEpochMs,
  isSafeAccountId,
  safeUrl,
  stripIllegalXmlChars,
  truncateGraphemes,
} from '../../../src/domain/text';
import { HOSTILE_URLS, withoutIllegalXmlChars } from '../../fixtures/hostile-text';
import { isWellFormed, parseFragment } from './xml';

describe('escaping', () => {
  it('given every special character, then each becomes a reference (golden)', () => {
    expect(escapeXmlText(`<a href="x">'&'</a>\r\n\t]]>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;&#13;\n\t]]&gt;',
    );
    expect(escapeXmlAttribute('a\tb\nc\rd"e')).toBe('a&#9;b&#10;c&#13;d&quot;e');
  });

  it('given illegal characters, then they are stripped and emoji pairs are kept', () => {
    expect(stripIllegalXmlChars('a\u0000\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800b😀\t\n\r')).toBe(
      'ab😀\t\n\r',
    );
  });

  it('property: escaped text in an element is well-formed and reads back minus illegal characters (fast-xml-parser)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({
            unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
          }),
        ),
        (value) => {
          const fragment = `<p>${escapeXmlText(value)}</p>`;
          return (
            isWellFormed(fragment) && parseFragment(fragment).text === withoutIllegalXmlChars(value)
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2023-02-29', false],
    ['2026-12-31', true],
    ['2026-11-31', false],
    ['2026-00-01', false],
    ['2026-01-00', false],
    ['0999-12-31', false],
    ['2026-1-01', false],
    [' 2026-01-01', false],
  ])('given %p, then isIsoDate is %p', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    [0, '1970-01-01'],
    [951_782_400_000, '2000-02-29'],
    [1_764_000_000_000, '2025-11-24'],
    [-1, '1969-12-31'],
  ])('given epoch %p, then the UTC date is %p', (ms, expected) => {
    expect(isoDateFromEpochMs(ms)).toBe(expected);
  });

  it('property: the date agrees with the platform calendar for any instant in years 0–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        return isoDateFromEpochMs(ms) === new Date(ms).toISOString().slice(0, 10);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('urls and account ids', () => {
  it.each(HOSTILE_URLS)('given %p, then the URL is dropped', (url) => {
    expect(safeUrl(url)).toBeUndefined();
  });

  it.each([
    'https://a.example/x?y=1',
    'http://a.example',
    '/wiki/x',
    '#top',
    'page?x=1',
    '//cdn.example/x',
  ])('given %p, then the URL is kept', (url) => {
    expect(safeUrl(url)).toBe(url);
  });

  it.each([
    ['557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', true],
    ['5b10a2844c20165700ede21g', true],
    ['', false],
    ['a b', false],
    ['a"b', false],
    ['x'.repeat(129), false],
  ])('given account id %p, then safe is %p', (id, expected) => {
    expect(isSafeAccountId(id)).toBe(expected);
  });
});

describe('lengths and truncation', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('a😀👩‍👩‍👧')).toBe(7);
  });

  it.each<[string, number, 'utf16' | 'codepoint', string]>([
    ['hello world', 20, 'utf16', 'hello world'],
    ['hello world', 7, 'utf16', 'hello…'],
    ['hello', 0, 'utf16', ''],
    ['😀😀😀', 4, 'utf16', '😀…'],
    ['😀😀😀', 2, 'codepoint', '😀…'],
    ['e\u0301e\u0301e\u0301', 4, 'codepoint', 'e\u0301…'],
  ])('given %p cut to %p %s, then %p', (text, max, unit, expected) => {
    expect(truncateGraphemes(text, max, unit)).toBe(expected);
  });

  it('given no Intl.Segmenter, then graphemes fall back to code points', () => {
    const intl = Intl as { Segmenter?: unknown };
    const saved = intl.Segmenter;
    try {
      intl.Segmenter = undefined;
      expect(graphemes('a😀b')).toEqual(['a', '😀', 'b']);
    } finally {
      intl.Segmenter = saved;
    }
    expect(graphemes('👩‍👩‍👧a')).toEqual(['👩‍👩‍👧', 'a']);
  });
});
