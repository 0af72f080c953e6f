import {
  AGENDA_MAX_MINUTES,
  CHECK_IN_PROMPTS,
  createSession,
  DEFAULT_AGENDA,
  EMPTY_STATE,
  entryLengthMs,
  evolve,
  oneLine,
  plannedMinutes,
  promptText,
  QUESTIONS_MAX,
  validateAgenda,
  validateLead,
  validatePrompt,
  validateTopic,
  type AgendaStep,
  type Lead,
} from '../../../src/domain/cop-session';
import {
  accepted,
  ALICE,
  asFacilitator,
  BOB,
  created,
  ctx,
  FACILITATOR,
  given,
  play,
  refused,
  setUp,
  T0,
  topicSet,
} from './builders';

describe('creating a session', () => {
  it('when the facilitator creates one, then they facilitate it and the article’s defaults apply', () => {
    const event = createSession({ actor: FACILITATOR, now: T0 });
    expect(event).toEqual({ type: 'SessionCreated', v: 1, facilitator: FACILITATOR, at: T0 });
    const state = evolve(EMPTY_STATE, event);
    expect(state.facilitator).toBe(FACILITATOR);
    expect(state.phase).toEqual({ kind: 'setup' });
    expect(state.agenda).toEqual(DEFAULT_AGENDA);
    expect(state.prompt).toEqual({ kind: 'builtin', id: 'one-word' });
    expect(state.groupPlan).toEqual({ by: 'count', count: 3 });
    expect(state.lead).toEqual({ kind: 'none' });
  });

  it('the default agenda is the article’s: check-in 5, introduction 10, breakouts 15, readout 5, plenary 15, takeaways 5', () => {
    expect(DEFAULT_AGENDA.map((s) => `${s.step} ${s.minutes}`)).toEqual([
      'check-in 5',
      'introduction 10',
      'breakouts 15',
      'readout 5',
      'plenary 15',
      'takeaways 5',
    ]);
    expect(plannedMinutes(DEFAULT_AGENDA)).toBe(55);
  });
});

describe('the topic', () => {
  it('given set-up, when the facilitator picks a backlog topic, then it is set, trimmed, blank questions dropped', () => {
    expect(
      accepted(
        given(created()),
        {
          type: 'setTopic',
          topic: {
            backlogTopicId: 'topic-7',
            title: '  Metrics\nthat matter ',
            details: ' Why? ',
            outline: ' Line 1\nLine 2 ',
            questions: [' Which metric? ', '  ', 'What do you track?'],
          },
        },
        asFacilitator(),
      ),
    ).toEqual([
      {
        type: 'TopicSet',
        v: 1,
        topic: {
          backlogTopicId: 'topic-7',
          title: 'Metrics that matter',
          details: 'Why?',
          outline: 'Line 1\nLine 2',
          questions: ['Which metric?', 'What do you track?'],
        },
        at: T0 + 60_000,
      },
    ]);
  });

  it('given set-up, when the facilitator types a new title, then it has no backlog id and empty parts', () => {
    expect(validateTopic({ title: 'Pairing' })).toEqual({
      ok: true,
      value: { backlogTopicId: null, title: 'Pairing', details: '', outline: '', questions: [] },
    });
    expect(validateTopic({ title: 'Pairing', backlogTopicId: null }).ok).toBe(true);
  });

  it.each([
    [{ title: '   ' }, 'TITLE_EMPTY'],
    [{ title: 'x'.repeat(121) }, 'TITLE_TOO_LONG'],
    [{ title: 'ok', details: 'x'.repeat(501) }, 'DETAILS_TOO_LONG'],
    [{ title: 'ok', outline: 'x'.repeat(2001) }, 'OUTLINE_TOO_LONG'],
    [{ title: 'ok', questions: ['x'.repeat(301)] }, 'QUESTION_TOO_LONG'],
    [
      { title: 'ok', questions: Array.from({ length: QUESTIONS_MAX + 1 }, () => 'q') },
      'TOO_MANY_QUESTIONS',
    ],
    [{ title: 'ok', backlogTopicId: 'bad id' }, 'INVALID_ID'],
  ])('when the topic is %j, then %s and nothing changes', (topic, code) => {
    expect(refused(given(created()), { type: 'setTopic', topic }, asFacilitator())).toBe(code);
  });

  it('counts characters as a person does: 120 emoji fit a title', () => {
    expect(validateTopic({ title: '🙂'.repeat(120) }).ok).toBe(true);
    expect(validateTopic({ questions: Array(QUESTIONS_MAX).fill('q'), title: 'ok' }).ok).toBe(true);
  });

  it('when a participant tries, then NOT_FACILITATOR', () => {
    expect(refused(given(created()), { type: 'setTopic', topic: { title: 'x' } }, ctx())).toBe(
      'NOT_FACILITATOR',
    );
  });
});

describe('the lead', () => {
  it.each<[Lead, Lead]>([
    [
      { kind: 'member', accountId: ALICE },
      { kind: 'member', accountId: ALICE },
    ],
    [
      { kind: 'guest', name: '  Dr. Jane\nDoe ' },
      { kind: 'guest', name: 'Dr. Jane Doe' },
    ],
    [{ kind: 'none' }, { kind: 'none' }],
  ])('when the lead is %j, then it is stored as %j', (lead, stored) => {
    expect(accepted(given(created()), { type: 'setLead', lead }, asFacilitator())).toEqual([
      { type: 'LeadSet', v: 1, lead: stored, at: T0 + 60_000 },
    ]);
  });

  it('when the facilitator sends a bad lead, then it is refused and nothing changes', () => {
    expect(
      refused(
        given(created()),
        { type: 'setLead', lead: { kind: 'guest', name: '' } },
        asFacilitator(),
      ),
    ).toBe('GUEST_NAME_EMPTY');
  });

  it.each<[Lead, string]>([
    [{ kind: 'member', accountId: '<script>' }, 'INVALID_ACCOUNT'],
    [{ kind: 'guest', name: ' ' }, 'GUEST_NAME_EMPTY'],
    [{ kind: 'guest', name: 'x'.repeat(101) }, 'GUEST_NAME_TOO_LONG'],
    [{ kind: 'robot' } as unknown as Lead, 'INVALID_ACCOUNT'],
  ])('when the lead is %j, then %s', (lead, code) => {
    expect(validateLead(lead)).toMatchObject({ ok: false, error: { code } });
  });
});

describe('the agenda', () => {
  const steps = (...list: [AgendaStep['step'], number][]): AgendaStep[] =>
    list.map(([step, minutes]) => ({ step, minutes }));

  it('given set-up, when the facilitator skips and reorders steps and changes minutes, then the agenda follows', () => {
    const agenda = steps(['introduction', 10], ['check-in', 3], ['plenary', 20], ['takeaways', 7]);
    const state = play(given(created()), { type: 'setAgenda', agenda }, asFacilitator());
    expect(state.agenda).toEqual(agenda);
  });

  it.each([
    ['no steps', steps()],
    ['without takeaways', steps(['check-in', 5])],
    ['takeaways not last', steps(['takeaways', 5], ['plenary', 5])],
    ['a step twice', steps(['plenary', 5], ['plenary', 5], ['takeaways', 5])],
    [
      'the readout before the breakouts',
      steps(['readout', 5], ['breakouts', 10], ['takeaways', 5]),
    ],
    ['a readout without breakouts', steps(['readout', 5], ['takeaways', 5])],
    ['0 minutes', steps(['check-in', 0], ['takeaways', 5])],
    ['61 minutes', steps(['check-in', 61], ['takeaways', 5])],
    ['a fraction', steps(['check-in', 2.5], ['takeaways', 5])],
    [
      'an unknown step',
      [
        { step: 'lunch', minutes: 5 },
        { step: 'takeaways', minutes: 5 },
      ] as unknown as AgendaStep[],
    ],
    [
      `over ${AGENDA_MAX_MINUTES} minutes`,
      steps(
        ['check-in', 60],
        ['introduction', 60],
        ['breakouts', 60],
        ['plenary', 60],
        ['takeaways', 1],
      ),
    ],
  ])('when the agenda has %s, then INVALID_AGENDA', (_, agenda) => {
    expect(refused(given(created()), { type: 'setAgenda', agenda }, asFacilitator())).toBe(
      'INVALID_AGENDA',
    );
  });

  it('allows exactly the maximum: four hours in all', () => {
    const agenda = steps(
      ['check-in', 60],
      ['introduction', 60],
      ['breakouts', 60],
      ['takeaways', 60],
    );
    expect(validateAgenda(agenda).ok).toBe(true);
    expect(plannedMinutes(agenda)).toBe(AGENDA_MAX_MINUTES);
  });

  it('keeps only step and minutes, whatever else a payload carries', () => {
    const agenda = [{ step: 'takeaways', minutes: 5, extra: 'x' }] as unknown as AgendaStep[];
    expect(validateAgenda(agenda)).toEqual({
      ok: true,
      value: [{ step: 'takeaways', minutes: 5 }],
    });
  });
});

describe('the check-in prompt', () => {
  it('offers 8 to 12 built-in one-line questions with unique ids', () => {
    expect(CHECK_IN_PROMPTS.length).toBeGreaterThanOrEqual(8);
    expect(CHECK_IN_PROMPTS.length).toBeLessThanOrEqual(12);
    expect(new Set(CHECK_IN_PROMPTS.map((p) => p.id)).size).toBe(CHECK_IN_PROMPTS.length);
    for (const prompt of CHECK_IN_PROMPTS) {
      expect(prompt.text).not.toMatch(/\n/);
      expect(prompt.text.length).toBeLessThanOrEqual(200);
    }
  });

  it('given set-up, when the facilitator picks a built-in prompt, then its words show', () => {
    const state = play(
      given(created()),
      { type: 'setCheckInPrompt', prompt: { kind: 'builtin', id: 'weather' } },
      asFacilitator(),
    );
    expect(promptText(state.prompt)).toBe(
      'Your weather report: sunny, cloudy or stormy — and why?',
    );
  });

  it('given set-up, when the facilitator types a prompt, then it is one trimmed line', () => {
    expect(validatePrompt({ kind: 'custom', text: ' What\nnow? ' })).toEqual({
      ok: true,
      value: { kind: 'custom', text: 'What now?' },
    });
    expect(promptText({ kind: 'custom', text: 'Typed' })).toBe('Typed');
  });

  it.each([
    [{ kind: 'builtin', id: 'nope' }, 'INVALID_PROMPT'],
    [{ kind: 'custom', text: '  ' }, 'INVALID_PROMPT'],
    [{ kind: 'custom', text: 'x'.repeat(201) }, 'PROMPT_TOO_LONG'],
    [{ kind: 'riddle', text: 'x' }, 'INVALID_PROMPT'],
  ])('when the prompt is %j, then %s', (prompt, code) => {
    expect(
      refused(
        given(created()),
        { type: 'setCheckInPrompt', prompt: prompt as { kind: 'custom'; text: string } },
        asFacilitator(),
      ),
    ).toBe(code);
  });

  it('turns any run of spaces around line breaks into one space', () => {
    expect(oneLine('a \r\n\n  b\rc\td')).toBe('a b c\td');
  });
});

describe('the group plan', () => {
  it.each([
    [{ by: 'count', count: 2 }],
    [{ by: 'count', count: 4 }],
    [{ by: 'size', size: 2 }],
    [{ by: 'size', size: 50 }],
  ] as const)('when the facilitator asks for %j, then it is kept', (plan) => {
    expect(
      play(given(created()), { type: 'setGroupPlan', plan }, asFacilitator()).groupPlan,
    ).toEqual(plan);
  });

  it.each([
    [{ by: 'count', count: 1 }],
    [{ by: 'count', count: 5 }],
    [{ by: 'size', size: 1 }],
    [{ by: 'size', size: 51 }],
    [{ by: 'size', size: 2.5 }],
    [{ by: 'mood' }],
  ])('when the facilitator asks for %j, then INVALID_GROUPS', (plan) => {
    expect(
      refused(
        given(created()),
        { type: 'setGroupPlan', plan: plan as { by: 'count'; count: number } },
        asFacilitator(),
      ),
    ).toBe('INVALID_GROUPS');
  });
});

describe('starting', () => {
  it('given no topic, when the facilitator starts, then TOPIC_REQUIRED', () => {
    expect(refused(given(created()), { type: 'start' }, asFacilitator())).toBe('TOPIC_REQUIRED');
  });

  it('given a topic, when the facilitator starts, then the session and its first step start now', () => {
    expect(accepted(setUp(), { type: 'start' }, asFacilitator(T0 + 600_000))).toEqual([
      { type: 'SessionStarted', v: 1, at: T0 + 600_000 },
      {
        type: 'StepStarted',
        v: 1,
        index: 0,
        step: 'check-in',
        isResumed: false,
        at: T0 + 600_000,
        endsAt: T0 + 600_000 + 5 * 60_000,
      },
    ]);
  });

  it('given an agenda that starts with the breakouts, when started, then the groups form at once', () => {
    const state = play(
      setUp(),
      {
        type: 'setAgenda',
        agenda: [
          { step: 'breakouts', minutes: 10 },
          { step: 'takeaways', minutes: 5 },
        ],
      },
      asFacilitator(),
    );
    const events = accepted(state, { type: 'start' }, asFacilitator(T0 + 600_000));
    expect(events.map((e) => e.type)).toEqual(['SessionStarted', 'StepStarted', 'GroupsFormed']);
  });

  it('given a corrupt state with no agenda, when started, then INVALID_AGENDA', () => {
    const state = { ...given(created(), topicSet()), agenda: [] };
    expect(refused(state, { type: 'start' }, asFacilitator())).toBe('INVALID_AGENDA');
  });
});

describe('the lead’s outline and questions', () => {
  const withLead = (lead: Lead) => play(setUp(), { type: 'setLead', lead }, asFacilitator());

  it('given a member lead, when they edit during the session, then a log event holds the new outline and questions', () => {
    const state = play(
      withLead({ kind: 'member', accountId: BOB }),
      { type: 'start' },
      asFacilitator(),
    );
    expect(
      accepted(
        state,
        { type: 'editOutline', outline: ' New outline ', questions: ['One?', ' ', 'Two?'] },
        ctx({ actor: BOB, now: T0 + 5 }),
      ),
    ).toEqual([
      {
        type: 'OutlineEdited',
        v: 1,
        outline: 'New outline',
        questions: ['One?', 'Two?'],
        by: BOB,
        at: T0 + 5,
      },
    ]);
  });

  it('keeps what is not sent: only the questions change when only they are given', () => {
    const state = play(
      withLead({ kind: 'member', accountId: BOB }),
      { type: 'editOutline', questions: ['Only this?'] },
      ctx({ actor: BOB }),
    );
    expect(state.topic).toMatchObject({
      outline: 'Why measure\nThree metrics we tried',
      questions: ['Only this?'],
    });
  });

  it('given a guest lead, when the facilitator edits for them, then it is accepted; anyone else is NOT_LEAD', () => {
    const state = withLead({ kind: 'guest', name: 'Dr. Jane Doe' });
    expect(accepted(state, { type: 'editOutline', outline: 'x' }, asFacilitator())).toHaveLength(1);
    expect(refused(state, { type: 'editOutline', outline: 'x' }, ctx({ actor: BOB }))).toBe(
      'NOT_LEAD',
    );
    expect(
      refused(
        withLead({ kind: 'member', accountId: BOB }),
        { type: 'editOutline', outline: 'x' },
        ctx(),
      ),
    ).toBe('NOT_LEAD');
  });

  it('given no topic yet, when the facilitator edits an outline, then TOPIC_REQUIRED', () => {
    expect(refused(given(created()), { type: 'editOutline', outline: 'x' }, asFacilitator())).toBe(
      'TOPIC_REQUIRED',
    );
    // A stray outline event without a topic changes nothing.
    const stray = evolve(given(created()), {
      type: 'OutlineEdited',
      v: 1,
      outline: 'x',
      questions: [],
      by: FACILITATOR,
      at: T0,
    });
    expect(stray).toEqual(given(created()));
  });

  it.each([
    [{ type: 'editOutline', outline: 'x'.repeat(2001) }, 'OUTLINE_TOO_LONG'],
    [{ type: 'editOutline', questions: Array(QUESTIONS_MAX + 1).fill('q') }, 'TOO_MANY_QUESTIONS'],
  ] as const)('when the lead sends %j, then %s', (command, code) => {
    expect(
      refused(withLead({ kind: 'member', accountId: BOB }), command, ctx({ actor: BOB })),
    ).toBe(code);
  });
});

describe('odd input', () => {
  it('given a command this game does not know, then UNKNOWN_COMMAND, not a crash', () => {
    expect(
      refused(
        setUp(),
        { type: 'dance' } as unknown as Parameters<typeof refused>[1],
        asFacilitator(),
      ),
    ).toBe('UNKNOWN_COMMAND');
    expect(
      refused(
        setUp(),
        { type: 'toString' } as unknown as Parameters<typeof refused>[1],
        asFacilitator(),
      ),
    ).toBe('UNKNOWN_COMMAND');
  });

  it('given an event this game does not know, then folding fails loudly', () => {
    expect(() =>
      evolve(EMPTY_STATE, { type: 'Bogus' } as unknown as Parameters<typeof evolve>[1]),
    ).toThrow('Unhandled case');
  });

  it('a built-in prompt id that no longer exists reads as no words', () => {
    expect(promptText({ kind: 'builtin', id: 'gone' as 'weather' })).toBe('');
  });

  it('a step re-entered while its last run is still open gets at least a minute', () => {
    expect(
      entryLengthMs(5, {
        index: 0,
        step: 'check-in',
        startedAt: 0,
        endsAt: 10,
        endedAt: null,
        extendedMinutes: 0,
      }),
    ).toBe(60_000);
  });
});
