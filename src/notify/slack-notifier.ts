import type { Notifier } from './notifier-port';

/** A Slack incoming-webhook message (SLACK_WEBHOOK_URL). Slack has no idempotency key: a crash mid-send may repeat one. */
export function slackNotifier(webhookUrl: string): Notifier {
  return {
    name: 'slack',
    async send(n) {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: `*${n.subject}*\n${n.body}` }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`Slack webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return null;
    },
  };
}
