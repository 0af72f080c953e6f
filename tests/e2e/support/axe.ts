/**
 * axe-core in every frame of a page: its source is injected into the shell and into each macro's
 * iframe, closed `<details>` are opened first so their content is checked too, and the serious
 * and critical violations are collected with the view they were found on.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Finding {
  readonly view: string;
  readonly frame: string;
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

interface AxeResult {
  readonly violations: readonly {
    readonly id: string;
    readonly impact?: string | null;
    readonly help: string;
    readonly nodes: readonly { readonly target: readonly unknown[] }[];
  }[];
}

/** Runs axe (WCAG 2.x A and AA plus best practices) in every frame of `page`. */
export async function axeFindings(page: Page, view: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const frame of page.frames()) {
    const name =
      frame === page.mainFrame()
        ? 'shell'
        : await (
            await frame.frameElement()
          ).evaluate((el) => el.parentElement?.getAttribute('data-module') ?? 'frame');
    await frame.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => (d.open = true));
    });
    // Evaluated, not added as an inline <script>: Forge's policy blocks inline scripts, and the
    // check must not trip the violation watch (`csp.ts`) it runs beside.
    await frame.evaluate(AXE_SOURCE);
    const result = await frame.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(ctx: Document, options: unknown): Promise<unknown> };
        }
      ).axe;
      return axe.run(document, {
        iframes: false,
        resultTypes: ['violations'],
        runOnly: {
          type: 'tag',
          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
        },
      });
    });
    for (const v of (result as AxeResult).violations) {
      const impact = v.impact ?? 'unknown';
      if (impact !== 'serious' && impact !== 'critical') continue;
      findings.push({
        view,
        frame: name,
        rule: v.id,
        impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      });
    }
  }
  return findings;
}

/** One line per finding, for a readable failure. */
export const describeFindings = (findings: readonly Finding[]): string =>
  findings
    .map((f) => `${f.view} [${f.frame}] ${f.impact} ${f.rule}: ${f.help} — ${f.targets.join(', ')}`)
    .join('\n');
