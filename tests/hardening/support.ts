/**
 * Hardening helpers: the app's handler (src/index.ts) called in the test process inside a host
 * invocation (real @forge packages, the host's KVS, Confluence and realtime), so thousands of
 * generated calls stay fast; and the host's stored state as bytes (its append-only logs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResult } from '../../src/contract/result';
import { HOME_PAGE_ID, type AppHost } from '../support/app-host';

type Handler = (request: unknown, runtime: unknown) => Promise<unknown>;

export interface Frame {
  readonly accountId: string;
  readonly moduleKey: string;
  readonly localId: string;
}

/** Calls a resolver in process, as Forge would for a Custom UI `invoke` from `frame`. */
export async function call<T = unknown>(
  app: AppHost,
  frame: Frame,
  name: string,
  payload: unknown = {},
): Promise<ApiResult<T>> {
  const { handler } = (await import('../../src/index')) as unknown as { handler: Handler };
  const full = { contentId: HOME_PAGE_ID, ...frame };
  return (await app.host.runtime.runAs(full, () =>
    handler(
      { call: { functionKey: name, payload }, context: app.host.runtime.extensionContext(full) },
      { principal: { accountId: frame.accountId } },
    ),
  )) as ApiResult<T>;
}

/** Unwraps an accepted answer; a refusal fails the test with its code. */
export function accepted<T>(result: ApiResult<T>, what = 'command'): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** Everything the host has stored: its KVS and Confluence logs, byte for byte. */
export function storedBytes(dataDir: string): string {
  const read = (f: string): string => {
    try {
      return readFileSync(join(dataDir, f), 'latin1');
    } catch {
      return '';
    }
  };
  return `${read('kvs.jsonl')}\u0000${read('confluence.jsonl')}`;
}
