import fc from 'fast-check';
import {
  backlogToCsv,
  csvField,
  csvRecord,
  CSV_HEADER,
  EMPTY_BACKLOG,
  keyBetween,
  neutraliseFormula,
  type Topic,
} from '../../../src/domain/backlog';
import { HOSTILE_STRINGS } from '../../fixtures/hostile-text';
import { aBacklog, aTopic, MEMBER, OTHER } from './builders';

/** A strict RFC 4180 parser, written for the test: records end in CRLF, quotes double inside. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '"' || ch === '\r' || ch === '\n') {
      throw new Error(`Unquoted special character at ${i}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('Last record does not end in CRLF');
  return records;
}

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('given %p, then the field is %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('property: any record round-trips through an RFC 4180 parser (formula cells apostrophed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 8 }),
        (values) => {
          const parsed = parseCsv(`${csvRecord(values)}\r\n`);
          return JSON.stringify(parsed) === JSON.stringify([values.map(neutraliseFormula)]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: no parsed cell ever starts with a formula character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const [[cell]] = parseCsv(`${csvRecord([value])}\r\n`) as [[string]];
        return !/^[=+\-@\t\r]/.test(cell);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('backlogToCsv', () => {
  it('given an empty backlog, then only the header', () => {
    expect(backlogToCsv(EMPTY_BACKLOG)).toBe(`${CSV_HEADER.join(',')}\r\n`);
  });

  it('given topics of every source, then one row each in backlog order, archived left out (golden)', () => {
    const backlog = aBacklog(
      aTopic({
        id: 'thirty-five:g:c',
        title: 'Metrics, "that" matter',
        score: 80,
        rankKey: 'a0',
        status: 'planned',
        plannedDate: '2026-12-01',
        lead: MEMBER,
        notesPage: { pageId: '9', url: 'https://x.example/wiki/9' },
        sources: [
          { kind: 'thirty-five', gameId: 'g', cardId: 'c', normalised: 28, maxScore: 35, rank: 1 },
          { kind: 'lean-coffee', gameId: 'l', topicId: 't', votes: 3, maxVotes: 16 },
        ],
        createdAt: 0,
      }),
      aTopic({
        id: 'manual:m',
        title: '=cmd|calc',
        details: 'line1\nline2',
        rankKey: 'a1',
        lead: OTHER,
      }),
      aTopic({ id: 'manual:x', title: 'gone', status: 'archived', rankKey: 'a2' }),
    );
    expect(backlogToCsv(backlog, { [MEMBER]: 'Ada Lovelace' })).toBe(
      'rank,title,details,score,status,sources,lead,planned date,notes page,created\r\n' +
        '1,"Metrics, ""that"" matter",,80,planned,"Thirty Five g (#1, 28/35); Lean Coffee l (3/16 votes)",Ada Lovelace,2026-12-01,https://x.example/wiki/9,1970-01-01\r\n' +
        `2,'=cmd|calc,"line1\nline2",0,proposed,added by hand,${OTHER},,,2025-11-24\r\n`,
    );
  });

  it('given a source of an unknown kind, then the export fails loudly', () => {
    const bogus = aTopic({ sources: [{ kind: 'carrier-pigeon' }] as unknown as Topic['sources'] });
    expect(() => backlogToCsv(aBacklog(bogus))).toThrow('Unhandled case');
  });

  it('given hostile titles, then every row parses back to its cells', () => {
    let key: string | null = null;
    const topics = HOSTILE_STRINGS.map((title, i) => {
      key = keyBetween(key, null);
      return aTopic({ id: `manual:h${i}`, title, details: title, rankKey: key });
    });
    const rows = parseCsv(backlogToCsv(aBacklog(...topics)));
    expect(rows).toHaveLength(HOSTILE_STRINGS.length + 1);
    rows.slice(1).forEach((row, i) => {
      expect(row[1]).toBe(neutraliseFormula(HOSTILE_STRINGS[i] ?? ''));
      expect(row).toHaveLength(CSV_HEADER.length);
    });
  });
});
