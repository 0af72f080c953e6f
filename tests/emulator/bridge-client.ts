/**
 * The iframe side of realtime for node tests: a `globalThis.__bridge` that answers the unmodified
 * `@forge/bridge`'s `subscribeRealtimeChannel` / `publishRealtimeChannel` calls exactly as the
 * shell does (`emulator/public/shell.js`: `POST /__emulator/subscribe|publish` with the frame's
 * context and the call's options, events over the `/__emulator/events` Server-Sent Events stream).
 * `@forge/bridge` reads `__bridge` when its realtime module loads, so install this first and
 * import `@forge/bridge` afterwards.
 */
import { request, type ClientRequest } from 'node:http';
import type { FrameContext } from '../../emulator/runtime';
import { postJson } from './helpers';

type Callback = (payload: unknown) => void;

export interface TestBridge {
  /** The frame the next calls come from (module instance and viewer). */
  useFrame(frame: FrameContext): void;
  close(): void;
}

/** Opens the host's event stream for `client` and resolves once it is ready. */
function openEvents(
  url: string,
  client: string,
  subscriptions: Map<string, Callback>,
): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/__emulator/events?client=${encodeURIComponent(client)}`);
    req.on('response', (res) => {
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
          if (event === 'ready') resolve(req);
          if (event === 'realtime') {
            const m = JSON.parse(data) as { subscriptionId: string; payload: unknown };
            subscriptions.get(m.subscriptionId)?.(m.payload);
          }
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function installTestBridge(url: string, first: FrameContext): Promise<TestBridge> {
  const client = `bridge-test-${process.pid}-${Date.now()}`;
  const subscriptions = new Map<string, Callback>();
  const events = await openEvents(url, client, subscriptions);
  let frame = first;
  let seq = 0;
  const callBridge = async (name: string, payload?: unknown): Promise<unknown> => {
    const p = (payload ?? {}) as Record<string, unknown>;
    switch (name) {
      case 'subscribeRealtimeChannel': {
        seq += 1;
        const subscriptionId = `sub-${seq}`;
        const answer = await postJson(`${url}/__emulator/subscribe`, {
          client,
          subscriptionId,
          context: frame,
          channel: p.channelName,
          isGlobal: p.isGlobal === true,
          options: p.options,
        });
        if (answer.status !== 200) {
          throw new Error((answer.json as { message?: string } | undefined)?.message ?? 'failed');
        }
        subscriptions.set(subscriptionId, p.onEvent as Callback);
        return {
          unsubscribe: async () => {
            subscriptions.delete(subscriptionId);
            await postJson(`${url}/__emulator/unsubscribe`, { client, subscriptionId });
          },
        };
      }
      case 'publishRealtimeChannel':
        return (
          await postJson(`${url}/__emulator/publish`, {
            context: frame,
            channel: p.channelName,
            payload: p.eventPayload,
            isGlobal: p.isGlobal === true,
            options: p.options,
          })
        ).json;
      default:
        throw new Error(`bridge call ${name} is not part of this test bridge`);
    }
  };
  (globalThis as { __bridge?: unknown }).__bridge = { callBridge };
  return {
    useFrame(next) {
      frame = next;
    },
    close() {
      events.destroy();
    },
  };
}
