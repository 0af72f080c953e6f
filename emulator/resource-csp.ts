/**
 * The Content-Security-Policy Forge serves Custom UI resources under, computed by Atlassian's own
 * `@forge/csp` from the manifest's `permissions` and the served HTML, the way `forge tunnel`'s
 * resource server does it (`@forge/tunnel` 7.1.0 `out/servers/resource-tunnel-server.js`:
 * `CSPProcessingService.getCspDetails(html, permissions)` → `CSPInjectionService.getInjectableCSP(
 * { existingCSPDetails, microsEnv, hostname })`, joined with `; `). The environment is production
 * (`prod`, what a customer's site gets); the site (`hostname`) is the local host. One difference,
 * on purpose: `report-uri` points at the host (`/__emulator/csp-report`, logged) instead of
 * Atlassian's report collector, so a violation never leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { load } from 'cheerio';
import { parse } from 'yaml';

export const CSP_REPORT_PATH = '/__emulator/csp-report';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manifest's `permissions` block as Forge reads it (`content`, `external`, `scopes`). */
export function manifestPermissions(manifestPath: string): Permissions {
  const doc: unknown = parse(readFileSync(manifestPath, 'utf8'));
  const permissions = isRecord(doc) ? doc.permissions : undefined;
  return isRecord(permissions) ? permissions : {};
}

/**
 * The policy header for a resource document `html` (after the bridge script is injected, as the
 * tunnel computes it: inline scripts in it get their `sha256-` hashes into `script-src`).
 */
export function resourcePolicy(html: string, permissions: Permissions, siteUrl: string): string {
  const details = new CSPProcessingService({ info: () => undefined }, load).getCspDetails(
    html,
    permissions,
  );
  return new CSPInjectionService()
    .getInjectableCSP({ existingCSPDetails: details, microsEnv: 'prod', hostname: siteUrl })
    .map((directive) =>
      directive.startsWith('report-uri ') ? `report-uri ${CSP_REPORT_PATH}` : directive,
    )
    .join('; ');
}
