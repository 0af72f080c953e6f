/** Words for backlog data: statuses and where a topic's score came from. */
import type { Topic, TopicSource, TopicStatus } from '../../../src/domain/backlog';

export const STATUS_LABELS: Readonly<Record<TopicStatus, string>> = {
  proposed: 'Proposed',
  planned: 'Planned',
  discussed: 'Discussed',
  archived: 'Archived',
};

const round1 = (n: number): string => (Math.round(n * 10) / 10).toString();

export function describeSource(source: TopicSource): string {
  switch (source.kind) {
    case 'thirty-five':
      return `Thirty Five: #${source.rank}, ${round1(source.normalised)} of ${source.maxScore}`;
    case 'lean-coffee':
      return `Lean Coffee: ${source.votes} of ${source.maxVotes} dots`;
    case 'manual':
      return 'Added by hand';
  }
}

export function describeSources(topic: Topic): string {
  return topic.sources.length === 0
    ? 'Added by hand'
    : topic.sources.map(describeSource).join('; ');
}

export const formatScore = (score: number): string => round1(score);
