/**
 * The host as `npm start` runs it, in a child process: it listens on loopback only unless told
 * otherwise, and then warns once, loudly; a damaged line in the middle of a log stops the start
 * with the file and line named and the file unchanged; on a really full disk (a 64 KiB tmpfs, when
 * this runs as root and may mount) a refused write is a 500 and invisible, and the writes
 * acknowledged after space comes back survive `kill -9`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_MANIFEST, REPO_ROOT, postJson, removeDir, tempDir } from './helpers';

jest.setTimeout(120_000);

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Runs start.mjs; resolves when it listens, or with its output when it exits first. */
function startChild(
  dataDir: string,
  extraArgs: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<Running | { exitCode: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'start.mjs'),
      '--no-build',
      '--port',
      '0',
      '--data',
      dataDir,
      '--manifest',
      FIXTURE_MANIFEST,
      ...extraArgs,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOST: '', ...env },
    },
  );
  running.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const m = /listening on (http:\/\/[\d.]+:(\d+))/.exec(output);
      if (m?.[1] && m[2])
        resolve({ child, url: m[1], port: Number(m[2]), output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((exitCode) => resolve({ exitCode, output }));
  });
}

async function started(p: ReturnType<typeof startChild>): Promise<Running> {
  const r = await p;
  if (!('child' in r)) throw new Error(`host exited (${String(r.exitCode)}):\n${r.output}`);
  return r;
}

async function stop(r: Running, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  r.child.kill(signal);
  await r.exited;
}

/** This machine's first non-loopback IPv4 address, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((a) => a.family === 'IPv4' && !a.internal)?.address;

/** GET /__emulator/health at `address` with this Host header; the error code if unreachable. */
function health(address: string, port: number, hostHeader: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      { host: address, port, path: '/__emulator/health', headers: { host: hostHeader } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

const WARNING = /WARNING: the local Forge host listens on/g;

describe('where the host listens', () => {
  it('given no --hostname and no HOST, when it starts, then it listens on 127.0.0.1 only and prints no warning', async () => {
    const dataDir = tempDir('bind');
    const host = await started(startChild(dataDir));
    try {
      expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
      await expect(health('127.0.0.1', host.port, `localhost:${host.port}`)).resolves.toBe(200);
      if (lanAddress) {
        await expect(health(lanAddress, host.port, `${lanAddress}:${host.port}`)).resolves.toBe(
          'ECONNREFUSED',
        );
      }
      expect(host.output()).not.toMatch(WARNING);
    } finally {
      await stop(host);
      removeDir(dataDir);
    }
  });

  it.each([
    ['HOST=0.0.0.0', [], { HOST: '0.0.0.0' }],
    ['--hostname 0.0.0.0', ['--hostname', '0.0.0.0'], {}],
  ] as const)(
    'given %s, when it starts, then it warns once that anyone on the network can act as any user, and still refuses foreign Host headers',
    async (_name, args, env) => {
      const dataDir = tempDir('bind-all');
      const host = await started(startChild(dataDir, args, env));
      try {
        const out = host.output();
        expect(out.match(WARNING)).toHaveLength(1);
        expect(out).toMatch(/anyone who can reach it over the network .* as ANY user/s);
        expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
        if (lanAddress) {
          expect(out).toContain(`http://${lanAddress}:${host.port}/`);
          await expect(health(lanAddress, host.port, `${lanAddress}:${host.port}`)).resolves.toBe(
            200,
          );
          await expect(health(lanAddress, host.port, `evil.example:${host.port}`)).resolves.toBe(
            403,
          );
        }
      } finally {
        await stop(host);
        removeDir(dataDir);
      }
    },
  );
});

describe('a damaged log at start', () => {
  it('given one damaged byte in the middle of kvs.jsonl, when npm start runs, then it exits 1 naming the file and line, and the file is byte for byte unchanged', async () => {
    const dataDir = tempDir('damaged');
    const first = await started(startChild(dataDir));
    for (const key of ['a', 'b', 'c']) {
      const r = await postJson(`${first.url}/__emulator/kvs/api/v1/set`, { key, value: key });
      expect(r.status).toBe(200);
    }
    await stop(first);
    const file = join(dataDir, 'kvs.jsonl');
    const damaged = Buffer.from(readFileSync(file));
    damaged[damaged.indexOf(0x0a) + 3] = 0x00; // one byte of line 2: `{"m"` becomes `{"m\0`
    writeFileSync(file, damaged);

    const second = await startChild(dataDir);
    try {
      expect(second).toEqual({
        exitCode: 1,
        output: expect.stringMatching(
          /kvs\.jsonl line 2 \(byte \d+\) cannot be read: .*1 more line follow.*left the file untouched/s,
        ) as unknown,
      });
      expect(readFileSync(file).equals(damaged)).toBe(true);
    } finally {
      removeDir(dataDir);
    }
  });
});

/** Mounts a 64 KiB tmpfs when this runs as root and may mount; otherwise says why not. */
function mountTinyDisk(): { dir: string; unmount(): void } | string {
  if (process.getuid?.() !== 0) return 'not running as root';
  const dir = mkdtempSync(join(tmpdir(), 'forge-local-tinyfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${(r.stderr || r.error?.message || '').trim()}`;
  }
  return {
    dir,
    unmount() {
      // Lazily, so a process still holding the log cannot leave the mount behind.
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('a full disk', () => {
  it('given kvs.jsonl on a 64 KiB tmpfs that fills up, when writes are refused and space comes back, then refused writes are 500 and invisible and every acknowledged write survives kill -9', async () => {
    const disk = mountTinyDisk();
    if (typeof disk === 'string') {
      const line = `SKIPPED: the full-disk test needs a tmpfs mount (${disk}); the injected-ENOSPC tests in log-durability.test.ts still ran`;
      console.warn(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
      return;
    }
    const dataDir = tempDir('full');
    let host: Running | undefined;
    try {
      // Only the log sits on the tiny disk (builds stay in the data folder); most of it is taken.
      symlinkSync(join(disk.dir, 'kvs.jsonl'), join(dataDir, 'kvs.jsonl'));
      const filler = join(disk.dir, 'filler');
      writeFileSync(filler, Buffer.alloc(56 * 1024, 0x2e));
      host = await started(startChild(dataDir));
      const url = (): string => host?.url ?? '';
      const set = (key: string) =>
        postJson(`${url()}/__emulator/kvs/api/v1/set`, { key, value: key.padEnd(900, '.') });
      const get = (key: string) => postJson(`${url()}/__emulator/kvs/api/v1/get`, { key });

      const acknowledged: string[] = [];
      const refused: string[] = [];
      for (let i = 0; refused.length < 2 && i < 100; i += 1) {
        const r = await set(`before-${i}`);
        if (r.status === 200) acknowledged.push(`before-${i}`);
        else {
          expect(r).toEqual({
            status: 500,
            json: {
              code: 'INTERNAL_SERVER_ERROR',
              message: expect.stringMatching(
                /not stored: kvs\.jsonl could not be written \(ENOSPC/,
              ) as unknown,
            },
          });
          refused.push(`before-${i}`);
        }
      }
      expect(refused).toHaveLength(2);
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const key of refused) expect((await get(key)).status).toBe(404);
      expect(host.output()).toMatch(/kvs\.jsonl: a write failed \(ENOSPC.*cut back/);

      rmSync(filler); // space comes back
      for (let i = 0; i < 5; i += 1) {
        const r = await set(`after-${i}`);
        expect(r.status).toBe(200);
        acknowledged.push(`after-${i}`);
      }

      await stop(host, 'SIGKILL');
      host = await started(startChild(dataDir));
      for (const key of acknowledged)
        expect(await get(key)).toEqual({
          status: 200,
          json: expect.objectContaining({ key }) as unknown,
        });
      for (const key of refused) expect((await get(key)).status).toBe(404);
      const lines = readFileSync(join(disk.dir, 'kvs.jsonl'), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(acknowledged.length);
    } finally {
      if (host) await stop(host, 'SIGKILL');
      disk.unmount();
      removeDir(dataDir);
    }
  });
});
