import { importCostsCsv } from '../../../src/config/import-costs-csv';
import { loadCostsConfig } from '../../../src/config/load-costs-config';
import { ConfigError } from '../../../src/config/config-error';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const problemsOf = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('leadloop costs import', () => {
  const current = { $schema: './costs.schema.json', currency: 'EUR', costs: [{ month: '2026-10', source: 'PAID_SEARCH', amount: 100 }, { month: '2026-11', source: 'PAID_SEARCH', amount: 200 }] };

  it('merges rows into the file: a month and source already there is replaced, others added, the rest kept', () => {
    const csv = 'Amount,Month,Source,Campaign,Note\r\n"2,500.50",2026-11,PAID_SEARCH,,"Google, Bing"\r\n800,2026-11,,spring-launch,\r\n';
    const { config, added, replaced } = importCostsCsv(csv, current);
    expect({ added, replaced }).toEqual({ added: 1, replaced: 1 });
    expect(config.currency).toBe('EUR');
    expect(config.costs).toEqual([
      { month: '2026-10', source: 'PAID_SEARCH', amount: 100 },
      { month: '2026-11', campaign: 'spring-launch', amount: 800 },
      { month: '2026-11', source: 'PAID_SEARCH', amount: 2500.5, note: 'Google, Bing' },
    ]);
  });

  it('names each bad row by its line, and the missing columns of a bad header', () => {
    expect(problemsOf(() => importCostsCsv('month,source,campaign,amount\n2026-11,PAID_SEARCH,x,10\n2026-11,,,-5\n', null))).toEqual([
      'line 2: source: give either source or campaign (one of them)',
      'line 3: amount: "-5" is not a non-negative number',
      'line 3: source: give either source or campaign (one of them)',
    ]);
    expect(problemsOf(() => importCostsCsv('month,cost\n', null))).toEqual(['header: missing column(s) amount, source or campaign (found: month, cost)']);
  });

  it('the costs file: absent is no costs (null), a bad one is refused naming the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costs-'));
    expect(loadCostsConfig(path.join(dir, 'none.json'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ costs: [{ month: '2026-11', source: 'X', amount: 1 }, { month: '2026-11', source: 'X', amount: 2 }] }));
    expect(problemsOf(() => loadCostsConfig(path.join(dir, 'bad.json')))).toEqual(['costs[1]: 2026-11 source X is already given at costs[0]']);
  });

  it('config/costs.schema.json is the schema of the zod one (regenerate with `leadloop costs schema --write`)', () => {
    const { costsJsonSchema } = require('../../../src/config/costs-schema') as typeof import('../../../src/config/costs-schema');
    expect(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/costs.schema.json'), 'utf8'))).toEqual(costsJsonSchema());
    expect(loadCostsConfig(path.join(__dirname, '../../../config/costs.json'))).not.toBeNull();
  });
});
