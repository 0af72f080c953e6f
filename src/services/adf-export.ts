/**
 * `adfExport` of the game macros: what a PDF or Word export of the page shows in place of the live
 * frame (which an export cannot run). A game that ended shows its result, taken from the notes
 * model stored with its notes page job; a game still running says so and where to find it.
 */
import type { NotesModel } from '../domain/session-notes';
import { boardId } from '../storage/keys';
import { latestJobOf } from '../storage/notes';

/** An ADF document: the root node, `{version: 1, type: 'doc', content}`. */
export interface AdfDoc {
  readonly version: 1;
  readonly type: 'doc';
  readonly content: readonly AdfNode[];
}

/** An ADF node (Atlassian Document Format), as much of it as the export uses. */
export interface AdfNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly AdfNode[];
  readonly text?: string;
  readonly marks?: readonly { readonly type: string; readonly attrs?: Record<string, unknown> }[];
}

const text = (value: string, strong = false): AdfNode => ({
  type: 'text',
  text: value === '' ? ' ' : value,
  ...(strong ? { marks: [{ type: 'strong' }] } : {}),
});
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const heading = (value: string): AdfNode => ({
  type: 'heading',
  attrs: { level: 3 },
  content: [text(value)],
});
const cell = (value: string, header = false): AdfNode => ({
  type: header ? 'tableHeader' : 'tableCell',
  content: [paragraph(text(value, header))],
});
const table = (header: readonly string[], rows: readonly (readonly string[])[]): AdfNode => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((h) => cell(h, true)) },
    ...rows.map((r) => ({ type: 'tableRow', content: r.map((v) => cell(v)) })),
  ],
});
const bullets = (items: readonly string[]): AdfNode => ({
  type: 'bulletList',
  content: items.map((i) => ({ type: 'listItem', content: [paragraph(text(i))] })),
});

/**
 * The exported document of a game from its notes model: heading, the result table (Thirty Five
 * ranking with per-round points; Lean Coffee topics with votes, minutes and takeaways), the
 * takeaways, and a link to the notes page. User text is only ever an ADF text node.
 */
export function resultDocument(model: NotesModel, notesUrl: string | undefined): AdfDoc {
  const content: AdfNode[] = [heading(`${model.topic.title || 'Session'} — ${model.date}`)];
  switch (model.kind) {
    case 'thirty-five': {
      const { ranking, rounds } = model.thirtyFive;
      content.push(
        table(
          ['Rank', 'Card', ...Array.from({ length: rounds }, (_, i) => `R${i + 1}`), 'Score'],
          ranking.map((row) => [
            String(row.rank),
            row.text,
            ...row.perRound.map((p) => (p === null ? '–' : String(p))),
            `${row.normalised} (${row.raw})`,
          ]),
        ),
        paragraph(text(model.thirtyFive.tieBreakRule)),
      );
      break;
    }
    case 'lean-coffee':
      content.push(
        table(
          ['Topic', 'Votes', 'Minutes', 'Takeaways'],
          model.leanCoffee.topics.map((t) => [
            t.title,
            String(t.votes),
            String(t.minutesSpent),
            t.takeaways.join(' · '),
          ]),
        ),
      );
      break;
    case 'deep-dive':
      break;
  }
  if (model.takeaways.length > 0) content.push(heading('Takeaways'), bullets(model.takeaways));
  if (notesUrl !== undefined) {
    content.push(
      paragraph({
        type: 'text',
        text: 'Session notes',
        marks: [{ type: 'link', attrs: { href: notesUrl } }],
      }),
    );
  }
  return { version: 1, type: 'doc', content };
}

/** What an export shows for a game that has not ended. */
export function inProgressDocument(gameName: string): AdfDoc {
  return {
    version: 1,
    type: 'doc',
    content: [
      paragraph(
        text(`${gameName}: `, true),
        text('this game has not ended yet. Open the page in Confluence to take part.'),
      ),
    ],
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The macro instance an export event is about (Forge puts it in the event's context). */
export function localIdOf(event: unknown): string | undefined {
  if (!isRecord(event)) return undefined;
  const candidates = [
    event.localId,
    isRecord(event.context) ? event.context.localId : undefined,
    isRecord(event.extensionPayload) ? event.extensionPayload.localId : undefined,
  ];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '');
}

/**
 * The page an export event is about: `context.extension.content.id`, where the Forge macro docs'
 * export example reads it (`payload.context.extension.content.id`).
 */
export function contentIdOf(event: unknown): string | undefined {
  if (!isRecord(event) || !isRecord(event.context)) return undefined;
  const extension = event.context.extension;
  const content = isRecord(extension) ? extension.content : undefined;
  const id = isRecord(content) ? content.id : undefined;
  const text = typeof id === 'number' ? String(id) : id;
  return typeof text === 'string' && /^\d{1,19}$/.test(text) ? text : undefined;
}

const GAME_NAMES: Readonly<Record<string, string>> = {
  'thirty-five': 'Thirty Five',
  'lean-coffee': 'Lean Coffee',
  'cop-session': 'CoP Session',
};

/**
 * The `adfExport` function: the game's result as ADF, or an "in progress" note. The board is found
 * as every call finds it, by page and macro instance (`boardId`), so the export of a copied page
 * shows the copy's own game, never the original's.
 */
export async function adfExportHandler(event: unknown): Promise<AdfDoc> {
  const localId = localIdOf(event);
  const contentId = contentIdOf(event);
  const moduleKey =
    isRecord(event) && isRecord(event.context) && typeof event.context.moduleKey === 'string'
      ? event.context.moduleKey
      : '';
  const name = GAME_NAMES[moduleKey] ?? 'CoP Kit game';
  if (localId === undefined || contentId === undefined) return inProgressDocument(name);
  const job = await latestJobOf(boardId(contentId, localId));
  if (job === undefined) return inProgressDocument(name);
  return resultDocument(job.data.model, job.data.page?.url);
}
