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

/** Where the context says a call comes from: a claim, checked with Confluence before it counts. */
export interface ClaimedPlace {
  readonly contentId: string | undefined;
  readonly spaceId: string | undefined;
  readonly spaceKey: string | undefined;
}

/** Who is calling (trusted: Forge's principal) and from where (claimed by the context). */
export interface Caller {
  readonly accountId: string;
  /** The module the call came from: names which resolvers make sense, grants nothing. */
  readonly moduleKey: string;
  /** The macro instance (or the space page): half of a board's id, grants nothing by itself. */
  readonly localId: string;
  /** The page and space the context names: see `services/place.ts`. */
  readonly claimed: ClaimedPlace;
}

/** A failure a service raises on purpose; `run` turns it into a typed answer. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

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

/**
 * Whether a thrown error is `@forge/api`'s NeedsAuthenticationError (name `NEEDS_AUTHENTICATION_ERR`,
 * observed in `@forge/api` `out/api/fetch.js`): an `asUser` call the user has not allowed yet. It
 * must reach Forge, which then asks them to allow access; it is not the app's failure.
 */
export function isNeedsAuthentication(error: unknown): boolean {
  return error instanceof Error && error.name === 'NEEDS_AUTHENTICATION_ERR';
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
