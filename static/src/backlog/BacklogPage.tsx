/**
 * The space's backlog page: the first-run set-up until the community is set up, the "Community
 * settings" button, the next session banner with the person's answer, then the ranked topics as
 * cards (one per topic: title, score and its source, lead, planned date, status, notes link) with
 * filters and a page of topics at a time ("Show more"). Each card has one primary action ("I'll
 * lead this" for members, "Plan" or "Start a session" for the rotation) and the rest in a "More
 * actions" menu: move, plan for another date, unplan, mark discussed, withdraw, and for curators
 * archive, restore, unmerge. Then add, merge, CSV export and the community's recent changes. Order,
 * scores, roles and rules come from the backend: controls a role does not allow are not shown, and
 * the page says who may plan. Roles are read again when the person comes back to the tab.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  BACKLOG_RESOLVERS,
  type BacklogChange,
  type BacklogCsv,
  type BacklogView,
  type RankCursor,
} from '../../../src/contract/backlog';
import type { HistoryEntry } from '../../../src/domain/community';
import { backlogChannel } from '../../../src/contract/channels';
import { NOTES_RESOLVERS } from '../../../src/contract/notes';
import type { StartSessionAnswer } from '../../../src/contract/deep-dive-start';
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
import { PrepareTopic, StartResult } from './deep-dive';
import { NextSession, nextFreeDate, useRhythm } from './NextSession';
import { FirstRun, Settings, useSettings } from './Settings';
import { describeSources, formatScore, STATUS_LABELS, useRefetchOnReturn } from './shared';

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
  useRefetchOnReturn(live.reload);
  const settings = useSettings();
  const rhythm = useRhythm();
  const reloadRhythm = rhythm.reload;
  const first = live.data;
  // A plan, an unplan or a new lead changes the sessions' topics: the banner follows the backlog.
  const version = first?.version;
  useEffect(() => {
    if (version !== undefined) void reloadRhythm();
  }, [version, reloadRhythm]);
  const freeDate = nextFreeDate(rhythm.data);
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
      <FirstRun state={settings} onSaved={() => void reloadRhythm()} />
      <Settings state={settings} onSaved={() => void reloadRhythm()} />
      {/* Before the set-up the calendar is the placeholder one: the set-up form comes first. */}
      {settings.live.data?.configured === true && <NextSession rhythm={rhythm} />}
      <ErrorNote error={live.error} />
      {b === null ? (
        live.error ? null : (
          <Loading label="Loading the backlog…" />
        )
      ) : (
        <>
          {!b.canFacilitate && (
            <p className="subtle" data-testid="why-no-plan">
              Planning, ordering and starting sessions are for the facilitator rotation, the
              curators and the space admins. To plan topics, take a turn facilitating under
              Community settings; this page notices the change when you come back to it.
            </p>
          )}
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
            <ol
              className="topic-cards"
              data-testid="backlog-cards"
              aria-label="Backlog topics in rank order"
            >
              {visible.map((t) => (
                <TopicCard
                  key={t.id}
                  topic={t}
                  all={b.topics}
                  view={b}
                  me={context.accountId}
                  actions={actions}
                  freeDate={freeDate}
                />
              ))}
            </ol>
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
        </>
      )}
    </section>
  );
}

/** One item of a card's "More actions" menu. */
interface MenuItem {
  readonly key: string;
  readonly label: string;
  readonly onPick: () => void;
  readonly disabled?: boolean;
}

/**
 * A disclosure menu: a button (aria-expanded) that shows a list of actions; Escape or a pick
 * closes it and puts the focus back on the button; the list is plain buttons, in tab order.
 */
function MoreActions({
  label,
  items,
}: {
  readonly label: string;
  readonly items: readonly MenuItem[];
}): JSX.Element | null {
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  if (items.length === 0) return null;
  const close = (): void => {
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <div
      className="more-actions"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="disclosure-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
      >
        More actions <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <ul id={id} className="more-actions-list" hidden={!open}>
        {items.map((item, i) => (
          <li key={item.key}>
            <button
              ref={i === 0 ? first : undefined}
              type="button"
              disabled={item.disabled}
              onClick={() => {
                close();
                item.onPick();
              }}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TopicCard(props: {
  readonly topic: Topic;
  readonly all: readonly Topic[];
  readonly view: BacklogView;
  readonly me: string | null;
  readonly actions: Actions;
  /** The next session date with no topic planned (the plan form's default). */
  readonly freeDate: string | undefined;
}): JSX.Element {
  const { topic: t, all, view, actions } = props;
  const [planning, setPlanning] = useState(false);
  const [date, setDate] = useState(t.plannedDate ?? '');
  const [asking, setAsking] = useState(false);
  const [started, setStarted] = useState<StartSessionAnswer | null>(null);
  const [preparing, setPreparing] = useState(false);
  const index = all.findIndex((x) => x.id === t.id);
  const open = t.status === 'proposed' || t.status === 'planned';
  const key = (action: string): string => `${action}:${t.id}`;
  const change = (action: string, name: string, payload: Record<string, unknown> = {}): void => {
    void actions.run(key(action), () => call<BacklogChange>(name, { topicId: t.id, ...payload }));
  };
  const busy = (action: string): boolean => actions.busy === key(action);
  const cardErrors = Object.entries(actions.errors).filter(([k]) => k.endsWith(`:${t.id}`));
  const notes = t.notesPage ?? null;
  const mayLead = open && t.lead === undefined;
  const isLead = open && t.lead !== undefined && t.lead === props.me;
  const facilitate = view.canFacilitate && t.status !== 'archived';
  const startPlanning = (): void => {
    setDate(t.plannedDate ?? props.freeDate ?? '');
    setPlanning(true);
  };
  const startSession = (): void =>
    void actions
      .run(key('session'), () =>
        call<StartSessionAnswer>(NOTES_RESOLVERS.startSession, { topicId: t.id }),
      )
      .then((r) => {
        if (r.ok) setStarted(r.data);
      });

  // The one primary action of the card: what this person most likely came to do with it.
  let primary: JSX.Element | null = null;
  let primaryKey: 'session' | 'plan' | 'lead' | 'withdraw' | 'archived' | null = null;
  const lead = (
    <Action isBusy={busy('lead')} onClick={() => change('lead', BACKLOG_RESOLVERS.volunteer)}>
      I’ll lead this
    </Action>
  );
  if (facilitate && t.status === 'planned') {
    primaryKey = 'session';
    primary = (
      <Action appearance="primary" isBusy={busy('session')} onClick={startSession}>
        Start a session
      </Action>
    );
  } else if (facilitate && t.status === 'proposed') {
    primaryKey = 'plan';
    primary = (
      <Action appearance="primary" isBusy={busy('plan')} onClick={startPlanning}>
        Plan
      </Action>
    );
  } else if (mayLead) {
    primaryKey = 'lead';
    primary = lead;
  } else if (isLead) {
    primaryKey = 'withdraw';
    primary = (
      <Action
        appearance="subtle"
        isBusy={busy('lead')}
        onClick={() => change('lead', BACKLOG_RESOLVERS.withdraw)}
      >
        Withdraw as lead
      </Action>
    );
  } else if (view.canCurate && t.status === 'archived') {
    primaryKey = 'archived';
    primary =
      t.mergedInto === undefined ? (
        <Action
          isBusy={busy('restore')}
          onClick={() => change('restore', BACKLOG_RESOLVERS.restore)}
        >
          Restore
        </Action>
      ) : (
        <Action
          isBusy={busy('unmerge')}
          onClick={() => change('unmerge', BACKLOG_RESOLVERS.unmerge)}
        >
          Unmerge
        </Action>
      );
  }
  const items: MenuItem[] = [];
  if (mayLead && primaryKey !== 'lead') {
    items.push({
      key: 'lead',
      label: 'I’ll lead this',
      onPick: () => change('lead', BACKLOG_RESOLVERS.volunteer),
    });
  }
  if (isLead && primaryKey !== 'withdraw') {
    items.push({
      key: 'withdraw',
      label: 'Withdraw as lead',
      onPick: () => change('lead', BACKLOG_RESOLVERS.withdraw),
    });
  }
  if (facilitate) {
    items.push(
      {
        key: 'up',
        label: `Move up`,
        disabled: index <= 0,
        onPick: () =>
          change('move', BACKLOG_RESOLVERS.move, { afterId: all[index - 2]?.id ?? null }),
      },
      {
        key: 'down',
        label: `Move down`,
        disabled: index >= all.length - 1,
        onPick: () =>
          change('move', BACKLOG_RESOLVERS.move, { afterId: all[index + 1]?.id ?? null }),
      },
    );
    if (t.status === 'planned') {
      items.push(
        { key: 'replan', label: 'Plan for another date', onPick: startPlanning },
        {
          key: 'unplan',
          label: 'Unplan',
          onPick: () => change('unplan', BACKLOG_RESOLVERS.unplan),
        },
      );
    }
    if (open) {
      items.push({
        key: 'discussed',
        label: 'Mark discussed',
        onPick: () => change('discussed', BACKLOG_RESOLVERS.markDiscussed),
      });
    }
  }
  // The lead (or a curator) prepares the deep dive: an outline and breakout questions.
  if (open && (isLead || view.canCurate)) {
    items.push({ key: 'prepare', label: 'Prepare the session…', onPick: () => setPreparing(true) });
  }
  if (view.canCurate && t.status !== 'archived') {
    items.push({ key: 'archive', label: 'Archive…', onPick: () => setAsking(true) });
  }
  return (
    <li className="topic-card" data-testid={`topic-${t.id}`} aria-label={t.title}>
      <div className="topic-card-head">
        <span className="topic-rank" aria-label={`Rank ${index + 1}`}>
          #{index + 1}
        </span>
        <strong className="topic-title">{t.title}</strong>
        <span className="badge">{STATUS_LABELS[t.status]}</span>
        {t.id === view.nextTopicId && <span className="badge">Next session</span>}
      </div>
      {t.details !== '' && <p className="subtle topic-details">{t.details}</p>}
      <dl className="topic-facts">
        <div>
          <dt>Score</dt>
          <dd>
            {formatScore(t.score)} <span className="subtle">({describeSources(t)})</span>
          </dd>
        </div>
        <div>
          <dt>Lead</dt>
          <dd>{t.lead === undefined ? 'nobody yet' : nameOf(view.names, t.lead)}</dd>
        </div>
        {t.plannedDate !== undefined && (
          <div>
            <dt>Planned</dt>
            <dd>{t.plannedDate}</dd>
          </div>
        )}
        {t.statusBy !== undefined && t.statusAt !== undefined && (
          <div>
            <dt>Last change</dt>
            <dd>
              {STATUS_LABELS[t.status]} by {nameOf(view.names, t.statusBy)},{' '}
              {new Date(t.statusAt).toISOString().slice(0, 10)}
            </dd>
          </div>
        )}
        {notes !== null && (
          <div>
            <dt>Notes</dt>
            <dd>
              <PageLink url={notes.url}>
                <span aria-label={`Notes of “${t.title}”`}>Read the notes</span>
              </PageLink>
            </dd>
          </div>
        )}
      </dl>
      <div className="row topic-actions">
        {primary}
        <MoreActions label={`More actions for “${t.title}”`} items={items} />
      </div>
      {planning && facilitate && open && (
        <form
          className="row plan-form"
          onSubmit={(e) => {
            e.preventDefault();
            setPlanning(false);
            change('plan', BACKLOG_RESOLVERS.plan, { date });
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setPlanning(false);
          }}
        >
          <div className="field">
            <label htmlFor={`plan-${t.id}`}>Session date</label>
            <input
              id={`plan-${t.id}`}
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
            {props.freeDate !== undefined && date === props.freeDate && (
              <span className="subtle">The next session with no topic planned yet.</span>
            )}
          </div>
          <Action appearance="primary" type="submit" isDisabled={date === ''} isBusy={busy('plan')}>
            Plan for this date
          </Action>
          <Action appearance="subtle" onClick={() => setPlanning(false)}>
            Cancel
          </Action>
        </form>
      )}
      {started !== null && <StartResult answer={started} />}
      {preparing && open && (
        <PrepareTopic topicId={t.id} title={t.title} onDone={() => setPreparing(false)} />
      )}
      {asking && (
        <div
          className="confirm"
          role="group"
          aria-label={`Archive “${t.title}”?`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setAsking(false);
          }}
        >
          <span>Archive “{t.title}”? A curator can restore it from the archive.</span>
          <div className="row">
            <Action
              appearance="warning"
              isBusy={busy('archive')}
              onClick={() => {
                setAsking(false);
                change('archive', BACKLOG_RESOLVERS.archive);
              }}
            >
              Yes, archive
            </Action>
            <Action appearance="subtle" onClick={() => setAsking(false)}>
              Cancel
            </Action>
          </div>
        </div>
      )}
      {cardErrors.map(([k, e]) => (
        <ErrorNote key={k} error={e} />
      ))}
    </li>
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
