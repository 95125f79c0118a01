import { REQUIRED_SCOPES } from '../oauth/scopes';
import { block, ok, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';

/** Scopes only an OAuth app can hold: a private app has no `oauth` scope (it never uninstalls itself). */
const OAUTH_ONLY = new Set(['oauth']);

/** Scopes granted vs those leadloop asks for (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/scopes). */
export function diagnoseScopes(facts: PortalFacts, required: readonly string[] = REQUIRED_SCOPES): Finding[] {
  if (!facts.scopes.available) return [block('scopes', `could not read the token's scopes (${facts.scopes.reason})`, 'check HUBSPOT_ACCESS_TOKEN (private app) or reinstall the app (OAuth), then run the doctor again')];
  const { kind, scopes } = facts.scopes.value;
  const needed = required.filter((s) => kind === 'oauth' || !OAUTH_ONLY.has(s));
  const missing = needed.filter((s) => !scopes.includes(s));
  if (missing.length === 0) return [ok('scopes', `${kind} token has all ${needed.length} scopes leadloop needs`)];
  const fix =
    kind === 'private-app'
      ? `in HubSpot, Settings → Integrations → Private apps → leadloop → Scopes: add ${missing.join(', ')}; then use the new token`
      : `reinstall the app so the portal grants ${missing.join(', ')} (the install URL asks for REQUIRED_SCOPES)`;
  return missing.map((s) => block('scopes', `scope ${s} is not granted to the ${kind} token`, fix));
}
