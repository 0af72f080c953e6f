/**
 * Community settings of the space: CoP name, cadence (and the next date it gives), facilitator
 * rotation (who is next, pass the turn, join or leave it; facilitators also remove and reorder
 * people), notes parent page and game defaults. Editable by facilitators; everyone else reads them
 * and may volunteer for the rotation.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  SETTINGS_RESOLVERS,
  type CommunitySettings,
  type SettingsView,
  type UpdateSettingsPayload,
} from '../../../src/contract/settings';
import { call } from '../bridge';
import { Action, ErrorNote, Loading, nameOf, NumberField, TextField } from '../components/ui';
import { useActions, useLive, type Actions } from '../live';

type Draft = Pick<CommunitySettings, 'copName' | 'cadence' | 'defaults'> & {
  readonly notesParentPageId: string;
};

const draftOf = (s: CommunitySettings): Draft => ({
  copName: s.copName,
  cadence: s.cadence,
  defaults: s.defaults,
  notesParentPageId: s.notesParentPageId ?? '',
});

export function Settings(): JSX.Element {
  const load = useCallback(() => call<SettingsView>(SETTINGS_RESOLVERS.get), []);
  const live = useLive(load, null, false);
  const actions = useActions(live.reload);
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
  const setDefault = (k: keyof Draft['defaults'], v: number): void =>
    set({ defaults: { ...draft.defaults, [k]: v } });
  const save = (): void => {
    const payload: UpdateSettingsPayload = {
      copName: draft.copName,
      cadence: draft.cadence,
      defaults: draft.defaults,
      notesParentPageId:
        draft.notesParentPageId.trim() === '' ? null : draft.notesParentPageId.trim(),
    };
    void actions.run('save', () => call<SettingsView>(SETTINGS_RESOLVERS.update, { ...payload }));
  };
  const rotation = s.settings.rotation.facilitators;
  return (
    <details className="panel" data-testid="settings">
      <summary>
        <strong>Community settings</strong> — {s.settings.copName}
        {s.nextSessionDate !== undefined && `, next session ${s.nextSessionDate}`}
        {s.nextFacilitator !== undefined &&
          `, facilitated by ${nameOf(s.names, s.nextFacilitator)}`}
      </summary>
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
        <div className="row">
          <div className="field">
            <label htmlFor="set-cadence">Sessions a month</label>
            <select
              id="set-cadence"
              value={draft.cadence.sessionsPerMonth}
              onChange={(e) =>
                set({
                  cadence: {
                    ...draft.cadence,
                    sessionsPerMonth: Number(e.target.value) as 1 | 2 | 3 | 4,
                  },
                })
              }
            >
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="set-anchor">A session date of the series</label>
            <input
              id="set-anchor"
              type="date"
              value={draft.cadence.anchorDate}
              onChange={(e) => set({ cadence: { ...draft.cadence, anchorDate: e.target.value } })}
            />
          </div>
        </div>
        <TextField
          label="Notes parent page id (empty: a “Session notes” page)"
          value={draft.notesParentPageId}
          onChange={(notesParentPageId) => set({ notesParentPageId })}
        />
        <div className="row">
          <NumberField
            label="Thirty Five rounds"
            value={draft.defaults.rounds}
            onChange={(v) => setDefault('rounds', v)}
            min={1}
            max={10}
          />
          <NumberField
            label="Points per pair"
            value={draft.defaults.pointsPerPair}
            onChange={(v) => setDefault('pointsPerPair', v)}
            min={2}
            max={20}
          />
          <NumberField
            label="Lean Coffee dots"
            value={draft.defaults.dots}
            onChange={(v) => setDefault('dots', v)}
            min={1}
            max={10}
          />
          <NumberField
            label="Topic timebox (min)"
            value={draft.defaults.timeboxMinutes}
            onChange={(v) => setDefault('timeboxMinutes', v)}
            min={1}
            max={30}
          />
          <NumberField
            label="Meeting (min)"
            value={draft.defaults.meetingMinutes}
            onChange={(v) => setDefault('meetingMinutes', v)}
            min={10}
            max={240}
          />
        </div>
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
    </details>
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
