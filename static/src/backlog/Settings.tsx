/**
 * Community settings of the space: CoP name, calendar (cadence, weekday, time, time zone, first
 * date), facilitator rotation (who is next, pass the turn, join or leave it; curators also remove
 * and reorder people), notes parent page (found by its title) and game defaults. A "Community
 * settings" button near the top of the backlog page opens them. Editable by curators and space
 * admins; everyone else reads them (the fields look disabled and say why) and may volunteer for
 * the rotation. Until the community is set up, `FirstRun` asks whoever may govern for the name
 * and the rhythm, and tells everyone else whom to ask.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import {
  SETTINGS_RESOLVERS,
  type CommunitySettings,
  type FindPageView,
  type FoundPage,
  type SettingsView,
  type UpdateSettingsPayload,
} from '../../../src/contract/settings';
import type { Cadence, GameDefaults, WeekOfMonth, Weekday } from '../../../src/domain/community';
import { call } from '../bridge';
import { Action, ErrorNote, Loading, nameOf, NumberField, TextField } from '../components/ui';
import { useActions, useLive, type Actions, type Live } from '../live';
import { useRefetchOnReturn } from './shared';

/** The settings view and the commands on it, shared by the first-run set-up and the settings. */
export interface SettingsState {
  readonly live: Live<SettingsView>;
  readonly actions: Actions;
}

/** Reads the settings once, again after every command, and when the person comes back to the tab. */
export function useSettings(): SettingsState {
  const load = useCallback(() => call<SettingsView>(SETTINGS_RESOLVERS.get), []);
  const live = useLive(load, null, false);
  const actions = useActions(live.reload);
  useRefetchOnReturn(live.reload);
  return { live, actions };
}

const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

const WEEKS: readonly { readonly value: WeekOfMonth; readonly label: string }[] = [
  { value: 1, label: 'First' },
  { value: 2, label: 'Second' },
  { value: 3, label: 'Third' },
  { value: 4, label: 'Fourth' },
  { value: 'last', label: 'Last' },
];

/** The browser's time zone (the default for a new calendar), or UTC when it does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The zones the browser knows, for the time zone list (the current one always among them). */
function timeZones(current: string): readonly string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const known = intl.supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([current, 'UTC', ...known])].sort();
}

/** A local `YYYY-MM-DD` of today in the browser. */
const todayLocal = (): string => {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/**
 * The calendar a set-up starts from: twice a month on today's weekday (Wednesday at a weekend),
 * at 12:00 for an hour in the browser's zone, from today (not an arbitrary day; issue 15).
 */
export function suggestedCalendar(): Cadence {
  const today = todayLocal();
  const day = new Date(`${today}T12:00:00Z`).getUTCDay();
  const weekday = (day === 0 ? 7 : day) as Weekday;
  return {
    sessionsPerMonth: 2,
    anchorDate: today,
    weekday: weekday <= 5 ? weekday : 3,
    startTime: '12:00',
    durationMinutes: 60,
    timeZone: browserTimeZone(),
  };
}

/** The calendar fields of a cadence (issue 14): how often, which weekday, when, in which zone. */
export function CalendarFields({
  cadence,
  onChange,
}: {
  readonly cadence: Cadence;
  readonly onChange: (cadence: Cadence) => void;
}): JSX.Element {
  const id = useId();
  const set = (patch: Partial<Cadence>): void => onChange({ ...cadence, ...patch });
  const zone = cadence.timeZone ?? 'UTC';
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={`${id}-cadence`}>Sessions a month</label>
        <select
          id={`${id}-cadence`}
          value={cadence.sessionsPerMonth}
          onChange={(e) => set({ sessionsPerMonth: Number(e.target.value) as 1 | 2 | 3 | 4 })}
        >
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {cadence.sessionsPerMonth === 1 && (
        <div className="field">
          <label htmlFor={`${id}-week`}>Week of the month</label>
          <select
            id={`${id}-week`}
            value={String(cadence.weekOfMonth ?? 1)}
            onChange={(e) =>
              set({
                weekOfMonth:
                  e.target.value === 'last' ? 'last' : (Number(e.target.value) as 1 | 2 | 3 | 4),
              })
            }
          >
            {WEEKS.map((w) => (
              <option key={w.value} value={String(w.value)}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-weekday`}>Weekday</label>
        <select
          id={`${id}-weekday`}
          value={cadence.weekday ?? ''}
          onChange={(e) => set({ weekday: Number(e.target.value) as Weekday })}
        >
          {cadence.weekday === undefined && <option value="">Choose…</option>}
          {([1, 2, 3, 4, 5, 6, 7] as const).map((d) => (
            <option key={d} value={d}>
              {WEEKDAY_NAMES[d]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-time`}>Time</label>
        <input
          id={`${id}-time`}
          type="time"
          value={cadence.startTime ?? '12:00'}
          onChange={(e) => set({ startTime: e.target.value })}
        />
      </div>
      <NumberField
        label="Minutes"
        value={cadence.durationMinutes ?? 60}
        onChange={(durationMinutes) => set({ durationMinutes })}
        min={15}
        max={480}
      />
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <select id={`${id}-zone`} value={zone} onChange={(e) => set({ timeZone: e.target.value })}>
          {timeZones(zone).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-anchor`}>First session on or after</label>
        <input
          id={`${id}-anchor`}
          type="date"
          value={cadence.anchorDate}
          onChange={(e) => set({ anchorDate: e.target.value })}
        />
      </div>
    </div>
  );
}

/**
 * The notes parent picker: type a page's title, find it in this space (as you, so only pages you
 * can see), use it; or keep the "Session notes" page the app creates.
 */
export function NotesParentPicker({
  value,
  onChange,
  disabled = false,
}: {
  /** The chosen page (`null`: the app's "Session notes" page); a bare id when only that is known. */
  readonly value: FoundPage | { readonly pageId: string } | null;
  readonly onChange: (page: FoundPage | null) => void;
  readonly disabled?: boolean;
}): JSX.Element {
  const [title, setTitle] = useState('');
  const [found, setFound] = useState<FindPageView | null>(null);
  const actions = useActions(() => Promise.resolve());
  const search = (): void => {
    void actions
      .run('find', () => call<FindPageView>(SETTINGS_RESOLVERS.findPage, { title }))
      .then((r) => setFound(r.ok ? r.data : null));
  };
  const chosen =
    value === null
      ? 'the “Session notes” page CoP Kit creates'
      : 'title' in value
        ? `“${value.title}”`
        : `page ${value.pageId}`;
  return (
    <div className="stack" data-testid="notes-parent">
      <span className="label">Notes pages go under</span>
      <p>
        {chosen}
        {value !== null && !disabled && (
          <>
            {' '}
            <Action appearance="subtle" onClick={() => onChange(null)}>
              Use the “Session notes” page
            </Action>
          </>
        )}
      </p>
      <div className="row">
        <TextField
          label="Find a page of this space by its title"
          value={title}
          onChange={setTitle}
        />
        <Action
          isDisabled={disabled || title.trim() === ''}
          isBusy={actions.busy === 'find'}
          onClick={search}
        >
          Find the page
        </Action>
      </div>
      <ErrorNote error={actions.errors.find} />
      {found !== null &&
        (found.pages.length === 0 ? (
          <p className="subtle" role="status">
            No page titled “{title.trim()}” that you can see in this space.
          </p>
        ) : (
          <ul className="plain" aria-label="Pages found">
            {found.pages.map((p) => (
              <li key={p.pageId} className="row">
                <span>{p.title}</span>
                <Action
                  isDisabled={disabled}
                  onClick={() => {
                    onChange(p);
                    setFound(null);
                  }}
                >
                  <span aria-label={`Put the notes under “${p.title}”`}>Use this page</span>
                </Action>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

/** Who may set the community up, for those who may not: its curators, or the space admins. */
function governors(s: SettingsView): string {
  const curators = (s.settings.curators ?? []).map((a) => nameOf(s.names, a));
  return curators.length === 0 ? 'a space admin' : `${curators.join(', ')} or a space admin`;
}

/**
 * The first-run set-up (issue 15 pt 2), shown until the community is set up: whoever may govern
 * names the community and puts it on the calendar (and may pick the notes parent by title); the
 * first notes page then carries that name. Everyone else reads whom to ask.
 */
export function FirstRun({
  state,
  onSaved,
}: {
  readonly state: SettingsState;
  readonly onSaved?: () => void;
}): JSX.Element | null {
  const { live, actions } = state;
  const s = live.data;
  const [name, setName] = useState('');
  const [cadence, setCadence] = useState<Cadence>(suggestedCalendar);
  const [parent, setParent] = useState<FoundPage | null>(null);
  if (s === null || s.configured) return null;
  if (!s.canEdit) {
    return (
      <p className="notice" data-testid="first-run">
        The community is not set up yet: ask {governors(s)} to name it and choose when it meets.
      </p>
    );
  }
  const save = (): void => {
    const payload: UpdateSettingsPayload = {
      copName: name,
      cadence,
      ...(parent === null ? {} : { notesParentPageId: parent.pageId }),
    };
    void actions
      .run('first-run', () => call<SettingsView>(SETTINGS_RESOLVERS.update, { ...payload }))
      .then((r) => {
        if (r.ok) onSaved?.();
      });
  };
  return (
    <form
      className="panel stack first-run"
      data-testid="first-run"
      aria-labelledby="first-run-title"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3 id="first-run-title">Set up your community</h3>
      <p className="subtle">
        Name the community and choose when it meets. The name starts every notes page; the calendar
        gives the session dates, the invitations and who facilitates when. You can change all of it
        later under Community settings.
      </p>
      <TextField
        label="Community name"
        value={name}
        onChange={setName}
        maxLength={80}
        placeholder="e.g. Scrum Master CoP"
      />
      <CalendarFields cadence={cadence} onChange={setCadence} />
      <NotesParentPicker value={parent} onChange={setParent} />
      <Action
        appearance="primary"
        type="submit"
        isDisabled={name.trim() === ''}
        isBusy={actions.busy === 'first-run'}
      >
        Set up the community
      </Action>
      <ErrorNote error={actions.errors['first-run']} />
    </form>
  );
}

/** Each game default's field, with the bounds the backend holds (`GameDefaults`). */
const GAME_DEFAULTS: readonly {
  readonly key: keyof GameDefaults;
  readonly label: string;
  readonly min: number;
  readonly max: number;
}[] = [
  { key: 'rounds', label: 'Thirty Five rounds', min: 1, max: 10 },
  { key: 'pointsPerPair', label: 'Points per pair', min: 2, max: 20 },
  { key: 'dots', label: 'Lean Coffee dots', min: 1, max: 10 },
  { key: 'timeboxMinutes', label: 'Topic timebox (min)', min: 1, max: 30 },
  { key: 'meetingMinutes', label: 'Meeting (min)', min: 10, max: 240 },
];

/** The game defaults a new macro starts with, one number field each. */
function GameDefaultsFields({
  value,
  onChange,
}: {
  readonly value: GameDefaults;
  readonly onChange: (value: GameDefaults) => void;
}): JSX.Element {
  return (
    <div className="row">
      {GAME_DEFAULTS.map((f) => (
        <NumberField
          key={f.key}
          label={f.label}
          value={value[f.key]}
          onChange={(v) => onChange({ ...value, [f.key]: v })}
          min={f.min}
          max={f.max}
        />
      ))}
    </div>
  );
}

type Draft = Pick<CommunitySettings, 'copName' | 'cadence' | 'defaults'> & {
  readonly notesParent: FoundPage | { readonly pageId: string } | null;
};

const draftOf = (s: CommunitySettings): Draft => ({
  copName: s.copName,
  cadence: s.cadence,
  defaults: s.defaults,
  notesParent: s.notesParentPageId === undefined ? null : { pageId: s.notesParentPageId },
});

export function Settings({
  state,
  onSaved,
}: {
  readonly state: SettingsState;
  readonly onSaved?: () => void;
}): JSX.Element {
  const { live, actions } = state;
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const s = live.data;
  useEffect(() => {
    if (s !== null) setDraft(draftOf(s.settings));
  }, [s]);
  if (s === null || draft === null) {
    return (
      <div className="panel">
        <h3>Community settings</h3>
        {live.error ? <ErrorNote error={live.error} /> : <Loading />}
      </div>
    );
  }
  const set = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch });
  const save = (): void => {
    const payload: UpdateSettingsPayload = {
      copName: draft.copName,
      cadence: draft.cadence,
      defaults: draft.defaults,
      notesParentPageId: draft.notesParent === null ? null : draft.notesParent.pageId,
    };
    void actions
      .run('save', () => call<SettingsView>(SETTINGS_RESOLVERS.update, { ...payload }))
      .then((r) => {
        if (r.ok) onSaved?.();
      });
  };
  const rotation = s.settings.rotation.facilitators;
  return (
    <section className="panel stack" data-testid="settings" aria-labelledby="settings-toggle">
      <div className="row">
        <button
          type="button"
          id="settings-toggle"
          className="disclosure-toggle"
          aria-expanded={open}
          aria-controls="settings-body"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> <span>Community settings</span>
        </button>
        <span className="subtle" data-testid="settings-summary">
          — {s.settings.copName}
          {s.nextSessionDate !== undefined && `, next session ${s.nextSessionDate}`}
          {s.nextFacilitator !== undefined &&
            `, facilitated by ${nameOf(s.names, s.nextFacilitator)}`}
        </span>
      </div>
      <div id="settings-body" hidden={!open} className="stack">
        <fieldset disabled={!s.canEdit}>
          <legend>
            {s.canEdit ? 'Edit the settings' : 'Only curators and space admins can change these'}
          </legend>
          <TextField
            label="Community name"
            value={draft.copName}
            onChange={(copName) => set({ copName })}
            maxLength={80}
          />
          <CalendarFields cadence={draft.cadence} onChange={(cadence) => set({ cadence })} />
          <NotesParentPicker
            value={draft.notesParent}
            onChange={(notesParent) => set({ notesParent })}
            disabled={!s.canEdit}
          />
          <GameDefaultsFields value={draft.defaults} onChange={(defaults) => set({ defaults })} />
          {s.canEdit && (
            <Action appearance="primary" isBusy={actions.busy === 'save'} onClick={save}>
              Save settings
            </Action>
          )}
          <ErrorNote error={actions.errors.save} />
        </fieldset>
        <div className="stack" data-testid="rotation">
          <span className="label" id="rotation-label">
            Facilitator rotation
          </span>
          {rotation.length === 0 ? (
            <p>Nobody in the rotation yet.</p>
          ) : (
            <ol aria-labelledby="rotation-label">
              {rotation.map((a, i) => {
                const name = nameOf(s.names, a);
                const editing = actions.busy === 'rotation';
                const edit = (kind: 'removeFacilitator' | 'moveFacilitator', by?: -1 | 1): void =>
                  void actions.run('rotation', () =>
                    call<SettingsView>(
                      SETTINGS_RESOLVERS[kind],
                      by === undefined ? { facilitator: a } : { facilitator: a, by },
                    ),
                  );
                return (
                  <li key={a}>
                    {i === s.settings.rotation.next ? <strong>{name} (next)</strong> : name}
                    {s.canEdit && (
                      <span className="row">
                        <Action
                          appearance="subtle"
                          isDisabled={i === 0}
                          isBusy={editing}
                          onClick={() => edit('moveFacilitator', -1)}
                        >
                          <span aria-label={`Move ${name} up`}>Up</span>
                        </Action>
                        <Action
                          appearance="subtle"
                          isDisabled={i === rotation.length - 1}
                          isBusy={editing}
                          onClick={() => edit('moveFacilitator', 1)}
                        >
                          <span aria-label={`Move ${name} down`}>Down</span>
                        </Action>
                        <Action
                          appearance="subtle"
                          isBusy={editing}
                          onClick={() => edit('removeFacilitator')}
                        >
                          <span aria-label={`Remove ${name} from the rotation`}>Remove</span>
                        </Action>
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          <ErrorNote error={actions.errors.rotation} />
          <div className="row">
            {s.inRotation ? (
              <Action
                isBusy={actions.busy === 'volunteer'}
                onClick={() =>
                  void actions.run('volunteer', () =>
                    call<SettingsView>(SETTINGS_RESOLVERS.leaveRotation),
                  )
                }
              >
                Leave the rotation
              </Action>
            ) : (
              <>
                <Action
                  appearance="primary"
                  isDisabled={!s.canJoin}
                  isBusy={actions.busy === 'volunteer'}
                  onClick={() =>
                    void actions.run('volunteer', () =>
                      call<SettingsView>(SETTINGS_RESOLVERS.joinRotation),
                    )
                  }
                >
                  I’ll take a turn facilitating
                </Action>
                {!s.canJoin && (
                  <span className="subtle">
                    Joining needs permission to create pages in this space.
                  </span>
                )}
              </>
            )}
            {s.role !== 'member' && rotation.length > 0 && (
              <Action
                isBusy={actions.busy === 'rotate'}
                onClick={() =>
                  void actions.run('rotate', () =>
                    call<SettingsView>(SETTINGS_RESOLVERS.advanceRotation),
                  )
                }
              >
                Pass the turn to the next facilitator
              </Action>
            )}
          </div>
          <ErrorNote error={actions.errors.volunteer} />
          <ErrorNote error={actions.errors.rotate} />
        </div>
        <Curators view={s} actions={actions} />
      </div>
    </section>
  );
}

/** The curators, and for space admins: remove one, or make someone in the rotation a curator. */
function Curators({
  view: s,
  actions,
}: {
  readonly view: SettingsView;
  readonly actions: Actions;
}): JSX.Element {
  const curators = s.settings.curators ?? [];
  const isAdmin = s.role === 'admin';
  const candidates = s.settings.rotation.facilitators.filter((a) => !curators.includes(a));
  const change = (kind: 'addCurator' | 'removeCurator', curator: string): void =>
    void actions.run('curators', () => call<SettingsView>(SETTINGS_RESOLVERS[kind], { curator }));
  return (
    <div className="stack" data-testid="curators">
      <span className="label" id="curators-label">
        Curators (archive, merge, restore; the name, notes parent and rotation)
      </span>
      {curators.length === 0 ? (
        <p>No curators yet: only the space admins curate.</p>
      ) : (
        <ul aria-labelledby="curators-label">
          {curators.map((a) => (
            <li key={a}>
              {nameOf(s.names, a)}
              {isAdmin && (
                <Action
                  appearance="subtle"
                  isBusy={actions.busy === 'curators'}
                  onClick={() => change('removeCurator', a)}
                >
                  <span aria-label={`Remove ${nameOf(s.names, a)} as curator`}>Remove</span>
                </Action>
              )}
            </li>
          ))}
        </ul>
      )}
      {isAdmin && candidates.length > 0 && (
        <div className="row">
          {candidates.map((a) => (
            <Action
              key={a}
              appearance="subtle"
              isBusy={actions.busy === 'curators'}
              onClick={() => change('addCurator', a)}
            >
              Make {nameOf(s.names, a)} a curator
            </Action>
          ))}
        </div>
      )}
      <ErrorNote error={actions.errors.curators} />
    </div>
  );
}
