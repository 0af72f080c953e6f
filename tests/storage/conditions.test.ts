/**
 * Conflict detection against every shape `@forge/kvs` can raise. The errors are made by the
 * package's own `checkResponseError` (`out/utils/error-handling.js`) from an HTTP answer, exactly
 * as `StorageApi.request` makes them; nothing is hand-built.
 */
import { ForgeKvsAPIError, ForgeKvsError } from '@forge/kvs';
// The package's own translation of an HTTP answer into the error the app sees.
import { checkResponseError } from '@forge/kvs/out/utils/error-handling';
import { isConditionFailure } from '../../src/storage/conditions';

/** The error `@forge/kvs` throws for this answer to a transaction. */
async function errorFor(status: number, body: string): Promise<unknown> {
  const response = new Response(body, { status, headers: { 'content-type': 'application/json' } });
  try {
    await checkResponseError(response, { httpMethod: 'POST', httpPath: '/api/v1/transaction' });
  } catch (error) {
    return error;
  }
  throw new Error(`status ${status} raised nothing`);
}

const json = (code: string): string => JSON.stringify({ code, message: `${code} happened` });

describe('isConditionFailure', () => {
  it.each([
    ['409 with the host condition code', 409, json('CONDITIONAL_CHECK_FAILED')],
    ['409 with the host key-policy code', 409, json('KEY_ALREADY_EXISTS')],
    ['409 with a code nobody documented', 409, json('SOMETHING_NEW')],
    ['409 with a body that is not JSON (UNKNOWN_ERROR)', 409, '<html>Conflict</html>'],
    ['409 with JSON that is not { code, message } (UNKNOWN_ERROR)', 409, '{"error":"conflict"}'],
    ['409 with an empty body (UNKNOWN_ERROR)', 409, ''],
    ['400 with the reported FAIL_IF_EXISTS code KEY_CONFLICT', 400, json('KEY_CONFLICT')],
    ['400 with CONDITIONAL_CHECK_FAILED', 400, json('CONDITIONAL_CHECK_FAILED')],
  ])('given %s, when classified, then it is a conflict', async (_label, status, body) => {
    const error = await errorFor(status, body);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect(isConditionFailure(error)).toBe(true);
  });

  it.each([
    ['400 INVALID_ENTITY_VALUE', 400, json('INVALID_ENTITY_VALUE')],
    ['400 DUPLICATE_KEY', 400, json('DUPLICATE_KEY')],
    ['400 with a body that is not JSON', 400, 'bad request'],
    ['429 RATE_LIMIT_EXCEEDED', 429, json('RATE_LIMIT_EXCEEDED')],
    ['429 TOO_MANY_REQUESTS (the transaction rate limit)', 429, json('TOO_MANY_REQUESTS')],
    ['500 INTERNAL_SERVER_ERROR', 500, json('INTERNAL_SERVER_ERROR')],
    ['404 KEY_NOT_FOUND', 404, json('KEY_NOT_FOUND')],
  ])('given %s, when classified, then it is not a conflict', async (_label, status, body) => {
    expect(isConditionFailure(await errorFor(status, body))).toBe(false);
  });

  it('given errors that are not answers of the store, when classified, then none is a conflict', () => {
    expect(
      isConditionFailure(new ForgeKvsError('Builder must have at least one condition set')),
    ).toBe(false);
    expect(isConditionFailure(new Error('CONDITIONAL_CHECK_FAILED'))).toBe(false);
    expect(
      isConditionFailure({ code: 'CONDITIONAL_CHECK_FAILED', responseDetails: { status: 409 } }),
    ).toBe(false);
  });
});
