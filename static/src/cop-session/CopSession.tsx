/**
 * CoP Session: a deep dive, live. Set-up (topic, lead, agenda, check-in prompt, groups), one-click
 * join, then the agenda step by step with one big shared countdown: check-in answers, the lead's
 * outline, breakout groups with their own notes, the readout, the plenary, takeaways and action
 * items; the end links the notes page on every screen. Every screen says what the person can do
 * now, or what they wait for. All rules and times come from `copSession/state`.
 */
import { useCallback, useEffect, useRef } from 'react';
import { changeChannel } from '../../../src/contract/channels';
import {
  COP_SESSION_RESOLVERS as R,
  type Changed,
  type CopSessionView,
  type EndAnswer,
} from '../../../src/contract/cop-session';
import { STEP_LABELS } from '../../../src/domain/cop-session/agenda';
import { call } from '../bridge';
import { Action, ConfirmAction, ErrorNote, Loading, nameOf, PageLink } from '../components/ui';
import { useActions, useLiveView, type Actions } from '../live';
import type { ViewProps } from '../modules';
import { useServerNow } from '../lean-coffee/clock';
import { Attendance, NowLine, PastSessions, StepTimer } from './parts';
import { Breakouts, CheckIn, Contributions, Outline, PlenaryNotes } from './phases';
import { applyCopSessionNotice } from './apply-notice';
import { Setup } from './Setup';
import './cop-session.css';

export const PHASE_LABELS: Readonly<Record<CopSessionView['view']['phase'], string>> = {
  setup: 'Setting up',
  ...STEP_LABELS,
  ended: 'Ended',
};

export interface SessionProps {
  readonly v: CopSessionView;
  readonly actions: Actions;
  readonly now: number;
}

export default function CopSession({ context }: ViewProps): JSX.Element {
  const load = useCallback(() => call<CopSessionView | null>(R.state), []);
  // Notices carry the change (joins, passes, other groups' notes): applied without a read.
  const live = useLiveView({
    load,
    channel: changeChannel(context.localId),
    apply: applyCopSessionNotice,
  });
  const actions = useActions(live.reload);
  const v = live.data;
  const now = useServerNow(v?.now ?? null);
  useReloadAtExpiry(v, now, live.reload);
  if (v === null) {
    if (live.error) {
      return (
        <section className="stack">
          <h2>CoP Session</h2>
          <ErrorNote error={live.error} />
          <Action onClick={() => void live.reload()}>Try again</Action>
        </section>
      );
    }
    return live.loaded ? <NotSetUp actions={actions} /> : <Loading label="Loading the session…" />;
  }
  const { view } = v;
  const title = view.topic?.title ?? 'A deep dive';
  return (
    <section aria-labelledby="cs-title" className="stack cop-session">
      <div className="row">
        <h2 id="cs-title">{title}</h2>
        <span className="badge" data-testid="phase">
          {PHASE_LABELS[view.phase]}
        </span>
        <span className="badge">Session {v.session}</span>
        {live.mode === 'polling' && <span className="badge">refreshing every 5 s</span>}
      </div>
      <p className="subtle">
        Facilitated by {nameOf(v.names, view.facilitator)}
        {view.lead.kind === 'member' && <> · led by {nameOf(v.names, view.lead.accountId)}</>}
        {view.lead.kind === 'guest' && <> · guest speaker {view.lead.name}</>}
      </p>
      <ErrorNote error={live.error} />
      <NowLine v={v} />
      {view.step !== null && <StepTimer v={v} now={now} />}
      <Attendance v={v} actions={actions} />
      {view.phase === 'setup' && v.isFacilitator && v.setup !== null && (
        <Setup v={v} actions={actions} />
      )}
      {(view.phase === 'setup' || view.phase === 'introduction') && (
        <Outline v={v} actions={actions} />
      )}
      {view.phase === 'check-in' && <CheckIn v={v} actions={actions} />}
      {(view.phase === 'breakouts' || view.phase === 'readout') && (
        <Breakouts v={v} actions={actions} />
      )}
      {(view.phase === 'plenary' || view.phase === 'takeaways') && (
        <PlenaryNotes v={v} actions={actions} />
      )}
      {(view.phase === 'readout' || view.phase === 'plenary' || view.phase === 'takeaways') && (
        <Contributions v={v} actions={actions} />
      )}
      {view.phase === 'ended' && <Ended v={v} actions={actions} />}
      {v.isFacilitator && view.phase !== 'ended' && view.phase !== 'setup' && (
        <FacilitatorBar v={v} actions={actions} now={now} />
      )}
      <Agenda v={v} />
      <PastSessions v={v} />
    </section>
  );
}

/** When the running step's clock runs out on this screen, fetch the state once (it may have moved). */
function useReloadAtExpiry(
  v: CopSessionView | null,
  now: number,
  reload: () => Promise<void>,
): void {
  const done = useRef<number | null>(null);
  const endsAt = v?.view.step?.endsAt ?? null;
  useEffect(() => {
    if (endsAt !== null && now >= endsAt && done.current !== endsAt) {
      done.current = endsAt;
      void reload();
    }
  }, [endsAt, now, reload]);
}

function NotSetUp({ actions }: { readonly actions: Actions }): JSX.Element {
  return (
    <section className="stack cop-session" aria-labelledby="cs-title">
      <h2 id="cs-title">CoP Session</h2>
      <div className="panel stack">
        <p>
          A deep dive in the community&apos;s format: a check-in, the lead&apos;s introduction to
          the topic, breakouts in small groups, a readout, a plenary conversation and takeaways. The
          next planned backlog topic is chosen for you; you can change everything before the start.
        </p>
        <p className="now-line" data-testid="now-line">
          <strong>You can:</strong> set up a session here and facilitate it.
        </p>
        <Action
          appearance="primary"
          testId="create"
          isBusy={actions.busy === 'create'}
          onClick={() => void actions.run('create', () => call<Changed>(R.create))}
        >
          Set up a deep dive
        </Action>
        <ErrorNote error={actions.errors.create} />
      </div>
    </section>
  );
}

function FacilitatorBar({ v, actions }: SessionProps): JSX.Element {
  const { view } = v;
  const index = view.agenda.findIndex((item) => item.status === 'running');
  const nextStep = index < 0 ? undefined : view.agenda[index + 1];
  const version = v.version;
  const run = (key: string, name: string, payload: Record<string, unknown> = {}) =>
    void actions.run(key, () => call<Changed>(name, { ...payload, version }));
  return (
    <div className="panel stack facilitator-bar" aria-labelledby="cs-fac">
      <h3 id="cs-fac">Facilitator</h3>
      <div className="row">
        {index > 0 && (
          <Action isBusy={actions.busy === 'back'} onClick={() => run('back', R.back)}>
            Back to {view.agenda[index - 1]?.label}
          </Action>
        )}
        {nextStep !== undefined && (
          <Action
            appearance="primary"
            testId="next-step"
            isBusy={actions.busy === 'next'}
            onClick={() => run('next', R.next)}
          >
            Next: {nextStep.label}
          </Action>
        )}
        <Action
          isBusy={actions.busy === 'extend'}
          onClick={() => run('extend', R.extend, { minutes: 5 })}
        >
          5 more minutes
        </Action>
        {view.phase === 'breakouts' && (
          <Action isBusy={actions.busy === 'regroup'} onClick={() => run('regroup', R.regroup)}>
            Regroup
          </Action>
        )}
        <ConfirmAction
          label="End the session"
          question="End now and write the notes page?"
          confirmLabel="Yes, end and write the notes"
          isBusy={actions.busy === 'end'}
          appearance={nextStep === undefined ? 'primary' : 'warning'}
          onConfirm={() =>
            void actions.run('end', () => call<EndAnswer>(R.end, { version: v.version }))
          }
        />
      </div>
      {['back', 'next', 'extend', 'regroup', 'end'].map((key) => (
        <ErrorNote key={key} error={actions.errors[key]} />
      ))}
    </div>
  );
}

function Agenda({ v }: { readonly v: CopSessionView }): JSX.Element {
  return (
    <details className="panel">
      <summary>
        Agenda ({v.view.agenda.reduce((sum, item) => sum + item.plannedMinutes, 0)} min)
      </summary>
      <ol data-testid="agenda">
        {v.view.agenda.map((item) => (
          <li key={item.index} className={`agenda-${item.status.replace(' ', '-')}`}>
            {item.label} — {item.plannedMinutes} min <span className="subtle">({item.status})</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

function Ended({ v, actions }: { readonly v: CopSessionView; readonly actions: Actions }) {
  return (
    <div className="panel stack" data-testid="ended">
      <p className="notice" data-testid="notes-link">
        The session has ended.{' '}
        {v.notes === null ? (
          'Its notes page is being written in the space’s “Session notes”.'
        ) : (
          <>
            Notes page: <PageLink url={v.notes.url}>{v.notes.title}</PageLink>
          </>
        )}
      </p>
      {v.isFacilitator && v.notes === null && (
        <>
          <Action
            isBusy={actions.busy === 'notes'}
            onClick={() => void actions.run('notes', () => call<EndAnswer>(R.createNotes))}
          >
            Write the notes page again
          </Action>
          <ErrorNote error={actions.errors.notes} />
        </>
      )}
      <Action
        appearance={v.isFacilitator ? 'primary' : 'default'}
        testId="create-next"
        isBusy={actions.busy === 'create'}
        onClick={() =>
          void actions.run('create', () => call<Changed>(R.create, { version: v.version }))
        }
      >
        Set up the next session here
      </Action>
      <ErrorNote error={actions.errors.create} />
    </div>
  );
}
