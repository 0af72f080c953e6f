/**
 * How the app tells "someone else wrote first" from every other storage failure.
 *
 * Forge documents the two ways the app guards a write — transaction conditions ("if any condition
 * is not met, the entire transaction will fail") and `keyPolicy: 'FAIL_IF_EXISTS'` ("if the key
 * already exists, don't overwrite it") — but not the answer either failure gets. What `@forge/kvs`
 * can raise for it is fixed by its code (`out/utils/error-handling.js`): every non-2xx answer
 * becomes a `ForgeKvsAPIError` carrying the HTTP status in `responseDetails.status` and the body's
 * `code` — or `UNKNOWN_ERROR` when the body is not `{ code, message }` JSON. So a conflict is:
 * - HTTP 409 (Conflict), whatever the code, the `UNKNOWN_ERROR` of a non-JSON body included; or
 * - one of the codes below at any status. None is documented by Atlassian: `CONDITIONAL_CHECK_FAILED`
 *   and `KEY_ALREADY_EXISTS` are what the local host answers, `KEY_CONFLICT` (at 409) is what a
 *   third-party measurement reported for FAIL_IF_EXISTS (forge-fidelity-audit, row 7).
 * Anything else (a 400 for a bad value, a 429, a 5xx) is not a conflict and surfaces as the failure
 * it is: a conflict reported in an unknown shape answers UNEXPECTED, never a silent overwrite.
 * `emulator/FIDELITY.md` lists this row as assumed, with the experiment that settles it.
 */
import { ForgeKvsAPIError, kvs } from '@forge/kvs';

/** Codes taken as "a condition or key policy did not hold", at any HTTP status. */
export const CONFLICT_CODES: ReadonlySet<string> = new Set([
  'CONDITIONAL_CHECK_FAILED',
  'KEY_ALREADY_EXISTS',
  'KEY_CONFLICT',
]);

/** HTTP 409 Conflict. */
const CONFLICT_STATUS = 409;

/**
 * True when the store refused a write or transaction because one of its conditions, or its key
 * policy, did not hold (someone else wrote first).
 */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ForgeKvsAPIError &&
    (error.responseDetails.status === CONFLICT_STATUS || CONFLICT_CODES.has(error.code))
  );
}

/**
 * Creates an entity row unless its key is taken, with the documented
 * `keyPolicy: 'FAIL_IF_EXISTS'` (one write). `'exists'` when someone else created it first.
 */
export async function createEntityRow<T>(
  entityName: string,
  key: string,
  value: T,
): Promise<'created' | 'exists'> {
  try {
    await kvs.entity<T>(entityName).set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}
