/**
 * The real CoP Kit backend for UI tests: `npm start`'s host in a child process (its own port and
 * data folder), and a `window.__bridge` that speaks to it exactly as the shell's bridge does —
 * `invoke` through `/__emulator/invoke`, `getContext` through `/__emulator/context`, realtime over
 * the host's Server-Sent Events stream. The unmodified `@forge/bridge` runs on top of it, so every
 * view under test calls the real resolvers. Other users act through `as(user).invoke`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiResult } from '../../../src/contract/result';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The emulator's demo users (emulator/confluence-service.ts). */
export const USERS = {
  alice: '557058:aa11aa11-0000-4000-8000-000000000001',
  bob: '557058:bb22bb22-0000-4000-8000-000000000002',
  chloe: '557058:cc33cc33-0000-4000-8000-000000000003',
  dev: '557058:dd44dd44-0000-4000-8000-000000000004',
  eve: '557058:ee55ee55-0000-4000-8000-000000000005',
  finn: '557058:ff66ff66-0000-4000-8000-000000000006',
  sam: '557058:ab77ab77-0000-4000-8000-000000000007',
} as const;

export const HOME_PAGE_ID = '98305';

export interface Frame {
  readonly accountId: string;
  readonly moduleKey: string;
  readonly localId: string;
  readonly contentId?: string;
  readonly colorMode?: 'light' | 'dark';
}

type Callback = (payload: unknown) => void;

export interface UiHost {
  readonly url: string;
  /** Points the page's bridge at this user and module instance (before rendering). */
  useFrame(frame: Frame): void;
  /** Calls a resolver as another user (another person's own screen). */
  as(
    accountId: string,
    frame?: Partial<Frame>,
  ): {
    invoke<T>(name: string, payload?: unknown): Promise<ApiResult<T>>;
  };
  /** `router.navigate` calls the view made. */
  readonly navigations: unknown[];
  /**
   * Moves time forward by `ms` for the app's server clock and for the screens' `Date.now` alike,
   * as real time would move both (timeboxes expire without waiting, and a screen's countdown sees
   * it without having to read).
   */
  advanceClock(ms: number): void;
  /** Makes the next realtime subscriptions fail (to test the polling fallback). */
  failRealtime(fail: boolean): void;
  /** Copies a page as Confluence's "Copy page" does (macros and their localIds kept); its id. */
  copyPage(pageId: string, spaceKey: string, accountId: string): Promise<string>;
  close(): Promise<void>;
}

/** The test process's own clock, before `advanceClock` moves the screens' `Date.now`. */
const realDateNow = Date.now.bind(Date);

function post(url: string, body: unknown): Promise<unknown> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolveP, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': data.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolveP(text === '' ? null : JSON.parse(text));
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

interface InvokeAnswer {
  readonly ok: boolean;
  readonly body?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

function startChild(
  dataDir: string,
  clockFile: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      join(__dirname, 'clock-preload.cjs'),
      join(REPO_ROOT, 'scripts', 'start.mjs'),
      '--no-build',
      '--port',
      '0',
      '--data',
      dataDir,
      '--reset',
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COP_KIT_CLOCK_FILE: clockFile },
    },
  );
  return new Promise((resolveP, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out}`)), 60_000);
    const onData = (c: Buffer): void => {
      out += c.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveP({ child, url: m[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${String(code)}): ${out}`));
    });
  });
}

/** Opens the host's event stream; realtime events are handed to their subscription's callback. */
function openEvents(
  url: string,
  client: string,
  subscriptions: Map<string, Callback>,
): Promise<{ close(): void }> {
  return new Promise((resolveP, reject) => {
    const req = request(`${url}/__emulator/events?client=${encodeURIComponent(client)}`);
    req.on('response', (res: IncomingMessage) => {
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
          if (event === 'ready') resolveP({ close: () => req.destroy() });
          if (event === 'realtime') {
            const m = JSON.parse(data) as { subscriptionId: string; payload: unknown };
            subscriptions.get(m.subscriptionId)?.(m.payload);
          }
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (e) => reject(e));
    req.end();
  });
}

export async function startUiHost(): Promise<UiHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-ui-'));
  // Beside the data folder, not in it: --reset empties the data folder.
  const clockFile = `${dataDir}.clock`;
  let clockOffset = 0;
  writeFileSync(clockFile, '0');
  const { child, url } = await startChild(dataDir, clockFile);
  const client = `ui-test-${process.pid}-${Date.now()}`;
  const subscriptions = new Map<string, Callback>();
  const events = await openEvents(url, client, subscriptions);
  let frame: Frame = { accountId: USERS.alice, moduleKey: 'thirty-five', localId: 'macro-1' };
  let realtimeFails = false;
  let seq = 0;
  const navigations: unknown[] = [];
  const withPage = (f: Frame): Frame => ({ contentId: HOME_PAGE_ID, ...f });

  const callBridge = async (name: string, payload?: unknown): Promise<unknown> => {
    const p = (payload ?? {}) as Record<string, unknown>;
    const context = withPage(frame);
    switch (name) {
      case 'getContext':
        return post(`${url}/__emulator/context`, { context });
      case 'invoke': {
        const r = (await post(`${url}/__emulator/invoke`, {
          context,
          functionKey: p.functionKey,
          payload: p.payload,
        })) as InvokeAnswer;
        if (!r.ok) throw new Error(r.error?.message ?? 'invoke failed');
        return r.body;
      }
      case 'enableTheming':
        document.documentElement.setAttribute('data-color-mode', frame.colorMode ?? 'light');
        return undefined;
      case 'subscribeRealtimeChannel': {
        if (realtimeFails) throw new Error('realtime is unavailable');
        seq += 1;
        const subscriptionId = `sub-${seq}`;
        subscriptions.set(subscriptionId, p.onEvent as Callback);
        await post(`${url}/__emulator/subscribe`, {
          client,
          subscriptionId,
          context,
          channel: p.channelName,
          isGlobal: p.isGlobal === true,
          options: p.options,
        });
        return {
          unsubscribe: async () => {
            subscriptions.delete(subscriptionId);
            await post(`${url}/__emulator/unsubscribe`, { client, subscriptionId });
          },
        };
      }
      case 'navigate':
        navigations.push(p);
        return undefined;
      default:
        throw new Error(`bridge call ${name} is not supported in UI tests`);
    }
  };
  (globalThis as { __bridge?: unknown }).__bridge = { callBridge };

  return {
    url,
    navigations,
    useFrame(f) {
      frame = f;
    },
    advanceClock(ms) {
      clockOffset += ms;
      writeFileSync(clockFile, String(clockOffset));
      Date.now = () => realDateNow() + clockOffset;
    },
    failRealtime(fail) {
      realtimeFails = fail;
    },
    async copyPage(pageId, spaceKey, accountId) {
      const copied = (await post(`${url}/__emulator/pages/copy`, {
        pageId,
        spaceKey,
        accountId,
      })) as { id?: string; message?: string };
      if (copied.id === undefined) throw new Error(`copy refused: ${copied.message ?? ''}`);
      return copied.id;
    },
    as(accountId, f = {}) {
      const context = withPage({ ...frame, accountId, ...f });
      return {
        async invoke<T>(name: string, payload: unknown = {}) {
          const r = (await post(`${url}/__emulator/invoke`, {
            context,
            functionKey: name,
            payload,
          })) as InvokeAnswer;
          if (!r.ok) throw new Error(`${name}: ${r.error?.code} ${r.error?.message}`);
          return r.body as ApiResult<T>;
        },
      };
    },
    async close() {
      Date.now = realDateNow;
      events.close();
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(clockFile, { force: true });
    },
  };
}
