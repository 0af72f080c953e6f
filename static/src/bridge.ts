/**
 * The UI's one way to the backend: `call` invokes a resolver through the real `@forge/bridge` and
 * always answers an `ApiResult` — a failure of the platform itself (no network, a crashed function)
 * becomes an `UNEXPECTED` error the view shows next to what the person clicked.
 */
import { invoke } from '@forge/bridge';
import type { ApiResult } from '../../src/contract/result';

type Payload = Readonly<Record<string, unknown>>;

function isApiResult(v: unknown): v is ApiResult<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  return v.ok === true ? 'data' in v : v.ok === false && 'error' in v;
}

export async function call<T>(name: string, payload: Payload = {}): Promise<ApiResult<T>> {
  try {
    const answer: unknown = await invoke(name, { ...payload });
    if (isApiResult(answer)) return answer as ApiResult<T>;
    return {
      ok: false,
      error: { code: 'UNEXPECTED', message: `${name} answered something the app cannot read.` },
    };
  } catch (e) {
    return {
      ok: false,
      error: { code: 'UNEXPECTED', message: e instanceof Error ? e.message : String(e) },
    };
  }
}
