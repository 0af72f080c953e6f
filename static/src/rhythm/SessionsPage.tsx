/**
 * The space page "Sessions and measures": the next sessions (in the viewer's zone and the
 * community's), swapping a facilitation turn, the invitation list and the invitation page, `.ics`
 * calendar files, who answered (curators), the measures of success as charts with their tables,
 * and the viewer's own attendance history. Rules, roles and numbers come from the `rhythm/*`
 * resolvers; controls a role does not allow are not shown.
 */
import { useCallback, useState } from 'react';
import {
  RHYTHM_RESOLVERS,
  type HealthView,
  type IcsFile,
  type RhythmView,
  type SwapView,
  type UpcomingSession,
} from '../../../src/contract/rhythm';
import {
  ABSENCE_REASON_LABELS,
  SESSION_KIND_LABELS,
  sessionWhen,
  type FacilitatorSwap,
  type MemberHistory,
} from '../../../src/domain/community';
import type { PublishedInvitation } from '../../../src/services/rhythm/invitation-page';
import { call } from '../bridge';
import { Action, ErrorNote, Loading, nameOf, PageLink } from '../components/ui';
import { useActions, useLive, type Actions } from '../live';
import type { ViewProps } from '../modules';
import { MeasureFigure } from './Charts';
import './rhythm.css';

const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export default function SessionsPage({ context }: ViewProps): JSX.Element {
  const load = useCallback(() => call<RhythmView>(RHYTHM_RESOLVERS.view), []);
  const live = useLive(load, null, false);
  const actions = useActions(live.reload);
  const v = live.data;
  return (
    <section className="stack sessions-page" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions and measures</h2>
      {!live.loaded ? (
        <Loading label="Loading the sessions…" />
      ) : v === null ? (
        <ErrorNote error={live.error} />
      ) : (
        <>
          <ErrorNote error={live.error} />
          <NextSessions view={v} me={context.accountId} actions={actions} />
          <Invitations view={v} me={context.accountId} actions={actions} />
          {v.canCurate && v.nextAnswers !== undefined && <WhoAnswered view={v} />}
        </>
      )}
      <Health />
    </section>
  );
}

function NextSessions(props: {
  readonly view: RhythmView;
  readonly me: string | null;
  readonly actions: Actions;
}): JSX.Element {
  const { view, me, actions } = props;
  const zone = viewerZone();
  const sameZone = zone === view.timeZone;
  return (
    <section className="panel stack" aria-labelledby="next-sessions">
      <h3 id="next-sessions">Next sessions of {view.copName}</h3>
      {view.sessions.length === 0 ? (
        <p className="subtle">
          No session is scheduled. A curator sets the calendar in the community settings.
        </p>
      ) : (
        <ol className="session-list" data-testid="next-sessions">
          {view.sessions.map((s) => (
            <li key={s.date} className="session-item" data-date={s.date}>
              <div>
                <strong>{sessionWhen(s, zone)}</strong>
                {!sameZone && (
                  <span className="subtle">
                    {' '}
                    ({sessionWhen(s, view.timeZone)} {view.timeZone})
                  </span>
                )}
              </div>
              <div>
                {s.topics.length === 0 ? (
                  <span className="subtle">Topic: chosen from the backlog at the session</span>
                ) : (
                  s.topics.map((t) => (
                    <span key={t.id} className="session-topic">
                      Topic: <strong>{t.title}</strong>
                      {t.lead !== undefined && <>, led by {nameOf(view.names, t.lead)}</>}
                    </span>
                  ))
                )}
              </div>
              <div>
                Facilitator:{' '}
                {s.facilitator === undefined ? (
                  <span className="subtle">nobody in the rotation yet</span>
                ) : (
                  nameOf(view.names, s.facilitator)
                )}
              </div>
              <SwapControls session={s} view={view} me={me} actions={actions} />
              <IcsLink actions={actions} sessionDate={s.date} label="Add to my calendar (.ics)" />
            </li>
          ))}
        </ol>
      )}
      {view.sessions.length > 0 && <IcsLink actions={actions} label="The whole series (.ics)" />}
    </section>
  );
}

/** The swap controls of one session for the viewer: propose, answer, withdraw or undo. */
function SwapControls(props: {
  readonly session: UpcomingSession;
  readonly view: RhythmView;
  readonly me: string | null;
  readonly actions: Actions;
}): JSX.Element | null {
  const { session, view, me, actions } = props;
  const [other, setOther] = useState('');
  const key = `swap-${session.date}`;
  if (me === null) return null;
  const swaps = view.swaps ?? [];
  const mine = swaps.find((s) => s.proposerDate === session.date || s.partnerDate === session.date);
  const run = (payload: Record<string, string>) =>
    void actions.run(key, () => call<SwapView>(RHYTHM_RESOLVERS.swap, payload));
  if (mine !== undefined) {
    return (
      <SwapState
        swap={mine}
        session={session}
        view={view}
        me={me}
        run={run}
        actionKey={key}
        actions={actions}
      />
    );
  }
  if (session.facilitator !== me) return null;
  const busy = new Set(swaps.flatMap((s) => [s.proposerDate, s.partnerDate]));
  const choices = view.sessions.filter(
    (s) =>
      s.date !== session.date &&
      s.facilitator !== undefined &&
      s.facilitator !== me &&
      !busy.has(s.date),
  );
  if (choices.length === 0) return null;
  const id = `swap-with-${session.date}`;
  return (
    <div className="row">
      <label htmlFor={id}>Swap my turn with</label>
      <select id={id} value={other} onChange={(e) => setOther(e.target.value)}>
        <option value="">Choose a date…</option>
        {choices.map((c) => (
          <option key={c.date} value={c.date}>
            {c.date} ({nameOf(view.names, c.facilitator)})
          </option>
        ))}
      </select>
      <Action
        isDisabled={other === ''}
        isBusy={actions.busy === key}
        onClick={() => run({ type: 'propose', myDate: session.date, theirDate: other })}
      >
        Ask to swap
      </Action>
      <ErrorNote error={actions.errors[key]} />
    </div>
  );
}

function SwapState(props: {
  readonly swap: FacilitatorSwap;
  readonly session: UpcomingSession;
  readonly view: RhythmView;
  readonly me: string;
  readonly run: (payload: Record<string, string>) => void;
  readonly actionKey: string;
  readonly actions: Actions;
}): JSX.Element | null {
  const { swap, session, view, me, run, actions, actionKey } = props;
  // Each swap is shown once, on its earlier date.
  const first = swap.proposerDate < swap.partnerDate ? swap.proposerDate : swap.partnerDate;
  if (session.date !== first) return null;
  const proposer = nameOf(view.names, swap.proposer);
  const partner = nameOf(view.names, swap.partner);
  const involved = me === swap.proposer || me === swap.partner;
  const busy = actions.busy === actionKey;
  return (
    <div className="row swap-state" role="group" aria-label="Swap">
      {swap.status === 'proposed' ? (
        <span>
          {proposer} asks {partner} to swap {swap.proposerDate} with {swap.partnerDate}.
        </span>
      ) : (
        <span>
          Swapped: {proposer} and {partner} exchanged {swap.proposerDate} and {swap.partnerDate}.
        </span>
      )}
      {swap.status === 'proposed' && me === swap.partner && (
        <>
          <Action
            appearance="primary"
            isBusy={busy}
            onClick={() => run({ type: 'accept', swapId: swap.id })}
          >
            Accept the swap
          </Action>
          <Action isBusy={busy} onClick={() => run({ type: 'decline', swapId: swap.id })}>
            Decline
          </Action>
        </>
      )}
      {swap.status === 'proposed' && me === swap.proposer && (
        <Action isBusy={busy} onClick={() => run({ type: 'cancel', swapId: swap.id })}>
          Withdraw
        </Action>
      )}
      {swap.status === 'accepted' && involved && (
        <Action isBusy={busy} onClick={() => run({ type: 'cancel', swapId: swap.id })}>
          Undo the swap
        </Action>
      )}
      <ErrorNote error={actions.errors[actionKey]} />
    </div>
  );
}

/** A button that asks for the `.ics` file and offers it as a download (a `data:` link). */
function IcsLink(props: {
  readonly actions: Actions;
  readonly sessionDate?: string;
  readonly label: string;
}): JSX.Element {
  const { actions, sessionDate, label } = props;
  const [file, setFile] = useState<IcsFile | null>(null);
  const key = `ics-${sessionDate ?? 'series'}`;
  return (
    <div className="row">
      {file === null ? (
        <Action
          appearance="subtle"
          isBusy={actions.busy === key}
          testId={key}
          onClick={() =>
            void actions.run(
              key,
              () =>
                call<IcsFile>(
                  RHYTHM_RESOLVERS.ics,
                  sessionDate === undefined ? {} : { sessionDate },
                ),
              (data) => {
                setFile(data);
                return true;
              },
            )
          }
        >
          {label}
        </Action>
      ) : (
        <a
          className="ics-link"
          href={`data:text/calendar;charset=utf-8,${encodeURIComponent(file.text)}`}
          download={file.fileName}
          data-testid={`${key}-download`}
        >
          Download {file.fileName}
        </a>
      )}
      <ErrorNote error={actions.errors[key]} />
    </div>
  );
}

function Invitations(props: {
  readonly view: RhythmView;
  readonly me: string | null;
  readonly actions: Actions;
}): JSX.Element {
  const { view, actions } = props;
  const [adding, setAdding] = useState('');
  const [published, setPublished] = useState<PublishedInvitation | null>(null);
  const invite = (payload: Record<string, string>, key: string) =>
    void actions.run(key, () => call(RHYTHM_RESOLVERS.invitation, payload));
  return (
    <section className="panel stack" aria-labelledby="invitations" data-testid="invitations">
      <h3 id="invitations">Invitations</h3>
      <p>
        {view.invited
          ? 'You are on the invitation list: Confluence notifies you when the invitation page mentions you.'
          : 'You are not on the invitation list.'}
      </p>
      <div className="row">
        {view.invited ? (
          <Action isBusy={actions.busy === 'me'} onClick={() => invite({ type: 'optOut' }, 'me')}>
            Take me off the list
          </Action>
        ) : (
          <Action
            appearance="primary"
            isBusy={actions.busy === 'me'}
            onClick={() => invite({ type: 'optIn' }, 'me')}
          >
            Invite me to the sessions
          </Action>
        )}
        <ErrorNote error={actions.errors.me} />
      </div>
      {view.canCurate && (
        <>
          <h4>On the list ({view.invitees?.length ?? 0})</h4>
          {(view.invitees ?? []).length === 0 ? (
            <p className="subtle">Nobody yet.</p>
          ) : (
            <ul className="people" data-testid="invitees">
              {(view.invitees ?? []).map((id) => (
                <li key={id}>
                  {nameOf(view.names, id)}{' '}
                  <Action
                    appearance="subtle"
                    isBusy={actions.busy === `un-${id}`}
                    onClick={() => invite({ type: 'uninvite', accountId: id }, `un-${id}`)}
                  >
                    <span className="visually-hidden">
                      Remove {nameOf(view.names, id)} from the list
                    </span>
                    <span aria-hidden="true">Remove</span>
                  </Action>
                </li>
              ))}
            </ul>
          )}
          {(view.candidates ?? []).length > 0 && (
            <div className="row">
              <label htmlFor="invite-someone">Add someone the community knows</label>
              <select
                id="invite-someone"
                value={adding}
                onChange={(e) => setAdding(e.target.value)}
              >
                <option value="">Choose a person…</option>
                {(view.candidates ?? []).map((id) => (
                  <option key={id} value={id}>
                    {nameOf(view.names, id)}
                  </option>
                ))}
              </select>
              <Action
                isDisabled={adding === ''}
                isBusy={actions.busy === 'add'}
                onClick={() => {
                  invite({ type: 'invite', accountId: adding }, 'add');
                  setAdding('');
                }}
              >
                Add to the list
              </Action>
            </div>
          )}
          <ErrorNote error={actions.errors.add} />
          <div className="row">
            <Action
              isBusy={actions.busy === 'publish'}
              onClick={() =>
                void actions.run(
                  'publish',
                  () => call<PublishedInvitation>(RHYTHM_RESOLVERS.publishInvitation, {}),
                  (data) => {
                    setPublished(data);
                    return false;
                  },
                )
              }
            >
              Write the invitation page of the next session
            </Action>
            {published !== null && (
              <span role="status">
                Invitation page {published.outcome}:{' '}
                <PageLink url={published.url}>open it</PageLink> ({published.mentioned.length}{' '}
                {published.mentioned.length === 1 ? 'person' : 'people'} mentioned)
              </span>
            )}
            <ErrorNote error={actions.errors.publish} />
          </div>
          <p className="subtle">
            Once written, the page is kept up to date when the topic, the lead, the facilitator, the
            date or the list changes.
          </p>
        </>
      )}
    </section>
  );
}

function WhoAnswered({ view }: { readonly view: RhythmView }): JSX.Element | null {
  const a = view.nextAnswers;
  if (a === undefined) return null;
  const names = (ids: readonly string[]) => ids.map((id) => nameOf(view.names, id)).join(', ');
  return (
    <section className="panel stack" aria-labelledby="who-answered" data-testid="who-answered">
      <h3 id="who-answered">Who answered for {a.sessionDate}</h3>
      <dl className="answers">
        <dt>Coming ({a.coming.length})</dt>
        <dd>
          {a.coming.length === 0 ? <span className="subtle">nobody yet</span> : names(a.coming)}
        </dd>
        <dt>Not this time ({a.notComing.length})</dt>
        <dd>
          {a.notComing.length === 0 ? (
            <span className="subtle">nobody</span>
          ) : (
            <ul>
              {a.notComing.map((n) => (
                <li key={n.accountId}>
                  {nameOf(view.names, n.accountId)}
                  {n.reason !== undefined && <> — {ABSENCE_REASON_LABELS[n.reason]}</>}
                  {n.note !== undefined && <span className="subtle"> “{n.note}”</span>}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Not answered yet ({a.notAnswered.length})</dt>
        <dd>
          {a.notAnswered.length === 0 ? (
            <span className="subtle">everyone answered</span>
          ) : (
            names(a.notAnswered)
          )}
        </dd>
      </dl>
    </section>
  );
}

const ROLE_LABELS: Readonly<Record<MemberHistory['entries'][number]['role'], string>> = {
  facilitator: 'Facilitated',
  lead: 'Led the topic',
  attendee: 'Attended',
  absent: 'Absent',
};

function Health(): JSX.Element {
  const load = useCallback(() => call<HealthView>(RHYTHM_RESOLVERS.health), []);
  const live = useLive(load, null, false);
  const h = live.data;
  return (
    <section className="stack" aria-labelledby="measures">
      <h3 id="measures">Measures of success</h3>
      {!live.loaded ? (
        <Loading label="Loading the measures…" />
      ) : h === null ? (
        <ErrorNote error={live.error} />
      ) : (
        <>
          <div className="measures" data-testid="measures">
            {h.measures.map((m) => (
              <MeasureFigure key={m.id} measure={m} />
            ))}
          </div>
          <MyHistory history={h.history} />
        </>
      )}
    </section>
  );
}

function MyHistory({ history }: { readonly history: MemberHistory }): JSX.Element {
  return (
    <section className="panel stack" aria-labelledby="my-history" data-testid="my-history">
      <h3 id="my-history">My attendance</h3>
      {history.entries.length === 0 ? (
        <p className="subtle">No session of yours is recorded yet.</p>
      ) : (
        <>
          <p>
            Attended {history.attended}, facilitated {history.facilitated}, led {history.led}; said
            coming {history.saidComing} times and came {history.cameAsSaid} of them.
          </p>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="My sessions">
            <table>
              <caption className="visually-hidden">My sessions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Session</th>
                  <th scope="col">What I did</th>
                  <th scope="col">My answer</th>
                </tr>
              </thead>
              <tbody>
                {history.entries.map((e) => (
                  <tr key={`${e.date}-${e.kind}`}>
                    <td>{e.date}</td>
                    <td>{SESSION_KIND_LABELS[e.kind]}</td>
                    <td>{ROLE_LABELS[e.role]}</td>
                    <td>
                      {e.answer === undefined
                        ? '–'
                        : e.answer === 'coming'
                          ? 'Coming'
                          : `Not this time${e.reason === undefined ? '' : ` (${ABSENCE_REASON_LABELS[e.reason]})`}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
