/**
 * Renders session notes as Confluence storage format (XHTML) and builds their page title.
 *
 * Safety rule: markup comes only from string literals in this file. Every piece of user text goes
 * through `text()` (escaped, illegal XML characters stripped, line breaks as `<br />`), every
 * attribute value through `escapeXmlAttribute`, account ids must match a safe pattern, and URLs
 * must be http(s) or relative. No CDATA is ever built, so `]]>` in user text is just text.
 */
import { assertNever } from '../result';
import {
  escapeXmlAttribute,
  escapeXmlText,
  isIsoDate,
  isSafeAccountId,
  safeUrl,
  stripIllegalXmlChars,
  truncateGraphemes,
} from '../text';
import type {
  AccountId,
  ActionItem,
  LeanCoffeeResults,
  NotesModel,
  SessionKind,
  ThirtyFiveResults,
} from './model';

/** Confluence's page title limit, in UTF-16 code units. */
export const TITLE_LIMIT = 255;

/** User text as XHTML inline content: escaped, with each line break (CRLF, CR or LF) as `<br />`. */
function text(value: string): string {
  return escapeXmlText(stripIllegalXmlChars(value).replace(/\r\n?/g, '\n'))
    .split('\n')
    .join('<br />');
}

/** A user mention, or the words "unknown user" when the id does not look like an accountId. */
function mention(accountId: AccountId): string {
  if (!isSafeAccountId(accountId)) return 'unknown user';
  return `<ac:link><ri:user ri:account-id="${escapeXmlAttribute(accountId)}" /></ac:link>`;
}

/** A date lozenge for a valid `YYYY-MM-DD`, the escaped text otherwise. */
function date(value: string): string {
  return isIsoDate(value) ? `<time datetime="${value}" />` : text(value);
}

/** A number as shown in tables: at most two decimals, `–` for a missing or non-finite value. */
function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

const paragraph = (inner: string): string => `<p>${inner}</p>`;
const heading = (title: string): string => `<h2>${title}</h2>`;

function list(items: readonly string[]): string {
  if (items.length === 0) return paragraph('');
  return `<ul>${items.map((item) => `<li>${text(item)}</li>`).join('')}</ul>`;
}

function row(cells: readonly string[], cell: 'th' | 'td' = 'td'): string {
  return `<tr>${cells.map((c) => `<${cell}>${c}</${cell}>`).join('')}</tr>`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><tbody>${row(header, 'th')}${rows.map((r) => row(r)).join('')}</tbody></table>`;
}

const KIND_LABEL: Readonly<Record<SessionKind, string>> = {
  'thirty-five': 'Thirty Five',
  'lean-coffee': 'Lean Coffee',
  'deep-dive': 'Deep dive',
};

function sessionSection(model: NotesModel): string[] {
  const attendees = model.attendees.map(mention).join(', ');
  return [
    heading('Session'),
    '<table><tbody>' +
      `<tr><th>Community</th><td>${text(model.copName)}</td></tr>` +
      `<tr><th>Date</th><td>${date(model.date)}</td></tr>` +
      `<tr><th>Format</th><td>${KIND_LABEL[model.kind]}</td></tr>` +
      `<tr><th>Facilitator</th><td>${mention(model.facilitator)}</td></tr>` +
      `<tr><th>Attendees</th><td>${attendees}</td></tr>` +
      '</tbody></table>',
  ];
}

function topicSection(model: NotesModel): string[] {
  const lead = model.topic.lead;
  return [
    heading('Topic'),
    paragraph(`<strong>${text(model.topic.title)}</strong>`),
    ...(lead === undefined ? [] : [paragraph(`Lead: ${mention(lead)}`)]),
  ];
}

function breakoutsSection(model: NotesModel): string[] {
  const groups = model.breakouts.flatMap((b) => [
    `<h3>${text(b.title)}</h3>`,
    paragraph(text(b.notes)),
  ]);
  return [heading('Breakouts'), ...(groups.length === 0 ? [paragraph('')] : groups)];
}

function task(item: ActionItem, id: number): string {
  const owner = item.owner === undefined ? '' : ` ${mention(item.owner)}`;
  const due = item.due === undefined ? '' : ` due ${date(item.due)}`;
  return (
    `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>incomplete</ac:task-status>` +
    `<ac:task-body>${text(item.text)}${owner}${due}</ac:task-body></ac:task>`
  );
}

function actionItemsSection(items: readonly ActionItem[]): string[] {
  if (items.length === 0) return [heading('Action items'), paragraph('')];
  const tasks = items.map((item, index) => task(item, index + 1)).join('');
  return [heading('Action items'), `<ac:task-list>${tasks}</ac:task-list>`];
}

function thirtyFiveSection(results: ThirtyFiveResults): string[] {
  const columns = Math.max(results.rounds, ...results.ranking.map((r) => r.perRound.length), 0);
  const rounds = Array.from({ length: columns }, (_, i) => `R${i + 1}`);
  const max = formatNumber(results.pointsPerPair * results.rounds);
  return [
    heading('Thirty Five ranking'),
    paragraph(
      `Each pair split ${formatNumber(results.pointsPerPair)} points per round over ` +
        `${formatNumber(results.rounds)} rounds: a card scores at most ${max}. ` +
        'A card that missed a rating is ranked by its mean × rounds (normalised).',
    ),
    paragraph(text(results.tieBreakRule)),
    table(
      ['Rank', 'Topic', ...rounds, 'Raw', 'Normalised'],
      results.ranking.map((r) => [
        formatNumber(r.rank),
        text(r.text),
        ...rounds.map((_, i) => formatNumber(r.perRound[i])),
        formatNumber(r.raw),
        formatNumber(r.normalised),
      ]),
    ),
  ];
}

function leanCoffeeSection(results: LeanCoffeeResults): string[] {
  return [
    heading('Lean Coffee topics'),
    table(
      ['Topic', 'Votes', 'Minutes', 'Takeaways'],
      results.topics.map((t) => [
        text(t.title),
        formatNumber(t.votes),
        formatNumber(t.minutesSpent),
        t.takeaways.length === 0 ? '' : list(t.takeaways),
      ]),
    ),
  ];
}

function resultsSection(model: NotesModel): string[] {
  switch (model.kind) {
    case 'thirty-five':
      return thirtyFiveSection(model.thirtyFive);
    case 'lean-coffee':
      return leanCoffeeSection(model.leanCoffee);
    case 'deep-dive':
      return [];
    default:
      return assertNever(model);
  }
}

function nextTopicSection(model: NotesModel): string[] {
  const next = model.nextTopic;
  if (next === undefined) return [heading('Next topic'), paragraph('')];
  const volunteer = next.volunteer === undefined ? '' : ` — prepared by ${mention(next.volunteer)}`;
  return [heading('Next topic'), paragraph(`<strong>${text(next.title)}</strong>${volunteer}`)];
}

function sourceSection(model: NotesModel): string[] {
  const source = model.source;
  if (source === undefined) return [];
  const label = text(source.title ?? 'the session page');
  const url = safeUrl(source.url);
  const link = url === undefined ? label : `<a href="${escapeXmlAttribute(url)}">${label}</a>`;
  return [heading('Where this session ran'), paragraph(`Played on ${link}.`)];
}

/**
 * The notes page body in Confluence storage format: `<h2>` sections for the session (community,
 * date, format, facilitator, attendees as mentions), the topic and its lead, check-in, breakouts,
 * conversation, takeaways, action items (a Confluence task list; owner as a mention, due date as a
 * date), the game's result table (Thirty Five ranking with per-round, raw and normalised points and
 * the tie-break sentence; or Lean Coffee topics with votes, minutes and takeaways), the next topic
 * and its volunteer, and a link back to the page where the session ran. Empty sections keep their
 * heading and an empty paragraph, so a deep-dive page is a template to fill in. Blocks are joined by
 * newlines. Pure and deterministic: the same model always gives the same string.
 */
export function renderNotesPage(model: NotesModel): string {
  return [
    ...sessionSection(model),
    ...topicSection(model),
    heading('Check-in'),
    paragraph(text(model.checkIn)),
    ...breakoutsSection(model),
    heading('Conversation'),
    paragraph(text(model.conversation)),
    heading('Takeaways'),
    list(model.takeaways),
    ...actionItemsSection(model.actionItems),
    ...resultsSection(model),
    ...nextTopicSection(model),
    ...sourceSection(model),
  ].join('\n');
}

/** One line of plain text for a title: illegal characters stripped, whitespace runs as one space. */
function titlePart(value: string): string {
  return stripIllegalXmlChars(value).replace(/\s+/g, ' ').trim();
}

/** The least room the topic keeps in a title before the CoP name is shortened instead. */
const TOPIC_MIN_UNITS = 40;

/**
 * The notes page title `<CoP name> session notes — <YYYY-MM-DD> — <topic>`, with ` (n)` appended
 * for the n-th page of that name (n ≥ 2; the caller retries with the next n on a title clash).
 * Titles are plain text (sent as JSON, not markup): whitespace is collapsed to single spaces and
 * illegal characters are dropped. The title never exceeds Confluence's 255 UTF-16 units: the topic
 * is cut at a grapheme boundary with `…`; only if the CoP name leaves the topic fewer than 40 units
 * is the CoP name cut too. An empty topic drops the last ` — `.
 */
export function notesTitle(copName: string, date: string, topic: string, n?: number): string {
  const suffix = n !== undefined && Number.isInteger(n) && n > 1 ? ` (${n})` : '';
  const cleanTopic = titlePart(topic);
  // A date is 10 units; anything longer is cut so that the fixed part always fits.
  const middle = ` session notes — ${truncateGraphemes(titlePart(date), 20)}`;
  const separator = cleanTopic === '' ? '' : ' — ';
  const fixed = middle.length + separator.length + suffix.length;
  const topicRoom = Math.min(cleanTopic.length, TOPIC_MIN_UNITS);
  const cop = truncateGraphemes(titlePart(copName), Math.max(0, TITLE_LIMIT - fixed - topicRoom));
  const shortTopic = truncateGraphemes(cleanTopic, TITLE_LIMIT - fixed - cop.length);
  return `${cop}${middle}${separator}${shortTopic}${suffix}`;
}
