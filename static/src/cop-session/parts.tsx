/**
 * Pieces every step shows: what the person can do now (or what they wait for), the big shared
 * countdown, the attendance with join and leave, and the macro's earlier sessions.
 */
import { useState } from 'react';
import {
  COP_SESSION_RESOLVERS as R,
  type Changed,
  type CopSessionView,
} from '../../../src/contract/cop-session';
import { call } from '../bridge';
import { Action, ErrorNote, nameOf, PageLink } from '../components/ui';
import type { Actions } from '../live';
import { formatMs } from '../lean-coffee/clock';

/**
 * One sentence for this person, this step: what they can do now, or that they wait for the
 * facilitator and for what. Computed from the view's `canDo` list, so it never promises a command
 * the server would refuse.
 */
export function nowSentence(v: CopSessionView): string {
  const { view } = v;
  const can = new Set(view.canDo);
  const facilitator = nameOf(v.names, view.facilitator);
  if (view.phase === 'ended') {
    return 'The session is over: read the notes page, or set up the next session here.';
  }
  if (view.phase === 'setup' && v.isFacilitator) {
    return view.isPresent
      ? 'Choose the topic, the lead, the agenda and the check-in question, then start.'
      : 'Choose the topic, the lead, the agenda and the check-in question, then start. Join too, if you take part.';
  }
  if (can.has('join') && !view.isPresent) {
    return view.phase === 'setup'
      ? `Join now, so you are on the attendance; ${facilitator} starts the session.`
      : 'Join to take part: you will be on the attendance and can write with everyone.';
  }
  switch (view.phase) {
    case 'setup':
      return v.isLead
        ? `You lead this topic: write your outline and breakout questions below. ${facilitator} starts the session.`
        : `You are in. Waiting for ${facilitator} to start the session.`;
    case 'check-in':
      return view.checkIn.mine === undefined
        ? 'Answer the check-in question in one line, or pass.'
        : 'You have checked in. Read the others’ answers; the facilitator moves on when the time is up.';
    case 'introduction':
      return v.isLead
        ? 'Present your outline; the breakout questions are below.'
        : `Listen to the lead’s introduction. Waiting for ${facilitator} to open the breakouts.`;
    case 'breakouts':
      return view.myGroup === null
        ? `You are in no group. Waiting for ${facilitator} to move on to the readout.`
        : `Talk in group ${view.myGroup} and write your group’s notes together below.`;
    case 'readout':
      return 'Each group reads its notes out. You can still add to your group’s notes, and add takeaways.';
    case 'plenary':
      return 'The whole group talks: add notes of the conversation, takeaways and action items.';
    case 'takeaways':
      return 'Add your takeaways and action items (an owner from the attendees, a due date if useful).';
    default:
      return '';
  }
}

export function NowLine({ v }: { readonly v: CopSessionView }): JSX.Element {
  return (
    <p className="now-line" data-testid="now-line" aria-live="polite">
      <strong>Now:</strong> {nowSentence(v)}
    </p>
  );
}

/**
 * The step's countdown, big enough to read across a room; at expiry the panel turns to the
 * danger colour, the words change to "Time is up" and screen readers hear it once.
 */
export function StepTimer({ v, now }: { readonly v: CopSessionView; readonly now: number }) {
  const step = v.view.step;
  if (step === null) return null;
  const span = Math.max(1, step.endsAt - step.startedAt);
  const left = Math.max(0, step.endsAt - now);
  const isExpired = left === 0;
  return (
    <div
      className={`step-timer${isExpired ? ' expired' : ''}`}
      data-testid="step-timer"
      data-expired={isExpired ? 'true' : 'false'}
    >
      <span className="step-timer-label">{v.view.agenda[step.index]?.label}</span>
      <span className="step-timer-time" aria-hidden={isExpired}>
        {formatMs(left)}
      </span>
      <span role="status" className={isExpired ? 'step-timer-alert' : 'visually-hidden'}>
        {isExpired ? '⏰ Time is up' : `${Math.ceil(left / 60000)} minutes left`}
      </span>
      <div
        className="bar-track"
        role="progressbar"
        aria-label="Time left in this step"
        aria-valuemin={0}
        aria-valuemax={Math.round(span / 1000)}
        aria-valuenow={Math.round(left / 1000)}
      >
        <div
          className={`bar-fill${isExpired ? ' danger' : ''}`}
          style={{ width: `${(left / span) * 100}%` }}
        />
      </div>
    </div>
  );
}

export function Attendance({
  v,
  actions,
}: {
  readonly v: CopSessionView;
  readonly actions: Actions;
}) {
  const { view } = v;
  const can = new Set(view.canDo);
  const [adding, setAdding] = useState('');
  const present = new Set(view.attendance.map((a) => a.accountId));
  const addable = (v.setup?.members ?? []).filter((id) => !present.has(id));
  return (
    <div className="panel stack" aria-labelledby="cs-attendance">
      <div className="row">
        <h3 id="cs-attendance">Here ({view.attendance.length})</h3>
        {can.has('join') && (
          <Action
            appearance="primary"
            testId="join"
            isBusy={actions.busy === 'join'}
            onClick={() => void actions.run('join', () => call<Changed>(R.join))}
          >
            {view.isPresent ? 'Join from this device' : 'Join the session'}
          </Action>
        )}
        {view.isPresent && can.has('leave') && (
          <Action
            appearance="subtle"
            isBusy={actions.busy === 'leave'}
            onClick={() => void actions.run('leave', () => call<Changed>(R.leave))}
          >
            Leave
          </Action>
        )}
      </div>
      <ErrorNote error={actions.errors.join ?? actions.errors.leave} />
      <ul className="people" data-testid="attendance">
        {view.attendance.map((a) => (
          <li key={a.accountId}>
            {nameOf(v.names, a.accountId)}
            {a.via === 'added' && <span className="subtle"> (in the room)</span>}
          </li>
        ))}
      </ul>
      {v.isFacilitator && can.has('addAttendee') && addable.length > 0 && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding === '') return;
            void actions.run('add', () =>
              call<Changed>(R.addAttendee, { accountId: adding, version: v.version }),
            );
            setAdding('');
          }}
        >
          <div className="field">
            <label htmlFor="cs-add">Add someone in the room without a device</label>
            <select id="cs-add" value={adding} onChange={(e) => setAdding(e.target.value)}>
              <option value="">Choose a person…</option>
              {addable.map((id) => (
                <option key={id} value={id}>
                  {nameOf(v.names, id)}
                </option>
              ))}
            </select>
          </div>
          <Action type="submit" isBusy={actions.busy === 'add'} isDisabled={adding === ''}>
            Add
          </Action>
        </form>
      )}
      <ErrorNote error={actions.errors.add} />
    </div>
  );
}

export function PastSessions({ v }: { readonly v: CopSessionView }): JSX.Element | null {
  if (v.past.length === 0) return null;
  return (
    <div className="panel" aria-labelledby="cs-past">
      <h3 id="cs-past">Earlier sessions here</h3>
      <ul data-testid="past-sessions">
        {v.past.map((p) => (
          <li key={p.session}>
            Session {p.session}: {p.title || 'untitled'} —{' '}
            {p.notes === null ? (
              <span className="subtle">no notes page</span>
            ) : (
              <PageLink url={p.notes.url}>{p.notes.title}</PageLink>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
