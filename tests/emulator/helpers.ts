/** Shared builders for the emulator tests: fresh hosts on free ports with fresh data folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost, type Host, type HostOptions } from '../../emulator/host';
import type { FrameContext, InvokeResult } from '../../emulator/runtime';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const EMULATOR_DIR = join(REPO_ROOT, 'emulator');
export const FIXTURE_MANIFEST = join(REPO_ROOT, 'tests', 'fixtures', 'fixture-app', 'manifest.yml');

export const ALICE = '557058:aa11aa11-0000-4000-8000-000000000001';
export const BOB = '557058:bb22bb22-0000-4000-8000-000000000002';
export const FINN_READ_ONLY = '557058:ff66ff66-0000-4000-8000-000000000006';
export const HOME_PAGE_ID = '98305';
export const SPACE_ID = '65537';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `forge-local-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A host for the fixture app on a free port with an empty data folder (overrides win). */
export async function startFixtureHost(overrides: Partial<HostOptions> = {}): Promise<Host> {
  return startHost({
    manifestPath: FIXTURE_MANIFEST,
    dataDir: tempDir('data'),
    port: 0,
    emulatorDir: EMULATOR_DIR,
    log: () => undefined,
    ...overrides,
  });
}

export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

export function frame(overrides: Partial<FrameContext> = {}): FrameContext {
  return {
    accountId: ALICE,
    moduleKey: 'fixture-macro',
    localId: 'local-1',
    contentId: HOME_PAGE_ID,
    ...overrides,
  };
}

/** Invokes a fixture resolver over HTTP, as the shell does for an iframe. */
export async function invoke(
  host: Host,
  functionKey: string,
  payload: unknown,
  context: Partial<FrameContext> = {},
): Promise<InvokeResult> {
  const { json } = await postJson(`${host.url}/__emulator/invoke`, {
    context: frame(context),
    functionKey,
    payload,
  });
  return json as InvokeResult;
}
