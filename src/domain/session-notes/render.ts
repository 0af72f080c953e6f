/**
 * Renders session notes as Confluence storage format (XHTML) and builds their page title.
 *
 * Safety rule: markup comes only from string literals in this file. Every piece of user text goes
 * through `text()` (escaped, illegal XML characters stripped, line breaks as `<br />`), every
 * attribute value through `escapeXmlAttribute`, account ids must match a safe pattern, and URLs
 * must be http(s) or relative. No CDATA is ever built, so `]]>` in user text is just text.
 */
import { ABSENCE_REASON_LABELS } from '../community/answers';
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
  DeepDiveDetails,
  LeanCoffeeResults,
  NotesModel,
  SessionKind,
  SharedNote,
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
const subheading = (title: string): string => `<h3>${title}</h3>`;

/** True when user text shows something: not empty once illegal characters and spaces are gone. */
function hasText(value: string | undefined): value is string {
  return value !== undefined && stripIllegalXmlChars(value).trim() !== '';
}

/** A section: its heading and blocks, or nothing at all when no block has content. */
function section(title: string, blocks: readonly string[]): string[] {
  return blocks.length === 0 ? [] : [heading(title), ...blocks];
}

/** A bullet list of already-rendered items, or no block when there are none. */
function bullets(items: readonly string[]): string[] {
  return items.length === 0 ? [] : [`<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`];
}

/** A bullet list of user texts; blank ones are left out. */
function list(items: readonly string[]): string[] {
  return bullets(items.filter(hasText).map(text));
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

/** The deep dive's extra content, or nothing for the other kinds. */
function deepDiveOf(model: NotesModel): DeepDiveDetails {
  return model.kind === 'deep-dive' ? (model.deepDive ?? {}) : {};
}

function sessionSection(model: NotesModel): string[] {
  const rows = [
    hasText(model.copName) ? `<tr><th>Community</th><td>${text(model.copName)}</td></tr>` : '',
    `<tr><th>Date</th><td>${date(model.date)}</td></tr>`,
    `<tr><th>Format</th><td>${KIND_LABEL[model.kind]}</td></tr>`,
    `<tr><th>Facilitator</th><td>${mention(model.facilitator)}</td></tr>`,
    model.attendees.length === 0
      ? ''
      : `<tr><th>Attendees</th><td>${model.attendees.map(mention).join(', ')}</td></tr>`,
    (model.absentees ?? []).length === 0
      ? ''
      : `<tr><th>Not this time</th><td>${(model.absentees ?? [])
          .map((a) =>
            a.reason === undefined
              ? mention(a.accountId)
              : `${mention(a.accountId)} (${text(ABSENCE_REASON_LABELS[a.reason] ?? '')})`,
          )
          .join(', ')}</td></tr>`,
  ];
  return [heading('Session'), `<table><tbody>${rows.join('')}</tbody></table>`];
}

function leadLine(model: NotesModel): string[] {
  const lead = model.topic.lead;
  if (lead !== undefined) return [paragraph(`Lead: ${mention(lead)}`)];
  const guest = deepDiveOf(model).guestLead;
  return hasText(guest) ? [paragraph(`Lead: ${text(guest)} (guest speaker)`)] : [];
}

function topicSection(model: NotesModel): string[] {
  const extra = deepDiveOf(model);
  const questions = list(extra.questions ?? []);
  return section('Topic', [
    ...(hasText(model.topic.title)
      ? [paragraph(`<strong>${text(model.topic.title)}</strong>`)]
      : []),
    ...leadLine(model),
    ...(hasText(extra.details) ? [paragraph(text(extra.details))] : []),
    ...(hasText(extra.outline) ? [subheading('Outline'), paragraph(text(extra.outline))] : []),
    ...(questions.length === 0 ? [] : [subheading('Questions for the breakouts'), ...questions]),
  ]);
}

function checkInSection(model: NotesModel): string[] {
  const extra = deepDiveOf(model);
  const answers = (extra.checkInAnswers ?? [])
    .filter((answer) => hasText(answer.answer))
    .map((answer) => `${mention(answer.who)}: ${text(answer.answer)}`);
  const passes = extra.checkInPasses ?? 0;
  return section('Check-in', [
    ...(hasText(model.checkIn) ? [paragraph(text(model.checkIn))] : []),
    ...bullets(answers),
    ...(passes > 0 ? [paragraph(`${formatNumber(passes)} passed.`)] : []),
  ]);
}

/** Notes written together: each as a bullet; unmerged concurrent versions beneath it. */
function sharedNotes(notes: readonly SharedNote[]): string[] {
  return bullets(
    notes
      .filter((note) => hasText(note.text))
      .map((note) => {
        const others = (note.alsoWritten ?? []).filter(hasText);
        const nested =
          others.length === 0
            ? ''
            : `<ul>${others.map((o) => `<li>Also written at the same time: ${text(o)}</li>`).join('')}</ul>`;
        return `${text(note.text)}${nested}`;
      }),
  );
}

function breakoutsSection(model: NotesModel): string[] {
  const groups = deepDiveOf(model).groups;
  const blocks =
    groups === undefined
      ? model.breakouts.flatMap((b) => {
          const notes = hasText(b.notes) ? [paragraph(text(b.notes))] : [];
          if (!hasText(b.title)) return notes;
          return [subheading(text(b.title)), ...notes];
        })
      : groups.flatMap((group) => {
          const members =
            group.members.length === 0
              ? []
              : [paragraph(`Members: ${group.members.map(mention).join(', ')}`)];
          const inner = [...members, ...sharedNotes(group.notes)];
          return inner.length === 0 ? [] : [subheading(text(group.name)), ...inner];
        });
  return section('Breakouts', blocks);
}

function conversationSection(model: NotesModel): string[] {
  return section('Conversation', [
    ...(hasText(model.conversation) ? [paragraph(text(model.conversation))] : []),
    ...sharedNotes(deepDiveOf(model).conversationNotes ?? []),
  ]);
}

function task(item: ActionItem, id: number): string {
  const owner = item.owner === undefined ? '' : ` ${mention(item.owner)}`;
  const due = item.due === undefined ? '' : ` due ${date(item.due)}`;
  return (
    `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>incomplete</ac:task-status>` +
    `<ac:task-body>${text(item.text)}${owner}${due}</ac:task-body></ac:task>`
  );
}

/** Action items that say something; the page numbers their tasks 1, 2, … in this order. */
function visibleActions(items: readonly ActionItem[]): ActionItem[] {
  return items.filter((item) => hasText(item.text));
}

function actionItemsSection(items: readonly ActionItem[]): string[] {
  const visible = visibleActions(items);
  if (visible.length === 0) return [];
  const tasks = visible.map((item, index) => task(item, index + 1)).join('');
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
    ...(hasText(results.tieBreakRule) ? [paragraph(text(results.tieBreakRule))] : []),
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

/** The topics table: votes and minutes. Takeaways are in their own section, once. */
function leanCoffeeSection(results: LeanCoffeeResults): string[] {
  if (results.topics.length === 0) return [];
  return [
    heading('Lean Coffee topics'),
    table(
      ['Topic', 'Votes', 'Minutes'],
      results.topics.map((t) => [
        text(t.title),
        formatNumber(t.votes),
        formatNumber(t.minutesSpent),
      ]),
    ),
  ];
}

/**
 * The takeaways the page shows, once each: the model's list, in its order. A Lean Coffee model
 * without that list has them only on its topics: then they are taken from there, in topic order,
 * each after its topic's title.
 */
function takeawaysOf(model: NotesModel): string[] {
  const given = model.takeaways.filter(hasText);
  if (given.length > 0 || model.kind !== 'lean-coffee') return given;
  return model.leanCoffee.topics.flatMap((topic) =>
    topic.takeaways.filter(hasText).map((takeaway) => `${topic.title}: ${takeaway}`),
  );
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
  if (next === undefined || !hasText(next.title)) return [];
  const volunteer = next.volunteer === undefined ? '' : ` — prepared by ${mention(next.volunteer)}`;
  return [heading('Next topic'), paragraph(`<strong>${text(next.title)}</strong>${volunteer}`)];
}

/** A Confluence content id: digits only (ids are numbers, sent as strings). */
const CONTENT_ID = /^[0-9]{1,32}$/;

function sourceSection(model: NotesModel): string[] {
  const source = model.source;
  if (source === undefined) return [];
  const label = hasText(source.title) ? text(source.title) : 'the session page';
  const url = source.url === undefined ? undefined : safeUrl(source.url);
  let link = label;
  if (url !== undefined) {
    link = `<a href="${escapeXmlAttribute(url)}">${label}</a>`;
  } else if (source.url === undefined && CONTENT_ID.test(source.pageId)) {
    link =
      `<ac:link><ri:page ri:content-id="${source.pageId}" />` +
      `<ac:link-body>${label}</ac:link-body></ac:link>`;
  }
  return [heading('Where this session ran'), paragraph(`Played on ${link}.`)];
}

/** Longest quotation of a takeaway or action in the summary, in characters. */
const SUMMARY_QUOTE = 80;
/** How many takeaways the summary quotes. */
const SUMMARY_TAKEAWAYS = 3;

const quote = (value: string): string =>
  `“${text(truncateGraphemes(value.replace(/\s+/g, ' ').trim(), SUMMARY_QUOTE, 'codepoint'))}”`;

/** How many topics the summary names from a Thirty Five ranking. */
const SUMMARY_RANKED = 3;

/** A Thirty Five game decides an order: the summary names the top of it. */
function rankedFirst(model: NotesModel): string[] {
  if (model.kind !== 'thirty-five') return [];
  const top = model.thirtyFive.ranking.filter((row) => hasText(row.text)).slice(0, SUMMARY_RANKED);
  const [first, ...rest] = top.map((row) => quote(row.text));
  if (first === undefined) return [];
  const then = rest.length === 0 ? '' : `, then ${rest.join(' and ')}`;
  return [paragraph(`<strong>Ranked first:</strong> ${first}${then}.`)];
}

/**
 * The summary at the top, for someone who was not there: what was decided (a Thirty Five's top
 * three topics; the number of takeaways and the first three), then who owns what (each owner in
 * the order they first appear, with their action items; the items without an owner last).
 * Nothing when nothing was decided and there are no action items.
 */
function summarySection(model: NotesModel): string[] {
  const takeaways = takeawaysOf(model);
  const actions = visibleActions(model.actionItems);
  const decided =
    takeaways.length === 0
      ? []
      : [
          paragraph(
            `<strong>Decided:</strong> ${formatNumber(takeaways.length)} ` +
              `${takeaways.length === 1 ? 'takeaway' : 'takeaways'}` +
              `${takeaways.length > SUMMARY_TAKEAWAYS ? ', first' : ''}: ` +
              `${takeaways.slice(0, SUMMARY_TAKEAWAYS).map(quote).join('; ')}.`,
          ),
        ];
  const named = [
    ...new Set(actions.flatMap((item) => (item.owner === undefined ? [] : [item.owner]))),
  ];
  const owners = actions.some((item) => item.owner === undefined) ? [...named, undefined] : named;
  const owns = owners.map((owner) => {
    const who = owner === undefined ? 'No owner yet' : mention(owner);
    const items = actions.filter((item) => item.owner === owner).map((item) => quote(item.text));
    return `${who}: ${items.join('; ')}`;
  });
  const owning =
    owns.length === 0 ? [] : [paragraph('<strong>Who owns what:</strong>'), ...bullets(owns)];
  return section('Summary', [...rankedFirst(model), ...decided, ...owning]);
}

/**
 * The notes page body in Confluence storage format. Sections, each an `<h2>` that appears only
 * when it has content (no empty headings; blank user text counts as none):
 * - a summary first: a Thirty Five's top three topics, the takeaways count and the first three,
 *   and who owns what;
 * - the session (community, date, format, facilitator, attendees as mentions);
 * - the topic, its lead (a mention, or a guest speaker's name as text), and for a deep dive its
 *   details, the lead's outline and the breakout questions;
 * - the check-in prompt and, for a deep dive, the answers as a list and how many passed;
 * - the breakouts: a deep dive's groups with their members and notes (versions written at the same
 *   time are kept beneath a note), or the common breakout list;
 * - the conversation, as text and as the plenary's notes;
 * - takeaways once each, in the model's order (a Lean Coffee model without them: its topics'
 *   takeaways, each after its topic); action items as a Confluence task list (owner as a
 *   mention, due date as a date);
 * - the game's result table (Thirty Five ranking with per-round, raw and normalised points and the
 *   tie-break sentence; or Lean Coffee topics with votes and minutes);
 * - the next topic and its volunteer; a link back to the page where the session ran (by URL, or by
 *   content id when no URL is given).
 * Blocks are joined by newlines. Pure and deterministic: the same model always gives the same string.
 */
export function renderNotesPage(model: NotesModel): string {
  return [
    ...summarySection(model),
    ...sessionSection(model),
    ...topicSection(model),
    ...checkInSection(model),
    ...breakoutsSection(model),
    ...conversationSection(model),
    ...section('Takeaways', list(takeawaysOf(model))),
    ...actionItemsSection(model.actionItems),
    ...resultsSection(model),
    ...nextTopicSection(model),
    ...sourceSection(model),
  ].join('\n');
}

/**
 * The body of the space's "Session notes" parent page: one sentence and an index of the sessions
 * under it, newest first. The index is Confluence's Children Display macro (`children`, sorted by
 * creation date, reversed), which Confluence fills in whenever the page is viewed, so a new notes
 * page appears in it without the parent ever being rewritten, and each reader sees only the pages
 * they may view.
 */
export function renderNotesParentPage(): string {
  return [
    paragraph('Notes of the community sessions, one page per session, written by CoP Kit.'),
    '<ac:structured-macro ac:name="children" ac:schema-version="2">' +
      '<ac:parameter ac:name="sort">creation</ac:parameter>' +
      '<ac:parameter ac:name="reverse">true</ac:parameter>' +
      '</ac:structured-macro>',
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
