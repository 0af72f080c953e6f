/**
 * The backlog macro of the home page: the next session banner (when, topic, lead, facilitator, and
 * the person's own answer: coming / not this time), the top topics of the space (a discussed
 * topic links its notes page) and a way to the full backlog page.
 */
import { router } from '@forge/bridge';
import { useCallback } from 'react';
import { BACKLOG_RESOLVERS, type BacklogView } from '../../../src/contract/backlog';
import { backlogChannel } from '../../../src/contract/channels';
import { call } from '../bridge';
import { Action, ErrorNote, Loading, nameOf, PageLink } from '../components/ui';
import { BACKLOG_SUBSCRIPTION, useLive } from '../live';
import type { ViewProps } from '../modules';
import { NextSession, useRhythm } from './NextSession';
import { describeSources, formatScore, STATUS_LABELS, useRefetchOnReturn } from './shared';

export const TOP_N = 5;

export default function BacklogMacro({ context }: ViewProps): JSX.Element {
  const load = useCallback(() => call<BacklogView>(BACKLOG_RESOLVERS.list, { top: TOP_N }), []);
  const live = useLive(
    load,
    context.spaceKey === null ? null : backlogChannel(context.spaceKey),
    true,
    BACKLOG_SUBSCRIPTION,
  );
  useRefetchOnReturn(live.reload);
  const rhythm = useRhythm();
  const b = live.data;
  return (
    <section aria-labelledby="bm-title" className="stack">
      <NextSession rhythm={rhythm} />
      <h2 id="bm-title">Topic backlog — top {TOP_N}</h2>
      <ErrorNote error={live.error} />
      {b === null ? (
        live.error ? null : (
          <Loading label="Loading the backlog…" />
        )
      ) : b.topics.length === 0 ? (
        <p className="subtle">No topics yet. Play Thirty Five or Lean Coffee, or add one.</p>
      ) : (
        <ol className="ranking" data-testid="top-topics">
          {b.topics.map((t, i) => (
            <li key={t.id}>
              <div className="row">
                <strong>#{i + 1}</strong>
                <span>{t.title}</span>
                <span className="badge">{STATUS_LABELS[t.status]}</span>
              </div>
              <p className="subtle">
                Score {formatScore(t.score)} · {describeSources(t)}
                {t.lead !== undefined && ` · led by ${nameOf(b.names, t.lead)}`}
                {t.plannedDate !== undefined && ` · ${t.plannedDate}`}
              </p>
              {t.notesPage !== undefined && (
                <p>
                  <PageLink url={t.notesPage.url}>
                    <span aria-label={`Notes of “${t.title}”`}>Read the notes</span>
                  </PageLink>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <Action
        appearance="subtle"
        onClick={() =>
          void router
            .navigate({
              target: 'module',
              moduleKey: 'topic-backlog-page',
              ...(context.spaceKey === null ? {} : { spaceKey: context.spaceKey }),
            })
            .catch(() => undefined)
        }
      >
        Open the full backlog
      </Action>
    </section>
  );
}
