/** Posts one message to a Slack incoming webhook (SLACK_WEBHOOK_URL); throws with Slack's answer when refused. */
export async function postSlackMessage(webhookUrl: string, text: string): Promise<void> {
  const res = await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`Slack webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
}
