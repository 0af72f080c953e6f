import type { LeanCoffeeEvent } from '../../../src/domain/lean-coffee';
import { topicSummaries, wrapUpList } from '../../../src/domain/lean-coffee';
import { ALICE, BOB, CAROL } from './builders';
import { playMeeting, S, START } from './meeting';

const at = (second: number): number => START + second * S;

const EXPECTED_EVENTS: LeanCoffeeEvent[] = [
  {
    type: 'LeanCoffeeCreated',
    v: 1,
    settings: {
      dotsPerParticipant: 3,
      maxDotsPerTopic: 3,
      hiddenTallies: true,
      defaultTopicMinutes: 8,
      meetingMinutes: 60,
    },
    at: at(0),
  },
  {
    type: 'TopicProposed',
    v: 1,
    topic: {
      id: 't1',
      title: 'Estimation',
      details: 'Points or hours?',
      minutes: 8,
      author: ALICE,
      proposedAt: at(1),
    },
    at: at(1),
  },
  {
    type: 'TopicProposed',
    v: 1,
    topic: {
      id: 't2',
      title: 'Retro formats',
      details: '',
      minutes: 5,
      author: BOB,
      proposedAt: at(2),
    },
    at: at(2),
  },
  {
    type: 'TopicProposed',
    v: 1,
    topic: {
      id: 't3',
      title: 'Team health',
      details: '',
      minutes: 10,
      author: CAROL,
      proposedAt: at(3),
    },
    at: at(3),
  },
  {
    type: 'TopicProposed',
    v: 1,
    topic: {
      id: 't4',
      title: 'Estimating stories',
      details: 'Story points',
      minutes: 8,
      author: BOB,
      proposedAt: at(4),
    },
    at: at(4),
  },
  {
    type: 'TopicProposed',
    v: 1,
    topic: {
      id: 't5',
      title: 'Remote pairing',
      details: '',
      minutes: 8,
      author: CAROL,
      proposedAt: at(5),
    },
    at: at(5),
  },
  {
    type: 'TopicsMerged',
    v: 1,
    into: {
      id: 't1',
      title: 'Estimation',
      details: 'Points or hours?\n\nStory points',
      minutes: 8,
      author: ALICE,
      proposedAt: at(1),
    },
    fromId: 't4',
    at: at(6),
  },
  { type: 'VotingOpened', v: 1, at: at(10) },
  { type: 'DotsAllocated', v: 1, participant: ALICE, allocation: { t1: 2, t3: 1 }, at: at(20) },
  { type: 'DotsAllocated', v: 1, participant: BOB, allocation: { t2: 3 }, at: at(21) },
  { type: 'DotsAllocated', v: 1, participant: CAROL, allocation: { t1: 1, t3: 2 }, at: at(22) },
  { type: 'DotsAllocated', v: 1, participant: ALICE, allocation: { t1: 1, t3: 2 }, at: at(23) },
  {
    type: 'VotingClosed',
    v: 1,
    tallies: { t1: 2, t2: 3, t3: 4, t5: 0 },
    order: ['t3', 't2', 't1', 't5'],
    at: at(30),
  },
  { type: 'TopicStarted', v: 1, topicId: 't3', minutes: 10, at: at(60), endsAt: at(660) },
  {
    type: 'TakeawayAdded',
    v: 1,
    takeaway: {
      id: 'k1',
      topicId: 't3',
      author: CAROL,
      text: 'Ask, do not assume',
      addedAt: at(120),
    },
    at: at(120),
  },
  {
    type: 'ThumbVoted',
    v: 1,
    topicId: 't3',
    round: 0,
    participant: ALICE,
    thumb: 'up',
    at: at(660),
  },
  {
    type: 'ThumbVoted',
    v: 1,
    topicId: 't3',
    round: 0,
    participant: BOB,
    thumb: 'down',
    at: at(661),
  },
  { type: 'ThumbVoted', v: 1, topicId: 't3', round: 0, participant: BOB, thumb: 'up', at: at(662) },
  {
    type: 'ThumbVoted',
    v: 1,
    topicId: 't3',
    round: 0,
    participant: CAROL,
    thumb: 'down',
    at: at(663),
  },
  {
    type: 'ThumbsResolved',
    v: 1,
    topicId: 't3',
    round: 0,
    counts: { up: 2, sideways: 0, down: 1 },
    outcome: 'extend',
    decidedBy: 'votes',
    at: at(670),
  },
  {
    type: 'TimeboxExtended',
    v: 1,
    topicId: 't3',
    round: 1,
    minutes: 5,
    at: at(670),
    endsAt: at(970),
  },
  {
    type: 'ThumbVoted',
    v: 1,
    topicId: 't3',
    round: 1,
    participant: ALICE,
    thumb: 'down',
    at: at(970),
  },
  {
    type: 'ThumbVoted',
    v: 1,
    topicId: 't3',
    round: 1,
    participant: BOB,
    thumb: 'sideways',
    at: at(971),
  },
  {
    type: 'ThumbsResolved',
    v: 1,
    topicId: 't3',
    round: 1,
    counts: { up: 0, sideways: 1, down: 1 },
    outcome: 'next',
    decidedBy: 'votes',
    at: at(1030),
  },
  { type: 'TopicFinished', v: 1, topicId: 't3', reason: 'thumbs', at: at(1030) },
  { type: 'TopicStarted', v: 1, topicId: 't2', minutes: 5, at: at(1030), endsAt: at(1330) },
  {
    type: 'ActionItemAdded',
    v: 1,
    actionItem: {
      id: 'a1',
      topicId: 't2',
      author: BOB,
      text: 'Try a sailboat retro',
      owner: ALICE,
      addedAt: at(1100),
    },
    at: at(1100),
  },
  {
    type: 'ThumbsResolved',
    v: 1,
    topicId: 't2',
    round: 0,
    counts: { up: 0, sideways: 0, down: 0 },
    outcome: 'next',
    decidedBy: 'facilitator',
    at: at(1200),
  },
  { type: 'TopicFinished', v: 1, topicId: 't2', reason: 'facilitator', at: at(1200) },
  { type: 'TopicStarted', v: 1, topicId: 't1', minutes: 8, at: at(1200), endsAt: at(1680) },
  { type: 'TopicFinished', v: 1, topicId: 't1', reason: 'wrap-up', at: at(1300) },
  { type: 'WrapUpStarted', v: 1, undiscussed: [{ topicId: 't5', votes: 0 }], at: at(1300) },
  { type: 'MeetingEnded', v: 1, at: at(1400) },
];

describe('golden: a whole Lean Coffee', () => {
  it('given a board, when the meeting is played through, then exactly these events', () => {
    expect(playMeeting().events).toEqual(EXPECTED_EVENTS);
  });

  it('then the notes figures are pinned: order discussed, votes, minutes spent, takeaways, actions', () => {
    const { state } = playMeeting();
    expect(state.phase).toEqual({ kind: 'ended' });
    expect(
      topicSummaries(state, at(5000)).map((s) => ({
        id: s.topic.id,
        status: s.status,
        votes: s.votes,
        spentSeconds: s.spentMs / S,
        extensions: s.extensions,
        takeaways: s.takeaways.map((k) => k.text),
        actions: s.actionItems.map((a) => `${a.text} (${a.owner ?? 'nobody'})`),
      })),
    ).toEqual([
      {
        id: 't3',
        status: 'discussed',
        votes: 4,
        spentSeconds: 970,
        extensions: 1,
        takeaways: ['Ask, do not assume'],
        actions: [],
      },
      {
        id: 't2',
        status: 'discussed',
        votes: 3,
        spentSeconds: 170,
        extensions: 0,
        takeaways: [],
        actions: [`Try a sailboat retro (${ALICE})`],
      },
      {
        id: 't1',
        status: 'discussed',
        votes: 2,
        spentSeconds: 100,
        extensions: 0,
        takeaways: [],
        actions: [],
      },
      {
        id: 't5',
        status: 'undiscussed',
        votes: 0,
        spentSeconds: 0,
        extensions: 0,
        takeaways: [],
        actions: [],
      },
    ]);
    expect(wrapUpList(state).map((item) => [item.topic.title, item.votes])).toEqual([
      ['Remote pairing', 0],
    ]);
  });
});
