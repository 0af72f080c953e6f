/**
 * Entry of the Custom UI: turn on Confluence's theme (light or dark), read the Forge context, then
 * render the view of this module. Only this file and the module's own chunk load up front.
 */
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { toAppContext } from './context';
import { Loading } from './components/ui';
import './app.css';

async function boot(): Promise<void> {
  const element = document.getElementById('root');
  if (element === null) return;
  const root = createRoot(element);
  root.render(<Loading />);
  try {
    await view.theme.enable();
  } catch {
    // Theming is a nicety: without it the light fallbacks of every token apply.
  }
  try {
    const context = toAppContext(await view.getContext());
    const attr = document.documentElement.getAttribute('data-color-mode');
    const colorMode = attr === 'dark' || attr === 'light' ? attr : context.colorMode;
    await setGlobalTheme({ colorMode }).catch(() => undefined);
    root.render(<App context={{ ...context, colorMode }} />);
  } catch (e) {
    root.render(
      <div className="error-note" role="alert">
        <strong>CoP Kit could not read where it runs. Reload the page.</strong>{' '}
        {e instanceof Error ? e.message : String(e)}
      </div>,
    );
  }
}

void boot();
