import { escapeHtml } from '../http/escape-html';
import { csvOf } from '../report/report-csv';
import { barChartSvg } from './chart-svg';
import type { ReviewPack } from './build-review-pack';
import { sectionsOf, type ReviewSection } from './review-sections';

const title = (p: ReviewPack) => `leadloop monthly review: ${p.month}`;

/** Markdown: for a wiki page, a pull request, or reading in a terminal. */
export function reviewMarkdown(p: ReviewPack): string {
  const out = [`# ${title(p)}`, '', `Prepared ${p.generatedAt.slice(0, 16).replace('T', ' ')} UTC.${p.dashboardUrl ? ` Dashboard: ${p.dashboardUrl}` : ''}`];
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const s of sectionsOf(p)) {
    out.push('', `## ${s.title}${s.optional ? ' (optional)' : ''}`, '', s.note);
    if (s.table.head.length === 0) continue;
    out.push('', `| ${s.table.head.map(cell).join(' | ')} |`, `|${s.table.head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const r of s.table.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}

export interface ReviewImage {
  cid: string;
  filename: string;
  svg: string;
}

/** The charts of the pack, one per section that has one. */
export const reviewImages = (p: ReviewPack): ReviewImage[] =>
  sectionsOf(p)
    .filter((s): s is ReviewSection & { chart: NonNullable<ReviewSection['chart']> } => s.chart !== undefined)
    .map((s) => ({ cid: `${s.id}-chart@leadloop`, filename: `${p.month}-${s.id}.svg`, svg: barChartSvg(s.chart) }));

/**
 * HTML: the email's body, or a file to open and print. `imageSrc` places each chart: `cid:` in an email (the image
 * travels as an attachment), a data URI in a file that must stand alone. Each chart's numbers are also in its table.
 */
export function reviewHtml(p: ReviewPack, imageSrc: (img: ReviewImage) => string): string {
  const images = new Map(reviewImages(p).map((i) => [i.cid.split('-chart@')[0], i]));
  const th = 'style="text-align:left;border-bottom:1px solid #d8dde6;padding:4px 8px"';
  const td = 'style="border-bottom:1px solid #eef0f4;padding:4px 8px"';
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title(p))}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#1d2433;max-width:760px;margin:0 auto">`,
    `<h1 style="font-size:20px">${escapeHtml(title(p))}</h1>`,
    `<p>Prepared ${escapeHtml(p.generatedAt.slice(0, 16).replace('T', ' '))} UTC.${p.dashboardUrl ? ` <a href="${escapeHtml(p.dashboardUrl)}">Open the month on the dashboard</a>.` : ''}</p>`,
  ];
  for (const s of sectionsOf(p)) {
    parts.push(`<section id="${s.id}"><h2 style="font-size:16px">${escapeHtml(s.title)}${s.optional ? ' <small>(optional)</small>' : ''}</h2><p>${escapeHtml(s.note)}</p>`);
    const img = images.get(s.id);
    if (img) parts.push(`<img src="${escapeHtml(imageSrc(img))}" alt="${escapeHtml(s.chart!.title)}" width="640" height="260" style="max-width:100%;height:auto">`);
    if (s.table.head.length > 0) {
      parts.push(`<table style="border-collapse:collapse;font-size:13px"><thead><tr>${s.table.head.map((h) => `<th ${th}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`);
      for (const r of s.table.rows) parts.push(`<tr>${r.map((c) => `<td ${td}>${escapeHtml(c)}</td>`).join('')}</tr>`);
      parts.push('</tbody></table>');
    }
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

/** A file that stands alone: the charts inlined as data URIs. */
export const reviewHtmlFile = (p: ReviewPack): string => reviewHtml(p, (i) => `data:image/svg+xml;base64,${Buffer.from(i.svg).toString('base64')}`);

/** The CSV attached to the email: one long table (section, group, metric, value), like the report's. */
export function reviewCsv(p: ReviewPack): string {
  const rows: unknown[][] = [['section', 'group', 'metric', 'value']];
  for (const s of sectionsOf(p)) {
    for (const r of s.table.rows) for (let j = 1; j < r.length; j++) rows.push([s.id, r[0], s.table.head[j], r[j]]);
  }
  return csvOf(rows);
}

/** Slack's summary: the headline numbers and the link to the month on the dashboard. */
export function reviewSlackText(p: ReviewPack): string {
  const notes = sectionsOf(p).filter((s) => ['contract', 'sla', 'proposal'].includes(s.id));
  const lines = [`*${title(p)}*`, ...notes.map((s) => `• ${s.note}`)];
  if (p.dashboardUrl) lines.push(`<${p.dashboardUrl}|Open ${p.month} on the dashboard>`);
  return lines.join('\n');
}
