import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { describeZodIssues } from '../config/format-zod-issues';
import type { SlaConfig } from '../config/sla-schema';
import { loadProposal } from '../contract/load-proposal';
import { loadReport, type OwnerNames } from '../report/load-report';
import type { RevenueOptions } from '../report/load-revenue';
import { ConfigError } from '../config/config-error';
import { reportQuerySchema, type ReportQuery } from '../report/report-query';
import { reportCsv } from '../report/report-csv';
import type { BackfillState } from '../backfill/auto-backfill';
import type { Store } from '../store/store-port';
import { readerOf } from './credentials';
import { HttpError } from './http-error';

export interface ReportRouteDeps {
  /** The app's clock: "this month" is the injected today's month (tests start leadloop at a chosen date). */
  now?: () => number;
  store: Store;
  sla: SlaConfig;
  ownerNames?: OwnerNames;
  /** The rules version the server runs and since when (src/rules/activate-rules.ts); shown on the dashboard. */
  rules?: () => Promise<{ version: string; since: string | null }>;
  /** The backfill's progress for a portal (none asked: the one leadloop serves), for `GET /api/backfill`. */
  backfill?: (portalId: number | undefined) => Promise<BackfillState | null>;
  /** The attribution model and marketing's costs (config/costs.json) for revenue and return by source. */
  revenue?: RevenueOptions;
}

/** A portal user's query is their portal's: no `portal` given means theirs, another portal's is refused. */
function queryOf(req: Request, res: Response): ReportQuery {
  const q = parsedQuery(req);
  const reader = readerOf(res);
  if (reader.kind === 'admin') return q;
  if (q.portal !== undefined && q.portal !== reader.portalId) throw new HttpError(403, 'REPORT.OTHER_PORTAL', `you are signed in for portal ${reader.portalId}; its report is the only one you may read`);
  return { ...q, portal: reader.portalId };
}

function parsedQuery(req: Request): ReportQuery {
  const parsed = reportQuerySchema.safeParse(req.query);
  if (!parsed.success) {
    const details = describeZodIssues(parsed.error).map((d) => ({ field: d.path || '(query)', reason: d.message }));
    throw new HttpError(400, 'REPORT.BAD_QUERY', `bad report query: ${details.map((d) => `${d.field}: ${d.reason}`).join('; ')}`, details);
  }
  return parsed.data;
}

const DASHBOARD_DIR = path.join(__dirname, '../../src/dashboard');
// The charting library is served by leadloop itself: no CDN, works offline and behind strict CSPs.
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/**
 * The closed-loop report: `GET /api/report` (JSON), `GET /api/report.csv`, and the dashboard at `/`. Who may call
 * them is decided before they run (access-policy.ts); here a portal user's session narrows the report to the portal.
 */
export function reportRoutes(d: ReportRouteDeps): Router {
  const r = Router();
  const run = async (req: Request, res: Response) => {
    const q = queryOf(req, res);
    try {
      return await loadReport(d.store, d.sla, q, (d.now ?? Date.now)(), d.ownerNames, d.revenue);
    } catch (e) {
      // A costs file edited into an invalid one: say which field, rather than a bare 500.
      if (e instanceof ConfigError) throw new HttpError(500, e.code, e.message, e.problems.map((p) => ({ field: e.source, reason: p })));
      if (e instanceof RangeError) throw new HttpError(400, 'REPORT.BAD_QUERY', e.message, [{ field: 'to', reason: e.message }]);
      throw e;
    }
  };
  r.get('/api/backfill', async (req, res) => {
    const reader = readerOf(res);
    const asked = typeof req.query.portal === 'string' && /^\d+$/.test(req.query.portal) ? Number(req.query.portal) : undefined;
    const state = await d.backfill?.(reader.kind === 'admin' ? asked : reader.portalId);
    res.json(state ?? { portalId: asked ?? null, status: 'idle', done: 0, total: 0, etaSeconds: null });
  });
  r.get('/api/report', async (req, res) => {
    const report = await run(req, res);
    res.json(d.rules ? { ...report, rules: await d.rules() } : report);
  });
  // The contract's versions and the proposal for next month (rates of the 90 days up to the app's today).
  r.get('/api/contract', async (req, res) => {
    const q = queryOf(req, res);
    res.json(await loadProposal(d.store, d.sla, { now: (d.now ?? Date.now)(), ...(q.portal !== undefined ? { portal: q.portal } : {}) }));
  });
  r.get('/api/report.csv', async (req, res) => {
    const report = await run(req, res);
    res.type('text/csv').attachment(`leadloop-report-${report.period.from.slice(0, 10)}.csv`).send(reportCsv(report));
  });
  r.get('/vendor/chart.umd.min.js', (_req, res) => res.sendFile(CHART_JS, { maxAge: '1d' }));
  r.use('/', express.static(DASHBOARD_DIR, { index: 'index.html', maxAge: 0 }));
  return r;
}
