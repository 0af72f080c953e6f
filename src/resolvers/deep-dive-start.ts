/**
 * The backlog's way into a deep dive: `backlog/prepareTopic` and `backlog/topicPrep` (see
 * `services/deep-dive-start.ts`; "Start a session", `notes/startSession`, is registered with the
 * other community resolvers). Thin: identity and space from the context, a strict zod schema, then
 * the service. The schema's bounds are wider than the caps so that a text over a cap gets its typed
 * error (`OUTLINE_TOO_LONG`, `QUESTION_TOO_LONG`, `TOO_MANY_QUESTIONS`), not INVALID_PAYLOAD.
 */
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { BACKLOG_RESOLVERS } from '../contract/backlog';
import { prepareTopic, topicPrep } from '../services/deep-dive-start';
import { command } from './define';

const topicId = z.string().min(1).max(400);

/** Registers `backlog/prepareTopic` and `backlog/topicPrep`. */
export function registerDeepDiveStart(resolver: Resolver): void {
  resolver.define(
    BACKLOG_RESOLVERS.prepareTopic,
    command(
      BACKLOG_RESOLVERS.prepareTopic,
      z.strictObject({
        topicId,
        outline: z.string().max(5_000),
        questions: z.array(z.string().max(1_000)).max(40),
      }),
      prepareTopic,
    ),
  );
  resolver.define(
    BACKLOG_RESOLVERS.topicPrep,
    command(BACKLOG_RESOLVERS.topicPrep, z.strictObject({ topicId }), (caller, p) =>
      topicPrep(caller, p.topicId),
    ),
  );
}
