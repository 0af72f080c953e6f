import { err, ok } from '../result';
import type { CopSessionResult } from './errors';
import { boundedText, validateAccount, validateId, type TextRule } from './text-rules';

/* ------------------------------------------------------------------ topic */

/**
 * What the deep dive is about: a backlog topic (its id, title, details and, when its lead prepared
 * them, an outline and breakout questions) or a new title typed by the facilitator.
 */
export interface SessionTopic {
  /** The backlog topic this session discusses; `null` for a new title. */
  readonly backlogTopicId: string | null;
  readonly title: string;
  readonly details: string;
  /** The lead's outline: what they will present (several lines). */
  readonly outline: string;
  /** Questions for the breakouts, in order. */
  readonly questions: readonly string[];
}

/** A topic as the facilitator gives it; anything left out is empty. */
export interface TopicInput {
  readonly backlogTopicId?: string | null;
  readonly title: string;
  readonly details?: string;
  readonly outline?: string;
  readonly questions?: readonly string[];
}

/** Longest topic title (the backlog's limit). */
export const TITLE_MAX = 120;
/** Longest topic details (the backlog's limit). */
export const DETAILS_MAX = 500;
/** Longest outline. */
export const OUTLINE_MAX = 2000;
/** Most breakout questions. */
export const QUESTIONS_MAX = 8;
/** Longest breakout question. */
export const QUESTION_MAX = 300;

const TITLE: TextRule = {
  label: 'A topic title',
  max: TITLE_MAX,
  emptyCode: 'TITLE_EMPTY',
  longCode: 'TITLE_TOO_LONG',
  isOneLine: true,
};
const DETAILS: TextRule = {
  label: 'Topic details',
  max: DETAILS_MAX,
  emptyCode: null,
  longCode: 'DETAILS_TOO_LONG',
  isOneLine: false,
};
const OUTLINE: TextRule = {
  label: 'The outline',
  max: OUTLINE_MAX,
  emptyCode: null,
  longCode: 'OUTLINE_TOO_LONG',
  isOneLine: false,
};
const QUESTION: TextRule = {
  label: 'A question',
  max: QUESTION_MAX,
  emptyCode: null,
  longCode: 'QUESTION_TOO_LONG',
  isOneLine: true,
};

/**
 * Breakout questions: each one line of at most 300 characters; blank ones are dropped; at most 8
 * remain (`TOO_MANY_QUESTIONS`).
 */
export function normaliseQuestions(raw: readonly string[]): CopSessionResult<readonly string[]> {
  const questions: string[] = [];
  for (const question of raw) {
    const checked = boundedText(question, QUESTION);
    if (!checked.ok) return checked;
    if (checked.value !== '') questions.push(checked.value);
  }
  return questions.length > QUESTIONS_MAX
    ? err('TOO_MANY_QUESTIONS', `A session has at most ${QUESTIONS_MAX} breakout questions.`)
    : ok(questions);
}

/** An outline: several lines, at most 2,000 characters, may be empty (`OUTLINE_TOO_LONG`). */
export function normaliseOutline(raw: string): CopSessionResult<string> {
  return boundedText(raw, OUTLINE);
}

/**
 * Checks a topic: an optional backlog id (`INVALID_ID`), a one-line title of 1–120 characters,
 * details up to 500, an outline up to 2,000 and up to 8 questions of up to 300 characters each.
 */
export function validateTopic(input: TopicInput): CopSessionResult<SessionTopic> {
  const backlogTopicId =
    input.backlogTopicId === undefined || input.backlogTopicId === null
      ? ok(null)
      : validateId(input.backlogTopicId);
  if (!backlogTopicId.ok) return backlogTopicId;
  const title = boundedText(input.title, TITLE);
  if (!title.ok) return title;
  const details = boundedText(input.details ?? '', DETAILS);
  if (!details.ok) return details;
  const outline = normaliseOutline(input.outline ?? '');
  if (!outline.ok) return outline;
  const questions = normaliseQuestions(input.questions ?? []);
  if (!questions.ok) return questions;
  return ok({
    backlogTopicId: backlogTopicId.value,
    title: title.value,
    details: details.value,
    outline: outline.value,
    questions: questions.value,
  });
}

/* ------------------------------------------------------------------- lead */

/** Who leads the topic: a member, a guest speaker named in free text, or nobody. */
export type Lead =
  | { readonly kind: 'member'; readonly accountId: string }
  | { readonly kind: 'guest'; readonly name: string }
  | { readonly kind: 'none' };

/** Longest guest speaker name. */
export const GUEST_NAME_MAX = 100;

const GUEST_NAME: TextRule = {
  label: "A guest speaker's name",
  max: GUEST_NAME_MAX,
  emptyCode: 'GUEST_NAME_EMPTY',
  longCode: 'GUEST_NAME_TOO_LONG',
  isOneLine: true,
};

/**
 * Checks a lead: a member by account id (`INVALID_ACCOUNT`), a guest by a one-line name of 1–100
 * characters (`GUEST_NAME_EMPTY`, `GUEST_NAME_TOO_LONG`), or none.
 */
export function validateLead(input: Lead): CopSessionResult<Lead> {
  switch (input.kind) {
    case 'member': {
      const accountId = validateAccount(input.accountId);
      return accountId.ok ? ok({ kind: 'member', accountId: accountId.value }) : accountId;
    }
    case 'guest': {
      const name = boundedText(input.name, GUEST_NAME);
      return name.ok ? ok({ kind: 'guest', name: name.value }) : name;
    }
    case 'none':
      return ok({ kind: 'none' });
    default:
      // Unreachable for well-typed callers; a malformed payload still gets a typed refusal.
      return err('INVALID_ACCOUNT', 'A lead is a member, a guest speaker or nobody.');
  }
}

/* ----------------------------------------------------------- check-in prompt */

/**
 * The built-in check-in and ice-breaker questions: short, answerable in one line, and good for a
 * room of Scrum Masters and agilists who may not know each other yet.
 */
export const CHECK_IN_PROMPTS = [
  { id: 'one-word', text: 'In one word: how are you arriving today?' },
  { id: 'weather', text: 'Your weather report: sunny, cloudy or stormy — and why?' },
  { id: 'small-win', text: 'One small win from your team since we last met?' },
  { id: 'puzzle', text: 'What is puzzling you at work right now?' },
  { id: 'hope', text: 'What do you hope to take away from today’s topic?' },
  { id: 'experiment', text: 'One experiment you or your team tried recently — how did it go?' },
  { id: 'learned', text: 'Something you learned in the last two weeks?' },
  { id: 'energy', text: 'Your energy from 1 to 5, and what would raise it by one?' },
  { id: 'retro', text: 'The retrospective format that worked best for you lately?' },
  { id: 'trick', text: 'One facilitation trick you would teach a new Scrum Master?' },
  { id: 'topic-story', text: 'Your own experience with today’s topic, in one line?' },
] as const;

/** The id of a built-in prompt. */
export type BuiltInPromptId = (typeof CHECK_IN_PROMPTS)[number]['id'];

/** The check-in question: a built-in one, or one the facilitator typed. */
export type CheckInPrompt =
  | { readonly kind: 'builtin'; readonly id: BuiltInPromptId }
  | { readonly kind: 'custom'; readonly text: string };

/** The prompt a new session starts with. */
export const DEFAULT_PROMPT: CheckInPrompt = { kind: 'builtin', id: 'one-word' };

/** Longest typed prompt. */
export const PROMPT_MAX = 200;

const PROMPT: TextRule = {
  label: 'A check-in prompt',
  max: PROMPT_MAX,
  emptyCode: 'INVALID_PROMPT',
  longCode: 'PROMPT_TOO_LONG',
  isOneLine: true,
};

/** A prompt as the facilitator sends it: a built-in id (any string, checked) or typed text. */
export type CheckInPromptInput =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'custom'; readonly text: string };

/**
 * Checks a prompt: a built-in id from `CHECK_IN_PROMPTS` (`INVALID_PROMPT` otherwise) or a typed
 * one-line question of 1–200 characters (`INVALID_PROMPT`, `PROMPT_TOO_LONG`).
 */
export function validatePrompt(input: CheckInPromptInput): CopSessionResult<CheckInPrompt> {
  switch (input.kind) {
    case 'builtin': {
      const found = CHECK_IN_PROMPTS.find((prompt) => prompt.id === input.id);
      return found === undefined
        ? err('INVALID_PROMPT', 'That is not one of the built-in prompts.')
        : ok({ kind: 'builtin', id: found.id });
    }
    case 'custom': {
      const text = boundedText(input.text, PROMPT);
      return text.ok ? ok({ kind: 'custom', text: text.value }) : text;
    }
    default:
      // Unreachable for well-typed callers; a malformed payload still gets a typed refusal.
      return err('INVALID_PROMPT', 'A prompt is built-in or typed.');
  }
}

/** The words of a prompt. */
export function promptText(prompt: CheckInPrompt): string {
  if (prompt.kind === 'custom') return prompt.text;
  return CHECK_IN_PROMPTS.find((p) => p.id === prompt.id)?.text ?? '';
}
