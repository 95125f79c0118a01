import { buildWebhooksManifest } from '../manifest/build-webhooks-manifest';
import type { ScoringRules } from '../domain/scoring-rules';
import { block, ok, warn, type Finding } from './finding';

interface Subscription {
  subscriptionType: string;
  propertyName?: string;
  objectType?: string;
  objectName?: string;
}

/** Every subscription in a manifest, whichever family it is listed under (legacyCrmObjects, crmObjects, hubEvents). */
function subscriptionsOf(manifest: unknown): Map<string, Subscription> {
  const out = new Map<string, Subscription>();
  const groups = (manifest as { subscriptions?: Record<string, unknown> } | null)?.subscriptions ?? {};
  for (const list of Object.values(groups)) {
    if (!Array.isArray(list)) continue;
    for (const s of list as Subscription[]) {
      if (typeof s?.subscriptionType !== 'string') continue;
      const object = s.objectType ?? s.objectName;
      out.set(`${s.subscriptionType}${object ? ` (${object})` : ''}${s.propertyName ? ` ${s.propertyName}` : ''}`, s);
    }
  }
  return out;
}

/**
 * The committed webhooks/webhooks.json against what the rules and the SLA read, as `leadloop manifest --check`
 * derives it (https://developers.hubspot.com/docs/api-reference/latest/webhooks/guide). A subscribed property the
 * portal lacks sends nothing: the properties area reports it.
 */
export function diagnoseWebhooks(rules: ScoringRules, committed: unknown): Finding[] {
  if (committed === null || committed === undefined) return [block('webhooks', 'webhooks/webhooks.json is missing', 'run `leadloop manifest`, then upload the subscriptions (`leadloop manifest --project DIR` and `hs project upload`)')];
  const wanted = subscriptionsOf(buildWebhooksManifest(rules));
  const have = subscriptionsOf(committed);
  const findings: Finding[] = [];
  const missing = [...wanted.keys()].filter((k) => !have.has(k));
  const extra = [...have.keys()].filter((k) => !wanted.has(k));
  for (const k of missing) findings.push(block('webhooks', `the manifest lacks the subscription ${k}, which the rules or the SLA read`, 'run `leadloop manifest` and upload the project again; leadloop hears nothing of this change until then'));
  for (const k of extra) findings.push(warn('webhooks', `the manifest subscribes to ${k}, which the rules no longer read`, 'run `leadloop manifest` to drop it (deliveries leadloop ignores still count toward the app\'s webhook traffic)'));
  if (findings.length === 0) findings.push(ok('webhooks', `webhooks/webhooks.json has the ${wanted.size} subscriptions the rules and the SLA need`));
  return findings;
}
