/** One line of the doctor's report: what it found in an area, how bad, and what to do about it. */
export type FindingStatus = 'ok' | 'warn' | 'block';

export const AREAS = ['scopes', 'webhooks', 'properties', 'forms', 'lifecycle', 'lead-status', 'deals', 'owners', 'leads', 'backfill'] as const;
export type Area = (typeof AREAS)[number];

export interface Finding {
  area: Area;
  status: FindingStatus;
  message: string;
  /** What to do; null when nothing needs doing. */
  fix: string | null;
}

export const ok = (area: Area, message: string): Finding => ({ area, status: 'ok', message, fix: null });
export const warn = (area: Area, message: string, fix: string): Finding => ({ area, status: 'warn', message, fix });
export const block = (area: Area, message: string, fix: string): Finding => ({ area, status: 'block', message, fix });

const RANK: Record<FindingStatus, number> = { ok: 0, warn: 1, block: 2 };
export const worst = (statuses: readonly FindingStatus[]): FindingStatus => statuses.reduce<FindingStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
