/**
 * Bar charts as SVG text, for the review's email and its HTML file: no canvas, no browser, no native library. Bars per
 * label for each series, an optional line (the commitment), the numbers in <title>s and an aria-label.
 */
export interface BarChart {
  title: string;
  labels: string[];
  series: Array<{ name: string; values: number[]; color: string }>;
  line?: { name: string; values: number[]; color: string };
  /** Values are shares 0–1, shown as percentages. */
  percent?: boolean;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (v: number, percent?: boolean) => (percent ? `${Math.round(v * 100)}%` : String(Math.round(v * 10) / 10));

export function barChartSvg(c: BarChart, width = 640, height = 260): string {
  const pad = { left: 44, right: 12, top: 28, bottom: 56 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const all = [...c.series.flatMap((s) => s.values), ...(c.line?.values ?? [])];
  const max = c.percent ? 1 : Math.max(1, ...all);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const group = plotW / Math.max(1, c.labels.length);
  const barW = Math.max(2, (group * 0.8) / Math.max(1, c.series.length));
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${pad.left}" y="18" font-size="14" font-weight="600" fill="#1d2433">${esc(c.title)}</text>`);
  for (const f of [0, 0.5, 1]) {
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(max * f)}" y2="${y(max * f)}" stroke="#d8dde6"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${y(max * f) + 4}" font-size="10" text-anchor="end" fill="#4a5568">${fmt(max * f, c.percent)}</text>`);
  }
  c.labels.forEach((label, i) => {
    const x0 = pad.left + i * group + group * 0.1;
    c.series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      parts.push(`<rect x="${(x0 + j * barW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(pad.top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(`${label} ${s.name}: ${fmt(v, c.percent)}`)}</title></rect>`);
    });
    parts.push(`<text x="${(pad.left + i * group + group / 2).toFixed(1)}" y="${height - pad.bottom + 14}" font-size="10" text-anchor="middle" fill="#4a5568">${esc(label.length > 14 ? `${label.slice(0, 13)}…` : label)}</text>`);
  });
  if (c.line && c.line.values.length > 0) {
    const pts = c.line.values.map((v, i) => `${(pad.left + i * group + group / 2).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${pts}" fill="none" stroke="${c.line.color}" stroke-width="2"><title>${esc(`${c.line.name}: ${c.line.values.map((v) => fmt(v, c.percent)).join(', ')}`)}</title></polyline>`);
  }
  const legend = [...c.series, ...(c.line ? [c.line] : [])];
  legend.forEach((s, i) => {
    const x = pad.left + i * 130;
    parts.push(`<rect x="${x}" y="${height - 18}" width="10" height="10" fill="${s.color}"/><text x="${x + 14}" y="${height - 9}" font-size="11" fill="#1d2433">${esc(s.name)}</text>`);
  });
  const described = `${c.title}: ${c.labels.map((l, i) => `${l} ${legend.map((s) => `${s.name} ${fmt(s.values[i] ?? 0, c.percent)}`).join(', ')}`).join('; ')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(described)}" font-family="Arial, Helvetica, sans-serif">${parts.join('')}</svg>`;
}
