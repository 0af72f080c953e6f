import Resolver from '@forge/resolver';
import { z } from 'zod';
import { registerCommunity } from './community';
import { registerCopSession } from './cop-session';
import { registerDeepDiveStart } from './deep-dive-start';
import { command } from './define';
import { registerLeanCoffee } from './lean-coffee';
import { registerRhythm } from './rhythm';
import { registerThirtyFive } from './thirty-five';

const resolver = new Resolver();

/**
 * Health check that also shows who the platform says is calling and where the context claims the
 * call comes from (used by tests and the shell; the claims are not checked here).
 */
resolver.define(
  'app/ping',
  command('app/ping', z.strictObject({}), (caller) => ({
    ok: true,
    data: {
      accountId: caller.accountId,
      localId: caller.localId,
      spaceKey: caller.claimed.spaceKey,
      contentId: caller.claimed.contentId,
    },
  })),
);

registerThirtyFive(resolver);
registerLeanCoffee(resolver);
registerCopSession(resolver);
registerCommunity(resolver);
registerDeepDiveStart(resolver);
registerRhythm(resolver);

/** The single resolver function the manifest names (`index.handler`). */
export const handler = resolver.getDefinitions();
