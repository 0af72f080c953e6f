/**
 * Server-rendered pages of the Confluence-like shell: the CoP space overview (home page with the
 * app's macros), space page modules, and pages the app created (storage format rendered inert).
 * Every macro is an iframe whose frame description and Forge context ride in data attributes; the
 * shell script answers the iframe's bridge calls with them.
 */
import type { ConfluenceService, DemoUser, Page } from './confluence-service';
import type { ModuleDefinition } from './manifest';
import type { FrameContext, ForgeRuntime } from './runtime';
import { escapeHtml, renderStorageFormat } from './storage-format';

export interface ShellView {
  readonly accountId: string;
  readonly colorMode: 'light' | 'dark';
}

export interface ShellDeps {
  readonly confluence: ConfluenceService;
  readonly runtime: ForgeRuntime;
  readonly modules: readonly ModuleDefinition[];
  /** URL of a module's iframe entry. */
  readonly frameSrc: (module: ModuleDefinition) => string;
}

const attr = (value: unknown): string => escapeHtml(JSON.stringify(value));

function query(view: ShellView, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ as: view.accountId, theme: view.colorMode, ...extra }).toString()}`;
}

function frameHtml(
  deps: ShellDeps,
  module: ModuleDefinition,
  frame: FrameContext,
  className: string,
): string {
  const context = deps.runtime.frontendContext(frame);
  return `<div class="${className}" data-module="${escapeHtml(module.key)}">
  <div class="macro-title">${escapeHtml(module.title)} <span>· ${escapeHtml(module.type)}</span></div>
  <iframe title="${escapeHtml(module.title)}" src="${escapeHtml(deps.frameSrc(module))}" data-frame="${attr(frame)}" data-context="${attr(context)}"></iframe>
</div>`;
}

function layout(
  deps: ShellDeps,
  view: ShellView,
  current: string,
  title: string,
  content: string,
): string {
  const { confluence } = deps;
  const space = confluence.space();
  const users = confluence.users();
  const me = confluence.user(view.accountId);
  const base = `/wiki/spaces/${encodeURIComponent(space.key)}`;
  const link = (href: string, label: string, id: string): string =>
    `<li><a href="${escapeHtml(href + query(view))}"${current === id ? ' class="current"' : ''}>${escapeHtml(label)}</a></li>`;
  const spacePages = deps.modules
    .filter((m) => m.type === 'confluence:spacePage')
    .map((m) => link(`${base}/apps/${encodeURIComponent(m.key)}`, m.title, `app:${m.key}`))
    .join('');
  const created = confluence
    .createdPages()
    .map((p) => link(`${base}/pages/${encodeURIComponent(p.id)}`, p.title, `page:${p.id}`))
    .join('');
  const options = users
    .map(
      (u: DemoUser) =>
        `<option value="${escapeHtml(u.accountId)}"${u.accountId === view.accountId ? ' selected' : ''}>${escapeHtml(u.displayName)}${u.readOnly ? ' (read-only)' : ''}</option>`,
    )
    .join('');
  // The next participant after the viewer (cyclic), skipping read-only visitors.
  const mine = users.findIndex((u) => u.accountId === view.accountId);
  const rotated = [...users.slice(mine + 1), ...users.slice(0, Math.max(0, mine))];
  const next = rotated.find((u) => !u.readOnly && u.accountId !== view.accountId);
  const otherView = { ...view, accountId: next?.accountId ?? view.accountId };
  const otherHref = `${current === 'home' ? `${base}/overview` : current.startsWith('app:') ? `${base}/apps/${current.slice(4)}` : current.startsWith('page:') ? `${base}/pages/${current.slice(5)}` : `${base}/overview`}${query(otherView)}`;
  const themeHref = `?${new URLSearchParams({ as: view.accountId, theme: view.colorMode === 'dark' ? 'light' : 'dark' }).toString()}`;
  const shellData = { accountId: view.accountId, colorMode: view.colorMode, spaceKey: space.key };
  return `<!doctype html>
<html lang="en" data-shell-theme="${view.colorMode}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} · ${escapeHtml(space.name)} · Confluence (local)</title>
<link rel="stylesheet" href="/__emulator/shell.css">
</head>
<body>
<header class="top">
  <span class="brand">Confluence</span><span class="badge">local Forge host · no account, no network</span>
  <span class="spacer"></span>
  <label>Viewing as <select id="user-switcher" data-testid="user-switcher">${options}</select></label>
  <a href="${escapeHtml(otherHref)}" target="_blank" rel="noopener" data-testid="open-as-other">Open as another participant</a>
  <a href="${escapeHtml(themeHref)}">${view.colorMode === 'dark' ? 'Light' : 'Dark'} theme</a>
</header>
<div class="layout">
<nav class="side">
  <h2>${escapeHtml(space.name)}</h2>
  <ul>${link(`${base}/overview`, 'Overview', 'home')}${spacePages}</ul>
  <div class="label">Pages</div>
  <ul data-testid="created-pages">${created || '<li class="label">No pages yet</li>'}</ul>
  <div class="label">Signed in</div>
  <ul><li>${escapeHtml(me?.displayName ?? view.accountId)}</li></ul>
</nav>
<main>
${content}
</main>
</div>
<script type="application/json" id="shell-data">${JSON.stringify(shellData).replace(/</g, '\\u003c')}</script>
<script src="/__emulator/shell.js"></script>
</body>
</html>`;
}

/** The space overview: the home page with one instance of every macro module. */
export function renderHome(deps: ShellDeps, view: ShellView): string {
  const { confluence } = deps;
  const home = confluence.page(confluence.space().homepageId);
  const macros = deps.modules
    .filter((m) => m.type === 'macro')
    .map((m) =>
      frameHtml(
        deps,
        m,
        {
          accountId: view.accountId,
          moduleKey: m.key,
          localId: `home-${m.key}`,
          contentId: home?.id,
          colorMode: view.colorMode,
        },
        'macro',
      ),
    )
    .join('\n');
  const content = `<h1>${escapeHtml(home?.title ?? 'Home')}</h1>
<div class="byline">Space home page</div>
<div class="page-body">${renderStorageFormat(home?.body ?? '')}</div>
${macros || '<p>This app has no macro modules.</p>'}`;
  return layout(deps, view, 'home', home?.title ?? 'Home', content);
}

/** A `confluence:spacePage` module, full width. */
export function renderSpacePage(
  deps: ShellDeps,
  view: ShellView,
  module: ModuleDefinition,
): string {
  const content = `<h1>${escapeHtml(module.title)}</h1>
${frameHtml(deps, module, { accountId: view.accountId, moduleKey: module.key, localId: `space-page-${module.key}`, colorMode: view.colorMode }, 'space-page')}`;
  return layout(deps, view, `app:${module.key}`, module.title, content);
}

/** A page (created by the app) with its storage format rendered inert. */
export function renderPage(deps: ShellDeps, view: ShellView, page: Page): string {
  const author =
    deps.confluence.user(page.authorId)?.displayName ??
    (page.authorId === 'app' ? 'the app' : page.authorId);
  const content = `<h1 data-testid="page-title">${escapeHtml(page.title)}</h1>
<div class="byline">Created by ${escapeHtml(author)} · ${escapeHtml(page.createdAt.slice(0, 10))}</div>
<div class="page-body" data-testid="page-body">${renderStorageFormat(page.body, (id) => deps.confluence.user(id)?.displayName)}</div>`;
  return layout(deps, view, `page:${page.id}`, page.title, content);
}

/**
 * What a module iframe shows while its resource is not built yet. Served under Forge's policy like
 * any resource, so no inline style or script: an app without `unsafe-inline` styles sees no
 * violation from the host's own page.
 */
export function placeholderHtml(resourcePath: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Not built yet</title>
<link rel="stylesheet" href="/__emulator/placeholder.css">
<script src="/__emulator/bridge.js"></script>
</head>
<body>
<div id="root"><strong data-testid="not-built">Not built yet.</strong> The UI resource <code>${escapeHtml(resourcePath)}</code> has no <code>index.html</code>; run <code>npm run build</code>. The iframe, bridge and context are live:</div>
<script src="/__emulator/placeholder.js"></script>
</body>
</html>`;
}
