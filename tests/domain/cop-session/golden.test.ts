import type { CopSessionEvent } from '../../../src/domain/cop-session';
import {
  agenda,
  breakoutHistory,
  foldSession,
  notesInput,
  splitIntoGroups,
} from '../../../src/domain/cop-session';
import { renderNotesPage } from '../../../src/domain/session-notes';
import { isWellFormed } from '../session-notes/xml';
import { FACILITATOR } from './builders';
import {
  ADA,
  BEN,
  CEM,
  DEV,
  EVA,
  FAY,
  GUS,
  HAL,
  playSession,
  PREVIOUS,
  SEED,
  START,
} from './session';

/**
 * Golden values: a fixed seed and roster give fixed groups, and the scripted deep dive gives a
 * fixed event log and a fixed notes page. A change here changes what every screen and every
 * notes page shows, so it must be deliberate.
 */
const at = (minutes: number, seconds = 0): number => START + minutes * 60_000 + seconds * 1000;

describe('golden groups', () => {
  it('given ten people, a previous breakout and seed-42, then these three groups', () => {
    expect(
      splitIntoGroups(
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
        3,
        [
          ['a', 'b', 'c'],
          ['d', 'e'],
        ],
        'seed-42',
      ),
    ).toEqual({
      groups: [
        ['c', 'e', 'f', 'i'],
        ['b', 'h', 'j'],
        ['a', 'd', 'g'],
      ],
      repeats: 0,
    });
  });

  it('given the golden session, then the breakouts formed exactly these groups, stored with their seed', () => {
    const formed = playSession().events.find((event) => event.type === 'GroupsFormed');
    expect(formed).toEqual({
      type: 'GroupsFormed',
      v: 1,
      groups: [
        [BEN, FACILITATOR, HAL],
        [ADA, DEV],
        [CEM, EVA, FAY],
      ],
      plan: { by: 'count', count: 3 },
      seed: SEED,
      repeats: 0,
      at: at(16),
    });
    expect(PREVIOUS).toContainEqual([ADA, BEN, CEM]);
  });

  it('given the late joiner, then the groups handed to the next session include them', () => {
    expect(breakoutHistory(playSession().state)).toEqual([
      [BEN, FACILITATOR, HAL],
      [ADA, DEV, GUS],
      [CEM, EVA, FAY],
    ]);
  });
});

describe('the golden session', () => {
  it('records exactly this sequence of events', () => {
    expect(playSession().events.map((event: CopSessionEvent) => event.type)).toEqual(EVENT_TYPES);
  });

  it('replays to the same state from its events', () => {
    const { events, state } = playSession();
    expect(foldSession(events)).toEqual(state);
  });

  it('spent this long on each step', () => {
    expect(
      agenda(playSession().state, at(90)).map((item) => [
        item.step,
        item.status,
        item.spentMs / 60_000,
      ]),
    ).toEqual([
      ['check-in', 'done', 5],
      ['introduction', 'done', 10],
      ['breakouts', 'done', 15],
      ['readout', 'done', 5],
      ['plenary', 'done', 15],
      ['takeaways', 'done', 5],
    ]);
  });

  it('renders exactly this notes page', () => {
    const page = renderNotesPage({
      copName: 'Scrum Master CoP',
      ...notesInput(playSession().state, {
        date: '2026-12-08',
        nextTopic: { title: 'Working agreements', volunteer: EVA },
        source: { pageId: '98765', title: 'CoP home' },
      }),
    });
    expect(page).toBe(NOTES_PAGE);
    expect(isWellFormed(page)).toBe(true);
  });
});

const EVENT_TYPES = [
  'SessionCreated',
  'TopicSet',
  'LeadSet',
  'CheckInPromptSet',
  'AgendaSet',
  'GroupPlanSet',
  ...Array<string>(7).fill('ParticipantJoined'),
  'SessionStarted',
  'StepStarted',
  'AttendeeAdded',
  ...Array<string>(6).fill('CheckInAnswered'),
  'StepStarted',
  'OutlineEdited',
  'StepStarted',
  'GroupsFormed',
  'ParticipantJoined',
  ...Array<string>(4).fill('NoteAdded'),
  ...Array<string>(3).fill('NoteEdited'),
  'NoteDeleted',
  'StepExtended',
  'StepStarted',
  'NoteEdited',
  'StepStarted',
  'NoteAdded',
  'NoteEdited',
  'TakeawayAdded',
  'TakeawayAdded',
  'TakeawayAdded',
  'TakeawayDeleted',
  'TakeawayAdded',
  'TakeawayEdited',
  'StepStarted',
  'ActionItemAdded',
  'ActionItemAdded',
  'ActionItemAdded',
  'TakeawayModerated',
  'SessionEnded',
];

const user = (id: string): string => `<ac:link><ri:user ri:account-id="${id}" /></ac:link>`;

const NOTES_PAGE = [
  '<h2>Summary</h2>',
  '<p><strong>Decided:</strong> 3 takeaways: “Measure outcomes, not output.”; “Start with one metric per team”; “Share dashboards with stakeholders”.</p>',
  '<p><strong>Who owns what:</strong></p>',
  `<ul><li>${user(DEV)}: “Draft a metrics canvas”</li><li>${user(HAL)}: “Book the room for the next session”</li><li>No owner yet: “Collect examples from three teams”</li></ul>`,
  '<h2>Session</h2>',
  `<table><tbody><tr><th>Community</th><td>Scrum Master CoP</td></tr><tr><th>Date</th><td><time datetime="2026-12-08" /></td></tr><tr><th>Format</th><td>Deep dive</td></tr><tr><th>Facilitator</th><td>${user(FACILITATOR)}</td></tr><tr><th>Attendees</th><td>${[FACILITATOR, ADA, BEN, CEM, DEV, EVA, FAY, HAL, GUS].map(user).join(', ')}</td></tr></tbody></table>`,
  '<h2>Topic</h2>',
  '<p><strong>Metrics that matter</strong></p>',
  '<p>Lead: Dr. Jane Doe (guest speaker)</p>',
  '<p>Which numbers help a team improve — and which hurt?</p>',
  '<h3>Outline</h3>',
  '<p>Why measure at all<br />Three metrics we tried<br />What we dropped</p>',
  '<h3>Questions for the breakouts</h3>',
  '<ul><li>Which metric would you drop?</li><li>What does your team track today?</li><li>Who looks at it?</li></ul>',
  '<h2>Check-in</h2>',
  '<p>One small win from your team since we last met?</p>',
  `<ul><li>${user(ADA)}: Shipped our first SLO dashboard</li><li>${user(CEM)}: New team, new tools &lt;&amp; all&gt;</li><li>${user(DEV)}: Tired but curious</li><li>${user(EVA)}: Curious</li></ul>`,
  '<p>1 passed.</p>',
  '<h2>Breakouts</h2>',
  '<h3>Group 1</h3>',
  `<p>Members: ${[BEN, FACILITATOR, HAL].map(user).join(', ')}</p>`,
  '<ul><li>Ask the team what to measure</li></ul>',
  '<h3>Group 2</h3>',
  `<p>Members: ${[ADA, DEV, GUS].map(user).join(', ')}</p>`,
  '<ul><li>Velocity is a signal, not a goal (Scrum Guide)</li></ul>',
  '<h3>Group 3</h3>',
  `<p>Members: ${[CEM, EVA, FAY].map(user).join(', ')}</p>`,
  '<ul><li>Cycle time matters<ul><li>Also written at the same time: Lead time matters most</li></ul></li></ul>',
  '<h2>Conversation</h2>',
  '<ul><li>One team metric per quarter, reviewed in the retro</li></ul>',
  '<h2>Takeaways</h2>',
  '<ul><li>Measure outcomes, not output.</li><li>Start with one metric per team</li><li>Share dashboards with stakeholders</li></ul>',
  '<h2>Action items</h2>',
  `<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Draft a metrics canvas ${user(DEV)} due <time datetime="2026-12-15" /></ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Book the room for the next session ${user(HAL)}</ac:task-body></ac:task><ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Collect examples from three teams</ac:task-body></ac:task></ac:task-list>`,
  '<h2>Next topic</h2>',
  `<p><strong>Working agreements</strong> — prepared by ${user(EVA)}</p>`,
  '<h2>Where this session ran</h2>',
  '<p>Played on <ac:link><ri:page ri:content-id="98765" /><ac:link-body>CoP home</ac:link-body></ac:link>.</p>',
].join('\n');
