import { Command } from 'commander';
import { createHubspotOAuth } from '../../crm/hubspot/hubspot-oauth';
import { removePortal } from '../../oauth/remove-portal';
import { createLogger } from '../../log/create-logger';
import { createPortalTokens } from '../../oauth/portal-tokens';
import { createTokenCipher } from '../../oauth/token-cipher';
import { authorizeOrigin } from '../../start-leadloop';
import { CliError, print, withStore } from '../cli-context';

export function portalsCommand(): Command {
  const portals = new Command('portals').description('the HubSpot portals that installed leadloop');

  portals
    .command('list')
    .description('list installed portals (never their tokens)')
    .action(async () => {
      await withStore(async (store) => {
        const list = await store.listPortals();
        if (list.length === 0) return print('No portal has installed leadloop.');
        print('PORTAL       STATUS       INSTALLED                 TOKEN EXPIRES             SCOPES');
        for (const p of list) {
          print(`${String(p.portalId).padEnd(13)}${p.status.padEnd(13)}${new Date(p.installedAt).toISOString().padEnd(26)}${(p.sealedAccessToken ? new Date(p.expiresAt).toISOString() : '-').padEnd(26)}${p.scopes.join(' ')}`);
        }
      });
    });

  portals
    .command('remove')
    .description("uninstall leadloop from a portal through HubSpot, revoke its token, and purge the portal's data")
    .argument('<portalId>', 'portal (hub) id')
    .option('--dry-run', 'say what would happen; change nothing')
    .action(async (id: string, opts: { dryRun?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new CliError(`"${id}" is not a portal id`);
      const portalId = Number(id);
      await withStore(async (store, config) => {
        const portal = await store.getPortal(portalId);
        if (!portal) throw new CliError(`portal ${portalId} is not installed`);
        if (opts.dryRun) {
          print(`would uninstall leadloop from portal ${portalId} (DELETE /appinstalls/2026-03/external-install), revoke its refresh token and purge its data`);
          return;
        }
        const { clientId, clientSecrets, baseUrl } = config.hubspot;
        if (!clientId || !clientSecrets[0] || !config.encryptionKey) throw new CliError('set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and LEADLOOP_ENCRYPTION_KEY to uninstall through HubSpot');
        const oauth = createHubspotOAuth({ baseUrl, authorizeBaseUrl: authorizeOrigin(baseUrl), clientId, clientSecret: clientSecrets[0] });
        const tokens = createPortalTokens(store, oauth, createTokenCipher(config.encryptionKey), createLogger({ level: 'error' }));
        for (const step of await removePortal(store, oauth, tokens, portalId)) print(`portal ${portalId}: ${step}`);
      });
    });
  return portals;
}
