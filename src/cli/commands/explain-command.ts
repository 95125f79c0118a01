import { Command, InvalidArgumentError } from 'commander';
import { CliError, print, withStore } from '../cli-context';

const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

export function explainCommand(): Command {
  return new Command('explain')
    .description('print a contact\'s score ledger (every point, its rule, evidence and rules version) and its decisions')
    .argument('<contactId>', 'HubSpot contact id')
    .option('--portal <id>', 'portal (hub) id; needed when several portals are installed', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a numeric portal id');
      return Number(v);
    })
    .action(async (contactId: string, opts: { portal?: number }) => {
      await withStore(async (store) => {
        const portals = opts.portal !== undefined ? [opts.portal] : await store.portalsOfContact(contactId);
        if (portals.length === 0) {
          throw new CliError(
            `leadloop holds nothing on contact ${contactId}: it knows a contact once an event about it has arrived ` +
              '(`npx leadloop dev send-event` sends one for a sandbox contact; `npm run demo` makes several).',
          );
        }
        if (portals.length > 1) throw new CliError(`contact ${contactId} exists in portals ${portals.join(', ')}: pass --portal`);
        const portalId = portals[0]!;
        const ledger = await store.ledgerOf(portalId, contactId);
        const decisions = await store.listDecisions(portalId, contactId);
        print(`Contact ${contactId} in portal ${portalId}`);
        print('');
        print('Score ledger:');
        let total = 0;
        for (const l of ledger) {
          total += Math.round(l.points * 100);
          print(`  ${signed(l.points).padStart(8)}  ${l.ruleId.padEnd(24)} ${l.evidence}  [${new Date(l.at).toISOString()}, rules ${l.configHash}]`);
        }
        print(`  ${'='.padStart(8)}  total ${total / 100}${ledger[0] ? ` (computed ${new Date(ledger[0].computedAt).toISOString()})` : ''}`);
        const last = decisions[decisions.length - 1];
        if (last) {
          print('');
          print(`Decisions (${decisions.length}):`);
          for (const d of decisions) print(`  ${new Date(d.computedAt).toISOString()}  ${d.stageFrom || '(none)'} → ${d.stageTo || '(none)'}  score ${d.score}  grade ${d.fitGrade}  ${d.cell}  ${d.tactic}`);
          print('');
          print(last.explanation);
        }
      });
    });
}
