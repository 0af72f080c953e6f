import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { LEAN_COFFEE_RESOLVERS as R } from '../contract/lean-coffee';
import { SETTINGS_LIMITS, TOPIC_MINUTES } from '../domain/lean-coffee';
import * as service from '../services/lean-coffee';
import { command } from './define';

/*
 * Payload schemas: strict objects with bounded strings and integers. They refuse what is not
 * well-formed (INVALID_PAYLOAD); the game rules (title length after trimming, dots within N and M,
 * phases) are the domain's and answer with its codes.
 */
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const empty = z.strictObject({});
/** The board version the facilitator's screen showed (optional): a stale click answers CONFLICT. */
const version = z.number().int().min(1).optional();
const seen = z.strictObject({ version });
const topicPayload = z.strictObject({ topicId: id });
const round = z.number().int().min(0).max(1000);
const minutes = z.number().int().min(TOPIC_MINUTES.min).max(TOPIC_MINUTES.max);
const accountId = z.string().min(1).max(128);

const settings = z.strictObject({
  dotsPerParticipant: z
    .number()
    .int()
    .min(SETTINGS_LIMITS.dotsPerParticipant.min)
    .max(SETTINGS_LIMITS.dotsPerParticipant.max)
    .optional(),
  maxDotsPerTopic: z
    .number()
    .int()
    .min(SETTINGS_LIMITS.maxDotsPerTopic.min)
    .max(SETTINGS_LIMITS.maxDotsPerTopic.max)
    .optional(),
  hiddenTallies: z.boolean().optional(),
  defaultTopicMinutes: z
    .number()
    .int()
    .min(SETTINGS_LIMITS.defaultTopicMinutes.min)
    .max(SETTINGS_LIMITS.defaultTopicMinutes.max)
    .optional(),
  meetingMinutes: z
    .number()
    .int()
    .min(SETTINGS_LIMITS.meetingMinutes.min)
    .max(SETTINGS_LIMITS.meetingMinutes.max)
    .optional(),
});

const schemas = {
  start: z.strictObject({ settings: settings.optional() }),
  changeSettings: z.strictObject({ settings, version }),
  proposeTopic: z.strictObject({
    title: text(1000),
    details: text(5000).optional(),
    minutes: minutes.optional(),
  }),
  editTopic: z.strictObject({
    topicId: id,
    title: text(1000).optional(),
    details: text(5000).optional(),
    minutes: minutes.optional(),
  }),
  mergeTopics: z.strictObject({ intoId: id, fromId: id, title: text(1000).optional(), version }),
  allocateDots: z.strictObject({
    allocation: z
      .record(id, z.number().int().min(0).max(10))
      .refine(
        (allocation) => Object.keys(allocation).length <= 200,
        'Too many topics in one allocation.',
      ),
  }),
  reorderTopics: z.strictObject({ order: z.array(id).max(500), version }),
  startTopic: z.strictObject({ topicId: id.optional(), version }),
  topicSeen: z.strictObject({ topicId: id, version }),
  castThumb: z.strictObject({
    topicId: id,
    round,
    thumb: z.enum(['up', 'sideways', 'down']),
  }),
  closeThumbs: z.strictObject({ topicId: id, round, version }),
  overrideTopic: z.strictObject({
    topicId: id,
    decision: z.enum(['extend', 'next']),
    version,
  }),
  addTakeaway: z.strictObject({ topicId: id, text: text(5000) }),
  editTakeaway: z.strictObject({ takeawayId: id, text: text(5000) }),
  takeaway: z.strictObject({ takeawayId: id }),
  addActionItem: z.strictObject({
    topicId: id,
    text: text(3000),
    owner: accountId.nullable().optional(),
    // The domain checks it is a real day (INVALID_DATE); this only bounds the size.
    due: z.string().max(32).nullable().optional(),
  }),
  editActionItem: z.strictObject({
    actionItemId: id,
    text: text(3000).optional(),
    owner: accountId.nullable().optional(),
  }),
  actionItem: z.strictObject({ actionItemId: id }),
};

/** Registers the `leanCoffee/*` resolvers. */
export function registerLeanCoffee(resolver: Resolver): void {
  const define = <S extends z.ZodType, T>(
    name: string,
    schema: S,
    run: Parameters<typeof command<S, T>>[2],
  ): void => {
    resolver.define(name, command(name, schema, run));
  };
  define(R.start, schemas.start, service.startLeanCoffee);
  define(R.state, empty, (caller) => service.viewLeanCoffee(caller));
  define(R.changeSettings, schemas.changeSettings, service.changeSettings);
  define(R.proposeTopic, schemas.proposeTopic, service.proposeTopic);
  define(R.editTopic, schemas.editTopic, service.editTopic);
  define(R.deleteTopic, topicPayload, service.deleteTopic);
  define(R.mergeTopics, schemas.mergeTopics, service.mergeTopics);
  define(R.openVoting, seen, service.openVoting);
  define(R.allocateDots, schemas.allocateDots, service.allocateDots);
  define(R.closeVoting, seen, service.closeVoting);
  define(R.reorderTopics, schemas.reorderTopics, service.reorderTopics);
  define(R.startTopic, schemas.startTopic, service.startTopic);
  define(R.castThumb, schemas.castThumb, service.castThumb);
  define(R.closeThumbs, schemas.closeThumbs, service.closeThumbs);
  define(R.extendTopic, schemas.topicSeen, (caller, payload) =>
    service.overrideTopic(caller, { ...payload, decision: 'extend' }),
  );
  define(R.nextTopic, schemas.topicSeen, (caller, payload) =>
    service.overrideTopic(caller, { ...payload, decision: 'next' }),
  );
  define(R.overrideTopic, schemas.overrideTopic, service.overrideTopic);
  define(R.addTakeaway, schemas.addTakeaway, service.addTakeaway);
  define(R.editTakeaway, schemas.editTakeaway, service.editTakeaway);
  define(R.deleteTakeaway, schemas.takeaway, service.deleteTakeaway);
  define(R.addActionItem, schemas.addActionItem, service.addActionItem);
  define(R.editActionItem, schemas.editActionItem, service.editActionItem);
  define(R.deleteActionItem, schemas.actionItem, service.deleteActionItem);
  define(R.startWrapUp, seen, service.startWrapUp);
  define(R.sendToBacklog, empty, (caller) => service.sendToBacklog(caller));
  define(R.endMeeting, seen, service.endMeeting);
  define(R.createNotes, empty, (caller) => service.createNotes(caller));
  define(R.newSession, seen, service.newSession);
}
