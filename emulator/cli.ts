/**
 * Command-line entry of the local host (bundled by `scripts/start.mjs`):
 * `--manifest <path>` (default ./manifest.yml), `--data <dir>` (default ./.forge-local),
 * `--port <n>` (default $PORT or 4000; 0 = any free port), `--reset` (start from empty data),
 * `--test-clock` (tests: `POST /__emulator/clock { advanceMs }` moves the app's clock forward),
 * `--kvs-latency <ms>` (simulated storage network delay each way; default 0),
 * `--confluence-latency <ms>` and `--realtime-latency <ms>` (the same for Confluence requests and
 * realtime publish calls), `--forge-quotas` (enforce Forge's per-minute quotas: `counters.ts`),
 * `--kvs-missing-row-conditions evaluate` (FIDELITY K16, undocumented: a transaction condition on a
 * missing row is checked against an absent row instead of failing; only the benchmark's replay of
 * `c28490c` uses it), `--name-every-account` (`users-bulk` names any well-formed account id, as a
 * large site would: the screens benchmark's synthetic people),
 * `--hostname <address>` (default $HOST or 127.0.0.1: loopback only; any other address lets the
 * network act as any user, and the host prints a warning saying so once at start).
 * Prints `Local Forge host listening on <url>` once it serves; Ctrl-C stops it cleanly.
 */
import { resolve } from 'node:path';
import { FORGE_QUOTAS } from './counters';
import { startHost, type Host } from './host';

function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(
  args: readonly string[],
  emulatorDir: string,
): Promise<Host | undefined> {
  const port = Number(argValue(args, '--port') ?? process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port ${String(port)}: use PORT=<0-65535>.`);
    process.exitCode = 2;
    return undefined;
  }
  let host: Host;
  try {
    host = await startHost({
      manifestPath: resolve(argValue(args, '--manifest') ?? 'manifest.yml'),
      dataDir: resolve(argValue(args, '--data') ?? '.forge-local'),
      port,
      hostname: argValue(args, '--hostname') || process.env.HOST || undefined,
      reset: args.includes('--reset'),
      testClock: args.includes('--test-clock'),
      kvsLatencyMs: Number(argValue(args, '--kvs-latency') ?? 0) || 0,
      confluenceLatencyMs: Number(argValue(args, '--confluence-latency') ?? 0) || 0,
      realtimeLatencyMs: Number(argValue(args, '--realtime-latency') ?? 0) || 0,
      ...(args.includes('--forge-quotas') ? { quotas: FORGE_QUOTAS } : {}),
      ...(argValue(args, '--kvs-missing-row-conditions') === 'evaluate'
        ? { kvsMissingRowConditions: 'evaluate' as const }
        : {}),
      ...(args.includes('--name-every-account') ? { nameEveryAccount: true } : {}),
      emulatorDir,
    });
  } catch (e) {
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `Port ${port} is already in use. Stop the other process or choose another port: PORT=${port + 1} npm start`,
      );
    } else {
      console.error(e instanceof Error ? e.message : String(e));
    }
    process.exitCode = 1;
    return undefined;
  }
  const shown = host.url.replace('127.0.0.1', 'localhost');
  console.log(`Local Forge host listening on ${host.url}`);
  console.log(`Open ${shown}/ (Confluence-like shell, space COP). Ctrl-C stops it.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the local Forge host…');
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return host;
}
