/**
 * The manifest's Custom UI modules and the view each one lazily loads. The entry reads the Forge
 * context's `moduleKey` and downloads only that module's chunk.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { AppContext } from './context';

export type ModuleKey =
  | 'thirty-five'
  | 'lean-coffee'
  | 'cop-session'
  | 'topic-backlog-macro'
  | 'topic-backlog-page'
  | 'community-sessions-page';

export interface ViewProps {
  readonly context: AppContext;
}

type View = LazyExoticComponent<ComponentType<ViewProps>>;

/** One lazy view per module; a module key outside this table is shown as unknown. */
export const MODULE_VIEWS: Readonly<Record<ModuleKey, View>> = {
  'thirty-five': lazy(() => import('./thirty-five/ThirtyFive')),
  'lean-coffee': lazy(() => import('./lean-coffee/LeanCoffee')),
  'cop-session': lazy(() => import('./cop-session/CopSession')),
  'topic-backlog-macro': lazy(() => import('./backlog/BacklogMacro')),
  'topic-backlog-page': lazy(() => import('./backlog/BacklogPage')),
  'community-sessions-page': lazy(() => import('./rhythm/SessionsPage')),
};

export function isModuleKey(key: string): key is ModuleKey {
  return Object.prototype.hasOwnProperty.call(MODULE_VIEWS, key);
}
