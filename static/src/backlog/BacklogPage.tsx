/**
 * The space's backlog page: the ranked table with filters, a page of topics at a time ("Show more"),
 * "I'll lead this", add, CSV export; for the rotation move, plan, mark discussed, "start a session"
 * (creates the topic's notes page); for curators archive, merge, and in the archive restore and
 * unmerge; the community's recent changes; and the community settings. Order, scores, roles and
 * rules come from the backend: controls a role does not allow are not shown.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  BACKLOG_RESOLVERS,
  type BacklogChange,
  type BacklogCsv,
  type BacklogView,
  type RankCursor,
} from '../../../src/contract/backlog';
import type { HistoryEntry } from '../../../src/domain/community';
import { backlogChannel } from '../../../src/contract/channels';
import { NOTES_RESOLVERS, type NotesPageView } from '../../../src/contract/notes';
import type { Topic, TopicStatus } from '../../../src/domain/backlog';
import { call } from '../bridge';
import {
  Action,
  ConfirmAction,
  ErrorNote,
  Loading,
  nameOf,
  PageLink,
  TextField,
} from '../components/ui';
import { BACKLOG_SUBSCRIPTION, useActions, useLive, type Actions } from '../live';
import type { ViewProps } from '../modules';
import { Settings } from './Settings';
import { describeSources, formatScore, STATUS_LABELS } from './shared';

type Filter = 'active' | TopicStatus | 'all';

const FILTERS: readonly { readonly value: Filter; readonly label: string }[] = [
  { value: 'active', label: 'Proposed and planned' },
  { value: 'proposed', label: 'Proposed' },
  { value: 'planned', label: 'Planned' },
  { value: 'discussed', label: 'Discussed' },
  { value: 'all', label: 'All but archived' },
  { value: 'archived', label: 'Archived' },
];

const shows = (filter: Filter, status: TopicStatus): boolean =>
  filter === 'all' ||
  (filter === 'active' ? status === 'proposed' || status === 'planned' : status === filter);

/** The pages loaded after the first one. */
interface More {
  readonly topics: readonly Topic[];
  readonly names: Readonly<Record<string, string>>;
  readonly next: RankCursor | undefined;
}

const NO_MORE: More = { topics: [], names: {}, next: undefined };

export default function BacklogPage({ context }: ViewProps): JSX.Element {
  const [filter, setFilter] = useState<Filter>('active');
  const archived = filter === 'archived';
  const load = useCallback(
    () => call<BacklogView>(BACKLOG_RESOLVERS.list, archived ? { archived } : {}),
    [archived],
  );
  const live = useLive(
    load,
    context.spaceKey === null ? null : backlogChannel(context.spaceKey),
    true,
    BACKLOG_SUBSCRIPTION,
  );
  const actions = useActions(live.reload);
  const first = live.data;
  // Later pages, asked for with "Show more"; a refetch of the first page starts over.
  const [more, setMore] = useState<More>(NO_MORE);
  useEffect(() => setMore(NO_MORE), [first]);
  const b = useMemo(
    () =>
      first === null
        ? null
        : {
            ...first,
            topics: [...first.topics, ...more.topics],
            names: { ...more.names, ...first.names },
            next: more.topics.length === 0 ? first.next : more.next,
          },
    [first, more],
  );
  const showMore = (after: RankCursor): void => {
    void actions
      .run('more', () =>
        call<BacklogView>(BACKLOG_RESOLVERS.list, { ...(archived ? { archived } : {}), after }),
      )
      .then((r) => {
        if (r.ok) {
          setMore((m) => ({
            topics: [...m.topics, ...r.data.topics],
            names: { ...m.names, ...r.data.names },
            next: r.data.next,
          }));
        }
      });
  };
  const visible = useMemo(
    () => (b === null ? [] : b.topics.filter((t) => shows(filter, t.status))),
    [b, filter],
  );
  return (
    <section aria-labelledby="bp-title" className="stack">
      <h2 id="bp-title">Topic backlog</h2>
      <ErrorNote error={live.error} />
      {b === null ? (
        live.error ? null : (
          <Loading label="Loading the backlog…" />
        )
      ) : (
        <>
          <div className="row">
            <div className="field">
              <label htmlFor="bp-filter">Show</label>
              <select
                id="bp-filter"
                value={filter}
                onChange={(e) => setFilter(e.target.value as Filter)}
              >
                {FILTERS.map((f) => (
                  <option key={f.value} value={f.value}>
                    {f.label}
                  </option>
                ))}
              </select>
            </div>
            <CsvExport actions={actions} />
          </div>
          {visible.length === 0 ? (
            <p className="subtle">No topics here.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="backlog-table">
                <caption className="visually-hidden">Backlog topics in rank order</caption>
                <thead>
                  <tr>
                    <th scope="col">Rank</th>
                    <th scope="col">Topic</th>
                    <th scope="col">Score and source</th>
                    <th scope="col">Status</th>
                    <th scope="col">Lead</th>
                    <th scope="col">Planned</th>
                    <th scope="col">Notes</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((t) => (
                    <Row
                      key={t.id}
                      topic={t}
                      all={b.topics}
                      view={b}
                      me={context.accountId}
                      actions={actions}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {b.next !== undefined && (
            <div className="row">
              <Action
                isBusy={actions.busy === 'more'}
                onClick={() => b.next !== undefined && showMore(b.next)}
              >
                Show more topics
              </Action>
              <ErrorNote error={actions.errors.more} />
            </div>
          )}
          {!archived && <AddTopic actions={actions} />}
          {b.canCurate && !archived && <Merge topics={b.topics} actions={actions} />}
          {b.history !== undefined && <History entries={b.history} names={b.names} />}
          <Settings />
        </>
      )}
    </section>
  );
}

function Row(props: {
  readonly topic: Topic;
  readonly all: readonly Topic[];
  readonly view: BacklogView;
  readonly me: string | null;
  readonly actions: Actions;
}): JSX.Element {
  const { topic: t, all, view, actions } = props;
  const [date, setDate] = useState(t.plannedDate ?? '');
  const [created, setCreated] = useState<NotesPageView | null>(null);
  const index = all.findIndex((x) => x.id === t.id);
  const open = t.status === 'proposed' || t.status === 'planned';
  const key = (action: string): string => `${action}:${t.id}`;
  const change = (action: string, name: string, payload: Record<string, unknown> = {}): void => {
    void actions.run(key(action), () => call<BacklogChange>(name, { topicId: t.id, ...payload }));
  };
  const busy = (action: string): boolean => actions.busy === key(action);
  const rowErrors = Object.entries(actions.errors).filter(([k]) => k.endsWith(`:${t.id}`));
  const notes = created ?? t.notesPage ?? null;
  return (
    <tr data-testid={`topic-${t.id}`}>
      <td>{index + 1}</td>
      <td>
        <strong>{t.title}</strong>
        {t.details !== '' && <div className="subtle">{t.details}</div>}
        {t.id === view.nextTopicId && <span className="badge">Next session</span>}
      </td>
      <td>
        {formatScore(t.score)}
        <div className="subtle">{describeSources(t)}</div>
      </td>
      <td>
        {STATUS_LABELS[t.status]}
        {t.statusBy !== undefined && t.statusAt !== undefined && (
          <div className="subtle">
            by {nameOf(view.names, t.statusBy)}, {new Date(t.statusAt).toISOString().slice(0, 10)}
          </div>
        )}
      </td>
      <td>{t.lead === undefined ? '—' : nameOf(view.names, t.lead)}</td>
      <td>{t.plannedDate ?? '—'}</td>
      <td>{notes === null ? '—' : <PageLink url={notes.url}>Notes</PageLink>}</td>
      <td>
        <div className="row">
          {open && t.lead === undefined && (
            <Action
              isBusy={busy('lead')}
              onClick={() => change('lead', BACKLOG_RESOLVERS.volunteer)}
            >
              I’ll lead this
            </Action>
          )}
          {open && t.lead !== undefined && t.lead === props.me && (
            <Action
              appearance="subtle"
              isBusy={busy('lead')}
              onClick={() => change('lead', BACKLOG_RESOLVERS.withdraw)}
            >
              Withdraw as lead
            </Action>
          )}
          {view.canFacilitate && t.status !== 'archived' && (
            <>
              <Action
                appearance="subtle"
                isDisabled={index <= 0}
                isBusy={busy('move')}
                onClick={() =>
                  change('move', BACKLOG_RESOLVERS.move, { afterId: all[index - 2]?.id ?? null })
                }
              >
                <span aria-label={`Move “${t.title}” up`}>Move up</span>
              </Action>
              <Action
                appearance="subtle"
                isDisabled={index >= all.length - 1}
                isBusy={busy('move')}
                onClick={() =>
                  change('move', BACKLOG_RESOLVERS.move, { afterId: all[index + 1]?.id ?? null })
                }
              >
                <span aria-label={`Move “${t.title}” down`}>Move down</span>
              </Action>
              {open && (
                <div className="row">
                  <div className="field">
                    <label htmlFor={`plan-${t.id}`}>Session date</label>
                    <input
                      id={`plan-${t.id}`}
                      type="date"
                      value={date}
                      onChange={(e) => setDate(e.target.value)}
                    />
                  </div>
                  <Action
                    isDisabled={date === ''}
                    isBusy={busy('plan')}
                    onClick={() => change('plan', BACKLOG_RESOLVERS.plan, { date })}
                  >
                    Plan
                  </Action>
                </div>
              )}
              {t.status === 'planned' && (
                <>
                  <Action
                    appearance="primary"
                    isBusy={busy('session')}
                    onClick={() =>
                      void actions
                        .run(key('session'), () =>
                          call<NotesPageView>(NOTES_RESOLVERS.startSession, { topicId: t.id }),
                        )
                        .then((r) => {
                          if (r.ok) setCreated(r.data);
                        })
                    }
                  >
                    Start a session
                  </Action>
                  <Action
                    appearance="subtle"
                    isBusy={busy('unplan')}
                    onClick={() => change('unplan', BACKLOG_RESOLVERS.unplan)}
                  >
                    Unplan
                  </Action>
                </>
              )}
              {open && (
                <Action
                  isBusy={busy('discussed')}
                  onClick={() => change('discussed', BACKLOG_RESOLVERS.markDiscussed)}
                >
                  Mark discussed
                </Action>
              )}
            </>
          )}
          {view.canCurate && t.status !== 'archived' && (
            <ConfirmAction
              label="Archive"
              appearance="default"
              question={`Archive “${t.title}”? A curator can restore it from the archive.`}
              confirmLabel="Yes, archive"
              isBusy={busy('archive')}
              onConfirm={() => change('archive', BACKLOG_RESOLVERS.archive)}
            />
          )}
          {view.canCurate && t.status === 'archived' && t.mergedInto === undefined && (
            <Action
              isBusy={busy('restore')}
              onClick={() => change('restore', BACKLOG_RESOLVERS.restore)}
            >
              Restore
            </Action>
          )}
          {view.canCurate && t.status === 'archived' && t.mergedInto !== undefined && (
            <Action
              isBusy={busy('unmerge')}
              onClick={() => change('unmerge', BACKLOG_RESOLVERS.unmerge)}
            >
              Unmerge
            </Action>
          )}
        </div>
        {rowErrors.map(([k, e]) => (
          <ErrorNote key={k} error={e} />
        ))}
      </td>
    </tr>
  );
}

function AddTopic({ actions }: { readonly actions: Actions }): JSX.Element {
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const add = (): void => {
    const sent = { title, details };
    void actions
      .run('add', () => call<BacklogChange>(BACKLOG_RESOLVERS.add, { title, details }))
      .then((r) => {
        if (r.ok) {
          // Clear only what was sent: the person may already be typing the next one.
          setTitle((now) => (now === sent.title ? '' : now));
          setDetails((now) => (now === sent.details ? '' : now));
        }
      });
  };
  return (
    <form
      className="panel stack"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <h3>Add a topic</h3>
      <TextField label="Title" value={title} onChange={setTitle} maxLength={120} />
      <TextField
        label="Details (optional)"
        value={details}
        onChange={setDetails}
        multiline
        maxLength={500}
      />
      <Action appearance="primary" type="submit" isBusy={actions.busy === 'add'}>
        Add to the backlog
      </Action>
      <ErrorNote error={actions.errors.add} />
    </form>
  );
}

function Merge({
  topics,
  actions,
}: {
  readonly topics: readonly Topic[];
  readonly actions: Actions;
}): JSX.Element {
  const [intoId, setInto] = useState('');
  const [fromId, setFrom] = useState('');
  const open = topics.filter((t) => t.status !== 'archived');
  const title = (id: string): string => topics.find((t) => t.id === id)?.title ?? '';
  const select = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
  ): JSX.Element => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Choose…</option>
        {open.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="panel stack">
      <h3>Merge duplicates</h3>
      <div className="row">
        {select('merge-into', 'Keep', intoId, setInto)}
        {select('merge-from', 'Merge into it (archived)', fromId, setFrom)}
      </div>
      <ConfirmAction
        label="Merge"
        isDisabled={intoId === '' || fromId === ''}
        question={`Merge “${title(fromId)}” into “${title(intoId)}”? Their scores add up and “${title(fromId)}” is archived.`}
        confirmLabel="Yes, merge"
        isBusy={actions.busy === 'merge'}
        onConfirm={() =>
          void actions.run('merge', () =>
            call<BacklogChange>(BACKLOG_RESOLVERS.merge, { intoId, fromId }),
          )
        }
      />
      <ErrorNote error={actions.errors.merge} />
    </div>
  );
}

function CsvExport({ actions }: { readonly actions: Actions }): JSX.Element {
  const [file, setFile] = useState<BacklogCsv | null>(null);
  return (
    <div className="row">
      <Action
        isBusy={actions.busy === 'csv'}
        onClick={() =>
          void actions
            .run('csv', () => call<BacklogCsv>(BACKLOG_RESOLVERS.csv))
            .then((r) => {
              if (r.ok) setFile(r.data);
            })
        }
      >
        Export CSV
      </Action>
      {file !== null && (
        <a
          data-testid="csv-link"
          download={file.filename}
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(file.csv)}`}
        >
          Download {file.filename}
        </a>
      )}
      <ErrorNote error={actions.errors.csv} />
    </div>
  );
}

/** What each history action says, after the person's name. */
const HISTORY_WORDS: Readonly<Record<HistoryEntry['action'], string>> = {
  'topic-planned': 'planned',
  'topic-unplanned': 'unplanned',
  'topic-discussed': 'marked as discussed',
  'topic-archived': 'archived',
  'topic-restored': 'restored',
  'topic-merged': 'merged',
  'topic-unmerged': 'unmerged',
  'topic-edited': 'edited',
  renamed: 'renamed the community to',
  'cadence-changed': 'changed the cadence',
  'defaults-changed': 'changed the game defaults',
  'notes-parent-changed': 'changed the notes parent page',
  'curator-added': 'added a curator:',
  'curator-removed': 'removed a curator:',
  'rotation-joined': 'joined the rotation',
  'rotation-left': 'left the rotation',
  'rotation-reordered': 'reordered the rotation',
  'turn-passed': 'passed the facilitator turn',
};

/** The community's recent changes: who, what, when (newest first). */
function History({
  entries,
  names,
}: {
  readonly entries: readonly HistoryEntry[];
  readonly names: Readonly<Record<string, string>>;
}): JSX.Element {
  return (
    <section className="panel stack" aria-labelledby="bp-history">
      <h3 id="bp-history">Recent changes</h3>
      {entries.length === 0 ? (
        <p className="subtle">No changes yet.</p>
      ) : (
        <ol data-testid="backlog-history">
          {entries.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              {nameOf(names, e.by)} {HISTORY_WORDS[e.action]}
              {e.account !== undefined && ` ${nameOf(names, e.account)}`}
              {e.title !== undefined && ` “${e.title}”`}
              {e.otherTitle !== undefined && ` (into “${e.otherTitle}”)`}
              {e.value !== undefined && e.action !== 'notes-parent-changed' && ` ${e.value}`}
              <span className="subtle">
                {' '}
                — {new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')} UTC
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
