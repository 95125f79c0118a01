import type { AppConfig } from '../config/load-config';
import type { SlaConfig } from '../config/sla-schema';
import type { Logger } from '../log/create-logger';
import { reviewMailer } from '../notify/review-mailer';
import { postSlackMessage } from '../notify/slack-message';
import type { Store } from '../store/store-port';
import type { OwnerName } from './build-review-pack';
import { createMonthlyReview } from './monthly-review';
import type { ReviewChannels } from './send-review';

/** The review's channels from the environment: email with SMTP_URL, Slack with SLACK_WEBHOOK_URL (unless `review.slack` is false). */
export function reviewChannelsFrom(config: AppConfig, sla: SlaConfig): ReviewChannels {
  const e = config.env;
  return {
    ...(e.SMTP_URL ? { email: reviewMailer(e.SMTP_URL, e.SLA_EMAIL_FROM ?? 'leadloop <leadloop@localhost>') } : {}),
    ...(e.SLACK_WEBHOOK_URL && sla.review.slack ? { slack: (text: string) => postSlackMessage(e.SLACK_WEBHOOK_URL!, text) } : {}),
  };
}

export function wireMonthlyReview(o: { config: AppConfig; sla: SlaConfig; store: Store; logger: Logger; channels?: ReviewChannels; ownerName?: OwnerName; holder?: string }) {
  return createMonthlyReview({
    store: o.store,
    sla: o.sla,
    logger: o.logger,
    channels: o.config.env.LEADLOOP_DRY_RUN ? {} : (o.channels ?? reviewChannelsFrom(o.config, o.sla)),
    ...(o.config.publicUrl ? { publicUrl: o.config.publicUrl } : {}),
    ...(o.ownerName ? { ownerName: o.ownerName } : {}),
    ...(o.holder ? { holder: o.holder } : {}),
  });
}
