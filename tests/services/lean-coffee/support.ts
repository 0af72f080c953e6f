/**
 * Builders for the Lean Coffee service tests: a fresh board (its own macro localId) in the real
 * app running in the local host, callers bound to it, and the app's clock driven through its
 * clock seam (the host, the KVS service and every `@forge/*` package keep the real clock).
 */
import { randomUUID } from 'node:crypto';
import type { ApiResult } from '../../../src/contract/result';
import { CLOCK_SEAM } from '../../../src/services/lean-coffee-clock';
import type { AppHost } from '../../support/app-host';

export const MODULE_KEY = 'lean-coffee';

/** A clock running at real speed plus an offset the test moves forward. */
export class TestClock {
  private offset = 0;

  install(): void {
    Reflect.set(globalThis, CLOCK_SEAM, () => Date.now() + this.offset);
  }

  uninstall(): void {
    Reflect.deleteProperty(globalThis, CLOCK_SEAM);
  }

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface Player {
  readonly accountId: string;
  /** The raw answer: for refusals. */
  call<T = unknown>(name: string, payload?: unknown): Promise<ApiResult<T>>;
  /** The data of an accepted command; a refusal fails the test with its code. */
  ok<T = unknown>(name: string, payload?: unknown): Promise<T>;
  /** The code of a refusal; an acceptance fails the test. */
  refused(name: string, payload?: unknown): Promise<string>;
}

/** A fresh board: a new localId, so no test sees another's data. */
export function newBoard(app: AppHost, localId = `lc-${randomUUID()}`) {
  return {
    localId,
    as(accountId: string, frame: { moduleKey?: string; localId?: string } = {}): Player {
      const client = app.as(accountId, { moduleKey: MODULE_KEY, localId, ...frame });
      return {
        accountId,
        call: (name, payload) => client.invoke(name, payload ?? {}),
        async ok<T>(name: string, payload?: unknown): Promise<T> {
          const result = await client.invoke<T>(name, payload ?? {});
          if (!result.ok) {
            throw new Error(`${name} refused: ${result.error.code} ${result.error.message}`);
          }
          return result.data;
        },
        async refused(name: string, payload?: unknown): Promise<string> {
          const result = await client.invoke(name, payload ?? {});
          if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(result.data)}`);
          return result.error.code;
        },
      };
    },
  };
}

/** A synthetic Atlassian account id for crowd tests. */
export const accountOf = (n: number): string =>
  `557058:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
