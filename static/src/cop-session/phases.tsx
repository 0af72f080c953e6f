/**
 * What each step of the deep dive shows: the check-in, the lead's outline and questions, the
 * breakout groups and their shared notes, the plenary notes, takeaways and action items.
 */
import { useState } from 'react';
import {
  COP_SESSION_RESOLVERS as R,
  type ActionItemAddedAnswer,
  type Changed,
  type CopSessionView,
  type NoteAddedAnswer,
  type NoteBoard,
  type TakeawayAddedAnswer,
} from '../../../src/contract/cop-session';
import {
  ACTION_MAX,
  CHECK_IN_MAX,
  TAKEAWAY_MAX,
} from '../../../src/domain/cop-session/contributions';
import { OUTLINE_MAX } from '../../../src/domain/cop-session/setup';
import { NOTE_MAX, type NoteView } from '../../../src/domain/cop-session/shared-notes';
import { call } from '../bridge';
import { ActionForm, TextForm } from './ActionForm';
import { Action, ErrorNote, nameOf, TextField } from '../components/ui';
import type { Actions } from '../live';

interface Props {
  readonly v: CopSessionView;
  readonly actions: Actions;
}

export function CheckIn({ v, actions }: Props): JSX.Element {
  const { checkIn, canDo } = v.view;
  const can = canDo.includes('answerCheckIn');
  return (
    <div className="panel stack" aria-labelledby="cs-checkin">
      <h3 id="cs-checkin">Check-in</h3>
      <p className="prompt" data-testid="prompt">
        {checkIn.prompt}
      </p>
      {can && (
        <TextForm
          actions={actions}
          actionKey="checkin"
          send={(text) => call<Changed>(R.answerCheckIn, { text })}
          field={checkIn.mine === undefined ? 'Your answer (one line)' : 'Change your answer'}
          maxLength={CHECK_IN_MAX}
          label="Check in"
          primary
          keep
          alsoErrorOf="pass"
          extra={
            <Action
              appearance="subtle"
              isBusy={actions.busy === 'pass'}
              onClick={() => void actions.run('pass', () => call<Changed>(R.passCheckIn))}
            >
              Pass
            </Action>
          }
        />
      )}
      <ul className="answers" data-testid="checkin-answers" aria-live="polite">
        {checkIn.answers.map((entry) => (
          <li key={entry.accountId}>
            <strong>{nameOf(v.names, entry.accountId)}:</strong>{' '}
            {entry.answer ?? <span className="subtle">passed</span>}
          </li>
        ))}
      </ul>
      {checkIn.answers.length === 0 && <p className="subtle">No answers yet.</p>}
    </div>
  );
}

export function Outline({ v, actions }: Props): JSX.Element | null {
  const topic = v.view.topic;
  const canEdit = v.view.canDo.includes('editOutline');
  const [editing, setEditing] = useState(false);
  const [outline, setOutline] = useState(topic?.outline ?? '');
  const [questions, setQuestions] = useState((topic?.questions ?? []).join('\n'));
  if (topic === null) return null;
  return (
    <div className="panel stack" aria-labelledby="cs-outline">
      <h3 id="cs-outline">The lead&apos;s outline</h3>
      {topic.details !== '' && <p>{topic.details}</p>}
      {!editing && (
        <>
          {topic.outline === '' ? (
            <p className="subtle">No outline yet.</p>
          ) : (
            <p className="pre" data-testid="outline">
              {topic.outline}
            </p>
          )}
          <Questions questions={topic.questions} />
          {canEdit && (
            <Action
              onClick={() => {
                setOutline(topic.outline);
                setQuestions(topic.questions.join('\n'));
                setEditing(true);
              }}
            >
              Edit the outline and questions
            </Action>
          )}
        </>
      )}
      {editing && (
        <ActionForm
          actions={actions}
          actionKey="outline"
          submit={() =>
            call<Changed>(R.editOutline, {
              outline,
              questions: questions.split('\n').filter((q) => q.trim() !== ''),
              version: v.version,
            })
          }
          label="Save"
          primary
          onDone={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        >
          <TextField
            label="Outline"
            value={outline}
            onChange={setOutline}
            multiline
            maxLength={OUTLINE_MAX}
          />
          <TextField
            label="Breakout questions (one a line)"
            value={questions}
            onChange={setQuestions}
            multiline
          />
        </ActionForm>
      )}
    </div>
  );
}

function Questions({ questions }: { readonly questions: readonly string[] }) {
  if (questions.length === 0) return null;
  return (
    <div>
      <strong>Questions for the breakouts</strong>
      <ol data-testid="questions">
        {questions.map((q) => (
          <li key={q}>{q}</li>
        ))}
      </ol>
    </div>
  );
}

export function Breakouts({ v, actions }: Props): JSX.Element {
  const { view } = v;
  return (
    <div className="stack" aria-label="Breakout groups">
      <Questions questions={view.topic?.questions ?? []} />
      {view.groups.length === 0 && (
        <p className="subtle">You are in no group: the facilitator can add you.</p>
      )}
      <div className="groups">
        {view.groups.map((group) => (
          <section
            key={group.number}
            className={`panel stack group${group.number === view.myGroup ? ' mine' : ''}`}
            aria-labelledby={`cs-group-${group.number}`}
            data-testid={`group-${group.number}`}
          >
            <h3 id={`cs-group-${group.number}`}>
              Group {group.number}
              {group.number === view.myGroup && ' (your group)'}
            </h3>
            <p className="subtle">{group.members.map((m) => nameOf(v.names, m)).join(', ')}</p>
            <Notes
              v={v}
              actions={actions}
              board={group.number}
              notes={group.notes}
              canWrite={group.number === view.myGroup && view.canDo.includes('addNote')}
            />
          </section>
        ))}
      </div>
    </div>
  );
}

export function PlenaryNotes({ v, actions }: Props): JSX.Element {
  return (
    <section className="panel stack" aria-labelledby="cs-plenary">
      <h3 id="cs-plenary">Notes of the conversation</h3>
      <Notes
        v={v}
        actions={actions}
        board="plenary"
        notes={v.view.plenaryNotes}
        canWrite={v.view.canDo.includes('addNote')}
      />
    </section>
  );
}

/** A board's notes: everyone in it may add, edit or delete any note (concurrent edits flagged). */
function Notes(
  props: Props & {
    readonly board: NoteBoard;
    readonly notes: readonly NoteView[];
    readonly canWrite: boolean;
  },
): JSX.Element {
  const { v, actions, board, notes, canWrite } = props;
  const key = `note-${String(board)}`;
  return (
    <div className="stack">
      <ul className="notes plain" data-testid={`notes-${String(board)}`}>
        {notes.map((note) => (
          <NoteItem key={note.noteId} {...props} note={note} />
        ))}
      </ul>
      {notes.length === 0 && <p className="subtle">No notes yet.</p>}
      {canWrite && (
        <TextForm
          actions={actions}
          actionKey={key}
          send={(text) => call<NoteAddedAnswer>(R.addNote, { board, text })}
          field={board === 'plenary' ? 'Add a note' : 'Add a note for your group'}
          multiline
          maxLength={NOTE_MAX}
          label="Add note"
        />
      )}
      {v.view.phase === 'readout' && board !== 'plenary' && !canWrite && notes.length === 0 && (
        <p className="subtle">This group wrote nothing down.</p>
      )}
    </div>
  );
}

function NoteItem({
  v,
  actions,
  board,
  note,
  canWrite,
}: Props & { readonly board: NoteBoard; readonly note: NoteView; readonly canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.text ?? '');
  const key = `edit-${note.noteId}`;
  const merged = note.conflicts.length > 0;
  return (
    <li className="card stack">
      {!editing && (
        <>
          <p className="pre">{note.text ?? <em>deleted</em>}</p>
          <span className="subtle">Last edited by {nameOf(v.names, note.editedBy)}</span>
          {note.conflicts.map((c) => (
            <p key={`${c.editor}-${c.at}`} className="conflict">
              ⚠️ Written at the same time by {nameOf(v.names, c.editor)}:{' '}
              {c.text ?? <em>deleted it</em>}
            </p>
          ))}
          {canWrite && (
            <div className="row">
              <Action
                appearance="subtle"
                onClick={() => {
                  setText(
                    [note.text, ...note.conflicts.map((c) => c.text)]
                      .filter((t): t is string => t !== null)
                      .join('\n'),
                  );
                  setEditing(true);
                }}
              >
                {merged ? 'Merge and edit' : 'Edit'}
              </Action>
              <Action
                appearance="subtle"
                isBusy={actions.busy === `del-${note.noteId}`}
                onClick={() =>
                  void actions.run(`del-${note.noteId}`, () =>
                    call<Changed>(R.deleteNote, {
                      board,
                      noteId: note.noteId,
                      seen: { ...note.merged },
                    }),
                  )
                }
              >
                Delete
              </Action>
            </div>
          )}
        </>
      )}
      {editing && (
        <ActionForm
          actions={actions}
          actionKey={key}
          submit={() =>
            call<Changed>(R.editNote, {
              board,
              noteId: note.noteId,
              text,
              seen: { ...(merged ? note.merged : note.base) },
            })
          }
          label="Save"
          primary
          onDone={() => setEditing(false)}
          onCancel={() => setEditing(false)}
          hideError
        >
          <TextField label="Note" value={text} onChange={setText} multiline maxLength={NOTE_MAX} />
        </ActionForm>
      )}
      <ErrorNote error={actions.errors[key] ?? actions.errors[`del-${note.noteId}`]} />
    </li>
  );
}

export function Contributions({ v, actions }: Props): JSX.Element {
  const { view } = v;
  const [action, setAction] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const canAdd = view.canDo.includes('addTakeaway');
  const mine = v.viewer;
  return (
    <div className="columns">
      <section className="panel stack" aria-labelledby="cs-takeaways">
        <h3 id="cs-takeaways">Takeaways ({view.takeaways.length})</h3>
        <ul data-testid="takeaways">
          {view.takeaways.map((t) => (
            <li key={`${t.author}-${t.id}`}>
              {t.text} <span className="subtle">— {nameOf(v.names, t.author)}</span>
              {(t.author === mine || v.isFacilitator) && (
                <Action
                  appearance="subtle"
                  isBusy={actions.busy === `dt-${t.id}`}
                  onClick={() =>
                    void actions.run(`dt-${t.id}`, () =>
                      call<Changed>(R.deleteTakeaway, { takeawayId: t.id, author: t.author }),
                    )
                  }
                >
                  Remove
                </Action>
              )}
            </li>
          ))}
        </ul>
        {canAdd && (
          <TextForm
            actions={actions}
            actionKey="takeaway"
            send={(text) => call<TakeawayAddedAnswer>(R.addTakeaway, { text })}
            field="Add a takeaway"
            maxLength={TAKEAWAY_MAX}
            label="Add takeaway"
          />
        )}
      </section>
      <section className="panel stack" aria-labelledby="cs-actions">
        <h3 id="cs-actions">Action items ({view.actionItems.length})</h3>
        <ul data-testid="action-items">
          {view.actionItems.map((item) => (
            <li key={`${item.author}-${item.id}`}>
              {item.text}{' '}
              <span className="subtle">
                — {item.owner === null ? 'no owner yet' : `owner: ${nameOf(v.names, item.owner)}`}
                {item.due !== null && `, due ${item.due}`}
              </span>
            </li>
          ))}
        </ul>
        {canAdd && (
          <ActionForm
            actions={actions}
            actionKey="action"
            submit={() =>
              call<ActionItemAddedAnswer>(R.addActionItem, {
                text: action,
                owner: owner === '' ? null : owner,
                due: due === '' ? null : due,
              })
            }
            label="Add action item"
            onDone={() => {
              setAction('');
              setOwner('');
              setDue('');
            }}
          >
            <TextField
              label="Add an action item"
              value={action}
              onChange={setAction}
              maxLength={ACTION_MAX}
            />
            <div className="field">
              <label htmlFor="cs-owner">Owner</label>
              <select id="cs-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">Nobody yet</option>
                {view.attendance.map((a) => (
                  <option key={a.accountId} value={a.accountId}>
                    {nameOf(v.names, a.accountId)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="cs-due">Due date (optional)</label>
              <input id="cs-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
            </div>
          </ActionForm>
        )}
      </section>
    </div>
  );
}
