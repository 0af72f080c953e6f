/**
 * CSV export of the backlog (RFC 4180): CRLF line ends, every field that holds a comma, a quote, a
 * CR or an LF is quoted with inner quotes doubled. Spreadsheet formula injection is neutralised: a
 * cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe, so Excel, LibreOffice
 * and Google Sheets show it as text instead of evaluating it (OWASP "CSV injection").
 */
import { assertNever } from '../result';
import { isoDateFromEpochMs } from '../text';
import { rankedTopics } from './ranking';
import type { AccountId, Backlog, TopicSource } from './types';

/** The export's columns, in order (the first record of every export). */
export const CSV_HEADER = [
  'rank',
  'title',
  'details',
  'score',
  'status',
  'sources',
  'lead',
  'planned date',
  'notes page',
  'created',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes an apostrophe when a spreadsheet would read the cell as a formula. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** One RFC 4180 field: formula-neutralised, then quoted if it holds `,` `"` CR or LF. */
export function csvField(value: string): string {
  const cell = neutraliseFormula(value);
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One RFC 4180 record (no line end). */
export function csvRecord(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

function describeSource(source: TopicSource): string {
  switch (source.kind) {
    case 'thirty-five':
      return `Thirty Five ${source.gameId} (#${source.rank}, ${source.normalised}/${source.maxScore})`;
    case 'lean-coffee':
      return `Lean Coffee ${source.gameId} (${source.votes}/${source.maxVotes} votes)`;
    case 'manual':
      return 'added by hand';
    default:
      return assertNever(source);
  }
}

/**
 * The visible backlog (archived topics left out) as CSV text, in backlog order, header first, every
 * record ending in CRLF. `names` maps accountIds to display names resolved by the caller (names are
 * never stored); an id without a name is written as the id. Dates are UTC `YYYY-MM-DD`.
 */
export function backlogToCsv(
  backlog: Backlog,
  names: Readonly<Record<AccountId, string>> = {},
): string {
  const rows = rankedTopics(backlog).map((topic, index) => [
    String(index + 1),
    topic.title,
    topic.details,
    String(topic.score),
    topic.status,
    topic.sources.map(describeSource).join('; '),
    topic.lead === undefined ? '' : (names[topic.lead] ?? topic.lead),
    topic.plannedDate ?? '',
    topic.notesPage?.url ?? '',
    isoDateFromEpochMs(topic.createdAt),
  ]);
  return [CSV_HEADER, ...rows].map((r) => `${csvRecord(r)}\r\n`).join('');
}
