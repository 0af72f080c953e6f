/**
 * The outcome of a domain decision: the events or value it produced, or a typed error that says why
 * nothing happened. Expected failures are returned, never thrown (STYLE: Parabol).
 */
export type Result<T, C extends string = string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError<C> };

/** A refusal with a stable machine code and a sentence a person can read. */
export interface DomainError<C extends string = string> {
  readonly code: C;
  readonly message: string;
}

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const err = <C extends string>(
  code: C,
  message: string,
): { readonly ok: false; readonly error: DomainError<C> } => ({
  ok: false,
  error: { code, message },
});

/** Exhaustiveness guard for `switch` over a discriminated union. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
