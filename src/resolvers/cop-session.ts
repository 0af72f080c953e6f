import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { COP_SESSION_RESOLVERS as R } from '../contract/cop-session';
import {
  ACTION_MAX,
  CHECK_IN_MAX,
  DETAILS_MAX,
  EXTEND_MINUTES,
  GROUP_COUNT,
  GROUP_SIZE,
  GUEST_NAME_MAX,
  ID_MAX,
  MAX_ATTENDEES,
  MAX_GROUPS,
  NOTE_MAX,
  OUTLINE_MAX,
  PROMPT_MAX,
  QUESTION_MAX,
  QUESTIONS_MAX,
  STEP_KINDS,
  STEP_MINUTES,
  TAKEAWAY_MAX,
  TITLE_MAX,
  type StepKind,
} from '../domain/cop-session';
import * as service from '../services/cop-session';
import { command } from './define';

/*
 * Payload schemas: strict objects whose bounds are the deep-dive rules' own caps (imported, so the
 * two never disagree). Numbers and lists are bounded exactly as the rules bound them. A text is
 * bounded at twice the rule's cap in UTF-16 units plus 1,000 (the rules count code points — an
 * emoji is two units — after trimming and joining lines, so whatever the rules accept passes here;
 * the longest, an outline, is 5,000): anything longer than the rules could ever accept is refused
 * before the service runs (INVALID_PAYLOAD). Between the two, the rules answer with their own
 * codes (TITLE_TOO_LONG, NOTE_TOO_LONG, …).
 */
const text = (max: number) => z.string().max(max * 2 + 1000);
const id = z.string().min(1).max(ID_MAX);
const accountId = z.string().min(1).max(128);
const empty = z.strictObject({});
/** The board version the facilitator's screen showed (optional): a stale click answers CONFLICT. */
const version = z.number().int().min(1).optional();
const seen = z.strictObject({ version });

const plan = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('count'),
    count: z.number().int().min(GROUP_COUNT.min).max(GROUP_COUNT.max),
  }),
  z.strictObject({
    by: z.literal('size'),
    size: z.number().int().min(GROUP_SIZE.min).max(GROUP_SIZE.max),
  }),
]);
const questions = z.array(text(QUESTION_MAX)).max(QUESTIONS_MAX);
const board = z.union([z.number().int().min(1).max(MAX_GROUPS), z.literal('plenary')]);
const noteSeen = z
  .record(accountId, z.number().int().min(1).max(1_000_000))
  .refine((vector) => Object.keys(vector).length <= MAX_ATTENDEES, 'Too many editors.');
const due = z.string().max(10).nullable().optional();
const owner = accountId.nullable().optional();

const schemas = {
  setTopic: z.strictObject({
    topic: z.strictObject({
      // The backlog's own id (`manual:<uuid>`, an imported card's id): the backlog's bound.
      backlogTopicId: z.string().min(1).max(400).nullable().optional(),
      title: text(TITLE_MAX),
      details: text(DETAILS_MAX).optional(),
      outline: text(OUTLINE_MAX).optional(),
      questions: questions.optional(),
    }),
    version,
  }),
  setLead: z.strictObject({
    lead: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('member'), accountId }),
      z.strictObject({ kind: z.literal('guest'), name: text(GUEST_NAME_MAX) }),
      z.strictObject({ kind: z.literal('none') }),
    ]),
    version,
  }),
  setAgenda: z.strictObject({
    agenda: z
      .array(
        z.strictObject({
          step: z.enum(STEP_KINDS as [StepKind, ...StepKind[]]),
          minutes: z.number().int().min(STEP_MINUTES.min).max(STEP_MINUTES.max),
        }),
      )
      .min(1)
      .max(STEP_KINDS.length),
    version,
  }),
  setCheckInPrompt: z.strictObject({
    prompt: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('builtin'), id }),
      z.strictObject({ kind: z.literal('custom'), text: text(PROMPT_MAX) }),
    ]),
    version,
  }),
  setGroupPlan: z.strictObject({ plan, version }),
  editOutline: z.strictObject({
    outline: text(OUTLINE_MAX).optional(),
    questions: questions.optional(),
    version,
  }),
  attendee: z.strictObject({ accountId, version }),
  extend: z.strictObject({
    minutes: z.number().int().min(EXTEND_MINUTES.min).max(EXTEND_MINUTES.max),
    version,
  }),
  regroup: z.strictObject({ plan: plan.optional(), version }),
  answerCheckIn: z.strictObject({ text: text(CHECK_IN_MAX) }),
  addNote: z.strictObject({ board, text: text(NOTE_MAX) }),
  editNote: z.strictObject({ board, noteId: id, text: text(NOTE_MAX), seen: noteSeen }),
  deleteNote: z.strictObject({ board, noteId: id, seen: noteSeen }),
  addTakeaway: z.strictObject({ text: text(TAKEAWAY_MAX) }),
  editTakeaway: z.strictObject({
    takeawayId: id,
    author: accountId.optional(),
    text: text(TAKEAWAY_MAX),
  }),
  takeaway: z.strictObject({ takeawayId: id, author: accountId.optional() }),
  addActionItem: z.strictObject({ text: text(ACTION_MAX), owner, due }),
  editActionItem: z.strictObject({
    actionItemId: id,
    author: accountId.optional(),
    text: text(ACTION_MAX).optional(),
    owner,
    due,
  }),
  actionItem: z.strictObject({ actionItemId: id, author: accountId.optional() }),
};

/** Registers the `copSession/*` resolvers. */
export function registerCopSession(resolver: Resolver): void {
  const define = <S extends z.ZodType, T>(
    name: string,
    schema: S,
    run: Parameters<typeof command<S, T>>[2],
  ): void => {
    resolver.define(name, command(name, schema, run));
  };
  define(R.state, empty, (caller) => service.viewCopSession(caller));
  define(R.create, seen, service.createCopSession);
  define(R.setTopic, schemas.setTopic, service.setTopic);
  define(R.setLead, schemas.setLead, service.setLead);
  define(R.setAgenda, schemas.setAgenda, service.setAgenda);
  define(R.setCheckInPrompt, schemas.setCheckInPrompt, service.setCheckInPrompt);
  define(R.setGroupPlan, schemas.setGroupPlan, service.setGroupPlan);
  define(R.editOutline, schemas.editOutline, service.editOutline);
  define(R.addAttendee, schemas.attendee, service.addAttendee);
  define(R.removeAttendee, schemas.attendee, service.removeAttendee);
  define(R.start, seen, service.start);
  define(R.next, seen, service.next);
  define(R.back, seen, service.back);
  define(R.extend, schemas.extend, service.extend);
  define(R.regroup, schemas.regroup, service.regroup);
  define(R.end, seen, service.end);
  define(R.createNotes, empty, (caller) => service.createNotes(caller));
  define(R.join, empty, (caller) => service.join(caller));
  define(R.leave, empty, (caller) => service.leave(caller));
  define(R.answerCheckIn, schemas.answerCheckIn, service.answerCheckIn);
  define(R.passCheckIn, empty, (caller) => service.passCheckIn(caller));
  define(R.addNote, schemas.addNote, service.addNote);
  define(R.editNote, schemas.editNote, service.editNote);
  define(R.deleteNote, schemas.deleteNote, service.deleteNote);
  define(R.addTakeaway, schemas.addTakeaway, service.addTakeaway);
  define(R.editTakeaway, schemas.editTakeaway, service.editTakeaway);
  define(R.deleteTakeaway, schemas.takeaway, service.deleteTakeaway);
  define(R.addActionItem, schemas.addActionItem, service.addActionItem);
  define(R.editActionItem, schemas.editActionItem, service.editActionItem);
  define(R.deleteActionItem, schemas.actionItem, service.deleteActionItem);
}
