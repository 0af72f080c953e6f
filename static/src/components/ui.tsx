/**
 * Small shared pieces: the Atlaskit button, errors shown next to what caused them, loading and
 * empty states, a confirmation step for what cannot be undone, and names for account ids.
 */
import Button from '@atlaskit/button/new';
import { router } from '@forge/bridge';
import { useId, useState, type ReactNode } from 'react';
import type { ApiError } from '../../../src/contract/result';
import { describeError } from '../errors';

type Appearance = 'default' | 'primary' | 'subtle' | 'warning' | 'danger';

export interface ActionProps {
  readonly children: ReactNode;
  /** Absent for a submit button: its form's onSubmit acts (once). */
  readonly onClick?: () => void;
  readonly appearance?: Appearance;
  readonly isDisabled?: boolean;
  readonly isBusy?: boolean;
  readonly testId?: string;
  readonly type?: 'button' | 'submit';
}

/** An Atlaskit button; while busy it is disabled and says so to screen readers. */
export function Action(props: ActionProps): JSX.Element {
  return (
    <Button
      appearance={props.appearance ?? 'default'}
      isDisabled={props.isDisabled === true || props.isBusy === true}
      isLoading={props.isBusy === true}
      onClick={() => props.onClick?.()}
      testId={props.testId}
      type={props.type ?? 'button'}
    >
      {props.children}
    </Button>
  );
}

/** An error in plain language, announced, placed right under the control that caused it. */
export function ErrorNote({
  error,
}: {
  readonly error: ApiError | null | undefined;
}): JSX.Element | null {
  if (!error) return null;
  const { message, detail } = describeError(error);
  return (
    <div className="error-note" role="alert" data-code={error.code}>
      <strong>{message}</strong>
      {detail !== '' && <span className="error-detail"> {detail}</span>}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { readonly label?: string }): JSX.Element {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/**
 * A button for a step that cannot be undone: the first click asks, the second (on "Yes, …")
 * acts; Cancel or Escape backs out.
 */
export function ConfirmAction(props: {
  readonly label: string;
  readonly question: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly isBusy?: boolean;
  readonly isDisabled?: boolean;
  readonly appearance?: Appearance;
}): JSX.Element {
  const [asking, setAsking] = useState(false);
  const id = useId();
  if (!asking) {
    return (
      <Action
        appearance={props.appearance ?? 'primary'}
        onClick={() => setAsking(true)}
        isBusy={props.isBusy}
        isDisabled={props.isDisabled}
      >
        {props.label}
      </Action>
    );
  }
  return (
    <div
      className="confirm"
      role="group"
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <span id={id}>{props.question}</span>
      <div className="row">
        <Action
          appearance={props.appearance === 'danger' ? 'danger' : 'warning'}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.confirmLabel}
        </Action>
        <Action appearance="subtle" onClick={() => setAsking(false)}>
          Cancel
        </Action>
      </div>
    </div>
  );
}

/** A count with its noun: "1 dot", "2 dots", "0 dots" (singular for exactly one). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** A person's Confluence display name, or a neutral fallback while it is unknown. */
export function nameOf(
  names: Readonly<Record<string, string>>,
  accountId: string | null | undefined,
): string {
  if (!accountId) return 'nobody';
  return names[accountId] ?? 'Someone';
}

/** A labelled text field (single line or multi-line) with a character counter. */
export function TextField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly maxLength?: number;
  readonly multiline?: boolean;
  readonly placeholder?: string;
  readonly name?: string;
}): JSX.Element {
  const id = useId();
  const common = {
    id,
    name: props.name,
    value: props.value,
    placeholder: props.placeholder,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline === true ? (
        <textarea rows={3} {...common} />
      ) : (
        <input type="text" {...common} />
      )}
      {props.maxLength !== undefined && (
        <span className="counter" aria-hidden="true">
          {[...props.value].length}/{props.maxLength}
        </span>
      )}
    </div>
  );
}

/** A labelled whole-number field. */
export function NumberField(props: {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly min: number;
  readonly max: number;
}): JSX.Element {
  const id = useId();
  return (
    <div className="field field-number">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={Number.isFinite(props.value) ? props.value : ''}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
    </div>
  );
}

/**
 * A link to a Confluence page: the host navigates (`router.navigate`), since a macro's iframe may
 * not: Forge's Custom UI sandbox has no `allow-top-navigation` or `allow-popups`, so there is no
 * fallback to try. `url` is absolute, or site-relative under `/wiki` as Confluence paths are.
 */
export function PageLink({
  url,
  children,
}: {
  readonly url: string;
  readonly children: ReactNode;
}): JSX.Element {
  return (
    <a
      href={url}
      target="_top"
      rel="noreferrer"
      onClick={(e) => {
        e.preventDefault();
        router.navigate(url).catch((error: unknown) => {
          console.error('could not open the page', error);
        });
      }}
    >
      {children}
    </a>
  );
}
