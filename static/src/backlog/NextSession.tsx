/**
 * The "next session" banner of the backlog macro and page (issue 14): when (in the viewer's own
 * time zone), the planned topic and its lead, the facilitator; and the person's answer, *coming*
 * or *not this time* with an optional reason (another meeting, too much on my plate, other) and
 * note, through `rhythm/answer` (one answer per person per session: a new one replaces it).
 */
import { useCallback, useState } from 'react';
import { RHYTHM_RESOLVERS, type RhythmView } from '../../../src/contract/rhythm';
import {
  ABSENCE_REASON_LABELS,
  ABSENCE_REASONS,
  ANSWER_NOTE_MAX,
  type AbsenceReason,
  type Answer,
} from '../../../src/domain/community';
import { call } from '../bridge';
import { Action, ErrorNote, nameOf, TextField } from '../components/ui';
import { useActions, useLive, type Live } from '../live';
import { sessionTime, useRefetchOnReturn } from './shared';

/** The community's next sessions, read once, again after an answer and on coming back. */
export function useRhythm(): Live<RhythmView> {
  const load = useCallback(() => call<RhythmView>(RHYTHM_RESOLVERS.view), []);
  const live = useLive(load, null, false);
  useRefetchOnReturn(live.reload);
  return live;
}

/**
 * The first upcoming session date with no topic planned on it (issue 14: "planning a topic offers
 * the next free session date"), among the sessions the rhythm lists.
 */
export function nextFreeDate(rhythm: RhythmView | null): string | undefined {
  return rhythm?.sessions.find((s) => s.topics.length === 0)?.date;
}

/** How a person's answer reads. */
export function describeAnswer(answer: Answer | undefined): string {
  if (answer === undefined) return 'You have not answered yet.';
  if (answer.response === 'coming') return 'You answered: coming.';
  const reason = answer.reason === undefined ? '' : ` (${ABSENCE_REASON_LABELS[answer.reason]}`;
  const note = answer.note === undefined ? '' : `${reason === '' ? ' (' : ': '}${answer.note}`;
  return `You answered: not this time${reason}${note}${reason !== '' || note !== '' ? ')' : ''}.`;
}

export function NextSession({ rhythm }: { readonly rhythm: Live<RhythmView> }): JSX.Element | null {
  const actions = useActions(rhythm.reload);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<AbsenceReason | ''>('');
  const [note, setNote] = useState('');
  const r = rhythm.data;
  // No calendar yet (or it cannot be read): the first-run set-up or the settings say so.
  if (r === null) return null;
  const next = r.sessions[0];
  if (next === undefined) return null;
  const mine = r.myAnswers[next.date];
  const answer = (response: 'coming' | 'not-this-time'): void => {
    const trimmed = note.trim();
    void actions
      .run('answer', () =>
        call<Answer>(RHYTHM_RESOLVERS.answer, {
          sessionDate: next.date,
          response,
          ...(response === 'not-this-time' && reason !== '' ? { reason } : {}),
          ...(response === 'not-this-time' && trimmed !== '' ? { note: trimmed } : {}),
        }),
      )
      .then((res) => {
        if (res.ok) setDeclining(false);
      });
  };
  const topics = next.topics;
  return (
    <section
      className="panel stack next-session"
      aria-labelledby="next-session-title"
      data-testid="next-session"
    >
      <h3 id="next-session-title">Next session: {sessionTime(next.startsAt)}</h3>
      <p>
        {topics.length === 0
          ? 'No topic planned yet.'
          : topics
              .map(
                (t) =>
                  `“${t.title}”${t.lead === undefined ? '' : `, led by ${nameOf(r.names, t.lead)}`}`,
              )
              .join('; ')}
      </p>
      <p className="subtle">
        {next.facilitator === undefined
          ? 'Nobody is in the facilitator rotation yet.'
          : `Facilitated by ${nameOf(r.names, next.facilitator)}.`}
      </p>
      <p data-testid="my-answer" aria-live="polite">
        <strong>{describeAnswer(mine)}</strong>
      </p>
      <div className="row" role="group" aria-label="Your answer for the next session">
        <Action
          appearance={mine?.response === 'coming' ? 'primary' : 'default'}
          isBusy={actions.busy === 'answer'}
          onClick={() => answer('coming')}
        >
          I’m coming
        </Action>
        <button
          type="button"
          className="disclosure-toggle"
          aria-expanded={declining}
          aria-controls="decline-form"
          onClick={() => setDeclining((d) => !d)}
        >
          Not this time…
        </button>
      </div>
      {
        <form
          id="decline-form"
          hidden={!declining}
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            answer('not-this-time');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setDeclining(false);
          }}
        >
          <div className="field">
            <label htmlFor="decline-reason">Reason (optional)</label>
            <select
              id="decline-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value as AbsenceReason | '')}
            >
              <option value="">I’d rather not say</option>
              {ABSENCE_REASONS.map((a) => (
                <option key={a} value={a}>
                  {ABSENCE_REASON_LABELS[a]}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label="Anything to add (optional)"
            value={note}
            onChange={setNote}
            maxLength={ANSWER_NOTE_MAX}
          />
          <Action appearance="primary" type="submit" isBusy={actions.busy === 'answer'}>
            Send: not this time
          </Action>
        </form>
      }
      <ErrorNote error={actions.errors.answer} />
    </section>
  );
}
