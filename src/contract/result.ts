import type { ErrorCode } from './errors';

/** What a resolver failure looks like on the wire: a stable code and a sentence for a person. */
export interface ApiError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Every resolver answers with this shape; expected failures are answers, not exceptions. */
export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };
