import fc from 'fast-check';
import { renderNotesPage, type NotesModel } from '../../../src/domain/session-notes';
import { escapeXmlAttribute, escapeXmlText } from '../../../src/domain/text';
import { HOSTILE_TEXT, withoutIllegalXmlChars } from '../../fixtures/hostile-text';
import { notesFilledWith } from './models';
import { wrap } from './xml';

/** Parses with the browser's strict XML parser (jsdom: saxes), as Confluence's editor would. */
function parseXml(fragment: string): Document {
  return new DOMParser().parseFromString(wrap(fragment), 'application/xml');
}

/** Text content with `<br />` read as a newline. */
function textOf(node: Node): string {
  let out = '';
  node.childNodes.forEach((child) => {
    if (child.nodeType === child.TEXT_NODE) out += child.nodeValue ?? '';
    else if (child.nodeName === 'br') out += '\n';
    else out += textOf(child);
  });
  return out;
}

const KINDS: readonly NotesModel['kind'][] = ['thirty-five', 'lean-coffee', 'deep-dive'];
const cases = KINDS.flatMap((kind) =>
  Object.entries(HOSTILE_TEXT).map(([name, value]) => [kind, name, value] as const),
);

describe('renderNotesPage in a browser XML parser', () => {
  it.each(cases)(
    'given a %s page full of %s, then no parsererror, script, img or macro',
    (kind, _, value) => {
      const doc = parseXml(renderNotesPage(notesFilledWith(kind, value).model));
      expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
      for (const name of ['script', 'img', 'ac:structured-macro', 'ac:plain-text-body', 'iframe']) {
        expect(doc.getElementsByTagName(name)).toHaveLength(0);
      }
      expect(doc.getElementsByTagName('ri:user').length).toBeGreaterThan(0);
      const expected = withoutIllegalXmlChars(value).replace(/\r\n?/g, '\n');
      expect(textOf(doc.documentElement)).toContain(expected);
    },
  );

  it('given a broken fragment, then this parser does report a parsererror (the check can fail)', () => {
    expect(parseXml('<p>&</p>').getElementsByTagName('parsererror').length).toBeGreaterThan(0);
    expect(parseXml('<p>\u0001</p>').getElementsByTagName('parsererror').length).toBeGreaterThan(0);
  });
});

describe('escaping, checked by a strict parser', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  );

  it('property: escaped text is well-formed and reads back as the input minus illegal characters', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const doc = parseXml(`<p>${escapeXmlText(value)}</p>`);
        if (doc.getElementsByTagName('parsererror').length > 0) return false;
        const p = doc.documentElement.firstChild;
        return (
          p !== null && p.childNodes.length <= 1 && textOf(p) === withoutIllegalXmlChars(value)
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('property: an escaped attribute reads back exactly, whitespace included', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const doc = parseXml(`<a href="${escapeXmlAttribute(value)}" />`);
        if (doc.getElementsByTagName('parsererror').length > 0) return false;
        const a = doc.documentElement.firstElementChild;
        return (
          a?.attributes.length === 1 && a.getAttribute('href') === withoutIllegalXmlChars(value)
        );
      }),
      { numRuns: 1000 },
    );
  });
});
