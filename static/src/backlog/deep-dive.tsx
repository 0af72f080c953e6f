/**
 * The deep-dive parts of a backlog card: what "Start a session" answers, and the lead's preparation
 * of a topic (an outline and breakout questions) that the CoP Session set-up pre-fills. Shapes from
 * `src/contract/deep-dive-start.ts`.
 */
import { useEffect, useState } from 'react';
import type { StartSessionAnswer, TopicPrepView } from '../../../src/contract/deep-dive-start';
import { call } from '../bridge';
import { Action, ErrorNote, PageLink, TextField } from '../components/ui';
import { useActions } from '../live';

/** `backlog/prepareTopic` and `backlog/topicPrep` (deepdive). */
export const PREP_RESOLVERS = {
  prepare: 'backlog/prepareTopic',
  read: 'backlog/topicPrep',
} as const;

/** The caps the backend holds (typed errors at each; nothing written when refused). */
export const OUTLINE_MAX = 2000;
export const QUESTIONS_MAX = 8;
export const QUESTION_MAX = 300;

/** What "Start a session" answered, under the card: what to do next, and the CoP Session to open. */
export function StartResult({ answer }: { readonly answer: StartSessionAnswer }): JSX.Element {
  return (
    <p className="notice" data-testid="start-result" role="status">
      {answer.message}{' '}
      {answer.macro !== null && <PageLink url={answer.macro.url}>Open the CoP Session</PageLink>}
    </p>
  );
}

/**
 * The lead's preparation form: an outline and up to QUESTIONS_MAX breakout questions (one a
 * line), pre-filled with what was saved. Counters show the caps; the backend refuses above them.
 */
export function PrepareTopic({
  topicId,
  title,
  onDone,
}: {
  readonly topicId: string;
  readonly title: string;
  readonly onDone: () => void;
}): JSX.Element {
  const actions = useActions(() => Promise.resolve());
  const [outline, setOutline] = useState('');
  const [questions, setQuestions] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    let live = true;
    // Pre-fill with what was saved; nothing saved (or not readable) leaves the form empty.
    void call<TopicPrepView | null>(PREP_RESOLVERS.read, { topicId })
      .then((r) => {
        if (!live || !r.ok || r.data === null) return;
        setOutline(r.data.outline);
        setQuestions(r.data.questions.join('\n'));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [topicId]);
  const lines = questions
    .split('\n')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  return (
    <form
      className="panel stack"
      aria-label={`Prepare “${title}”`}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void actions
          .run('prep', () =>
            call<TopicPrepView>(PREP_RESOLVERS.prepare, { topicId, outline, questions: lines }),
          )
          .then((r) => setSaved(r.ok));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDone();
      }}
    >
      <TextField
        label="Outline of the session"
        value={outline}
        onChange={setOutline}
        multiline
        maxLength={OUTLINE_MAX}
      />
      <TextField
        label={`Breakout questions, one a line (up to ${QUESTIONS_MAX})`}
        value={questions}
        onChange={setQuestions}
        multiline
      />
      <span className="subtle">
        {lines.length} of {QUESTIONS_MAX} questions; each up to {QUESTION_MAX} characters.
      </span>
      <div className="row">
        <Action appearance="primary" type="submit" isBusy={actions.busy === 'prep'}>
          Save the preparation
        </Action>
        <Action appearance="subtle" onClick={onDone}>
          Close
        </Action>
      </div>
      {saved && (
        <p className="success" role="status">
          Saved: the CoP Session set-up starts from it when this topic is chosen.
        </p>
      )}
      <ErrorNote error={actions.errors.prep} />
    </form>
  );
}
