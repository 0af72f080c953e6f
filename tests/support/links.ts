/**
 * Following a link the app wrote, as a browser in the local shell would: an absolute URL as it is,
 * a site-relative one (`/wiki/...`) on the host, with the viewer kept; redirects followed. Answers
 * the final status and the page title the shell shows.
 */
import type { AppHost } from './app-host';

export async function follow(
  app: AppHost,
  url: string,
  viewer: string,
): Promise<{ status: number; title: string | undefined }> {
  const target = new URL(url, app.host.url);
  target.searchParams.set('as', viewer);
  const res = await fetch(target);
  const html = await res.text();
  const title = /data-testid="page-title">([^<]*)</.exec(html)?.[1];
  return {
    status: res.status,
    title: title === undefined ? undefined : decode(title),
  };
}

const decode = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The `href`s of the links in a page's storage format, in order. */
export function hrefsIn(storage: string): string[] {
  return [...storage.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
}
