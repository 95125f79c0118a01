import path from 'node:path';
import express, { Router, type Request } from 'express';
import { describeZodIssues } from '../config/format-zod-issues';
import type { SlaConfig } from '../config/sla-schema';
import { loadReport, type OwnerNames } from '../report/load-report';
import { reportQuerySchema, type ReportQuery } from '../report/report-query';
import { reportCsv } from '../report/report-csv';
import type { Store } from '../store/store-port';
import { dashboardAccess } from './dashboard-access';
import { HttpError } from './http-error';

export interface ReportRouteDeps {
  store: Store;
  sla: SlaConfig;
  ownerNames?: OwnerNames;
  /** LEADLOOP_DASHBOARD_TOKEN: without it, the report and dashboard answer on loopback only. */
  accessToken?: string;
  /** The rules version the server runs and since when (src/rules/activate-rules.ts); shown on the dashboard. */
  rules?: () => Promise<{ version: string; since: string | null }>;
}

function queryOf(req: Request): ReportQuery {
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

/** The closed-loop report: `GET /api/report` (JSON), `GET /api/report.csv`, and the dashboard at `/`. */
export function reportRoutes(d: ReportRouteDeps): Router {
  const r = Router();
  const guard = dashboardAccess(d.accessToken);
  const run = async (req: Request) => {
    const q = queryOf(req);
    try {
      return await loadReport(d.store, d.sla, q, Date.now(), d.ownerNames);
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(400, 'REPORT.BAD_QUERY', e.message, [{ field: 'to', reason: e.message }]);
      throw e;
    }
  };
  r.get('/api/report', guard, async (req, res) => {
    const report = await run(req);
    res.json(d.rules ? { ...report, rules: await d.rules() } : report);
  });
  r.get('/api/report.csv', guard, async (req, res) => {
    const report = await run(req);
    res.type('text/csv').attachment(`leadloop-report-${report.period.from.slice(0, 10)}.csv`).send(reportCsv(report));
  });
  r.get('/vendor/chart.umd.min.js', guard, (_req, res) => res.sendFile(CHART_JS, { maxAge: '1d' }));
  r.use('/', guard, express.static(DASHBOARD_DIR, { index: 'index.html', maxAge: 0 }));
  return r;
}
