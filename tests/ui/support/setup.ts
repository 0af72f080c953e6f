/**
 * Import first in every UI test: installs a placeholder `window.__bridge` (the real one is set by
 * `startUiHost`; `@forge/bridge` reads the global at call time through the function set here),
 * stubs Atlaskit's compiled CSS files (Vite extracts them in the build; jest cannot parse CSS),
 * and adds the jest-dom matchers.
 */
import '@testing-library/jest-dom';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const bridgeHolder = globalThis as {
  __bridge?: { callBridge: (n: string, p?: unknown) => unknown };
};
// @forge/bridge captures `__bridge.callBridge` when first imported: hand it a trampoline that
// forwards to whatever bridge the test host installed since.
let installed: { callBridge: (n: string, p?: unknown) => unknown } | undefined;
Object.defineProperty(globalThis, '__bridge', {
  configurable: true,
  get: () => ({
    callBridge: (name: string, payload?: unknown) => {
      if (!installed) throw new Error('No UI host bridge: call startUiHost() first');
      return installed.callBridge(name, payload);
    },
  }),
  set: (v: { callBridge: (n: string, p?: unknown) => unknown }) => {
    installed = v;
  },
});
void bridgeHolder;

function cssFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) cssFiles(path, out);
    else if (entry.endsWith('.compiled.css')) out.push(path);
  }
  return out;
}

// Every Atlaskit package (nested copies included) ships its styles as `*.compiled.css` next to
// the CommonJS build that jest loads.
const atlaskit = resolve(__dirname, '..', '..', '..', 'node_modules', '@atlaskit');
for (const file of cssFiles(atlaskit)) {
  if (file.includes(`${sep}cjs${sep}`)) jest.mock(file, () => ({}));
}

// Answers from the real host arrive asynchronously (network, realtime), outside any act() scope;
// the tests wait for what the person would see instead. Other console errors still show.
const consoleError = console.error.bind(console);
jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('not wrapped in act(')) return;
  consoleError(...args);
});
