import { Command, InvalidArgumentError } from 'commander';
import { loadSlaConfig } from '../../config/load-sla-config';
import { loadCostsConfig } from '../../config/load-costs-config';
import { printRevenue } from './print-revenue';
import { loadReport } from '../../report/load-report';
import { reportCsv } from '../../report/report-csv';
import { print, withStore } from '../cli-context';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/** `leadloop report`: the closed-loop report for a month, as a table, JSON or CSV. */
export function reportCommand(): Command {
  return new Command('report')
    .description('print the closed-loop report (MQLs vs commitment, SLA, funnel by source, lead quality, duplicates)')
    .option('--month <YYYY-MM>', 'the month (default: this month, UTC)', (v) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new InvalidArgumentError('expected YYYY-MM, e.g. 2026-11');
      return v;
    })
    .option('--format <format>', 'table, json or csv', (v) => {
      if (!['table', 'json', 'csv'].includes(v)) throw new InvalidArgumentError('expected table, json or csv');
      return v;
    }, 'table')
    .action(async (o: { month?: string; format: string }) => {
      await withStore(async (store, config) => {
        const revenue = { model: config.env.LEADLOOP_ATTRIBUTION_MODEL, costs: () => loadCostsConfig(config.env.LEADLOOP_COSTS_CONFIG) };
        const r = await loadReport(store, loadSlaConfig(config.env.LEADLOOP_SLA_CONFIG), o.month ? { month: o.month } : {}, Date.now(), undefined, revenue);
        if (o.format === 'json') return print(JSON.stringify(r, null, 2));
        if (o.format === 'csv') return process.stdout.write(reportCsv(r));
        const c = r.contract;
        print(`Closed-loop report ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}`);
        print('');
        print(`MQLs delivered: ${c.mqlsDelivered} (commitment ${c.commitmentForPeriod} for the period, ${c.commitment} a month)`);
        for (const w of c.byWeek) print(`  week of ${w.weekStart}: ${String(w.mqls).padStart(5)} MQLs  (commitment ${w.commitment})`);
        print(`First touch in time: ${pct(c.firstTouchedInTime.share)} of ${c.firstTouchedInTime.of}; hours to first touch: median ${c.hoursToFirstTouch.median ?? '–'}, p90 ${c.hoursToFirstTouch.p90 ?? '–'}; attempts per lead ${c.attemptsPerLead ?? '–'}`);
        print(`Overdue now: ${c.overdueNow.map((x) => `${x.ownerName ?? x.ownerId ?? 'unowned'} ${x.overdue}`).join(', ') || 'none'}`);
        print('');
        print(`${'Funnel by source'.padEnd(24)} ${'lead'.padStart(6)} ${'MQL'.padStart(6)} ${'SQL'.padStart(6)} ${'opp'.padStart(6)} ${'cust'.padStart(6)}`);
        for (const s of [...r.funnel.bySource, r.funnel.total]) print(`${s.key.padEnd(24)} ${String(s.counts.lead).padStart(6)} ${String(s.counts.mql).padStart(6)} ${String(s.counts.sql).padStart(6)} ${String(s.counts.opportunity).padStart(6)} ${String(s.counts.customer).padStart(6)}`);
        print('');
        print(`${'Lead quality by source'.padEnd(24)} ${'MQLs'.padStart(6)} ${'accepted'.padStart(9)} ${'rejected'.padStart(9)}`);
        for (const q of r.quality.bySource) print(`${q.key.padEnd(24)} ${String(q.mqls).padStart(6)} ${pct(q.acceptedShare).padStart(9)} ${pct(q.rejectedShare).padStart(9)}`);
        printRevenue(r);
        print('');
        print(`Possible duplicates: ${r.duplicates.length}`);
        for (const d of r.duplicates.slice(0, 20)) print(`  ${d.reason.padEnd(12)} ${d.key}: ${d.contacts.map((x) => x.contactId).join(', ')}`);
      });
    });
}
