/**
 * Every resolver runs the same three steps (STYLE, after Parabol):
 *   AUTH        the caller's identity comes from the Forge context, never from the payload;
 *   VALIDATION  the payload is parsed by a zod schema (unknown fields are refused);
 *   RESOLUTION  a service does the work and answers `{ok, data} | {ok: false, error}`.
 * Expected failures are returned; Forge's storage quota (429) is answered as RATE_LIMITED; Forge's
 * "allow access" (`NEEDS_AUTHENTICATION_ERR`) is thrown on to Forge; anything else thrown is
 * logged and answered as UNEXPECTED.
 *
 * Forge's "App context security" page: in a Custom UI resolver only `license`, `accountId`,
 * `accountType` and `installContext` of the context are "guaranteed to be secure, unalterable, and
 * valid to be used for authorization". So the caller's `accountId` is trusted; the page, space and
 * macro instance the context names are only what it *claims*: `services/place.ts` checks them
 * with Confluence, as the caller, before anything is read or written for that place.
 */
import type { Request } from '@forge/resolver';
import { z } from 'zod';
import type { ErrorCode } from '../contract/errors';
import type { ApiResult } from '../contract/result';
import { AppError, isNeedsAuthentication, type Caller } from '../services/caller';

// The caller and the app's own failures are the services' vocabulary (`services/caller.ts`); the
// resolvers' wrapper re-exports them for the tests and entry points that import them from here.
export {
  AppError,
  isNeedsAuthentication,
  type Caller,
  type ClaimedPlace,
} from '../services/caller';

const contextSchema = z.object({
  accountId: z.string().min(1).optional(),
  localId: z.string().min(1).optional(),
  moduleKey: z.string().min(1).optional(),
  extension: z
    .object({
      content: z
        .object({ id: z.union([z.string(), z.number()]).optional() })
        .partial()
        .optional(),
      space: z
        .object({ id: z.union([z.string(), z.number()]).optional(), key: z.string().optional() })
        .partial()
        .optional(),
    })
    .partial()
    .optional(),
});

const failure = (code: ErrorCode, message: string) => ({
  ok: false as const,
  error: { code, message },
});

/** Reads the caller from a Forge resolver context, or says why it cannot. */
export function callerFrom(context: unknown): ApiResult<Caller> {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success || !parsed.data.accountId) {
    return failure('NOT_AUTHENTICATED', 'Sign in to Confluence to take part.');
  }
  const { accountId, localId, moduleKey, extension } = parsed.data;
  if (!localId || !moduleKey) {
    return failure('NOT_IN_MACRO', 'This action only works from the CoP Kit macro or page.');
  }
  const contentId = extension?.content?.id;
  const spaceId = extension?.space?.id;
  const spaceKey = extension?.space?.key;
  return {
    ok: true,
    data: {
      accountId,
      localId,
      moduleKey,
      claimed: {
        contentId: contentId === undefined || contentId === '' ? undefined : String(contentId),
        spaceId: spaceId === undefined || spaceId === '' ? undefined : String(spaceId),
        spaceKey: spaceKey === undefined || spaceKey === '' ? undefined : spaceKey,
      },
    },
  };
}

/** Turns a zod error into one sentence naming the first offending field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not understood.';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
  return `Invalid ${where}: ${issue.message}`;
}

export type Service<P, T> = (caller: Caller, payload: P) => Promise<ApiResult<T>> | ApiResult<T>;

/**
 * Whether a thrown error is Forge's storage quota answer (HTTP 429 `RATE_LIMIT_EXCEEDED`, raised by
 * `@forge/kvs` as a `ForgeKvsAPIError`): a busy platform, not a bug, so the user is told to retry.
 */
export function isRateLimited(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; responseDetails?: { status?: unknown } };
  return e.code === 'RATE_LIMIT_EXCEEDED' || e.responseDetails?.status === 429;
}

/** Wraps a service as a Forge resolver function with the AUTH → VALIDATION → RESOLUTION steps. */
export function command<S extends z.ZodType, T>(
  name: string,
  schema: S,
  service: Service<z.infer<S>, T>,
): (request: Request) => Promise<ApiResult<T>> {
  return async (request: Request) => {
    const caller = callerFrom(request.context);
    if (!caller.ok) return caller;
    const payload = schema.safeParse(request.payload ?? {});
    if (!payload.success) return failure('INVALID_PAYLOAD', describeIssue(payload.error));
    try {
      return await service(caller.data, payload.data);
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message);
      if (isNeedsAuthentication(error)) throw error;
      if (isRateLimited(error)) {
        return failure(
          'RATE_LIMITED',
          'Too many requests at once. Wait a few seconds and try again.',
        );
      }
      console.error(`resolver ${name} failed`, error);
      return failure('UNEXPECTED', 'Something went wrong on our side. Please try again.');
    }
  };
}
