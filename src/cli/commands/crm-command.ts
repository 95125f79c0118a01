import { Command } from 'commander';
import { createHubspotCrm, privateAppTokens } from '../../crm/hubspot/hubspot-crm';
import { CrmError } from '../../crm/crm-error';
import { setupCrmProperties } from '../../crm/setup-properties';
import { CliError, cliConfig, print } from '../cli-context';

export function crmCommand(): Command {
  const crm = new Command('crm').description('work on the connected HubSpot portal');
  crm
    .command('setup')
    .description("create leadloop's property group and contact properties where missing (idempotent)")
    .option('--dry-run', 'print what would be created; write nothing')
    .requiredOption('--portal <id>', 'portal (hub) id the token belongs to', (v) => {
      if (!/^\d+$/.test(v)) throw new CliError('--portal must be a numeric portal id');
      return Number(v);
    })
    .action(async (opts: { dryRun?: boolean; portal: number }) => {
      const config = cliConfig();
      if (!config.hubspot.accessToken) throw new CliError('set HUBSPOT_ACCESS_TOKEN (private-app mode) to run crm setup');
      const port = createHubspotCrm({ baseUrl: config.hubspot.baseUrl, tokenFor: privateAppTokens(config.hubspot.accessToken, config.hubspot.baseUrl) });
      try {
        const steps = await setupCrmProperties(port, opts.portal, { dryRun: opts.dryRun === true || config.env.LEADLOOP_DRY_RUN });
        for (const s of steps) print(`${opts.dryRun ? 'would ' : ''}${s.action === 'exists' ? 'keep' : s.action}: ${s.name}`);
        print(`${steps.filter((s) => s.action === 'create property' || s.action === 'create group').length} to create, ${steps.filter((s) => s.action === 'add options').length} to complete, ${steps.filter((s) => s.action === 'exists').length} already there`);
      } catch (e) {
        if (e instanceof CrmError) throw new CliError(`${e.code}: ${e.message}`, 1);
        throw e;
      }
    });
  return crm;
}
