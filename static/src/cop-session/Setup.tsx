/**
 * The facilitator's set-up: the topic (a backlog topic, the next planned one chosen already, or a
 * new title), its lead (the topic's volunteer, any member, or a guest speaker by name), the
 * agenda (steps kept or skipped, reordered, minutes changed), the check-in question (built-in or
 * typed) and the breakout groups (2–4 groups or a group size). Each part saves on its own.
 */
import { useState } from 'react';
import {
  COP_SESSION_RESOLVERS as R,
  type Changed,
  type CopSessionView,
} from '../../../src/contract/cop-session';
import {
  STEP_KINDS,
  STEP_LABELS,
  STEP_MINUTES,
  type AgendaStep,
  type StepKind,
} from '../../../src/domain/cop-session/agenda';
import { GROUP_COUNT, GROUP_SIZE } from '../../../src/domain/cop-session/grouping';
import { GUEST_NAME_MAX, PROMPT_MAX, TITLE_MAX } from '../../../src/domain/cop-session/setup';
import { call } from '../bridge';
import { Action, ErrorNote, nameOf, NumberField, TextField } from '../components/ui';
import type { Actions } from '../live';

interface Props {
  readonly v: CopSessionView;
  readonly actions: Actions;
}

export function Setup({ v, actions }: Props): JSX.Element {
  return (
    <section className="panel stack setup" aria-labelledby="cs-setup">
      <h3 id="cs-setup">Set up the session</h3>
      <TopicPicker v={v} actions={actions} />
      <LeadPicker v={v} actions={actions} />
      <PromptPicker v={v} actions={actions} />
      <AgendaEditor v={v} actions={actions} />
      <GroupPlanPicker v={v} actions={actions} />
      <div className="row">
        <Action
          appearance="primary"
          testId="start"
          isBusy={actions.busy === 'start'}
          isDisabled={v.view.topic === null}
          onClick={() =>
            void actions.run('start', () => call<Changed>(R.start, { version: v.version }))
          }
        >
          Start the session
        </Action>
        {v.view.topic === null && <span className="subtle">Choose a topic first.</span>}
      </div>
      <ErrorNote error={actions.errors.start} />
    </section>
  );
}

const NEW_TITLE = '__new__';

function TopicPicker({ v, actions }: Props): JSX.Element {
  const choices = v.setup?.topics ?? [];
  const [choice, setChoice] = useState(v.backlogTopicId ?? (v.view.topic ? NEW_TITLE : ''));
  const [title, setTitle] = useState(v.backlogTopicId === null ? (v.view.topic?.title ?? '') : '');
  const save = () => {
    const picked = choices.find((t) => t.id === choice);
    const topic =
      picked === undefined
        ? { backlogTopicId: null, title }
        : { backlogTopicId: picked.id, title: picked.title, details: picked.details };
    void actions.run('topic', () => call<Changed>(R.setTopic, { topic, version: v.version }));
  };
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="field">
        <label htmlFor="cs-topic">Topic</label>
        <select id="cs-topic" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">Choose…</option>
          {choices.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
              {t.status === 'planned' && t.plannedDate !== null
                ? ` (planned ${t.plannedDate})`
                : ''}
            </option>
          ))}
          <option value={NEW_TITLE}>A new title…</option>
        </select>
      </div>
      {choice === NEW_TITLE && (
        <TextField label="New title" value={title} onChange={setTitle} maxLength={TITLE_MAX} />
      )}
      <Action type="submit" isBusy={actions.busy === 'topic'} isDisabled={choice === ''}>
        Use this topic
      </Action>
      <ErrorNote error={actions.errors.topic} />
    </form>
  );
}

function LeadPicker({ v, actions }: Props): JSX.Element {
  const lead = v.view.lead;
  const volunteer = v.setup?.topics.find((t) => t.id === v.backlogTopicId)?.lead ?? null;
  const members = v.setup?.members ?? [];
  const [kind, setKind] = useState<'member' | 'guest' | 'none'>(lead.kind);
  const [member, setMember] = useState(lead.kind === 'member' ? lead.accountId : (volunteer ?? ''));
  const [guest, setGuest] = useState(lead.kind === 'guest' ? lead.name : '');
  const payload =
    kind === 'member'
      ? { kind, accountId: member }
      : kind === 'guest'
        ? { kind, name: guest }
        : { kind };
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.run('lead', () =>
          call<Changed>(R.setLead, { lead: payload, version: v.version }),
        );
      }}
    >
      <fieldset className="stack">
        <legend>Lead</legend>
        <label>
          <input
            type="radio"
            name="cs-lead"
            checked={kind === 'member'}
            onChange={() => setKind('member')}
          />{' '}
          A member{volunteer !== null && ` (the volunteer: ${nameOf(v.names, volunteer)})`}
        </label>
        {kind === 'member' && (
          <div className="field">
            <label htmlFor="cs-lead-member">Member</label>
            <select id="cs-lead-member" value={member} onChange={(e) => setMember(e.target.value)}>
              <option value="">Choose…</option>
              {members.map((id) => (
                <option key={id} value={id}>
                  {nameOf(v.names, id)}
                </option>
              ))}
            </select>
          </div>
        )}
        <label>
          <input
            type="radio"
            name="cs-lead"
            checked={kind === 'guest'}
            onChange={() => setKind('guest')}
          />{' '}
          A guest speaker
        </label>
        {kind === 'guest' && (
          <TextField
            label="Guest speaker's name"
            value={guest}
            onChange={setGuest}
            maxLength={GUEST_NAME_MAX}
          />
        )}
        <label>
          <input
            type="radio"
            name="cs-lead"
            checked={kind === 'none'}
            onChange={() => setKind('none')}
          />{' '}
          Nobody
        </label>
      </fieldset>
      <Action type="submit" isBusy={actions.busy === 'lead'}>
        Save the lead
      </Action>
      <ErrorNote error={actions.errors.lead} />
    </form>
  );
}

const CUSTOM = '__custom__';

function PromptPicker({ v, actions }: Props): JSX.Element {
  const prompts = v.setup?.prompts ?? [];
  const current = prompts.find((p) => p.text === v.view.checkIn.prompt);
  const [choice, setChoice] = useState(current?.id ?? CUSTOM);
  const [text, setText] = useState(current === undefined ? v.view.checkIn.prompt : '');
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        const prompt =
          choice === CUSTOM ? { kind: 'custom', text } : { kind: 'builtin', id: choice };
        void actions.run('prompt', () =>
          call<Changed>(R.setCheckInPrompt, { prompt, version: v.version }),
        );
      }}
    >
      <div className="field">
        <label htmlFor="cs-prompt">Check-in question</label>
        <select id="cs-prompt" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {prompts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.text}
            </option>
          ))}
          <option value={CUSTOM}>Type my own…</option>
        </select>
      </div>
      {choice === CUSTOM && (
        <TextField label="Your question" value={text} onChange={setText} maxLength={PROMPT_MAX} />
      )}
      <Action type="submit" isBusy={actions.busy === 'prompt'}>
        Use this question
      </Action>
      <ErrorNote error={actions.errors.prompt} />
    </form>
  );
}

function AgendaEditor({ v, actions }: Props): JSX.Element {
  const planned = v.view.agenda.map((item) => ({ step: item.step, minutes: item.plannedMinutes }));
  const [steps, setSteps] = useState<AgendaStep[]>(planned);
  const missing = STEP_KINDS.filter((kind) => !steps.some((s) => s.step === kind));
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    const [item] = next.splice(i, 1);
    if (item !== undefined) next.splice(i + by, 0, item);
    setSteps(next);
  };
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.run('agenda', () =>
          call<Changed>(R.setAgenda, { agenda: steps, version: v.version }),
        );
      }}
    >
      <fieldset className="stack">
        <legend>
          Agenda ({steps.reduce((sum, s) => sum + (Number.isFinite(s.minutes) ? s.minutes : 0), 0)}{' '}
          min)
        </legend>
        <ol className="agenda-editor">
          {steps.map((item, i) => (
            <li key={item.step} className="row">
              <NumberField
                label={`${STEP_LABELS[item.step]} (minutes)`}
                value={item.minutes}
                min={STEP_MINUTES.min}
                max={STEP_MINUTES.max}
                onChange={(minutes) =>
                  setSteps(steps.map((s, j) => (j === i ? { ...s, minutes } : s)))
                }
              />
              <Action appearance="subtle" isDisabled={i === 0} onClick={() => move(i, -1)}>
                Earlier
              </Action>
              <Action
                appearance="subtle"
                isDisabled={i === steps.length - 1}
                onClick={() => move(i, 1)}
              >
                Later
              </Action>
              <Action
                appearance="subtle"
                isDisabled={item.step === 'takeaways'}
                onClick={() => setSteps(steps.filter((_, j) => j !== i))}
              >
                Skip
              </Action>
            </li>
          ))}
        </ol>
        {missing.length > 0 && (
          <div className="row">
            <span className="subtle">Skipped:</span>
            {missing.map((kind: StepKind) => (
              <Action
                key={kind}
                appearance="subtle"
                onClick={() => setSteps([{ step: kind, minutes: 5 }, ...steps])}
              >
                Add back {STEP_LABELS[kind]}
              </Action>
            ))}
          </div>
        )}
      </fieldset>
      <Action type="submit" isBusy={actions.busy === 'agenda'}>
        Save the agenda
      </Action>
      <ErrorNote error={actions.errors.agenda} />
    </form>
  );
}

function GroupPlanPicker({ v, actions }: Props): JSX.Element {
  const [by, setBy] = useState<'count' | 'size'>('count');
  const [count, setCount] = useState(3);
  const [size, setSize] = useState(4);
  const hasBreakouts = v.view.agenda.some((item) => item.step === 'breakouts');
  if (!hasBreakouts) return <p className="subtle">No breakouts on this agenda.</p>;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        const plan = by === 'count' ? { by, count } : { by, size };
        void actions.run('groups', () =>
          call<Changed>(R.setGroupPlan, { plan, version: v.version }),
        );
      }}
    >
      <fieldset className="row">
        <legend>Breakout groups</legend>
        <label>
          <input
            type="radio"
            name="cs-by"
            checked={by === 'count'}
            onChange={() => setBy('count')}
          />{' '}
          A number of groups
        </label>
        <label>
          <input type="radio" name="cs-by" checked={by === 'size'} onChange={() => setBy('size')} />{' '}
          A group size
        </label>
        {by === 'count' ? (
          <NumberField
            label="Groups"
            value={count}
            onChange={setCount}
            min={GROUP_COUNT.min}
            max={GROUP_COUNT.max}
          />
        ) : (
          <NumberField
            label="People per group"
            value={size}
            onChange={setSize}
            min={GROUP_SIZE.min}
            max={GROUP_SIZE.max}
          />
        )}
      </fieldset>
      <Action type="submit" isBusy={actions.busy === 'groups'}>
        Save the groups
      </Action>
      <ErrorNote error={actions.errors.groups} />
    </form>
  );
}
