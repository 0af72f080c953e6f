/** Types of `forge-bundle.cjs` (plain CommonJS so scripts and jest's global setup run it as is). */

/** What `forge-bundle.json` records beside a bundle. */
export interface ForgeBundleInfo {
  /** The folder holding `<entry>.cjs`, its source map and the runtime stand-in files. */
  readonly dir: string;
  readonly hash: string;
  /** How long `@forge/bundler` took when this bundle was made. */
  readonly bundleMs: number;
  /** Entry point name (the handler's module, e.g. `index`) → file in `dir` (`index.cjs`). */
  readonly entries: Readonly<Record<string, string>>;
  readonly bundler: string;
  readonly modules: readonly string[];
}

export interface EnsureOptions {
  /** Rebuild even when a bundle for these inputs exists. */
  readonly force?: boolean;
  /** Run the bundler again even when these inputs failed before. */
  readonly retryFailed?: boolean;
  readonly log?: (line: string) => void;
}

export function inputsHash(appDir: string): string;
export function findBundle(appDir: string, hash?: string): ForgeBundleInfo | undefined;
export function findFailure(appDir: string, hash: string): string | undefined;
export function handlerModules(manifestDoc: unknown): string[];
export function ensureBundle(
  appDir: string,
  options?: EnsureOptions,
): Promise<ForgeBundleInfo & { readonly built: boolean }>;
export function bundleApp(
  appDir: string,
  outDir: string,
  log?: (line: string) => void,
): Promise<Omit<ForgeBundleInfo, 'dir' | 'hash'>>;
