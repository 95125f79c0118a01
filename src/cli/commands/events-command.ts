import { Command, InvalidArgumentError } from 'commander';
import { CliError, print, withStore } from '../cli-context';

function parseId(value: string, previous: number[] = []): number[] {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an event id (a positive integer)`);
  return [...previous, Number(value)];
}

export function eventsCommand(): Command {
  const events = new Command('events').description('inspect and requeue stored webhook events');

  events
    .command('dead')
    .description('list events parked as dead letters, with the reason')
    .option('--limit <n>', 'how many to list', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a positive integer');
      return Number(v);
    }, 100)
    .option('--json', 'print JSON lines instead of a table')
    .action(async (opts: { limit: number; json?: boolean }) => {
      await withStore(async (store) => {
        const dead = await store.listEvents('dead', opts.limit);
        if (opts.json) {
          for (const e of dead) print(JSON.stringify({ id: e.id, portalId: e.portalId, eventId: e.eventId, type: e.subscriptionType, subject: e.subjectKey, attempts: e.attempts, error: e.lastError }));
          return;
        }
        if (dead.length === 0) return print('No dead letters.');
        print('ID      PORTAL      TYPE                        SUBJECT                    ATTEMPTS  LAST ERROR');
        for (const e of dead) {
          print(`${String(e.id).padEnd(8)}${String(e.portalId).padEnd(12)}${e.subscriptionType.padEnd(28)}${e.subjectKey.padEnd(27)}${String(e.attempts).padEnd(10)}${e.lastError ?? ''}`);
        }
        print(`\n${dead.length} dead letter(s). Requeue with: leadloop events retry ID… or --all`);
      });
    });

  events
    .command('retry')
    .description('requeue dead letters for processing')
    .argument('[ids...]', 'stored event ids (from `leadloop events dead`)')
    .option('--all', 'requeue every dead letter')
    .action(async (ids: string[], opts: { all?: boolean }) => {
      if (!opts.all && ids.length === 0) throw new CliError('name event ids to retry, or pass --all');
      if (opts.all && ids.length > 0) throw new CliError('give either event ids or --all, not both');
      const parsed = ids.reduce<number[]>((acc, id) => parseId(id, acc), []);
      await withStore(async (store) => {
        const n = await store.retryDeadEvents(opts.all ? 'all' : parsed, Date.now());
        print(`${n} event(s) requeued.`);
      });
    });
  return events;
}
