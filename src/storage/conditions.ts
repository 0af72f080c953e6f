import { ForgeKvsAPIError } from '@forge/kvs';

/**
 * True when the store refused a write or transaction because one of its conditions did not hold
 * (someone else wrote first). Forge answers that with HTTP 409; the status is what we rely on, the
 * local host's error code name is accepted too.
 */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ForgeKvsAPIError &&
    (error.responseDetails.status === 409 || error.code === 'CONDITIONAL_CHECK_FAILED')
  );
}
