import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScoringConfig } from '../config/load-scoring-config';
import type { ContactActivity, ContactSnapshot } from '../domain/contact-activity';
import { createDecider } from '../domain/decide';
import type { RuleSet } from '../domain/diff-contact';
import { scanRuleDiff } from '../rules/scan-rule-diff';
import { seededRandom } from '../sandbox/seed-portal';
import { createStore } from '../store/create-store';
import { progress } from './bench-support';

// npm run bench:rules-diff — `leadloop rules diff` over N stored contacts (default 100,000), the shipped rules
// against the same rules with the MQL threshold 10 points lower, next to scoring the same contacts once in memory.
const N = Number(process.argv[2] ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);
const PORTAL = 1;

function synthesise(i: number, rnd: () => number): { contact: ContactSnapshot; activities: ContactActivity[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const activities: ContactActivity[] = [];
  for (let k = Math.floor(rnd() * 12); k > 0; k--) {
    const at = NOW - Math.floor(rnd() * 120 * DAY);
    const r = rnd();
    if (r < 0.2) activities.push({ kind: 'form_submitted', at, formName: pick(['Demo request', 'Contact sales', 'Ebook download', 'Newsletter']) });
    else if (r < 0.6) activities.push({ kind: 'page_viewed', at, url: pick(['/pricing', '/blog/a', '/product', '/']) });
    else if (r < 0.9) activities.push({ kind: 'email_opened', at });
    else activities.push({ kind: 'email_clicked', at });
  }
  const properties = {
    email: `p${i}@${pick(['acme.io', 'gmail.com', 'globex.com'])}`, jobtitle: pick(['VP Marketing', 'Head of Sales', 'Marketing Manager', 'Student', 'CEO', '']),
    company: rnd() < 0.9 ? 'Co' : '', numemployees: pick(['1-5', '25-50', '50-100', '100-500', '1000+']), industry: pick(['Software', 'Retail', 'Internet']),
    country: pick(['United States', 'Germany', 'Canada']), phone: rnd() < 0.5 ? '+1 555 0100' : '', lifecyclestage: pick(['subscriber', 'lead', 'lead', 'marketingqualifiedlead', '']),
  };
  return { contact: { id: String(100_000 + i), properties }, activities };
}

async function main(): Promise<void> {
  const loaded = loadScoringConfig(path.resolve(__dirname, '../../config/scoring.json'));
  const current: RuleSet = { rules: loaded.rules, hash: loaded.hash, decide: createDecider(loaded.rules, loaded.hash) };
  const lower = { ...loaded.rules, mqlThreshold: loaded.rules.mqlThreshold - 10 };
  const candidate: RuleSet = { rules: lower, hash: 'candidate', decide: createDecider(lower, 'candidate') };

  const store = await createStore('sqlite::memory:');
  const rnd = seededRandom(7);
  const data = Array.from({ length: N }, (_, i) => synthesise(i, rnd));
  for (let i = 0; i < N; i++) {
    const { contact, activities } = data[i]!;
    await store.applyContactChanges(PORTAL, contact.id, Object.entries(contact.properties).map(([name, value]) => ({ name, value: value ?? null, at: NOW - DAY })), activities.map((activity, k) => ({ activity, sourceKey: `${i}:${k}` })));
    if (i % 5000 === 0) progress('seeding', i, N);
  }
  progress('seeding', N, N);

  // Baseline: the engine alone scores the same contacts once, from memory (no store, one rule set).
  const scoreOnce = () => {
    const t = performance.now();
    let sum = 0;
    for (const { contact, activities } of data) sum += current.decide(contact, activities, NOW).score;
    return { ms: performance.now() - t, sum };
  };
  scoreOnce(); // warm-up
  const baseline = scoreOnce();

  const t = performance.now();
  const summary = await scanRuleDiff({ store, current, candidate, now: NOW });
  const diffMs = performance.now() - t;
  await store.close();

  console.log(`rules diff: ${N} contacts in ${(diffMs / 1000).toFixed(2)} s (${summary.changed} change, ${summary.becomeMql} become MQL, ${summary.notes} notes)`);
  console.log(`baseline:   scoring the same contacts once in memory: ${(baseline.ms / 1000).toFixed(2)} s`);
  console.log(`rules diff: ${Math.round(N / (diffMs / 1000))} contacts/s, ratio ${(diffMs / baseline.ms).toFixed(2)} (diff time / one scoring pass)`);
}

void main();
