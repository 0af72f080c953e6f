/**
 * The community's rhythm as use cases: the next sessions with their facilitator and planned topic,
 * answers (one per person per session, each under the person's own key), the invitation list
 * (members put themselves on or off; curators and space administrators add or remove others), the
 * `.ics` calendar files, and the measures of success. The rules are the domain's
 * (`domain/community`); here: who the caller is (context), which space (asked of Confluence as the
 * caller, `place.ts`), whether they curate (the settings' curators, or a space administrator asked
 * of Confluence for a command), the clock, and storage.
 */
import type { ApiResult } from '../../contract/result';
import type {
  AnswerPayload,
  HealthView,
  IcsFile,
  IcsPayload,
  InvitationPayload,
  RhythmView,
} from '../../contract/rhythm';
import {
  ANSWERABLE_SESSIONS,
  calendarFile,
  decideAnswer,
  decideInvitation,
  heldSessionOf,
  invitedAccounts,
  measuresOfSuccess,
  memberHistory,
  nextSessions,
  planSessions,
  scheduleOf,
  seriesSessions,
  summariseAnswers,
  type Answer,
  type CommunitySettings,
  type Schedule,
  type SessionEventDetails,
} from '../../domain/community';
import type { Caller } from '../caller';
import { loadBacklog } from '../../storage/backlog';
import {
  readAnswers,
  readInvitations,
  readOwnAnswers,
  writeAnswer,
  writeInvitation,
} from '../../storage/rhythm';
import { loadSettings } from '../../storage/settings';
import { isCurator } from '../facilitator';
import { isSpaceAdmin, rememberSpace, spaceOf, type SpaceAdmission } from '../place';
import { displayNames } from '../users';
import { listSessions } from './attendance';
import { refreshInvitationPages } from './invitation-page';

type Failure = Extract<ApiResult<never>, { ok: false }>;
const fail = (code: Failure['error']['code'], message: string): Failure => ({
  ok: false,
  error: { code, message },
});

/** The schedule of the space's cadence, or the refusal to show (a cadence stored invalid). */
function scheduleFor(settings: CommunitySettings): ApiResult<Schedule> {
  const schedule = scheduleOf(settings.cadence);
  return schedule.ok
    ? { ok: true, data: schedule.value }
    : fail('NO_SCHEDULE', `The community's calendar cannot be read: ${schedule.error.message}`);
}

/**
 * Whether the caller curates the community: listed as a curator, or an administrator of the space
 * (for a view, the answer recorded with the space check; for a command, Confluence is asked).
 */
async function canCurate(
  caller: Caller,
  space: SpaceAdmission,
  use: 'view' | 'command',
): Promise<boolean> {
  if (await isCurator(space.place.spaceKey, caller.accountId)) return true;
  return use === 'view' ? space.isSpaceAdminHint : isSpaceAdmin(space.place.spaceId);
}

/** How far back the attendees offered to a curator for the invitation list go (90 days). */
const CANDIDATE_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

/** The next sessions, the caller's answers and invitation; for curators, who answered what. */
export async function rhythmView(caller: Caller, now = Date.now()): Promise<ApiResult<RhythmView>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const settings = await loadSettings(spaceKey);
  const schedule = scheduleFor(settings);
  if (!schedule.ok) return schedule;
  const [{ backlog }, invitations, curate] = await Promise.all([
    loadBacklog(spaceKey),
    readInvitations(spaceKey),
    canCurate(caller, space, 'view'),
  ]);
  const plan = planSessions(
    schedule.data,
    now,
    ANSWERABLE_SESSIONS,
    settings.rotation,
    settings.swaps ?? [],
    Object.values(backlog.topics),
  );
  const dates = plan.sessions.map((s) => s.date);
  const mine = await readOwnAnswers(spaceKey, caller.accountId, dates);
  const invitees = invitedAccounts(Object.values(invitations));
  const next = plan.sessions[0];
  const nextAnswers =
    curate && next !== undefined
      ? summariseAnswers(next.date, invitees, await readAnswers(spaceKey, next.date))
      : undefined;
  const people = new Set<string>();
  for (const s of plan.sessions) {
    if (s.facilitator !== undefined) people.add(s.facilitator);
    for (const t of s.topics) if (t.lead !== undefined) people.add(t.lead);
  }
  // Curators add people from those the app knows (no site-wide user search): the rotation, the
  // curators, who answered without being invited, who attended in the last 90 days.
  const candidates = new Set<string>();
  if (curate) {
    for (const id of invitees) people.add(id);
    for (const id of nextAnswers?.answeredUninvited ?? []) candidates.add(id);
    for (const id of settings.rotation.facilitators) candidates.add(id);
    for (const id of settings.curators ?? []) candidates.add(id);
    for (const record of await listSessions(spaceKey, now - CANDIDATE_WINDOW_MS)) {
      for (const id of record.attendees) candidates.add(id);
    }
    for (const id of invitees) candidates.delete(id);
    for (const id of Object.keys(invitations)) {
      if (invitations[id]?.status === 'opted-out') candidates.delete(id);
    }
    for (const id of candidates) people.add(id);
  }
  const shownDates = new Set(dates);
  const swaps = (settings.swaps ?? []).filter(
    (s) => shownDates.has(s.proposerDate) || shownDates.has(s.partnerDate),
  );
  for (const s of swaps) {
    people.add(s.proposer);
    people.add(s.partner);
  }
  const names = await displayNames([...people]);
  await rememberSpace(caller, space);
  return {
    ok: true,
    data: {
      copName: settings.copName,
      timeZone: schedule.data.timeZone,
      sessions: plan.sessions.map((s) => ({
        date: s.date,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        facilitator: s.facilitator,
        topics: s.topics,
      })),
      myAnswers: Object.fromEntries(mine.map((a) => [a.sessionDate, a])),
      invited: invitees.includes(caller.accountId),
      canCurate: curate,
      ...(curate ? { invitees, candidates: [...candidates] } : {}),
      ...(nextAnswers === undefined ? {} : { nextAnswers }),
      ...(swaps.length === 0 ? {} : { swaps }),
      names,
    },
  };
}

/** The caller answers for an upcoming session: one record under their own key, replaced by a later answer. */
export async function answerSession(
  caller: Caller,
  payload: AnswerPayload,
  now = Date.now(),
): Promise<ApiResult<Answer>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const schedule = scheduleFor(await loadSettings(spaceKey));
  if (!schedule.ok) return schedule;
  const decided = decideAnswer(
    payload,
    { actor: caller.accountId, now },
    nextSessions(schedule.data, now, ANSWERABLE_SESSIONS),
  );
  if (!decided.ok) return { ok: false, error: decided.error };
  await writeAnswer(spaceKey, decided.value);
  await rememberSpace(caller, space);
  return { ok: true, data: decided.value };
}

/**
 * Changes the invitation list: the caller on or off (anyone in the space), or someone else added
 * or removed (curators and space administrators, asked of Confluence). One record written, the
 * changed person's own; nothing when nothing changes.
 */
export async function changeInvitation(
  caller: Caller,
  payload: InvitationPayload,
  now = Date.now(),
): Promise<ApiResult<{ readonly invited: readonly string[] }>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const records = await readInvitations(spaceKey);
  const forOther =
    (payload.type === 'invite' || payload.type === 'uninvite') &&
    payload.accountId !== caller.accountId;
  const curate = forOther ? await canCurate(caller, space, 'command') : false;
  const decided = decideInvitation(records, payload, {
    actor: caller.accountId,
    canCurate: curate,
    now,
  });
  if (!decided.ok) return { ok: false, error: decided.error };
  const record = decided.value;
  if (record !== undefined) await writeInvitation(spaceKey, record);
  await rememberSpace(caller, space);
  // The published invitation pages mention the list: bring them up to date (best effort).
  if (record !== undefined) {
    await refreshInvitationPages({ spaceKey, spaceId: space.place.spaceId }, { now });
  }
  const after = record === undefined ? records : { ...records, [record.accountId]: record };
  const invited = invitedAccounts(Object.values(after));
  // A member sees only whether they are on the list; curators see the list.
  return {
    ok: true,
    data: { invited: curate ? invited : invited.filter((id) => id === caller.accountId) },
  };
}

/** The `.ics` file of one upcoming session, or of the series (the next SERIES_MONTHS months). */
export async function calendarIcs(
  caller: Caller,
  payload: IcsPayload,
  now = Date.now(),
): Promise<ApiResult<IcsFile>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const settings = await loadSettings(spaceKey);
  const schedule = scheduleFor(settings);
  if (!schedule.ok) return schedule;
  const series = seriesSessions(schedule.data, now);
  const chosen =
    payload.sessionDate === undefined
      ? series
      : series.filter((s) => s.date === payload.sessionDate);
  if (chosen.length === 0) {
    return fail('NO_SESSION', 'There is no upcoming session on that date.');
  }
  const { backlog } = await loadBacklog(spaceKey);
  const plan = planSessions(
    schedule.data,
    now,
    series.length,
    settings.rotation,
    settings.swaps ?? [],
    Object.values(backlog.topics),
  );
  const byDate = new Map(plan.sessions.map((s) => [s.date, s]));
  const people = plan.sessions.flatMap((s) => [
    ...(s.facilitator === undefined ? [] : [s.facilitator]),
    ...s.topics.flatMap((t) => (t.lead === undefined ? [] : [t.lead])),
  ]);
  const names = await displayNames([...new Set(people)]);
  const details = chosen.map((session): SessionEventDetails => {
    const planned = byDate.get(session.date);
    const topic = planned?.topics[0];
    const facilitator = planned?.facilitator;
    const leadName = topic?.lead === undefined ? undefined : names[topic.lead];
    const facilitatorName = facilitator === undefined ? undefined : names[facilitator];
    return {
      session,
      ...(topic === undefined ? {} : { topicTitle: topic.title }),
      ...(leadName === undefined ? {} : { leadName }),
      ...(facilitatorName === undefined ? {} : { facilitatorName }),
    };
  });
  const file = calendarFile({
    communityId: `cop-kit:${spaceKey}`,
    copName: settings.copName,
    dtstamp: now,
    sessions: details,
  });
  if (!file.ok) return { ok: false, error: file.error };
  await rememberSpace(caller, space);
  const name = payload.sessionDate === undefined ? 'series' : payload.sessionDate;
  return { ok: true, data: { fileName: `${spaceKey}-${name}.ics`, text: file.value } };
}

/** How many held sessions the answers are read for (the measures show the last 12). */
const ANSWERED_SESSIONS = 12;

/** The measures of success of the space and the caller's own history. */
export async function communityHealth(
  caller: Caller,
  now = Date.now(),
): Promise<ApiResult<HealthView>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const settings = await loadSettings(spaceKey);
  const schedule = scheduleFor(settings);
  if (!schedule.ok) return schedule;
  const [records, { backlog }] = await Promise.all([listSessions(spaceKey), loadBacklog(spaceKey)]);
  const sessions = records.map((r) => heldSessionOf(r, schedule.data.timeZone));
  const dates = [...new Set(sessions.filter((s) => s.startedAt <= now).map((s) => s.date))].slice(
    -ANSWERED_SESSIONS,
  );
  const answers = (await Promise.all(dates.map((d) => readAnswers(spaceKey, d)))).flat();
  const measures = measuresOfSuccess({
    now,
    schedule: schedule.data,
    sessions,
    answers,
    topics: Object.values(backlog.topics),
  });
  const history = memberHistory(caller.accountId, sessions, answers);
  await rememberSpace(caller, space);
  return { ok: true, data: { measures, history, names: {} } };
}
