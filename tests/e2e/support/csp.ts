/**
 * Forge serves every Custom UI resource under a Content-Security-Policy (the host sends the one
 * `@forge/csp` computes, `emulator/resource-csp.ts`). A browser scenario fails on any violation of
 * it, in any frame: every browser context a scenario opens is watched (`watchCsp`), each
 * `securitypolicyviolation` event is recorded here, and after each test the record must be empty.
 */
import { afterAll, afterEach } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';

export interface CspViolation {
  /** The directive that blocked it, e.g. `script-src-elem`. */
  readonly directive: string;
  /** What was blocked: a URL, `inline` or `eval`. */
  readonly blocked: string;
  readonly document: string;
  readonly sample: string;
  readonly disposition: string;
}

const BINDING = '__copKitCspViolation';
const seen: CspViolation[] = [];
const waiting: ((v: CspViolation) => void)[] = [];

/** Records the violations of every frame of every page `context` opens from now on. */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.exposeBinding(BINDING, (_source, violation: CspViolation) => {
    seen.push(violation);
    waiting.splice(0).forEach((resolve) => resolve(violation));
  });
  await context.addInitScript((binding: string) => {
    window.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as Record<string, (v: unknown) => unknown>)[binding];
        void report?.({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          document: e.documentURI,
          sample: e.sample,
          disposition: e.disposition,
        });
      },
      true,
    );
  }, BINDING);
}

/** The violations recorded so far, which are then forgotten. */
export const takeCspViolations = (): CspViolation[] => seen.splice(0);

/** Resolves with the next violation recorded (for a test that provokes one on purpose). */
export const nextCspViolation = (): Promise<CspViolation> =>
  new Promise((resolve) => waiting.push(resolve));

/** Throws (and forgets them) if any violation was recorded. */
export function expectNoCspViolations(): void {
  const violations = takeCspViolations();
  if (violations.length === 0) return;
  throw new Error(
    `Content-Security-Policy violations (Forge would block these):\n${violations
      .map((v) => `- ${v.directive} blocked ${v.blocked} in ${v.document} ${v.sample}`)
      .join('\n')}`,
  );
}

afterEach(() => expectNoCspViolations());
afterAll(() => expectNoCspViolations());
