/** One scrape of `/metrics`, read the way Prometheus reads it: a sample by name and exact label set. */
export interface Scrape {
  text: string;
  /** The sample with exactly these labels; 0 when the series is absent (a counter not yet moved). */
  value(name: string, labels?: Record<string, string>): number;
  /** The sum over every series of the name whose labels include these. */
  sum(name: string, labels?: Record<string, string>): number;
  /** The label sets of every series of the name. */
  series(name: string): Array<Record<string, string>>;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const includes = (have: Record<string, string>, want: Record<string, string>) => Object.entries(want).every(([k, v]) => have[k] === v);

/** Scrapes a running leadloop as Prometheus is told to: with the admin token as a bearer token. */
export async function scrape(app: { url: string; adminToken: string }): Promise<Scrape> {
  const res = await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${app.adminToken}` } });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  const samples = parse(text);
  const of = (name: string) => samples.filter((s) => s.name === name);
  return {
    text,
    value(name, labels = {}) {
      const hit = of(name).find((s) => Object.keys(s.labels).length === Object.keys(labels).length && includes(s.labels, labels));
      return hit?.value ?? 0;
    },
    sum: (name, labels = {}) => of(name).filter((s) => includes(s.labels, labels)).reduce((a, s) => a + s.value, 0),
    series: (name) => of(name).map((s) => s.labels),
  };
}
