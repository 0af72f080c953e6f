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
  planSessions,
  scheduleOf,
  type SessionPlan,
} from '../../domain/community';
import { escapeXmlAttribute, escapeXmlText, truncateGraphemes } from '../../domain/text';
import type { Caller } from '../../resolvers/define';
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

/** `Wednesday 2 December 2026, 18:00–19:30 (Europe/Berlin)`. */
function when(session: SessionPlan, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(session.startsAt);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${day}, ${time.format(session.startsAt)}–${time.format(session.endsAt)} (${timeZone})`;
}

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
  const session =
    payload.sessionDate === undefined
      ? plan.sessions[0]
      : plan.sessions.find((s) => s.date === payload.sessionDate);
  if (session === undefined) {
    return {
      ok: false,
      error: { code: 'NO_SESSION', message: 'There is no upcoming session on that date.' },
    };
  }
  const invitees = invitedAccounts(Object.values(records));
  const prepare = session.topics.flatMap((t) => {
    const details = backlog.topics[t.id]?.details;
    return details === undefined ? [] : [details];
  });
  // The CoP page: the page the call came from (a macro), else the space's home page.
  let homeId = caller.claimed.contentId;
  if (homeId === undefined) {
    const home = await confluence.space(spaceId);
    homeId = home.ok ? home.value.homepageId : undefined;
  }
  const copPage = homeId === undefined ? undefined : await confluence.page(homeId);
  const storage = invitationBody({
    copName: settings.copName,
    session,
    timeZone: schedule.value.timeZone,
    prepare,
    copPage: copPage?.ok === true ? copPage.value : undefined,
    invitees,
  });
  const title = truncateGraphemes(`${settings.copName}: session of ${session.date}`, 255);
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
