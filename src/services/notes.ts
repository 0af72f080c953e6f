/**
 * Session-notes pages (DESIGN §1.4), written as the facilitator (`asUser`) through Confluence REST
 * v2. A job, identified by the caller's `jobId`, moves pending → created | failed and is
 * compare-and-set on every step, so a double click runs it once and a retry after a failure at any
 * step makes exactly one page:
 *   1. claim the job (pending, attempt + 1) — a job already `created` answers its page at once,
 *      one `pending` within its lease (`NOTES_LEASE_MS`) answers "being created";
 *   2. find or create the parent page (once per space) in the space Confluence gave the caller;
 *   3. reserve a title: `<CoP> session notes — <date> — <topic>`, ` (n)` while one exists, stored in
 *      the job BEFORE the page is written;
 *   4. create the page; a clash in between moves to the next n;
 *   5. mark the job created.
 * A retry of a job that stopped after step 4 finds the page under the reserved title and adopts it
 * instead of writing a second one.
 */
import {
  forgeConfluence,
  type ConfluenceFailure,
  type ConfluencePort,
  type PageRef,
} from '../confluence/client';
import type { NotesPage } from '../contract/lean-coffee';
import type { ApiError, ApiResult } from '../contract/result';
import { nextTopic as nextBacklogTopic } from '../domain/backlog';
import { latestAnswers } from '../domain/community/answers';
import {
  notesTitle,
  renderNotesPage,
  renderNotesParentPage,
  type NotesModel,
} from '../domain/session-notes';
import { isNeedsAuthentication, type Caller } from './caller';
import { readAnswers } from '../storage/rhythm';
import { loadBacklog } from '../storage/backlog';
import { NotesJobBusyError, loadNotesJob, saveNotesJob, type NotesJob } from '../storage/notes';
import { loadNotesParent, loadSettings, saveNotesParent } from '../storage/settings';
import type { SpacePlace } from './place';
import { installation } from './users';

/** A notes model as the games give it: the CoP name comes from the space's settings. */
export type SessionNotesInput = NotesModel extends infer M
  ? M extends NotesModel
    ? Omit<M, 'copName'> & { readonly copName?: string }
    : never
  : never;

/** A notes job: its id, and the board (or space page) it belongs to, which the export finds it by. */
export interface NotesJobRef {
  readonly id: string;
  /** Stored as the job's `localId` attribute (index `by-local`). */
  readonly board: string;
}

export interface CreatedNotes {
  readonly pageId: string;
  readonly url: string;
  readonly title: string;
}

/** Title of the parent page the app creates once per space when no parent is configured. */
export const NOTES_PARENT_TITLE = 'Session notes';

/**
 * How long a pending job belongs to the attempt that claimed it: longer than a Forge invocation
 * may run (25 s), so a live attempt is never overtaken, and a job whose attempt died (a crash, a
 * timeout) can be resumed by a retry once this has passed — no job is left running for ever.
 */
export const NOTES_LEASE_MS = 30_000;

const beingCreated = (): ApiResult<never> => ({
  ok: false,
  error: {
    code: 'CONFLICT',
    message: 'The notes page is being created right now. Try again in a moment.',
  },
});

/** Most numbered titles tried before giving up on a clash. */
const MAX_TITLE_NUMBER = 50;

class NotesFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

function failure(f: ConfluenceFailure, spaceKey: string, doing: string): NotesFailure {
  switch (f.kind) {
    case 'forbidden':
      return new NotesFailure({
        code: 'PERMISSION_DENIED',
        message: `You do not have permission to ${doing} in the space ${spaceKey}. Ask a space admin for the "Add pages" permission, or let someone who has it create the notes. Nothing was written.`,
      });
    case 'not-found':
      return new NotesFailure({
        code: 'NOT_FOUND',
        message: `Confluence could not find what was needed to ${doing} (${f.message || 'not found'}).`,
      });
    case 'title-taken':
    case 'bad-request':
    case 'unavailable':
      return new NotesFailure({
        code: 'NOTES_FAILED',
        message: `Confluence did not let us ${doing}: ${f.message || f.kind}. Try again.`,
      });
  }
}

function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; failure: ConfluenceFailure },
  spaceKey: string,
  doing: string,
): T {
  if (!result.ok) throw failure(result.failure, spaceKey, doing);
  return result.value;
}

const created = (job: NotesJob): ApiResult<CreatedNotes> | undefined =>
  job.status === 'created' && job.data.page
    ? {
        ok: true,
        data: { pageId: job.data.page.id, url: job.data.page.url, title: job.data.page.title },
      }
    : undefined;

/**
 * Creates the session-notes page of a job, or answers the page it already made. `space` is where
 * the session ran, as Confluence gave it (a game's stored space, or the caller's checked space).
 * `model` is completed from the space: its CoP name from the settings, and the next backlog topic
 * when the game did not give one. The page is written as the caller, under the configured parent
 * or the space's "Session notes" page (created once). Idempotent per job id.
 */
export async function createSessionNotes(
  caller: Caller,
  space: SpacePlace,
  { id: jobId, board }: NotesJobRef,
  model: SessionNotesInput,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<ApiResult<CreatedNotes>> {
  const { spaceKey } = space;
  const existing = await loadNotesJob(jobId);
  if (existing) {
    const done = created(existing);
    if (done) return done;
    if (existing.status === 'pending' && Date.now() - existing.updatedAt < NOTES_LEASE_MS) {
      return beingCreated();
    }
  }
  const settings = await loadSettings(spaceKey);
  const completed = await completeModel(spaceKey, model, settings.copName);
  let job: NotesJob;
  try {
    job = await saveNotesJob(existing?.attempt, {
      jobId,
      spaceKey,
      localId: existing?.localId ?? board,
      status: 'pending',
      updatedAt: Date.now(),
      data: {
        ...(existing?.data ?? {}),
        model: existing?.data.model ?? completed,
        requestedBy: caller.accountId,
      },
    });
  } catch (error) {
    if (error instanceof NotesJobBusyError) return beingCreated();
    throw error;
  }
  try {
    const page = await writePage(
      job,
      space.spaceId,
      settings.notesParentPageId,
      confluence,
      (next) => {
        job = next;
      },
    );
    job = await saveNotesJob(job.attempt, {
      ...job,
      status: 'created',
      updatedAt: Date.now(),
      data: { ...withoutError(job.data), page: { id: page.id, url: page.url, title: page.title } },
    });
    return { ok: true, data: { pageId: page.id, url: page.url, title: page.title } };
  } catch (error) {
    // Another attempt took the job over (its lease had run out): that attempt finishes it.
    if (error instanceof NotesJobBusyError) return beingCreated();
    // The facilitator has not allowed the app to act as them: Forge asks them to; they retry.
    if (isNeedsAuthentication(error)) {
      await markFailed(job, {
        code: 'PERMISSION_DENIED',
        message: 'Allow CoP Kit to act as you in Confluence, then create the notes again.',
      });
      throw error;
    }
    const reason: ApiError =
      error instanceof NotesFailure
        ? error.error
        : { code: 'NOTES_FAILED', message: 'Creating the notes page failed. Try again.' };
    if (!(error instanceof NotesFailure)) console.error('notes page creation failed', error);
    await markFailed(job, reason);
    return { ok: false, error: reason };
  }
}

/** Marks a job failed with its reason; a job that cannot be marked stays pending (retry resumes it). */
async function markFailed(job: NotesJob, reason: ApiError): Promise<void> {
  try {
    await saveNotesJob(job.attempt, {
      ...job,
      status: 'failed',
      updatedAt: Date.now(),
      data: { ...job.data, error: { code: reason.code, message: reason.message } },
    });
  } catch (markError) {
    console.error('could not mark the notes job failed', markError);
  }
}

function withoutError(data: NotesJob['data']): NotesJob['data'] {
  const { error: _error, ...rest } = data;
  return rest;
}

/**
 * Who answered *not this time* for the session's date (answers exist only for scheduled session
 * dates), with the reason's category only — the free-text note stays off the page — and not those
 * who came after all. Nothing when nobody did (no empty row).
 */
async function absenteesOf(
  spaceKey: string,
  model: NotesModel,
): Promise<Pick<NotesModel, 'absentees'>> {
  if (model.absentees !== undefined) return {};
  const came = new Set([...model.attendees, model.facilitator]);
  const absentees = latestAnswers(await readAnswers(spaceKey, model.date))
    .filter((a) => a.response === 'not-this-time' && !came.has(a.accountId))
    .map((a) =>
      a.reason === undefined
        ? { accountId: a.accountId }
        : { accountId: a.accountId, reason: a.reason },
    );
  return absentees.length === 0 ? {} : { absentees };
}

async function completeModel(
  spaceKey: string,
  model: SessionNotesInput,
  copName: string,
): Promise<NotesModel> {
  const named = { ...model, copName: model.copName ?? copName } as NotesModel;
  const full: NotesModel = { ...named, ...(await absenteesOf(spaceKey, named)) };
  if (full.nextTopic !== undefined) return full;
  const { backlog } = await loadBacklog(spaceKey);
  // The session's own topic is not its next one (it is still open while the page is written).
  const next = nextBacklogTopic({
    topics: Object.fromEntries(
      Object.entries(backlog.topics).filter(([, topic]) => topic.title !== full.topic.title),
    ),
  });
  if (next === undefined) return full;
  return {
    ...full,
    nextTopic: { title: next.title, ...(next.lead === undefined ? {} : { volunteer: next.lead }) },
  };
}

/** Steps 2–4: parent, reserved title, page. Every job change goes through `update`. */
async function writePage(
  start: NotesJob,
  spaceId: string,
  configuredParent: string | undefined,
  confluence: ConfluencePort,
  update: (job: NotesJob) => void,
): Promise<PageRef> {
  let job = start;
  const { spaceKey } = job;
  const { model } = job.data;
  const parentId =
    job.data.parentId ?? (await parentPage(spaceId, spaceKey, configuredParent, confluence));
  // A title reserved by an earlier attempt: that attempt may have written the page already.
  if (job.data.title !== undefined) {
    const found = unwrap(
      await confluence.pageByTitle(spaceId, job.data.title),
      spaceKey,
      'look up the notes page',
    );
    if (found !== undefined && (found.parentId === undefined || found.parentId === parentId)) {
      return found;
    }
  }
  const body = renderNotesPage(model);
  for (let n = job.data.n ?? 1; n <= MAX_TITLE_NUMBER; n += 1) {
    const title = notesTitle(model.copName, model.date, model.topic.title, n);
    if (title !== job.data.title) {
      const taken = unwrap(
        await confluence.pageByTitle(spaceId, title),
        spaceKey,
        'look up the notes page',
      );
      if (taken !== undefined) continue;
      job = await saveNotesJob(job.attempt, {
        ...job,
        updatedAt: Date.now(),
        data: { ...job.data, title, n, parentId },
      });
      update(job);
    }
    const page = await confluence.createPage({
      spaceId,
      parentId,
      title,
      storage: body,
    });
    if (page.ok) return page.value;
    if (page.failure.kind !== 'title-taken') {
      throw failure(page.failure, spaceKey, 'create the notes page');
    }
  }
  throw new NotesFailure({
    code: 'NOTES_FAILED',
    message: `Too many notes pages are called "${notesTitle(model.copName, model.date, model.topic.title)}".`,
  });
}

/**
 * The parent page: configured, or the space's "Session notes" page, created once with an index
 * of the pages under it (`renderNotesParentPage`). A configured parent is the community's own page
 * and is left as it is.
 */
async function parentPage(
  spaceId: string,
  spaceKey: string,
  configured: string | undefined,
  confluence: ConfluencePort,
): Promise<string> {
  if (configured !== undefined) return configured;
  const known = await loadNotesParent(spaceKey);
  if (known !== undefined) return known;
  // A parent created by an interrupted attempt before it was remembered is adopted.
  const found = unwrap(
    await confluence.pageByTitle(spaceId, NOTES_PARENT_TITLE),
    spaceKey,
    'look up the notes parent page',
  );
  let id = found?.id;
  if (id === undefined) {
    const made = await confluence.createPage({
      spaceId,
      parentId: undefined,
      title: NOTES_PARENT_TITLE,
      storage: renderNotesParentPage(),
    });
    if (!made.ok) throw failure(made.failure, spaceKey, 'create the "Session notes" page');
    id = made.value.id;
  }
  await saveNotesParent(spaceKey, id);
  return id;
}

/** The state of a job, for the UI's "notes page" button and its retry. */
export async function notesStatus(jobId: string): Promise<NotesJob | undefined> {
  return loadNotesJob(jobId);
}

/** How long an instance keeps a created notes page's link (a created page's link never changes). */
export const NOTES_PAGE_KEEP_MS = 10 * 60_000;
const NOTES_PAGES_KEPT = 500;
const createdPages = new Map<string, { readonly page: NotesPage; readonly at: number }>();

/**
 * The notes page a job created, or null while there is none. Every screen of an ended session
 * shows the link, so an instance keeps a created one for `NOTES_PAGE_KEEP_MS` (per installation):
 * a room of screens reading the end costs one notes-job read per instance, not one per screen.
 */
export async function createdNotesPage(jobId: string): Promise<NotesPage | null> {
  const id = `${installation()}\n${jobId}`;
  const kept = createdPages.get(id);
  if (kept !== undefined && Date.now() - kept.at < NOTES_PAGE_KEEP_MS) return kept.page;
  const job = await notesStatus(jobId);
  const made = job?.status === 'created' ? job.data.page : undefined;
  if (made === undefined) return null;
  const page: NotesPage = { pageId: made.id, url: made.url, title: made.title };
  if (createdPages.size >= NOTES_PAGES_KEPT) createdPages.clear();
  createdPages.set(id, { page, at: Date.now() });
  return page;
}
