/**
 * Runs the real CoP Kit backend (manifest.yml at the repository root, src/index.ts bundled by the
 * host) in the local Forge host, and calls its resolvers as a given user from a given macro —
 * exactly the path a Custom UI `invoke` takes. No @forge package is replaced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiResult } from '../../src/contract/result';
import type { CounterSnapshot } from '../../emulator/counters';
import { startHost, type Host, type HostOptions } from '../../emulator/host';
import type { FrameContext, InvokeResult } from '../../emulator/runtime';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The emulator's demo users (see emulator/confluence-service.ts). */
export const USERS = {
  alice: '557058:aa11aa11-0000-4000-8000-000000000001',
  bob: '557058:bb22bb22-0000-4000-8000-000000000002',
  chloe: '557058:cc33cc33-0000-4000-8000-000000000003',
  dev: '557058:dd44dd44-0000-4000-8000-000000000004',
  eve: '557058:ee55ee55-0000-4000-8000-000000000005',
  finn: '557058:ff66ff66-0000-4000-8000-000000000006',
  /** The administrator of COP (a facilitator of every game and of the community there). */
  sam: '557058:ab77ab77-0000-4000-8000-000000000007',
  /** The administrator of OPS; an ordinary member of COP. */
  olga: '557058:0c990c99-0000-4000-8000-000000000009',
} as const;

/** The COP space and its home page (every macro module once). */
export const HOME_PAGE_ID = '98305';
export const SPACE_ID = '65537';

/** The second space: Olga administers it; only she and Bob are members. */
export const OPS = { spaceId: '65538', key: 'OPS', homePageId: '98306' } as const;

export interface AppHost {
  readonly host: Host;
  /** The host's data folder (`kvs.jsonl` is the KVS log). */
  readonly dataDir: string;
  /** Copies a page into a space as Confluence does (body and macro localIds kept): its id. */
  copyPage(pageId: string, spaceKey: string, accountId: string): Promise<string>;
  /** A caller bound to one user and one macro instance. */
  as(accountId: string, frame?: Partial<FrameContext>): AppClient;
  counters(): CounterSnapshot;
  resetCounters(): void;
  close(): Promise<void>;
}

export interface AppClient {
  /** Calls a resolver; a platform-level failure (timeout, crash) throws so the test fails loudly. */
  invoke<T = unknown>(name: string, payload?: unknown): Promise<ApiResult<T>>;
  /** Calls a resolver and returns what the host answered, platform failures included. */
  invokeRaw(name: string, payload?: unknown): Promise<InvokeResult>;
}

/** Starts the real app on a free port with an empty data folder (overrides win). */
export async function startAppHost(overrides: Partial<HostOptions> = {}): Promise<AppHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-app-'));
  const host = await startHost({
    manifestPath: join(REPO_ROOT, 'manifest.yml'),
    dataDir,
    port: 0,
    emulatorDir: join(REPO_ROOT, 'emulator'),
    log: () => undefined,
    ...overrides,
  });
  return {
    host,
    dataDir,
    async copyPage(pageId, spaceKey, accountId) {
      const res = await fetch(`${host.url}/__emulator/pages/copy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pageId, spaceKey, accountId }),
      });
      const body = (await res.json()) as { id?: string; message?: string };
      if (!res.ok || body.id === undefined) throw new Error(`copy refused: ${body.message ?? ''}`);
      return body.id;
    },
    as(accountId, frame = {}) {
      const context: FrameContext = {
        accountId,
        moduleKey: 'thirty-five',
        localId: 'macro-1',
        contentId: HOME_PAGE_ID,
        ...frame,
      };
      const invokeRaw = async (name: string, payload: unknown = {}): Promise<InvokeResult> => {
        const res = await fetch(`${host.url}/__emulator/invoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ context, functionKey: name, payload }),
        });
        return (await res.json()) as InvokeResult;
      };
      return {
        invokeRaw,
        async invoke<T>(name: string, payload: unknown = {}) {
          const result = await invokeRaw(name, payload);
          if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
          return result.body as ApiResult<T>;
        },
      };
    },
    counters: () => host.counters.snapshot(),
    resetCounters: () => host.counters.reset(),
    async close() {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
