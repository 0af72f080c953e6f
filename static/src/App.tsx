/**
 * The app shell: picks the view of the module this iframe runs (from the Forge context) and loads
 * its chunk lazily; a crash inside a view is shown, not swallowed.
 */
import { Component, Suspense, type ReactNode } from 'react';
import type { AppContext } from './context';
import { isModuleKey, MODULE_VIEWS } from './modules';
import { Loading } from './components/ui';

class Boundary extends Component<
  { readonly children: ReactNode },
  { readonly failed: string | null }
> {
  override state = { failed: null as string | null };
  static getDerivedStateFromError(e: unknown): { failed: string } {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
  override render(): ReactNode {
    if (this.state.failed !== null) {
      return (
        <div className="error-note" role="alert">
          <strong>This view stopped working. Reload the page to try again.</strong>
          <span className="error-detail"> {this.state.failed}</span>
        </div>
      );
    }
    return this.props.children;
  }
}

export function App({ context }: { readonly context: AppContext }): JSX.Element {
  if (!isModuleKey(context.moduleKey)) {
    return (
      <div className="error-note" role="alert">
        CoP Kit has no view for the module “{context.moduleKey}”.
      </div>
    );
  }
  const View = MODULE_VIEWS[context.moduleKey];
  return (
    <main className={`app app-${context.moduleKey}`}>
      <Boundary>
        <Suspense fallback={<Loading />}>
          <View context={context} />
        </Suspense>
      </Boundary>
    </main>
  );
}
