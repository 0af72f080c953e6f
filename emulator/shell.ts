/**
 * Server-rendered pages of the Confluence-like shell: each space's overview (its home page), space
 * page modules, and every page (storage format rendered inert, with the app's macros as live
 * frames). Pages live at Confluence's own paths (`/wiki/spaces/<KEY>/pages/<id>/<Title>`), so a
 * link the app writes is followed here as on a real site. Every macro is an iframe whose frame
 * description and Forge context ride in data attributes; the shell script answers the iframe's
 * bridge calls with them.
 */
import type { ConfluenceService, DemoUser, Page, Space } from './confluence-service';
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

/** The viewer and theme, carried from page to page. */
export function query(view: ShellView, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ as: view.accountId, theme: view.colorMode, ...extra }).toString()}`;
}

/** The shell path of a page: Confluence's `/wiki` + `_links.webui`. */
export const pagePath = (deps: ShellDeps, page: Page): string =>
  `/wiki${deps.confluence.webui(page)}`;

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
  space: Space,
  current: string,
  title: string,
  content: string,
): string {
  const { confluence } = deps;
  const users = confluence.users();
  const me = confluence.user(view.accountId);
  const base = `/wiki/spaces/${encodeURIComponent(space.key)}`;
  const link = (href: string, label: string, id: string): string =>
    `<li><a href="${escapeHtml(href + query(view))}"${current === id ? ' class="current"' : ''}>${escapeHtml(label)}</a></li>`;
  const spacePages = deps.modules
    .filter((m) => m.type === 'confluence:spacePage')
    .map((m) => link(`${base}/apps/${encodeURIComponent(m.key)}`, m.title, `app:${m.key}`))
    .join('');
  const pages = confluence
    .pagesIn(space.id)
    .filter((p) => p.id !== space.homepageId)
    .map((p) => link(pagePath(deps, p), p.title, `page:${p.id}`))
    .join('');
  const spaces = confluence
    .spaces()
    .filter((s) => confluence.canView(s, view.accountId))
    .map((s) =>
      link(
        `/wiki/spaces/${encodeURIComponent(s.key)}/overview`,
        `${s.name} (${s.key})`,
        `space:${s.key}`,
      ),
    )
    .join('');
  const options = users
    .map(
      (u: DemoUser) =>
        `<option value="${escapeHtml(u.accountId)}"${u.accountId === view.accountId ? ' selected' : ''}>${escapeHtml(u.displayName)}${u.readOnly ? ' (read-only)' : ''}</option>`,
    )
    .join('');
  // The next participant after the viewer (cyclic), skipping read-only visitors and people who
  // cannot see this space.
  const mine = users.findIndex((u) => u.accountId === view.accountId);
  const rotated = [...users.slice(mine + 1), ...users.slice(0, Math.max(0, mine))];
  const next = rotated.find(
    (u) => !u.readOnly && u.accountId !== view.accountId && confluence.canView(space, u.accountId),
  );
  const otherView = { ...view, accountId: next?.accountId ?? view.accountId };
  const here = current.startsWith('app:')
    ? `${base}/apps/${current.slice(4)}`
    : current.startsWith('page:')
      ? (() => {
          const page = confluence.page(current.slice(5));
          return page === undefined ? `${base}/overview` : pagePath(deps, page);
        })()
      : `${base}/overview`;
  const otherHref = `${here}${query(otherView)}`;
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
  <ul data-testid="created-pages">${pages || '<li class="label">No pages yet</li>'}</ul>
  <div class="label">Spaces</div>
  <ul data-testid="spaces">${spaces}</ul>
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

/** "Copy this page to…": the spaces the viewer may create pages in (Confluence's Copy). */
function copyForm(deps: ShellDeps, view: ShellView, page: Page): string {
  const targets = deps.confluence
    .spaces()
    .filter((s) => deps.confluence.canEdit(s, view.accountId));
  if (targets.length === 0) return '';
  const options = targets
    .map(
      (s) =>
        `<option value="${escapeHtml(s.key)}">${escapeHtml(s.name)} (${escapeHtml(s.key)})</option>`,
    )
    .join('');
  return `<form class="copy-page" data-testid="copy-page" data-page-id="${escapeHtml(page.id)}">
  <label>Copy this page to <select name="spaceKey">${options}</select></label>
  <button type="submit">Copy</button>
</form>`;
}

/** A page: its title, its storage format rendered inert, and the app's macros on it, live. */
function pageContent(deps: ShellDeps, view: ShellView, page: Page, byline: string): string {
  const macros = (page.macros ?? [])
    .map((instance) => {
      const module = deps.modules.find((m) => m.key === instance.moduleKey && m.type === 'macro');
      return module === undefined
        ? `<div class="macro">Unknown macro ${escapeHtml(instance.moduleKey)}</div>`
        : frameHtml(
            deps,
            module,
            {
              accountId: view.accountId,
              moduleKey: module.key,
              localId: instance.localId,
              contentId: page.id,
              colorMode: view.colorMode,
            },
            'macro',
          );
    })
    .join('\n');
  return `<h1 data-testid="page-title">${escapeHtml(page.title)}</h1>
<div class="byline">${byline}</div>
<div class="page-body" data-testid="page-body">${renderStorageFormat(page.body, (id) => deps.confluence.user(id)?.displayName)}</div>
${macros}
${copyForm(deps, view, page)}`;
}

/** A space's overview: its home page with the macros placed on it. */
export function renderHome(deps: ShellDeps, view: ShellView, space: Space): string {
  const home = deps.confluence.page(space.homepageId);
  const content =
    home === undefined
      ? '<h1>Home</h1><p>This space has no home page.</p>'
      : pageContent(deps, view, home, 'Space home page');
  return layout(deps, view, space, 'home', home?.title ?? 'Home', content);
}

/** A `confluence:spacePage` module of a space, full width. */
export function renderSpacePage(
  deps: ShellDeps,
  view: ShellView,
  space: Space,
  module: ModuleDefinition,
): string {
  const content = `<h1>${escapeHtml(module.title)}</h1>
${frameHtml(deps, module, { accountId: view.accountId, moduleKey: module.key, localId: `space-page-${module.key}`, spaceKey: space.key, colorMode: view.colorMode }, 'space-page')}`;
  return layout(deps, view, space, `app:${module.key}`, module.title, content);
}

/** A page with its storage format rendered inert and its macros live. */
export function renderPage(deps: ShellDeps, view: ShellView, page: Page): string {
  const space = deps.confluence.spaceById(page.spaceId) ?? deps.confluence.space();
  const author =
    deps.confluence.user(page.authorId)?.displayName ??
    (page.authorId === 'app' ? 'the app' : page.authorId);
  const byline = `Created by ${escapeHtml(author)} · ${escapeHtml(page.createdAt.slice(0, 10))}`;
  return layout(
    deps,
    view,
    space,
    `page:${page.id}`,
    page.title,
    pageContent(deps, view, page, byline),
  );
}

/** What someone sees for a page or space they may not view (Confluence shows the same 404). */
export function renderNotVisible(deps: ShellDeps, view: ShellView): string {
  const space =
    deps.confluence.spaces().find((s) => deps.confluence.canView(s, view.accountId)) ??
    deps.confluence.space();
  return layout(
    deps,
    view,
    space,
    'none',
    'Page not found',
    '<h1 data-testid="not-visible">Page not found</h1><p>The page does not exist, or you do not have permission to view it.</p>',
  );
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
