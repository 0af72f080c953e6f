/**
 * The community's rhythm resolvers (`rhythm/*`): the next sessions, answers, the invitation list,
 * the `.ics` files and the measures of success. Thin: identity and space from the context (see
 * `define.ts`), the payload through a strict zod schema, then a service. No payload names who acts.
 */
import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { RHYTHM_RESOLVERS } from '../contract/rhythm';
import {
  answerSession,
  calendarIcs,
  changeInvitation,
  communityHealth,
  rhythmView,
} from '../services/rhythm/rhythm';
import { publishInvitation } from '../services/rhythm/invitation-page';
import { changeSwap } from '../services/rhythm/swap';
import { command } from './define';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
const swapIdSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}~\d{4}-\d{2}-\d{2}$/, 'not a swap id');
const accountId = z.string().regex(/^[a-zA-Z0-9:._-]{1,128}$/, 'not an account id');

/** Registers the `rhythm/*` resolvers. */
export function registerRhythm(resolver: Resolver): void {
  resolver.define(
    RHYTHM_RESOLVERS.view,
    command(RHYTHM_RESOLVERS.view, z.strictObject({}), (caller) => rhythmView(caller)),
  );
  resolver.define(
    RHYTHM_RESOLVERS.answer,
    command(
      RHYTHM_RESOLVERS.answer,
      z.strictObject({
        sessionDate: isoDate,
        response: z.enum(['coming', 'not-this-time']),
        reason: z.enum(['another-meeting', 'too-much-on-my-plate', 'other']).optional(),
        // The domain counts code points (200); this bounds what is parsed at all.
        note: z.string().max(1000).optional(),
      }),
      (caller, payload) => answerSession(caller, payload),
    ),
  );
  resolver.define(
    RHYTHM_RESOLVERS.invitation,
    command(
      RHYTHM_RESOLVERS.invitation,
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('optIn') }),
        z.strictObject({ type: z.literal('optOut') }),
        z.strictObject({ type: z.literal('invite'), accountId }),
        z.strictObject({ type: z.literal('uninvite'), accountId }),
      ]),
      (caller, payload) => changeInvitation(caller, payload),
    ),
  );
  resolver.define(
    RHYTHM_RESOLVERS.ics,
    command(
      RHYTHM_RESOLVERS.ics,
      z.strictObject({ sessionDate: isoDate.optional() }),
      (caller, payload) => calendarIcs(caller, payload),
    ),
  );
  resolver.define(
    RHYTHM_RESOLVERS.publishInvitation,
    command(
      RHYTHM_RESOLVERS.publishInvitation,
      z.strictObject({ sessionDate: isoDate.optional() }),
      (caller, payload) => publishInvitation(caller, payload),
    ),
  );
  resolver.define(
    RHYTHM_RESOLVERS.swap,
    command(
      RHYTHM_RESOLVERS.swap,
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('propose'), myDate: isoDate, theirDate: isoDate }),
        z.strictObject({ type: z.literal('accept'), swapId: swapIdSchema }),
        z.strictObject({ type: z.literal('decline'), swapId: swapIdSchema }),
        z.strictObject({ type: z.literal('cancel'), swapId: swapIdSchema }),
        z.strictObject({ type: z.literal('swapDates'), dateA: isoDate, dateB: isoDate }),
      ]),
      (caller, payload) => changeSwap(caller, payload),
    ),
  );
  resolver.define(
    RHYTHM_RESOLVERS.health,
    command(RHYTHM_RESOLVERS.health, z.strictObject({}), (caller) => communityHealth(caller)),
  );
}
