/**
 * The community's resolvers: `backlog/*`, `settings/*`, `notes/*`. Thin: identity and space from
 * the context (see `define.ts`), the payload through a strict zod schema, then a service.
 */
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { BACKLOG_RESOLVERS } from '../contract/backlog';
import { NOTES_RESOLVERS, type NotesStatusView } from '../contract/notes';
import { SETTINGS_RESOLVERS } from '../contract/settings';
import type { BacklogCommand } from '../domain/backlog';
import { backlogCsv, listBacklog, runBacklogCommand } from '../services/backlog';
import { isCommunityFacilitator } from '../services/facilitator';
import { startDeepDive } from '../services/deep-dive-start';
import { createSessionNotes, notesStatus } from '../services/notes';
import { rememberSpace, spaceOf } from '../services/place';
import {
  changeCurators,
  changeFacilitatorRotation,
  findPage,
  getSettings,
  PAGE_TITLE_MAX,
  passFacilitatorTurn,
  updateSettings,
} from '../services/settings';
import { loadSettings } from '../storage/settings';
import { command, type Caller } from './define';

const topicId = z.string().min(1).max(400);
const title = z.string().max(1000);
const details = z.string().max(4000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
const accountId = z.string().regex(/^[a-zA-Z0-9:._-]{1,128}$/, 'not an account id');
const jobId = z.string().min(1).max(200);

/** Registers one backlog command: payload schema → domain command. */
function backlogCommand<S extends z.ZodType>(
  resolver: Resolver,
  name: string,
  schema: S,
  toCommand: (payload: z.infer<S>) => BacklogCommand,
): void {
  resolver.define(
    name,
    command(name, schema, (caller: Caller, payload) =>
      runBacklogCommand(caller, toCommand(payload)),
    ),
  );
}

/** Registers the `backlog/*`, `settings/*` and `notes/*` resolvers. */
export function registerCommunity(resolver: Resolver): void {
  resolver.define(
    BACKLOG_RESOLVERS.list,
    command(
      BACKLOG_RESOLVERS.list,
      z.strictObject({
        top: z.number().int().min(1).max(100).optional(),
        archived: z.boolean().optional(),
        after: z
          .strictObject({ rankKey: z.string().regex(/^[0-9A-Za-z]{1,200}$/), topicId })
          .optional(),
      }),
      listBacklog,
    ),
  );
  resolver.define(
    BACKLOG_RESOLVERS.csv,
    command(BACKLOG_RESOLVERS.csv, z.strictObject({}), (caller) => backlogCsv(caller)),
  );
  backlogCommand(
    resolver,
    BACKLOG_RESOLVERS.add,
    z.strictObject({ title, details: details.optional() }),
    (p) => ({
      type: 'addTopic',
      topicId: crypto.randomUUID(),
      title: p.title,
      ...(p.details === undefined ? {} : { details: p.details }),
    }),
  );
  backlogCommand(
    resolver,
    BACKLOG_RESOLVERS.edit,
    z.strictObject({ topicId, title: title.optional(), details: details.optional() }),
    (p) => ({
      type: 'editTopic',
      topicId: p.topicId,
      ...(p.title === undefined ? {} : { title: p.title }),
      ...(p.details === undefined ? {} : { details: p.details }),
    }),
  );
  const onTopic = z.strictObject({ topicId });
  backlogCommand(resolver, BACKLOG_RESOLVERS.volunteer, onTopic, (p) => ({
    type: 'volunteer',
    topicId: p.topicId,
  }));
  backlogCommand(resolver, BACKLOG_RESOLVERS.withdraw, onTopic, (p) => ({
    type: 'withdraw',
    topicId: p.topicId,
  }));
  backlogCommand(resolver, BACKLOG_RESOLVERS.unplan, onTopic, (p) => ({
    type: 'unplanTopic',
    topicId: p.topicId,
  }));
  backlogCommand(resolver, BACKLOG_RESOLVERS.markDiscussed, onTopic, (p) => ({
    type: 'markDiscussed',
    topicId: p.topicId,
  }));
  backlogCommand(resolver, BACKLOG_RESOLVERS.archive, onTopic, (p) => ({
    type: 'archiveTopic',
    topicId: p.topicId,
  }));
  backlogCommand(resolver, BACKLOG_RESOLVERS.restore, onTopic, (p) => ({
    type: 'restoreTopic',
    topicId: p.topicId,
  }));
  backlogCommand(resolver, BACKLOG_RESOLVERS.unmerge, onTopic, (p) => ({
    type: 'unmergeTopic',
    topicId: p.topicId,
  }));
  backlogCommand(
    resolver,
    BACKLOG_RESOLVERS.move,
    z.strictObject({ topicId, afterId: topicId.nullable() }),
    (p) => ({ type: 'moveTopic', topicId: p.topicId, afterId: p.afterId }),
  );
  backlogCommand(
    resolver,
    BACKLOG_RESOLVERS.plan,
    z.strictObject({ topicId, date: isoDate }),
    (p) => ({ type: 'planTopic', topicId: p.topicId, date: p.date }),
  );
  backlogCommand(
    resolver,
    BACKLOG_RESOLVERS.merge,
    z.strictObject({ intoId: topicId, fromId: topicId }),
    (p) => ({ type: 'mergeTopics', intoId: p.intoId, fromId: p.fromId }),
  );

  resolver.define(
    SETTINGS_RESOLVERS.get,
    command(SETTINGS_RESOLVERS.get, z.strictObject({}), (caller) => getSettings(caller)),
  );
  resolver.define(
    SETTINGS_RESOLVERS.update,
    command(
      SETTINGS_RESOLVERS.update,
      z.strictObject({
        copName: z.string().trim().min(1).max(80).optional(),
        cadence: z
          .strictObject({
            sessionsPerMonth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
            anchorDate: isoDate,
            weekday: z.literal([1, 2, 3, 4, 5, 6, 7]).optional(),
            weekOfMonth: z
              .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')])
              .optional(),
            startTime: z
              .string()
              .regex(/^\d{2}:\d{2}$/)
              .optional(),
            durationMinutes: z.number().int().min(15).max(480).optional(),
            timeZone: z.string().min(1).max(64).optional(),
          })
          .optional(),
        facilitators: z.array(accountId).max(50).optional(),
        notesParentPageId: z
          .string()
          .regex(/^[0-9]{1,32}$/)
          .nullable()
          .optional(),
        defaults: z
          .strictObject({
            rounds: z.number().int().min(1).max(10),
            pointsPerPair: z.number().int().min(2).max(20),
            dots: z.number().int().min(1).max(10),
            timeboxMinutes: z.number().int().min(1).max(30),
            meetingMinutes: z.number().int().min(10).max(240),
          })
          .partial()
          .optional(),
      }),
      updateSettings,
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.findPage,
    command(
      SETTINGS_RESOLVERS.findPage,
      z.strictObject({ title: z.string().max(PAGE_TITLE_MAX) }),
      findPage,
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.advanceRotation,
    command(SETTINGS_RESOLVERS.advanceRotation, z.strictObject({}), (caller) =>
      passFacilitatorTurn(caller),
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.joinRotation,
    command(SETTINGS_RESOLVERS.joinRotation, z.strictObject({}), (caller) =>
      changeFacilitatorRotation(caller, { type: 'join' }),
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.leaveRotation,
    command(SETTINGS_RESOLVERS.leaveRotation, z.strictObject({}), (caller) =>
      changeFacilitatorRotation(caller, { type: 'leave' }),
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.removeFacilitator,
    command(
      SETTINGS_RESOLVERS.removeFacilitator,
      z.strictObject({ facilitator: accountId }),
      (caller, p) =>
        changeFacilitatorRotation(caller, { type: 'remove', accountId: p.facilitator }),
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.moveFacilitator,
    command(
      SETTINGS_RESOLVERS.moveFacilitator,
      z.strictObject({ facilitator: accountId, by: z.union([z.literal(-1), z.literal(1)]) }),
      (caller, p) =>
        changeFacilitatorRotation(caller, { type: 'move', accountId: p.facilitator, by: p.by }),
    ),
  );

  resolver.define(
    SETTINGS_RESOLVERS.addCurator,
    command(SETTINGS_RESOLVERS.addCurator, z.strictObject({ curator: accountId }), (caller, p) =>
      changeCurators(caller, { type: 'add', accountId: p.curator }),
    ),
  );
  resolver.define(
    SETTINGS_RESOLVERS.removeCurator,
    command(SETTINGS_RESOLVERS.removeCurator, z.strictObject({ curator: accountId }), (caller, p) =>
      changeCurators(caller, { type: 'remove', accountId: p.curator }),
    ),
  );

  resolver.define(
    NOTES_RESOLVERS.startSession,
    command(NOTES_RESOLVERS.startSession, z.strictObject({ topicId }), (caller, p) =>
      startDeepDive(caller, p.topicId),
    ),
  );
  resolver.define(
    NOTES_RESOLVERS.status,
    command(NOTES_RESOLVERS.status, z.strictObject({ jobId }), async (caller, p) => {
      const [found, space] = await Promise.all([notesStatus(p.jobId), spaceOf(caller)]);
      // Another space's job is as good as absent.
      const job = found?.spaceKey === space.place.spaceKey ? found : undefined;
      await rememberSpace(caller, space);
      const data: NotesStatusView =
        job === undefined
          ? { status: 'none' }
          : {
              status: job.status,
              ...(job.data.page === undefined
                ? {}
                : {
                    page: {
                      pageId: job.data.page.id,
                      url: job.data.page.url,
                      title: job.data.page.title,
                    },
                  }),
              ...(job.data.error === undefined ? {} : { error: job.data.error }),
            };
      return { ok: true, data };
    }),
  );
  resolver.define(
    NOTES_RESOLVERS.retry,
    command(NOTES_RESOLVERS.retry, z.strictObject({ jobId }), async (caller, p) => {
      const [job, space] = await Promise.all([notesStatus(p.jobId), spaceOf(caller)]);
      if (job === undefined || job.spaceKey !== space.place.spaceKey) {
        return { ok: false, error: { code: 'NOT_FOUND', message: 'There is no such notes job.' } };
      }
      const allowed =
        job.data.requestedBy === caller.accountId ||
        (await isCommunityFacilitator(caller, await loadSettings(job.spaceKey), space, 'command'));
      if (!allowed) {
        return {
          ok: false,
          error: { code: 'NOT_FACILITATOR', message: 'Only the facilitator can retry the notes.' },
        };
      }
      const created = await createSessionNotes(
        caller,
        space.place,
        { id: p.jobId, board: job.localId },
        job.data.model,
      );
      if (created.ok) await rememberSpace(caller, space);
      return created;
    }),
  );
}
