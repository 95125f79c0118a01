import { AREAS, worst, type Finding } from './finding';
import type { DoctorReport } from './diagnose-portal';

const MARK = { ok: 'ok   ', warn: 'WARN ', block: 'BLOCK' } as const;

/** The JSON scripts read: `{ portalId, ok, findings: [{ area, status, message, fix }] }`, nothing else. */
export function reportJson(r: DoctorReport): string {
  return `${JSON.stringify({ portalId: r.portalId, ok: r.ok, findings: r.findings.map(({ area, status, message, fix }) => ({ area, status, message, fix })) }, null, 2)}\n`;
}

/** One line per area (its worst status), then each finding with what to do under it. */
export function reportTable(r: DoctorReport): string {
  const lines = [`leadloop doctor: portal ${r.portalId}`, ''];
  for (const area of AREAS) {
    const found: Finding[] = r.findings.filter((f) => f.area === area);
    if (found.length === 0) continue;
    const counts = (['block', 'warn'] as const).map((s) => [s, found.filter((f) => f.status === s).length] as const).filter(([, n]) => n > 0);
    lines.push(`${MARK[worst(found.map((f) => f.status))]}  ${area}${counts.length ? ` (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}`);
    for (const f of found) {
      lines.push(`       ${f.status.padEnd(5)}  ${f.message}`);
      if (f.fix) lines.push(`              fix: ${f.fix}`);
    }
  }
  const blocks = r.findings.filter((f) => f.status === 'block').length;
  const warns = r.findings.filter((f) => f.status === 'warn').length;
  lines.push('', r.ok ? `Nothing blocks going live (${warns} warnings).` : `${blocks} problems block going live (${warns} warnings): fix each BLOCK line, then run the doctor again.`);
  return `${lines.join('\n')}\n`;
}
