/**
 * What the person can do now, or what they wait for and from whom: one sentence for every phase,
 * so someone who arrives late or reopens the tab knows where the meeting is without asking.
 */
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { countOf } from '../components/ui';

export function leanCoffeeNextStep(v: LeanCoffeeView, now: number): string | null {
  const isFacilitator = v.isFacilitator;
  switch (v.phase) {
    case 'proposing':
      return isFacilitator
        ? 'Now: everyone adds the topics they would like to discuss. Open dot voting when the topics are in.'
        : 'Now: add the topics you would like to discuss. Then wait for the facilitator to open dot voting.';
    case 'voting': {
      const left = countOf(v.dots.left, 'dot');
      if (isFacilitator) {
        return `Now: everyone places their dots (you have ${left} left). Close voting when everyone has voted.`;
      }
      return v.dots.left > 0
        ? `Now: place your dots (${left} left). Then wait for the facilitator to close voting.`
        : 'Your dots are placed (you can still move them). Waiting for the facilitator to close voting.';
    }
    case 'discussing': {
      const running = v.board.discussing;
      if (running === null) {
        if (!isFacilitator) {
          return 'Waiting for the facilitator to start the next topic or wrap up.';
        }
        return v.board.toDiscuss.length > 0
          ? 'Now: start the next topic, or wrap up the meeting.'
          : 'Every topic has been discussed: wrap up the meeting.';
      }
      const title = `“${running.topic.title}”`;
      const thumbs = v.thumbs;
      if (thumbs !== null && thumbs.isOpen) {
        if (thumbs.myThumb === null) {
          return `Time is up for ${title}: give your thumb — continue or move on?`;
        }
        return isFacilitator
          ? 'Your thumb is in. Close the vote when the thumbs are in.'
          : 'Your thumb is in. Waiting for the facilitator to close the vote.';
      }
      if (now >= running.countdown.endsAt) {
        return `Time is up for ${title}: the thumbs vote opens in a moment.`;
      }
      return `Now: discussing ${title}. Add takeaways and action items as you go.`;
    }
    case 'wrap-up':
      return isFacilitator
        ? 'Now: check what goes to the backlog, then end the meeting to write its notes page.'
        : 'The facilitator is wrapping up. Waiting for them to end the meeting; its notes page follows.';
    case 'ended':
      return null;
  }
}
