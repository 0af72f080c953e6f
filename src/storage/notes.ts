/**
 * Session-notes page jobs over the custom entity `notes`, key `notes:<jobId>`: the job's status
 * (pending → created | failed), the title it reserved, the page it made. The first write creates
 * the row (`FAIL_IF_EXISTS`), every later one is compare-and-set on `attempt`, so two clicks cannot
 * both run a job, and a retry picks up exactly where a failed or interrupted attempt stopped.
 */
import { Filter, FilterConditions, kvs, Sort } from '@forge/kvs';
import type { NotesModel } from '../domain/session-notes';
import { ENTITY, keys } from './keys';
import { createEntityRow, isConditionFailure } from './conditions';

export type NotesStatus = 'pending' | 'created' | 'failed';

export interface NotesJob {
  readonly jobId: string;
  readonly spaceKey: string;
  /** The macro (or space page) the session ran in. */
  readonly localId: string;
  readonly status: NotesStatus;
  /** Incremented on every write; the compare-and-set guard. */
  readonly attempt: number;
  /** Epoch ms of the last write. */
  readonly updatedAt: number;
  readonly data: {
    readonly model: NotesModel;
    readonly requestedBy: string;
    /** The title reserved for the page, stored before the page is created. */
    readonly title?: string;
    /** The clash number of `title` (1: no suffix). */
    readonly n?: number;
    readonly parentId?: string;
    readonly page?: { readonly id: string; readonly url: string; readonly title: string };
    readonly error?: { readonly code: string; readonly message: string };
  };
}

const jobs = () => kvs.entity<NotesJob>(ENTITY.notes);

/** The job, if it was ever started. */
export async function loadNotesJob(jobId: string): Promise<NotesJob | undefined> {
  return jobs().get(keys.notesJob(jobId));
}

/** Thrown when the job changed since it was read (another attempt is running). */
export class NotesJobBusyError extends Error {
  constructor() {
    super('Another attempt is creating this notes page.');
    this.name = 'NotesJobBusyError';
  }
}

/**
 * Writes the next state of a job, conditioned on the attempt it was read at. The first write
 * (`previousAttempt` undefined) creates the row with the documented `keyPolicy: 'FAIL_IF_EXISTS'`
 * instead of a condition on a row that does not exist. Returns the job as written.
 */
export async function saveNotesJob(
  previousAttempt: number | undefined,
  next: Omit<NotesJob, 'attempt'>,
): Promise<NotesJob> {
  const job: NotesJob = { ...next, attempt: (previousAttempt ?? 0) + 1 };
  const key = keys.notesJob(job.jobId);
  if (previousAttempt === undefined) {
    if ((await createEntityRow(ENTITY.notes, key, job)) === 'exists') throw new NotesJobBusyError();
    return job;
  }
  try {
    await kvs
      .transact()
      .set(key, job, {
        entityName: ENTITY.notes,
        conditions: new Filter<NotesJob>().and(
          'attempt',
          FilterConditions.equalTo(previousAttempt),
        ),
      })
      .execute();
  } catch (error) {
    if (isConditionFailure(error)) throw new NotesJobBusyError();
    throw error;
  }
  return job;
}

/** The newest notes job started from a macro instance (the result its export shows). */
export async function latestJobOf(localId: string): Promise<NotesJob | undefined> {
  const page = await jobs()
    .query()
    .index('by-local', { partition: [localId] })
    .sort(Sort.DESC)
    .limit(1)
    .getMany();
  return page.results[0]?.value;
}
