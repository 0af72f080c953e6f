import { notesTitle, renderNotesPage } from '../../../src/domain/session-notes';
import { aDeepDiveNotes, aLeanCoffeeNotes, aThirtyFiveNotes, anEmptyDeepDive } from './models';
import { isWellFormed } from './xml';

/**
 * Golden pages: the exact storage format of one Thirty Five, one Lean Coffee and one deep-dive notes
 * page. A change here is a change to every notes page the app writes, so it must be deliberate.
 */
describe('golden notes pages', () => {
  it('given a Thirty Five session, then the page is exactly this', () => {
    const page = renderNotesPage(aThirtyFiveNotes());
    expect(page).toBe(THIRTY_FIVE_PAGE);
    expect(isWellFormed(page)).toBe(true);
  });

  it('given a Lean Coffee session, then the page is exactly this', () => {
    const model = aLeanCoffeeNotes();
    const page = renderNotesPage({
      ...model,
      kind: 'lean-coffee',
      leanCoffee: {
        topics: [
          {
            title: 'OKRs & "North Stars" <for> teams',
            votes: 6,
            minutesSpent: 12,
            takeaways: ['Start with one objective'],
          },
          { title: 'Pairing', votes: 3, minutesSpent: 8, takeaways: [] },
          { title: 'Mobbing', votes: 3, minutesSpent: 0, takeaways: [] },
        ],
      },
    });
    expect(page).toBe(LEAN_COFFEE_PAGE);
    expect(isWellFormed(page)).toBe(true);
  });

  it('given an empty deep dive, then only the sections with content appear (no empty headings)', () => {
    expect(renderNotesPage(anEmptyDeepDive())).toBe(
      [
        '<h2>Session</h2>',
        '<table><tbody><tr><th>Community</th><td>Scrum Master CoP</td></tr><tr><th>Date</th><td><time datetime="2026-12-08" /></td></tr><tr><th>Format</th><td>Deep dive</td></tr><tr><th>Facilitator</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link></td></tr></tbody></table>',
        '<h2>Topic</h2>',
        '<p><strong>Metrics that matter</strong></p>',
      ].join('\n'),
    );
  });

  it('given a deep dive with a guest speaker, then the page is exactly this', () => {
    const page = renderNotesPage(aDeepDiveNotes());
    expect(page).toBe(DEEP_DIVE_PAGE);
    expect(isWellFormed(page)).toBe(true);
  });

  it('given the golden sessions, then their titles are exactly these', () => {
    expect(notesTitle('Scrum Master CoP', '2026-11-24', 'Prioritising our topics')).toBe(
      'Scrum Master CoP session notes — 2026-11-24 — Prioritising our topics',
    );
    expect(notesTitle('Scrum Master CoP', '2026-11-24', 'Lean Coffee', 2)).toBe(
      'Scrum Master CoP session notes — 2026-11-24 — Lean Coffee (2)',
    );
  });
});

const THIRTY_FIVE_PAGE = [
  '<h2>Summary</h2>',
  '<p><strong>Ranked first:</strong> “Metrics that matter”, then “Scaling Scrum” and “Conflict in teams”.</p>',
  '<p><strong>Decided:</strong> 2 takeaways: “Meet every two weeks”; “Rotate the facilitator”.</p>',
  '<p><strong>Who owns what:</strong></p>',
  '<ul><li><ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link>: “Book a room for 2026-12-08”</li><li>No owner yet: “Share the ranking with absentees”</li></ul>',
  '<h2>Session</h2>',
  '<table><tbody><tr><th>Community</th><td>Scrum Master CoP</td></tr><tr><th>Date</th><td><time datetime="2026-11-24" /></td></tr><tr><th>Format</th><td>Thirty Five</td></tr><tr><th>Facilitator</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link></td></tr><tr><th>Attendees</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link>, <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link>, <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></td></tr></tbody></table>',
  '<h2>Topic</h2>',
  '<p><strong>Prioritising our topics</strong></p>',
  '<p>Lead: <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link></p>',
  '<h2>Check-in</h2>',
  '<p>One word for your week.<br />Most said: busy.</p>',
  '<h2>Breakouts</h2>',
  '<h3>Group 1: what makes a good CoP?</h3>',
  '<p>Food &amp; regular cadence.</p>',
  '<h2>Conversation</h2>',
  '<p>We liked the 7-point splits; the bye rotated fairly.</p>',
  '<h2>Takeaways</h2>',
  '<ul><li>Meet every two weeks</li><li>Rotate the facilitator</li></ul>',
  '<h2>Action items</h2>',
  '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Book a room for 2026-12-08 <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> due <time datetime="2026-12-01" /></ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Share the ranking with absentees</ac:task-body></ac:task></ac:task-list>',
  '<h2>Thirty Five ranking</h2>',
  '<p>Each pair split 7 points per round over 5 rounds: a card scores at most 35. A card that missed a rating is ranked by its mean × rounds (normalised).</p>',
  '<p>Ties break by normalised score, then raw total, then number of full-7 splits, then earliest card.</p>',
  '<table><tbody><tr><th>Rank</th><th>Topic</th><th>R1</th><th>R2</th><th>R3</th><th>R4</th><th>R5</th><th>Raw</th><th>Normalised</th></tr><tr><td>1</td><td>Metrics that matter</td><td>7</td><td>6</td><td>5</td><td>7</td><td>3</td><td>28</td><td>28</td></tr><tr><td>2</td><td>Scaling Scrum</td><td>4</td><td>–</td><td>5</td><td>6</td><td>3</td><td>18</td><td>22.5</td></tr><tr><td>3</td><td>Conflict in teams</td><td>0</td><td>1</td><td>2</td><td>1</td><td>4</td><td>8</td><td>8</td></tr></tbody></table>',
  '<h2>Next topic</h2>',
  '<p><strong>Metrics that matter</strong> — prepared by <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link></p>',
  '<h2>Where this session ran</h2>',
  '<p>Played on <a href="https://example.atlassian.net/wiki/spaces/COP/pages/98765">CoP home</a>.</p>',
].join('\n');

const LEAN_COFFEE_PAGE = [
  '<h2>Summary</h2>',
  '<p><strong>Decided:</strong> 2 takeaways: “Meet every two weeks”; “Rotate the facilitator”.</p>',
  '<p><strong>Who owns what:</strong></p>',
  '<ul><li><ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link>: “Book a room for 2026-12-08”</li><li>No owner yet: “Share the ranking with absentees”</li></ul>',
  '<h2>Session</h2>',
  '<table><tbody><tr><th>Community</th><td>Scrum Master CoP</td></tr><tr><th>Date</th><td><time datetime="2026-11-24" /></td></tr><tr><th>Format</th><td>Lean Coffee</td></tr><tr><th>Facilitator</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link></td></tr><tr><th>Attendees</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link>, <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link>, <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></td></tr></tbody></table>',
  '<h2>Topic</h2>',
  '<p><strong>Lean Coffee</strong></p>',
  '<h2>Check-in</h2>',
  '<p>One word for your week.<br />Most said: busy.</p>',
  '<h2>Breakouts</h2>',
  '<h3>Group 1: what makes a good CoP?</h3>',
  '<p>Food &amp; regular cadence.</p>',
  '<h2>Conversation</h2>',
  '<p>We liked the 7-point splits; the bye rotated fairly.</p>',
  '<h2>Takeaways</h2>',
  '<ul><li>Meet every two weeks</li><li>Rotate the facilitator</li></ul>',
  '<h2>Action items</h2>',
  '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Book a room for 2026-12-08 <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> due <time datetime="2026-12-01" /></ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Share the ranking with absentees</ac:task-body></ac:task></ac:task-list>',
  '<h2>Lean Coffee topics</h2>',
  '<table><tbody><tr><th>Topic</th><th>Votes</th><th>Minutes</th></tr><tr><td>OKRs &amp; &quot;North Stars&quot; &lt;for&gt; teams</td><td>6</td><td>12</td></tr><tr><td>Pairing</td><td>3</td><td>8</td></tr><tr><td>Mobbing</td><td>3</td><td>0</td></tr></tbody></table>',
  '<h2>Next topic</h2>',
  '<p><strong>Metrics that matter</strong> — prepared by <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link></p>',
  '<h2>Where this session ran</h2>',
  '<p>Played on <a href="https://example.atlassian.net/wiki/spaces/COP/pages/98765">CoP home</a>.</p>',
].join('\n');

const DEEP_DIVE_PAGE = [
  '<h2>Summary</h2>',
  '<p><strong>Decided:</strong> 3 takeaways: “Measure outcomes, not output”; “Start with one team metric”; “Review monthly”.</p>',
  '<p><strong>Who owns what:</strong></p>',
  '<ul><li><ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link>: “Draft a metrics canvas”; “Ask the PO group to join”</li><li><ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link>: “Share the slides”</li><li>No owner yet: “Book the next room”</li></ul>',
  '<h2>Session</h2>',
  '<table><tbody><tr><th>Community</th><td>Scrum Master CoP</td></tr><tr><th>Date</th><td><time datetime="2026-11-24" /></td></tr><tr><th>Format</th><td>Deep dive</td></tr><tr><th>Facilitator</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link></td></tr><tr><th>Attendees</th><td><ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link>, <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link>, <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></td></tr></tbody></table>',
  '<h2>Topic</h2>',
  '<p><strong>Metrics that matter</strong></p>',
  '<p>Lead: Dr. Jane Doe (guest speaker)</p>',
  '<p>Which numbers help a team improve?</p>',
  '<h3>Outline</h3>',
  '<p>Why measure<br />Three metrics we tried</p>',
  '<h3>Questions for the breakouts</h3>',
  '<ul><li>Which metric would you drop?</li><li>What does your team track today?</li></ul>',
  '<h2>Check-in</h2>',
  '<p>In one word: how are you arriving today?</p>',
  '<ul><li><ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link>: Curious</li><li><ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link>: Tired &amp; hopeful</li></ul>',
  '<p>1 passed.</p>',
  '<h2>Breakouts</h2>',
  '<h3>Group 1</h3>',
  '<p>Members: <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link>, <ac:link><ri:user ri:account-id="557058:f58131cb-b67d-43c7-b30d-6b58d40bd077" /></ac:link></p>',
  '<ul><li>Velocity is not a goal</li></ul>',
  '<h3>Group 2</h3>',
  '<p>Members: <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></p>',
  '<ul><li>Lead time matters<ul><li>Also written at the same time: Cycle time matters</li></ul></li></ul>',
  '<h2>Conversation</h2>',
  '<ul><li>Agree on one metric per quarter</li></ul>',
  '<h2>Takeaways</h2>',
  '<ul><li>Measure outcomes, not output</li><li>Start with one team metric</li><li>Review monthly</li></ul>',
  '<h2>Action items</h2>',
  '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Draft a metrics canvas <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> due <time datetime="2026-12-15" /></ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Share the slides <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21g" /></ac:link></ac:task-body></ac:task><ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Ask the PO group to join <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></ac:task-body></ac:task><ac:task><ac:task-id>4</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Book the next room</ac:task-body></ac:task></ac:task-list>',
  '<h2>Next topic</h2>',
  '<p><strong>Working agreements</strong> — prepared by <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></p>',
  '<h2>Where this session ran</h2>',
  '<p>Played on <ac:link><ri:page ri:content-id="98765" /><ac:link-body>CoP home</ac:link-body></ac:link>.</p>',
].join('\n');
