/**
 * The community's rhythm in plain keys: answers (`answer:<space>:<date>:<accountId>`) and the
 * invitation list (`invite:<space>:<accountId>`). Each record is one person's own key, so two people
 * answering or opting in at once never write the same key (no lost updates); a session's answers
 * and the whole list are each one prefix query (100 keys a page). The invitation page of a session
 * is remembered by its page id (`invite-page:<space>:<date>`).
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { Answer, InvitationRecord } from '../domain/community';
import { keys } from './keys';

async function readPrefix<T>(prefix: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany<T>();
    for (const r of page.results) out.push(r.value);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/** Every answer for the session of `date`. */
export async function readAnswers(spaceKey: string, date: string): Promise<Answer[]> {
  return readPrefix<Answer>(keys.answerPrefix(spaceKey, date));
}

/** One person's answers for the given session dates (one batch read). */
export async function readOwnAnswers(
  spaceKey: string,
  accountId: string,
  dates: readonly string[],
): Promise<Answer[]> {
  if (dates.length === 0) return [];
  const got = await kvs.batchGet<Answer>(
    [...new Set(dates)].map((date) => ({ key: keys.answer(spaceKey, date, accountId) })),
  );
  return got.successfulKeys.flatMap((k) => (k.value === undefined ? [] : [k.value]));
}

/** Writes a person's answer under their own key (replacing their earlier one). */
export async function writeAnswer(spaceKey: string, answer: Answer): Promise<void> {
  await kvs.set(keys.answer(spaceKey, answer.sessionDate, answer.accountId), answer);
}

/** Every invitation record of the space, keyed by account id. */
export async function readInvitations(spaceKey: string): Promise<Record<string, InvitationRecord>> {
  const records = await readPrefix<InvitationRecord>(keys.invitationPrefix(spaceKey));
  const out: Record<string, InvitationRecord> = {};
  for (const r of records) out[r.accountId] = r;
  return out;
}

/** Writes one person's invitation record. */
export async function writeInvitation(spaceKey: string, record: InvitationRecord): Promise<void> {
  await kvs.set(keys.invitation(spaceKey, record.accountId), record);
}

/** The page id of the invitation page of the session on `date`, if written. */
export async function readInvitationPage(
  spaceKey: string,
  date: string,
): Promise<string | undefined> {
  return kvs.get<string>(keys.invitationPage(spaceKey, date));
}

/** Remembers the invitation page of a session. */
export async function writeInvitationPage(
  spaceKey: string,
  date: string,
  pageId: string,
): Promise<void> {
  await kvs.set(keys.invitationPage(spaceKey, date), pageId);
}
