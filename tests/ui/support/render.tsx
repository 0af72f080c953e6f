/** Renders the real app shell for the bridge's current frame, as the entry point does. */
import { view } from '@forge/bridge';
import { render, type RenderResult } from '@testing-library/react';
import { App } from '../../../static/src/App';
import { toAppContext } from '../../../static/src/context';

export async function renderApp(): Promise<RenderResult> {
  const context = toAppContext(await view.getContext());
  return render(<App context={context} />);
}
