import { ConfigError } from './config-error';
import { costEntrySchema, costsSchema, type CostsConfig } from './costs-schema';
import { formatZodIssues } from './format-zod-issues';
import { parseCsv } from './parse-csv';

type CostEntry = CostsConfig['costs'][number];
const keyOf = (e: CostEntry) => `${e.month}\u0000${e.source !== undefined ? `s:${e.source}` : `c:${e.campaign}`}`;

/**
 * `leadloop costs import FILE.csv`: rows `month,source,campaign,amount` (a header names the columns, in any order;
 * `note` optional) merged into the costs file. A row for a month and source (or campaign) already there replaces
 * it; the others stay. Amounts may be written `1,200.50` or `1200.5`. Every bad row is reported with its line.
 */
export function importCostsCsv(csv: string, current: CostsConfig | null, file = 'the CSV file'): { config: CostsConfig; added: number; replaced: number } {
  let rows: string[][];
  try {
    rows = parseCsv(csv).filter((r) => r.some((v) => v.trim() !== ''));
  } catch (e) {
    throw new ConfigError(file, [(e as Error).message]);
  }
  const [header, ...records] = rows;
  if (!header) throw new ConfigError(file, ['empty: expected a header line such as month,source,campaign,amount']);
  const columns = header.map((h) => h.trim().toLowerCase());
  const missing = ['month', 'amount'].filter((c) => !columns.includes(c));
  if (!columns.includes('source') && !columns.includes('campaign')) missing.push('source or campaign');
  if (missing.length > 0) throw new ConfigError(file, [`header: missing column(s) ${missing.join(', ')} (found: ${columns.join(', ')})`]);
  const problems: string[] = [];
  const incoming: CostEntry[] = [];
  records.forEach((r, i) => {
    const cell = (name: string) => {
      const at = columns.indexOf(name);
      const v = at < 0 ? '' : (r[at] ?? '').trim();
      return v === '' ? undefined : v;
    };
    const rawAmount = cell('amount');
    const amount = rawAmount === undefined ? NaN : Number(rawAmount.replace(/,/g, ''));
    const entry = { month: cell('month'), source: cell('source'), campaign: cell('campaign'), amount: rawAmount === undefined ? undefined : amount, note: cell('note') };
    const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
    const parsed = costEntrySchema.safeParse(clean);
    // Line numbers as a spreadsheet shows them: the header is line 1.
    if (!parsed.success) problems.push(...formatZodIssues(parsed.error).map((p) => `line ${i + 2}: ${p.replace(/^amount: .*/, `amount: "${rawAmount ?? ''}" is not a non-negative number`)}`));
    else incoming.push(parsed.data);
  });
  if (problems.length > 0) throw new ConfigError(file, problems);
  const merged = new Map((current?.costs ?? []).map((e) => [keyOf(e), e]));
  let replaced = 0;
  const seen = new Set<string>();
  for (const e of incoming) {
    if (seen.has(keyOf(e))) throw new ConfigError(file, [`${e.month} ${e.source ?? e.campaign}: given twice in the file`]);
    seen.add(keyOf(e));
    if (merged.has(keyOf(e))) replaced += 1;
    merged.set(keyOf(e), e);
  }
  const costs = [...merged.values()].sort((a, b) => a.month.localeCompare(b.month) || (a.source ?? '').localeCompare(b.source ?? '') || (a.campaign ?? '').localeCompare(b.campaign ?? ''));
  const config = costsSchema.parse({ ...(current ?? { $schema: './costs.schema.json' }), costs });
  return { config, added: incoming.length - replaced, replaced };
}
