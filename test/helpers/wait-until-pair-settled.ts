import type { SandboxPair } from './start-sandbox-pair';
import { waitFor } from './start-test-app';

const count = (pair: SandboxPair, sql: string) => pair.app.query<{ n: number }>(sql)[0]!.n;

/**
 * Resolves once the sandbox and leadloop have nothing left to do, shown by positive signals rather than by
 * time passing: the sandbox's webhook dispatcher is idle (every delivery answered, so every event it sent is
 * committed in leadloop), leadloop has applied every stored event (none pending or processing), every note it
 * began is confirmed written, and no delivery started while this was being checked (a write-back made during
 * the check queues a webhook, which shows up as a new delivery or a non-empty queue).
 */
export async function waitUntilPairSettled(pair: SandboxPair, timeoutMs = 10_000): Promise<void> {
  const { dispatcher } = pair.sandbox;
  await waitFor(
    async () => {
      await dispatcher.idle();
      const attempts = dispatcher.stats.deliveries;
      const open = count(pair, "select count(*) n from webhook_events where status in ('pending', 'processing')");
      const unwritten = count(pair, "select count(*) n from crm_writes where status != 'done'");
      return open === 0 && unwritten === 0 && dispatcher.pending() === 0 && dispatcher.stats.deliveries === attempts;
    },
    timeoutMs,
    'the sandbox and leadloop to settle',
  );
}
