/**
 * The backlog's way into a deep dive (issue 12):
 * - **"Start a session"** on a backlog topic chooses it as the topic of the space's next CoP
 *   Session (`session-topic:<space>`: the CoP Session set-up starts with it) and answers where the
 *   CoP Session macro is — it no longer writes a notes page with empty headings; the session's
 *   end writes the notes page with what happened.
 * - **Preparing a topic**: its volunteer lead (or a curator or a space admin) writes the outline
 *   and the breakout questions before the day; the CoP Session set-up pre-fills them when that
 *   topic is chosen (`preparedTopic`).
 * The space is always the one Confluence gave the caller (`spaceOf`); roles as in
 * `facilitator.ts`. A refusal writes nothing.
 */
import type { ApiResult } from '../contract/result';
import type { StartSessionAnswer, TopicPrepView } from '../contract/deep-dive-start';
import type { Topic } from '../domain/backlog';
import { normaliseOutline, normaliseQuestions } from '../domain/cop-session';
import type { Caller } from './caller';
import { loadTopics } from '../storage/backlog';
import { saveSessionTopicChoice } from '../storage/cop-session';
import { loadSettings } from '../storage/settings';
import { copSessionMacros, loadTopicPrep, saveTopicPrep } from '../storage/topic-prep';
import { hasRole, ROTATION_LAPSED, roleCheck } from './facilitator';
import { rememberSpace, spaceOf } from './place';

type Answer<T> = Promise<ApiResult<T>>;

const unknownTopic = {
  ok: false as const,
  error: { code: 'UNKNOWN_TOPIC' as const, message: 'There is no such topic.' },
};

const isOpen = (topic: Topic): boolean => topic.status === 'proposed' || topic.status === 'planned';

/** One topic of the space, archived or not, by its id (one batch get). */
async function topicOf(spaceKey: string, topicId: string): Promise<Topic | undefined> {
  const { backlog } = await loadTopics(spaceKey, [topicId]);
  return backlog.topics[topicId];
}

/** Where a page is, site-relative under `/wiki` (as the notes pages link back). */
const pageUrl = (pageId: string): string =>
  `/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;

/**
 * "Start a session" (the rotation, curators, space admins): the topic becomes the space's next
 * CoP Session topic; the answer names the page of the space's most recently used CoP Session
 * macro, or says to insert one. Choosing again (the same or another topic) replaces the choice.
 */
export async function startDeepDive(caller: Caller, topicId: string): Answer<StartSessionAnswer> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const settings = await loadSettings(spaceKey);
  const role = await roleCheck(caller, settings, space, 'rotation', 'command');
  if (role === 'lapsed') return ROTATION_LAPSED;
  if (role !== 'yes') {
    return {
      ok: false,
      error: {
        code: 'NOT_FACILITATOR',
        message: 'Only someone in the facilitator rotation (or a curator) can start a session.',
      },
    };
  }
  const topic = await topicOf(spaceKey, topicId);
  if (topic === undefined) return unknownTopic;
  if (!isOpen(topic)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_TRANSITION',
        message: 'Only a proposed or planned topic can be the next session’s topic.',
      },
    };
  }
  const [macro] = await copSessionMacros(spaceKey);
  await saveSessionTopicChoice(spaceKey, topic.id);
  await rememberSpace(caller, space);
  const found = macro === undefined ? null : { pageId: macro.pageId, url: pageUrl(macro.pageId) };
  return {
    ok: true,
    data: {
      topicId: topic.id,
      title: topic.title,
      macro: found,
      message:
        found === null
          ? `“${topic.title}” is the next session’s topic. Insert the CoP Session macro on your CoP page: its set-up starts with this topic.`
          : `“${topic.title}” is the next session’s topic. Open the CoP Session page to set it up and run it.`,
    },
  };
}

const viewOf = (prep: {
  topicId: string;
  outline: string;
  questions: readonly string[];
  by: string;
  at: number;
}): TopicPrepView => ({
  topicId: prep.topicId,
  outline: prep.outline,
  questions: prep.questions,
  by: prep.by,
  at: prep.at,
});

/**
 * Writes a topic's outline and breakout questions (replacing the ones before): its volunteer lead,
 * a curator or a space admin (`NOT_ALLOWED` otherwise), on a proposed or planned topic, within the
 * deep dive's caps (the same the set-up checks): outline ≤ 2,000 characters, ≤ 8 questions of one
 * line ≤ 300 characters each (blank ones dropped).
 */
export async function prepareTopic(
  caller: Caller,
  payload: { topicId: string; outline: string; questions: readonly string[] },
): Answer<TopicPrepView> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const topic = await topicOf(spaceKey, payload.topicId);
  if (topic === undefined) return unknownTopic;
  const isLead = topic.lead !== undefined && topic.lead === caller.accountId;
  if (
    !isLead &&
    !(await hasRole(caller, await loadSettings(spaceKey), space, 'curator', 'command'))
  ) {
    return {
      ok: false,
      error: {
        code: 'NOT_ALLOWED',
        message:
          topic.lead === undefined
            ? 'Volunteer to lead this topic first: its lead prepares the outline and questions.'
            : 'Only the topic’s lead (or a curator) can prepare its outline and questions.',
      },
    };
  }
  if (!isOpen(topic)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_TRANSITION',
        message: 'This topic has been discussed or archived; there is no session to prepare.',
      },
    };
  }
  const outline = normaliseOutline(payload.outline);
  if (!outline.ok) return { ok: false, error: outline.error };
  const questions = normaliseQuestions(payload.questions);
  if (!questions.ok) return { ok: false, error: questions.error };
  const prep = {
    topicId: topic.id,
    outline: outline.value,
    questions: questions.value,
    by: caller.accountId,
    at: Date.now(),
  };
  await saveTopicPrep(spaceKey, prep);
  await rememberSpace(caller, space);
  return { ok: true, data: viewOf(prep) };
}

/** A topic's preparation for anyone who can see the space; `null` when none was written. */
export async function topicPrep(caller: Caller, topicId: string): Answer<TopicPrepView | null> {
  const space = await spaceOf(caller);
  const prep = await loadTopicPrep(space.place.spaceKey, topicId);
  await rememberSpace(caller, space);
  return { ok: true, data: prep === undefined ? null : viewOf(prep) };
}

/**
 * What the CoP Session set-up pre-fills when a backlog topic is chosen: its outline and questions,
 * when its lead prepared them (nothing otherwise). `spaceKey` is the session's own space.
 */
export async function preparedTopic(
  spaceKey: string,
  backlogTopicId: string,
): Promise<{ outline?: string; questions?: readonly string[] }> {
  const prep = await loadTopicPrep(spaceKey, backlogTopicId);
  return prep === undefined ? {} : { outline: prep.outline, questions: prep.questions };
}
