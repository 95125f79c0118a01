import type { SendReviewMail } from '../notify/review-mailer';
import type { ReviewStore } from '../store/contract-store-port';
import type { ReviewPack } from './build-review-pack';
import { reviewCsv, reviewHtml, reviewImages, reviewMarkdown, reviewSlackText } from './render-review';

/** Where the review goes: an email per recipient (with SMTP), one Slack message (with a webhook). */
export interface ReviewChannels {
  email?: SendReviewMail;
  slack?: (text: string) => Promise<void>;
}

export interface ReviewSendLine {
  channel: 'email' | 'slack';
  recipient: string;
  /** already sent: a claim exists (sent, or being sent by another instance); failed: tried again by the next run. */
  outcome: 'sent' | 'would send' | 'already sent' | 'failed';
  error?: string;
}

/** A failed send is tried again by the next runs, up to this many times in all. */
const MAX_ATTEMPTS = 5;

export const reviewTargets = (recipients: readonly string[], channels: ReviewChannels): Array<{ channel: 'email' | 'slack'; recipient: string }> => [
  ...(channels.email ? recipients.map((recipient) => ({ channel: 'email' as const, recipient })) : []),
  ...(channels.slack ? [{ channel: 'slack' as const, recipient: 'webhook' }] : []),
];

/**
 * Sends the pack to each target once: the claim (a row with a unique key per month, channel and recipient) is taken
 * before sending, so two instances, a restart or `leadloop review --send` never send it twice. A crash between the
 * claim and the channel's answer leaves the send unconfirmed and it is not repeated: one missing email is better than
 * every recipient getting two (`leadloop review --month M --status` shows it).
 */
export async function sendReview(o: { store: ReviewStore; pack: ReviewPack; recipients: readonly string[]; channels: ReviewChannels; now: number; dryRun?: boolean }): Promise<ReviewSendLine[]> {
  const { pack } = o;
  const lines: ReviewSendLine[] = [];
  const sent = new Map((await o.store.reviewSends(pack.month)).map((s) => [s.sendKey, s.status]));
  const subject = `leadloop monthly review: ${pack.month}`;
  for (const t of reviewTargets(o.recipients, o.channels)) {
    const sendKey = `review:${pack.month}:${t.channel}:${t.recipient}`;
    if (o.dryRun) {
      lines.push({ ...t, outcome: sent.get(sendKey) === 'sent' ? 'already sent' : 'would send' });
      continue;
    }
    if (!(await o.store.claimReviewSend({ sendKey, month: pack.month, channel: t.channel, recipient: t.recipient }, o.now, MAX_ATTEMPTS))) {
      lines.push({ ...t, outcome: 'already sent' });
      continue;
    }
    try {
      if (t.channel === 'email') {
        const images = reviewImages(pack);
        await o.channels.email!({
          to: t.recipient,
          subject,
          ref: sendKey,
          html: reviewHtml(pack, (i) => `cid:${i.cid}`),
          text: reviewMarkdown(pack),
          attachments: [...images.map((i) => ({ filename: i.filename, content: i.svg, contentType: 'image/svg+xml', cid: i.cid })), { filename: `leadloop-review-${pack.month}.csv`, content: reviewCsv(pack), contentType: 'text/csv' }],
        });
      } else {
        await o.channels.slack!(reviewSlackText(pack));
      }
      await o.store.finishReviewSend(sendKey, { sent: true }, o.now);
      lines.push({ ...t, outcome: 'sent' });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await o.store.finishReviewSend(sendKey, { sent: false, error }, o.now);
      lines.push({ ...t, outcome: 'failed', error });
    }
  }
  return lines;
}
