/**
 * The invitation page of a session, written in the space so that Confluence itself notifies the
 * people on the invitation list: its body mentions each of them (`<ac:link><ri:user
 * ri:account-id="…"/></ac:link>`, the storage format of a user mention). One page per session: the
 * page id is remembered (`invite-page:<space>:<date>`), and writing again replaces the page's body
 * with the next version number. Written as the curator who asks (`asUser`), so Confluence's own
 * permissions apply. All user text is escaped.
 */
import { forgeConfluence, type ConfluencePort, type PageRef } from '../../confluence/client';
import type { ApiResult } from '../../contract/result';
import {
  ANSWERABLE_SESSIONS,
  invitedAccounts,
  nextSessions,
  planSessions,
  scheduleOf,
  sessionWhen,
  type SessionPlan,
} from '../../domain/community';
import { escapeXmlAttribute, escapeXmlText, truncateGraphemes } from '../../domain/text';
import type { Caller } from '../caller';
import { loadBacklog } from '../../storage/backlog';
import { readInvitationPage, readInvitations, writeInvitationPage } from '../../storage/rhythm';
import { loadSettings } from '../../storage/settings';
import { isCurator } from '../facilitator';
import { isSpaceAdmin, rememberSpace, spaceOf } from '../place';

/** What publishing answered: the page, and whether it was created or updated. */
export interface PublishedInvitation {
  readonly pageId: string;
  readonly url: string;
  readonly outcome: 'created' | 'updated';
  readonly mentioned: readonly string[];
}

const mention = (accountId: string): string =>
  `<ac:link><ri:user ri:account-id="${escapeXmlAttribute(accountId)}" /></ac:link>`;

/** `Wednesday, 2 December 2026, 18:00–19:30 (Europe/Berlin)`. */
const when = (session: SessionPlan, timeZone: string): string =>
  `${sessionWhen(session, timeZone, 'long')} (${timeZone})`;

/** The page's storage-format body (every user text escaped; people as mentions). */
export function invitationBody(input: {
  readonly copName: string;
  readonly session: SessionPlan;
  readonly timeZone: string;
  readonly prepare: readonly string[];
  readonly copPage: PageRef | undefined;
  readonly invitees: readonly string[];
}): string {
  const { session } = input;
  const topics =
    session.topics.length === 0
      ? '<p>Topic: chosen at the session from the backlog.</p>'
      : session.topics
          .map(
            (t) =>
              `<p>Topic: <strong>${escapeXmlText(t.title)}</strong>${t.lead === undefined ? '' : `, led by ${mention(t.lead)}`}</p>`,
          )
          .join('');
  const prepare = input.prepare.filter((p) => p.trim() !== '');
  return [
    `<p>You are invited to the next session of <strong>${escapeXmlText(input.copName)}</strong>.</p>`,
    `<p>When: ${escapeXmlText(when(session, input.timeZone))}</p>`,
    topics,
    session.facilitator === undefined ? '' : `<p>Facilitator: ${mention(session.facilitator)}</p>`,
    prepare.length === 0
      ? ''
      : `<h2>What to prepare</h2><ul>${prepare.map((p) => `<li>${escapeXmlText(p)}</li>`).join('')}</ul>`,
    input.copPage === undefined
      ? ''
      : `<p>Our community page: <a href="${escapeXmlAttribute(input.copPage.url)}">${escapeXmlText(input.copPage.title)}</a></p>`,
    input.invitees.length === 0
      ? '<p>Nobody is on the invitation list yet.</p>'
      : `<h2>Invited</h2><p>${input.invitees.map(mention).join(' ')}</p>`,
  ].join('');
}

/** What the invitation pages of the upcoming sessions are made of (one read of each source). */
interface InvitationDraft {
  readonly invitees: readonly string[];
  readonly title: (session: SessionPlan) => string;
  readonly body: (session: SessionPlan, copPage: PageRef | undefined) => string;
}

async function composeInvitations(
  spaceKey: string,
  now: number,
): Promise<ApiResult<{ plan: readonly SessionPlan[]; draft: InvitationDraft }>> {
  const settings = await loadSettings(spaceKey);
  const schedule = scheduleOf(settings.cadence);
  if (!schedule.ok)
    return { ok: false, error: { code: 'NO_SCHEDULE', message: schedule.error.message } };
  const [{ backlog }, records] = await Promise.all([
    loadBacklog(spaceKey),
    readInvitations(spaceKey),
  ]);
  const plan = planSessions(
    schedule.value,
    now,
    ANSWERABLE_SESSIONS,
    settings.rotation,
    settings.swaps ?? [],
    Object.values(backlog.topics),
  );
  const invitees = invitedAccounts(Object.values(records));
  return {
    ok: true,
    data: {
      plan: plan.sessions,
      draft: {
        invitees,
        title: (session) =>
          truncateGraphemes(`${settings.copName}: session of ${session.date}`, 255),
        body: (session, copPage) =>
          invitationBody({
            copName: settings.copName,
            session,
            timeZone: schedule.value.timeZone,
            prepare: session.topics.flatMap((t) => {
              const details = backlog.topics[t.id]?.details;
              return details === undefined ? [] : [details];
            }),
            copPage,
            invitees,
          }),
      },
    },
  };
}

/**
 * Writes (or brings up to date) the invitation page of the next session, or of the upcoming session
 * on `sessionDate`. Curators and space administrators only (asked of Confluence).
 */
export async function publishInvitation(
  caller: Caller,
  payload: { readonly sessionDate?: string },
  now = Date.now(),
  confluence: ConfluencePort = forgeConfluence(),
): Promise<ApiResult<PublishedInvitation>> {
  const space = await spaceOf(caller, confluence);
  const { spaceKey, spaceId } = space.place;
  const curates =
    (await isCurator(spaceKey, caller.accountId)) || (await isSpaceAdmin(spaceId, confluence));
  if (!curates) {
    return {
      ok: false,
      error: {
        code: 'NOT_CURATOR',
        message: 'Only a curator or a space admin writes the invitation pages.',
      },
    };
  }
  const composed = await composeInvitations(spaceKey, now);
  if (!composed.ok) return composed;
  const { plan, draft } = composed.data;
  const session =
    payload.sessionDate === undefined ? plan[0] : plan.find((s) => s.date === payload.sessionDate);
  if (session === undefined) {
    return {
      ok: false,
      error: { code: 'NO_SESSION', message: 'There is no upcoming session on that date.' },
    };
  }
  const invitees = draft.invitees;
  // The CoP page: the page the call came from (a macro), else the space's home page.
  let homeId = caller.claimed.contentId;
  if (homeId === undefined) {
    const home = await confluence.space(spaceId);
    homeId = home.ok ? home.value.homepageId : undefined;
  }
  const copPage = homeId === undefined ? undefined : await confluence.page(homeId);
  const storage = draft.body(session, copPage?.ok === true ? copPage.value : undefined);
  const title = draft.title(session);
  const known = await readInvitationPage(spaceKey, session.date);
  let written: PageRef;
  let outcome: PublishedInvitation['outcome'];
  if (known === undefined) {
    const created = await confluence.createPage({ spaceId, parentId: undefined, title, storage });
    if (created.ok) {
      written = created.value;
      outcome = 'created';
    } else if (created.failure.kind === 'title-taken') {
      // Written by an earlier call that did not get to remember it: adopt it.
      const found = await confluence.pageByTitle(spaceId, title);
      if (!found.ok || found.value === undefined) return failed(created.failure.message);
      const updated = await confluence.updatePage(found.value.id, title, storage);
      if (!updated.ok) return failed(updated.failure.message);
      written = updated.value;
      outcome = 'updated';
    } else {
      return failed(created.failure.message);
    }
    await writeInvitationPage(spaceKey, session.date, written.id);
  } else {
    const updated = await confluence.updatePage(known, title, storage);
    if (!updated.ok) return failed(updated.failure.message);
    written = updated.value;
    outcome = 'updated';
  }
  await rememberSpace(caller, space);
  return { ok: true, data: { pageId: written.id, url: written.url, outcome, mentioned: invitees } };
}

const failed = (message: string): ApiResult<never> => ({
  ok: false,
  error: {
    code: 'PERMISSION_DENIED',
    message: `Confluence did not take the invitation page: ${message}`,
  },
});

/** What a refresh did, for the tests and the log. */
export interface RefreshedInvitations {
  readonly updated: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Brings the invitation pages already published for upcoming sessions up to date after a change of
 * what they say (the planned topic, its lead, the facilitator, the date, the invitation list):
 * those of `dates` (all upcoming sessions with a page when absent). Written as the caller, in place
 * with the next version; a session without a published page gets none (publishing is a curator's
 * decision). The pages are written as the user of the current invocation (`asUser`). Best effort: called after the change itself is stored, it never throws and never
 * fails that change; a page Confluence refuses (the caller may not edit it) is reported in
 * `failed` and left as it was. The community page linked is the space's home page.
 */
export async function refreshInvitationPages(
  place: { readonly spaceKey: string; readonly spaceId: string },
  options: { readonly dates?: readonly string[]; readonly now?: number } = {},
  confluence: ConfluencePort = forgeConfluence(),
): Promise<RefreshedInvitations> {
  const updated: string[] = [];
  const failed: string[] = [];
  try {
    const { spaceKey, spaceId } = place;
    const now = options.now ?? Date.now();
    // First the cheap part: which of the dates have a page at all (most changes touch none).
    let dates = options.dates;
    if (dates === undefined) {
      const schedule = scheduleOf((await loadSettings(spaceKey)).cadence);
      if (!schedule.ok) return { updated, failed };
      dates = nextSessions(schedule.value, now, ANSWERABLE_SESSIONS).map((s) => s.date);
    }
    const known = await Promise.all(dates.map((d) => readInvitationPage(spaceKey, d)));
    const pages = new Map(
      dates.flatMap((d, i) => {
        const pageId = known[i];
        return pageId === undefined ? [] : [[d, pageId] as const];
      }),
    );
    if (pages.size === 0) return { updated, failed };
    const composed = await composeInvitations(spaceKey, now);
    if (!composed.ok) return { updated, failed };
    const { plan, draft } = composed.data;
    const toWrite = plan.flatMap((session) => {
      const pageId = pages.get(session.date);
      return pageId === undefined ? [] : [{ session, pageId }];
    });
    if (toWrite.length === 0) return { updated, failed };
    const home = await confluence.space(spaceId);
    const homeId = home.ok ? home.value.homepageId : undefined;
    const copPage = homeId === undefined ? undefined : await confluence.page(homeId);
    for (const { session, pageId } of toWrite) {
      const written = await confluence.updatePage(
        pageId,
        draft.title(session),
        draft.body(session, copPage?.ok === true ? copPage.value : undefined),
      );
      (written.ok ? updated : failed).push(session.date);
    }
  } catch (error) {
    console.warn('The invitation pages could not be refreshed', error);
  }
  return { updated, failed };
}
