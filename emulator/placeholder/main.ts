/**
 * The page a module shows while its resource is not built yet: proves the iframe, bridge and
 * context are live by calling the real `@forge/bridge` `view.getContext()` and showing the answer.
 */
import { view } from '@forge/bridge';

const root = document.getElementById('root');

async function show(): Promise<void> {
  if (!root) return;
  try {
    const context: unknown = await view.getContext();
    const pre = document.createElement('pre');
    pre.setAttribute('data-testid', 'placeholder-context');
    pre.textContent = JSON.stringify(context, null, 2);
    root.appendChild(pre);
  } catch (e) {
    root.append(`view.getContext() failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

void show();
