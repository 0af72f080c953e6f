/**
 * A topic in "To discuss": title, details, minutes, dots (mine always; totals once shown), a
 * "won't fit" mark, my dot controls while voting, delete for its author or the facilitator,
 * reordering and "discuss this now" for the facilitator.
 */
import { useState } from 'react';
import { LEAN_COFFEE_RESOLVERS as R, type Changed } from '../../../src/contract/lean-coffee';
import type { Board } from '../../../src/domain/lean-coffee';
import { call } from '../bridge';
import { Action, countOf, ErrorNote, NumberField, TextField } from '../components/ui';
import type { BoardProps } from './LeanCoffee';

type Card = Board['toDiscuss'][number];

export function TopicCard({
  card,
  index,
  view: v,
  actions,
}: BoardProps & { readonly card: Card; readonly index: number }): JSX.Element {
  const t = card.topic;
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(t.title);
  const [minutes, setMinutes] = useState(t.minutes);
  const key = (a: string): string => `${a}:${t.id}`;
  const mine = v.dots.allocation[t.id] ?? 0;
  const allocate = (delta: number): void => {
    const next: Record<string, number> = { ...v.dots.allocation, [t.id]: mine + delta };
    if ((next[t.id] ?? 0) <= 0) delete next[t.id];
    void actions.run(key('dots'), () => call<Changed>(R.allocateDots, { allocation: next }));
  };
  const order = v.board.toDiscuss.map((c) => c.topic.id);
  const move = (to: number): void => {
    const next = order.filter((id) => id !== t.id);
    next.splice(to, 0, t.id);
    void actions.run(key('order'), () =>
      call<Changed>(R.reorderTopics, { order: next, version: v.version }),
    );
  };
  const canEdit = v.isFacilitator || t.author === v.viewer;
  const errors = Object.entries(actions.errors).filter(([k]) => k.endsWith(`:${t.id}`));
  return (
    <li data-testid={`topic-${t.id}`}>
      <div className="row">
        <strong>{t.title}</strong>
        <span className="badge">{t.minutes} min</span>
        {card.votes !== null && <span className="badge">{countOf(card.votes, 'dot')}</span>}
        {card.wontFit && <span className="badge">won’t fit in the time left</span>}
      </div>
      {t.details !== '' && <p className="subtle">{t.details}</p>}
      {v.phase === 'voting' && (
        <div className="row" role="group" aria-label={`Your dots on “${t.title}”`}>
          <Action
            appearance="subtle"
            isDisabled={mine === 0}
            isBusy={actions.busy === key('dots')}
            onClick={() => allocate(-1)}
          >
            <span aria-label={`Remove a dot from “${t.title}”`}>−</span>
          </Action>
          <span data-testid="my-dots">{countOf(mine, 'dot')} from you</span>
          <Action
            appearance="subtle"
            isDisabled={v.dots.left === 0 || mine >= v.settings.maxDotsPerTopic}
            isBusy={actions.busy === key('dots')}
            onClick={() => allocate(1)}
          >
            <span aria-label={`Add a dot to “${t.title}”`}>+</span>
          </Action>
        </div>
      )}
      {editing && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void actions
              .run(key('edit'), () => call<Changed>(R.editTopic, { topicId: t.id, title, minutes }))
              .then((r) => r.ok && setEditing(false));
          }}
        >
          <TextField
            label={`New title for “${t.title}”`}
            value={title}
            onChange={setTitle}
            maxLength={120}
          />
          <NumberField
            label="Minutes wanted"
            value={minutes}
            onChange={setMinutes}
            min={1}
            max={30}
          />
          <div className="row">
            <Action appearance="primary" type="submit" isBusy={actions.busy === key('edit')}>
              Save
            </Action>
            <Action appearance="subtle" onClick={() => setEditing(false)}>
              Cancel
            </Action>
          </div>
        </form>
      )}
      <div className="row">
        {canEdit && v.phase === 'proposing' && !editing && (
          <Action appearance="subtle" onClick={() => setEditing(true)}>
            <span aria-label={`Edit “${t.title}”`}>Edit</span>
          </Action>
        )}
        {canEdit && v.phase === 'proposing' && (
          <Action
            appearance="subtle"
            isBusy={actions.busy === key('delete')}
            onClick={() =>
              void actions.run(key('delete'), () => call<Changed>(R.deleteTopic, { topicId: t.id }))
            }
          >
            <span aria-label={`Delete “${t.title}”`}>Delete</span>
          </Action>
        )}
        {v.isFacilitator && v.phase === 'discussing' && (
          <>
            <Action appearance="subtle" isDisabled={index === 0} onClick={() => move(index - 1)}>
              <span aria-label={`Move “${t.title}” up`}>Up</span>
            </Action>
            <Action
              appearance="subtle"
              isDisabled={index === order.length - 1}
              onClick={() => move(index + 1)}
            >
              <span aria-label={`Move “${t.title}” down`}>Down</span>
            </Action>
            {v.board.discussing === null && (
              <Action
                isBusy={actions.busy === key('start')}
                onClick={() =>
                  void actions.run(key('start'), () =>
                    call<Changed>(R.startTopic, { topicId: t.id, version: v.version }),
                  )
                }
              >
                <span aria-label={`Discuss “${t.title}” now`}>Discuss now</span>
              </Action>
            )}
          </>
        )}
      </div>
      {errors.map(([k, e]) => (
        <ErrorNote key={k} error={e} />
      ))}
    </li>
  );
}
