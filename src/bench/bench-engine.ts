import path from 'node:path';
import { loadScoringConfig } from '../config/load-scoring-config';
import type { ContactActivity, ContactSnapshot } from '../domain/contact-activity';
import { createDecider } from '../domain/decide';
import { progress } from './bench-support';

// npm run bench:engine — score N synthetic contacts (default 100,000) with the shipped rules on one core,
// next to a loop that only reads the same data, in the same run.
const N = Number(process.argv[2] ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);

/** A deterministic pseudo-random generator, so every run scores the same contacts. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesise(n: number): Array<{ contact: ContactSnapshot; activities: ContactActivity[] }> {
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const titles = ['VP Marketing', 'Head of Sales', 'Marketing Manager', 'Software Engineer', 'Student', 'CEO', 'Director of Growth', ''];
  const industries = ['Software', 'Financial services', 'Retail', 'Education', 'Internet'];
  const sizes = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
  const countries = ['United States', 'Germany', 'Brazil', 'Canada', 'India'];
  const domains = ['acme.io', 'gmail.com', 'globex.com', 'outlook.com', 'initech.com'];
  const forms = ['Demo request', 'Contact sales', 'Ebook download', 'Newsletter'];
  const stages = ['subscriber', 'lead', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', ''];
  return Array.from({ length: n }, (_, i) => {
    const activities: ContactActivity[] = [];
    const count = Math.floor(rnd() * 12);
    for (let k = 0; k < count; k++) {
      const at = NOW - Math.floor(rnd() * 120 * DAY);
      const r = rnd();
      if (r < 0.2) activities.push({ kind: 'form_submitted', at, formName: pick(forms) });
      else if (r < 0.6) activities.push({ kind: 'page_viewed', at, url: pick(['/pricing', '/blog/a', '/product', '/']) });
      else if (r < 0.9) activities.push({ kind: 'email_opened', at });
      else activities.push({ kind: 'email_clicked', at });
    }
    return {
      contact: {
        id: String(i + 1),
        properties: {
          email: `p${i}@${pick(domains)}`, jobtitle: pick(titles), company: rnd() < 0.9 ? 'Co' : '', numemployees: pick(sizes),
          industry: pick(industries), country: pick(countries), phone: rnd() < 0.5 ? '+1 555 0100' : '', lifecyclestage: pick(stages),
          hs_lead_status: pick(['NEW', 'OPEN', 'CONNECTED', '']),
        },
      },
      activities,
    };
  });
}

function main(): void {
  const { rules, hash } = loadScoringConfig(path.resolve(__dirname, '../../config/scoring.json'));
  const decide = createDecider(rules, hash);
  const data = synthesise(N);

  // Baseline: touch every property and activity of every contact, as the engine must at least do.
  let checksum = 0;
  const readAll = () => {
    for (const { contact, activities } of data) {
      for (const v of Object.values(contact.properties)) checksum += v ? v.length : 0;
      for (const a of activities) checksum += a.at & 1;
    }
  };
  let promoted = 0;
  let scoreSum = 0;
  const scoreAll = (label: string) => {
    promoted = 0;
    scoreSum = 0;
    for (let i = 0; i < data.length; i++) {
      const { contact, activities } = data[i]!;
      const d = decide(contact, activities, NOW);
      scoreSum += d.score;
      if (d.stage.changed && d.stage.to === 'marketingqualifiedlead') promoted += 1;
      if (i % 10_000 === 0) progress(label, i, data.length);
    }
    progress(label, data.length, data.length);
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const time = (fn: () => void) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  // One untimed pass each so both loops are measured after the JIT has compiled them; then the median of 3.
  readAll();
  scoreAll('warm-up');
  const readMs = median([time(readAll), time(readAll), time(readAll)]);
  const engineMs = median([1, 2, 3].map((r) => time(() => scoreAll(`engine ${r}/3`))));

  const perSecond = N / (engineMs / 1000);
  const readPerSecond = N / (readMs / 1000);
  console.log(`contacts: ${N}, ${data.reduce((s, x) => s + x.activities.length, 0)} activities; rules ${hash}; ${promoted} promoted to MQL; mean score ${(scoreSum / N).toFixed(2)} (checksum ${checksum})`);
  console.log(`read-only loop: ${Math.round(readPerSecond)} contacts/s (${readMs.toFixed(0)} ms, median of 3)`);
  console.log(`engine:         ${Math.round(perSecond)} contacts/s (${engineMs.toFixed(0)} ms), median of 3 after a warm-up pass; note text is built when read, not here`);
  console.log(`engine: ${Math.round(perSecond)} contacts/s, ratio ${(perSecond / readPerSecond).toFixed(3)}`);
}

main();
