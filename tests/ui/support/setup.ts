/**
 * Import first in every UI test: installs a placeholder `window.__bridge` (the real one is set by
 * `startUiHost`; `@forge/bridge` reads the global at call time through the function set here),
 * and adds the jest-dom matchers.
 */
import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Views answer from a real host in a child process; on a busy 2-core machine a first answer can
// take well over testing-library's default 1 s. Every `findBy…` / `waitFor` waits for a state, so
// a longer ceiling only matters when something is wrong.
configure({ asyncUtilTimeout: 30_000 });

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

// Answers from the real host arrive asynchronously (network, realtime), outside any act() scope;
// the tests wait for what the person would see instead. Other console errors still show.
const consoleError = console.error.bind(console);
jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('not wrapped in act(')) return;
  consoleError(...args);
});
