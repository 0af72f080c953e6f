/**
 * How the community tests reach the app. By default through the host's bundle, exactly as a
 * Custom UI `invoke` (or Forge, for a trigger or an export) reaches it. `COP_KIT_IN_PROCESS=1`
 * runs src/index.ts in the test process instead, still inside a host invocation with the real
 * `@forge/*` packages reaching the host's KVS, Confluence and realtime: the same calls, visible to
 * jest's coverage.
 */
import type { ApiResult } from '../../../src/contract/result';
import { HOME_PAGE_ID, type AppClient, type AppHost } from '../../support/app-host';

export const IN_PROCESS = process.env.COP_KIT_IN_PROCESS === '1';

type Handler = (request: unknown, runtime: unknown) => Promise<unknown>;

interface AppExports {
  handler: Handler;
  reportPersonalData: Handler;
  adfExport: Handler;
}

const appExports = async (): Promise<AppExports> =>
  (await import('../../../src/index')) as unknown as AppExports;

/** A client bound to one user and one module instance. */
export function clientFor(
  app: AppHost,
  accountId: string,
  frame: { moduleKey: string; localId?: string },
): AppClient {
  if (!IN_PROCESS) return app.as(accountId, frame);
  const full = { accountId, localId: 'macro-1', contentId: HOME_PAGE_ID, ...frame };
  const invokeRaw = async (name: string, payload: unknown = {}) => {
    const { handler } = await appExports();
    const body = await app.host.runtime.runAs(full, () =>
      handler(
        { call: { functionKey: name, payload }, context: app.host.runtime.extensionContext(full) },
        { principal: { accountId } },
      ),
    );
    return { ok: true as const, body };
  };
  return {
    invokeRaw,
    async invoke<T>(name: string, payload: unknown = {}) {
      return (await invokeRaw(name, payload)).body as ApiResult<T>;
    },
  };
}

/** Invokes a non-resolver function (the privacy trigger, the macros' adfExport) as Forge does. */
export async function invokeFunction(
  app: AppHost,
  functionKey: 'privacy-report' | 'adf-export',
  event: unknown,
): Promise<unknown> {
  if (IN_PROCESS) {
    const exports = await appExports();
    const fn = functionKey === 'privacy-report' ? exports.reportPersonalData : exports.adfExport;
    return app.host.runtime.runAs({ moduleKey: 'thirty-five' }, () => fn(event, {}));
  }
  const result = await app.host.runtime.invokeFunction(functionKey, event);
  if (!result.ok) throw new Error(result.error.message);
  return result.body;
}
