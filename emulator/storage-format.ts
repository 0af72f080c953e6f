/**
 * Renders Confluence storage format as inert, readable HTML for the shell. Nothing from the input
 * is passed through: text is decoded then escaped, and only a fixed whitelist of elements is
 * emitted, with no attributes except checked `href`, `colspan` and `rowspan`. Confluence elements
 * (task lists, user mentions, page links, macros) get a plain rendering; anything unknown is shown
 * as a labelled, inert box around its escaped content. Never executes anything.
 */

export const ALLOWED_OUTPUT_TAGS: ReadonlySet<string> = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'u',
  's',
  'code',
  'pre',
  'blockquote',
  'br',
  'hr',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'sub',
  'sup',
  'span',
  'div',
  'a',
  'time',
  'caption',
]);

const PASS_THROUGH: Readonly<Record<string, string>> = {
  p: 'p',
  h1: 'h1',
  h2: 'h2',
  h3: 'h3',
  h4: 'h4',
  h5: 'h5',
  h6: 'h6',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  u: 'u',
  s: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  th: 'th',
  td: 'td',
  sub: 'sub',
  sup: 'sup',
  span: 'span',
  div: 'div',
  caption: 'caption',
  'ac:layout': 'div',
  'ac:layout-section': 'div',
  'ac:layout-cell': 'div',
};

const VOID = new Set(['br', 'hr', 'col', 'img', 'ri:user', 'ri:page', 'ac:emoticon']);

interface Element {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: Node[];
}
interface Text {
  readonly kind: 'text';
  readonly text: string;
}
type Node = Element | Text;

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  copy: '\u00a9',
  eacute: '\u00e9',
};

/** Decodes XML/HTML character references; unknown ones stay as written (and get escaped later). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const TOKEN =
  /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTR = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parse(input: string): Node[] {
  const root: Element = { kind: 'element', name: '#root', attrs: {}, children: [] };
  const stack: Element[] = [root];
  const top = (): Element => stack[stack.length - 1] ?? root;
  for (const m of input.matchAll(TOKEN)) {
    const [, cdata, closing, rawName, rawAttrs, selfClosing, text, stray] = m;
    if (cdata !== undefined) {
      top().children.push({ kind: 'text', text: cdata });
    } else if (rawName !== undefined) {
      const name = rawName.toLowerCase();
      if (closing === '/') {
        const idx = stack.map((e) => e.name).lastIndexOf(name);
        if (idx > 0) stack.length = idx;
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of (rawAttrs ?? '').matchAll(ATTR)) {
        const key = (a[1] ?? '').toLowerCase();
        if (key) attrs[key] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
      }
      const el: Element = { kind: 'element', name, attrs, children: [] };
      top().children.push(el);
      if (selfClosing !== '/' && !VOID.has(name)) stack.push(el);
    } else if (text !== undefined) {
      top().children.push({ kind: 'text', text: decodeEntities(text) });
    } else if (stray !== undefined) {
      top().children.push({ kind: 'text', text: '<' });
    }
  }
  return root.children;
}

export type UserName = (accountId: string) => string | undefined;

const plainText = (nodes: readonly Node[]): string =>
  nodes.map((n) => (n.kind === 'text' ? n.text : plainText(n.children))).join('');

const isSafeHref = (href: string): boolean =>
  /^(https?:\/\/|\/(?!\/)|#)/i.test(href.trim()) && !/[\s"'<>`]/.test(href.trim());

function renderNodes(nodes: readonly Node[], userName: UserName): string {
  return nodes.map((n) => renderNode(n, userName)).join('');
}

function renderNode(node: Node, userName: UserName): string {
  if (node.kind === 'text') return escapeHtml(node.text);
  const inner = (): string => renderNodes(node.children, userName);
  const mapped = PASS_THROUGH[node.name];
  if (mapped !== undefined) {
    if ((mapped === 'td' || mapped === 'th') && (node.attrs.colspan || node.attrs.rowspan)) {
      const span = (k: string): string =>
        /^\d{1,3}$/.test(node.attrs[k] ?? '') ? ` ${k}="${node.attrs[k] ?? ''}"` : '';
      return `<${mapped}${span('colspan')}${span('rowspan')}>${inner()}</${mapped}>`;
    }
    return `<${mapped}>${inner()}</${mapped}>`;
  }
  switch (node.name) {
    case 'br':
      return '<br>';
    case 'hr':
      return '<hr>';
    case 'a': {
      const href = node.attrs.href ?? '';
      return isSafeHref(href)
        ? `<a href="${escapeHtml(href.trim())}" rel="noopener noreferrer">${inner()}</a>`
        : `<span class="cf-link">${inner()}</span>`;
    }
    case 'time': {
      const when = node.attrs.datetime ?? plainText(node.children);
      return `<time>${escapeHtml(when)}</time>`;
    }
    case 'ac:task-list':
      return `<ul class="cf-tasks">${inner()}</ul>`;
    case 'ac:task': {
      const status = node.children.find(
        (c): c is Element => c.kind === 'element' && c.name === 'ac:task-status',
      );
      const done = status !== undefined && plainText(status.children).trim() === 'complete';
      const body = node.children.filter(
        (c) => !(c.kind === 'element' && c.name === 'ac:task-status'),
      );
      return `<li class="cf-task"><span class="cf-check">${done ? '\u2611' : '\u2610'}</span> ${renderNodes(body, userName)}</li>`;
    }
    case 'ac:task-id':
      return '';
    case 'ac:task-body':
      return `<span>${inner()}</span>`;
    case 'ac:link':
      return `<span class="cf-link">${inner()}</span>`;
    case 'ri:user': {
      const id = node.attrs['ri:account-id'] ?? '';
      return `<span class="cf-mention">@${escapeHtml(userName(id) ?? id)}</span>`;
    }
    case 'ri:page':
      return `<span class="cf-page-ref">${escapeHtml(node.attrs['ri:content-title'] ?? 'page')}</span>`;
    case 'ac:plain-text-link-body':
    case 'ac:link-body':
    case 'ac:rich-text-body':
      return `<span>${inner()}</span>`;
    case 'ac:emoticon':
      return `<span class="cf-emoticon">(${escapeHtml(node.attrs['ac:name'] ?? 'emoticon')})</span>`;
    case 'ac:structured-macro': {
      const name = node.attrs['ac:name'] ?? 'unknown';
      const params = node.children
        .filter((c): c is Element => c.kind === 'element' && c.name === 'ac:parameter')
        .map(
          (p) =>
            `<li>${escapeHtml(p.attrs['ac:name'] ?? '')}: ${escapeHtml(plainText(p.children))}</li>`,
        )
        .join('');
      const rich = node.children
        .filter((c): c is Element => c.kind === 'element' && c.name === 'ac:rich-text-body')
        .map((c) => renderNodes(c.children, userName))
        .join('');
      const plain = node.children
        .filter((c): c is Element => c.kind === 'element' && c.name === 'ac:plain-text-body')
        .map((c) => `<pre>${escapeHtml(plainText(c.children))}</pre>`)
        .join('');
      return `<div class="cf-macro"><span class="cf-macro-name">Macro: ${escapeHtml(name)}</span>${params ? `<ul>${params}</ul>` : ''}${rich}${plain}</div>`;
    }
    default:
      return `<span class="cf-unknown"><span class="cf-unknown-tag">&lt;${escapeHtml(node.name)}&gt;</span>${inner()}</span>`;
  }
}

/** Storage format → inert HTML built only from `ALLOWED_OUTPUT_TAGS`. */
export function renderStorageFormat(storage: string, userName: UserName = () => undefined): string {
  return renderNodes(parse(storage), userName);
}
