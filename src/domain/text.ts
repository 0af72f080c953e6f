/**
 * Shared, pure text helpers: XML 1.0 character hygiene, escaping, length rules that count what a
 * person sees, and calendar-date checks. Used by the backlog and the session-notes renderer.
 */

/**
 * Characters that may not appear in an XML 1.0 document: C0 controls other than tab, newline and
 * carriage return; lone (unpaired) surrogates; U+FFFE and U+FFFF. Paired surrogates (emoji, etc.)
 * are legal and kept. The `u` flag makes `.` and classes work on code points, so a lone surrogate
 * is matched by the surrogate range while a valid pair is one astral code point and is not.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/**
 * Removes every character that is illegal in XML 1.0 (see `ILLEGAL_XML_CHARS`), leaving everything
 * else, including tab, newline, carriage return, emoji, ZWJ sequences and bidi controls, untouched.
 */
export function stripIllegalXmlChars(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, '');
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // Character references survive XML end-of-line and attribute-value normalisation, literal
  // characters do not: a parser turns a literal CR into LF, and tab/LF/CR in an attribute into a
  // space. Encoding them makes the text round-trip exactly.
  '\r': '&#13;',
};

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...XML_ESCAPES,
  '\t': '&#9;',
  '\n': '&#10;',
};

/**
 * Escapes text for an XML/XHTML text node: strips illegal XML 1.0 characters, then encodes
 * `& < > " '` and carriage return as references. The result parses back to exactly the input minus
 * the stripped characters, and can never open an element, an entity, a comment or a CDATA section.
 */
export function escapeXmlText(text: string): string {
  return stripIllegalXmlChars(text).replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

/**
 * Escapes text for a double- or single-quoted XML attribute value: as `escapeXmlText`, and also
 * encodes tab and newline so attribute-value normalisation cannot alter the value.
 */
export function escapeXmlAttribute(text: string): string {
  return stripIllegalXmlChars(text).replace(/[&<>"'\r\t\n]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

/** Number of Unicode code points (what the 120/500-character limits count; an emoji is one). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * Splits text into user-perceived characters (extended grapheme clusters), so that truncation never
 * cuts an emoji ZWJ sequence, a flag, or a letter from its combining marks. Falls back to code points
 * where `Intl.Segmenter` is unavailable.
 */
export function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function') {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return Array.from(segmenter.segment(text), (s) => s.segment);
  }
  return Array.from(text);
}

/** How a length limit counts: UTF-16 code units (Confluence titles) or code points (form limits). */
export type LengthUnit = 'utf16' | 'codepoint';

/** Length of `text` in the given unit. */
export function lengthIn(text: string, unit: LengthUnit): number {
  return unit === 'utf16' ? text.length : codePointLength(text);
}

/**
 * Shortens text to at most `max` units (UTF-16 code units, or code points), cutting only between
 * grapheme clusters and marking the cut with `…`. Text that already fits is returned unchanged;
 * trailing spaces before the mark are dropped. If not even the mark fits, the result is empty.
 */
export function truncateGraphemes(text: string, max: number, unit: LengthUnit = 'utf16'): string {
  if (lengthIn(text, unit) <= max) return text;
  const ellipsis = '…';
  const budget = max - 1;
  if (budget < 0) return '';
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const size = lengthIn(g, unit);
    if (used + size > budget) break;
    out += g;
    used += size;
  }
  return out.trimEnd() + ellipsis;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a leap year of the proleptic Gregorian calendar. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * True when `value` is a real calendar date written `YYYY-MM-DD` (Gregorian, year 1000–9999):
 * `2024-02-29` is valid, `2023-02-29`, `2024-13-01` and `2024-1-5` are not.
 */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  const monthDays = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (monthDays[month - 1] ?? 0);
}

/**
 * The UTC calendar date `YYYY-MM-DD` of an instant given in epoch milliseconds, computed without the
 * clock (days-to-civil algorithm of H. Hinnant, valid for every representable year ≥ 0).
 */
export function isoDateFromEpochMs(epochMs: number): string {
  const days = Math.floor(epochMs / 86_400_000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Atlassian account ids are opaque, but in practice made of letters, digits, `:`, `-` and `_`
 * (`5b10a2844c20165700ede21g`, `557058:f58131cb-b67d-43c7-b30d-6b58d40bd077`). Anything else is
 * refused rather than escaped, so an id can never carry markup into an attribute.
 */
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/** True when `value` looks like an Atlassian accountId (see `ACCOUNT_ID`). */
export function isSafeAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * Returns the URL when it is safe to put in an `href`: absolute `http:`/`https:`, or relative
 * (no scheme). Anything with another scheme (`javascript:`, `data:`, `vbscript:` …), or any
 * whitespace or control character (which browsers silently drop, letting `java\tscript:` through),
 * or a backslash (which browsers read as a slash), gives `undefined`.
 */
export function safeUrl(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (url.length === 0 || /[\u0000-\u0020\u007F-\u009F\\]/.test(url)) return undefined;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (scheme === null) return url;
  const name = (scheme[1] ?? '').toLowerCase();
  return name === 'http' || name === 'https' ? url : undefined;
}
