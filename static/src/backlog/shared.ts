/** Words for backlog data: statuses and where a topic's score came from. */
import { useEffect } from 'react';
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

/**
 * Reads again when the person comes back to the tab or the window (focus, or the page becoming
 * visible): roles and rights changed elsewhere (made a curator, joined the rotation in another
 * tab) show without a reload. At most one read per return.
 */
export function useRefetchOnReturn(reload: () => Promise<void>): void {
  useEffect(() => {
    let last = 0;
    const again = (): void => {
      if (document.visibilityState === 'hidden') return;
      const now = Date.now();
      // focus and visibilitychange fire together on a tab switch: one read for both.
      if (now - last < 1000) return;
      last = now;
      void reload();
    };
    window.addEventListener('focus', again);
    document.addEventListener('visibilitychange', again);
    return () => {
      window.removeEventListener('focus', again);
      document.removeEventListener('visibilitychange', again);
    };
  }, [reload]);
}

/** A session's start in the viewer's own time zone: "Wednesday 9 December, 12:00 CET". */
export function sessionTime(startsAt: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(startsAt));
}
