import { randomUUID } from 'node:crypto';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config/load-config';
import { resolveAdminToken } from './config/admin-token';
import { closeServer } from './http/close-server';
import { createApp } from './http/create-app';
import { createMetricsApp } from './http/metrics-route';
import { createIntakeHealth, storeWriteProbe } from './http/intake-health';
import { createMetrics, type Metrics } from './http/metrics';
import type { Logger } from './log/create-logger';
import type { ProcessFaults } from './runtime/process-faults';
import type { EventProcessor } from './processing/event-processor';
import { scoreContacts, type ContactScorer } from './processing/score-contacts';
import { createFormSubmissionResolver } from './processing/resolve-form-submission';
import { createDealReader } from './processing/read-deals';
import { createDecider } from './domain/decide';
import { recordRulesInForce, rulesInForce } from './rules/activate-rules';
import { propertiesNeeded, writtenPropertyNames } from './domain/plan-crm-update';
import { createHubspotCrm, privateAppTokens, SEARCH_LIMIT, type TokenFor } from './crm/hubspot/hubspot-crm';
import { perPortalLimiters } from './crm/rate-limiter';
import { wireAutoBackfill } from './backfill/wire-auto-backfill';
import type { AutoBackfill } from './backfill/auto-backfill';
import { createHubspotOAuth, type HubspotOAuth } from './crm/hubspot/hubspot-oauth';
import { setupCrmProperties } from './crm/setup-properties';
import { withPropertiesReady } from './crm/with-properties-ready';
import { createPortalTokens, type PortalTokens } from './oauth/portal-tokens';
import { oauthRedirectUri, readAppRedirectUrls, registeredRedirectUrls, unregisteredRedirectProblem } from './oauth/redirect-urls';
import { createTokenCipher } from './oauth/token-cipher';
import { createContactReader } from './writeback/contact-reader';
import { createPortalFacts } from './crm/portal-facts';
import { createWriteBack } from './writeback/write-back';
import { loadScoringConfig, type LoadedScoringConfig } from './config/load-scoring-config';
import { createStore } from './store/create-store';
import type { Store } from './store/store-port';
import { createEventWorker, type EventWorker } from './worker/event-worker';
import { ConfigError } from './config/config-error';
import { loadSlaConfig } from './config/load-sla-config';
import { loadCostsConfig } from './config/load-costs-config';
import type { SlaConfig } from './config/sla-schema';
import type { CrmPort } from './crm/crm-port';
import { createOwnerDirectory, type OwnerDirectory } from './crm/owner-directory';
import { isValidSchedule, scheduleJob } from './jobs/schedule-job';
import { emailNotifier } from './notify/email-notifier';
import { hubspotTaskNotifier } from './notify/hubspot-task-notifier';
import type { Notifier } from './notify/notifier-port';
import { slackNotifier } from './notify/slack-notifier';
import { cachedUiDomains } from './contact-card/ui-domains';
import { createSlaAudit, type SlaAudit } from './sla/run-sla-audit';
import { SLA_PROPERTIES, SLA_READ_PROPERTIES, termsOf } from './sla/sla-terms';
import { createSlaTracker } from './sla/track-sla';
import { REPORT_READ_PROPERTIES } from './report/report-properties';
import { wireReconciler } from './reconcile/wire-reconciler';
import type { Reconciler } from './reconcile/run-reconcile';
import { recordContractInForce } from './contract/record-contract';
import { wireMonthlyReview } from './review/wire-monthly-review';
import type { MonthlyReview } from './review/monthly-review';
import type { ReviewChannels } from './review/send-review';

export interface RunningLeadloop {
  url: string;
  /** The token that opens the report and /metrics (LEADLOOP_ADMIN_TOKEN, or generated into the data directory). */
  adminToken: string;
  /** Where /metrics is served without a token when LEADLOOP_METRICS_PORT is set. */
  metricsUrl?: string;
  store: Store;
  worker: EventWorker;
  /** The SLA audit the schedule runs (also run by `leadloop sla audit`). */
  slaAudit: SlaAudit;
  /** The in-process backfill (with CRM access): after an OAuth install, and at start with `autoBackfill`. */
  backfill?: AutoBackfill;
  /** Reconciliation (with CRM access): the round the schedule runs, also run by `leadloop reconcile`. */
  reconciler?: Reconciler;
  /** The monthly review the schedule runs (config/sla.json `review`). */
  monthlyReview: MonthlyReview;
  /** Stops accepting requests, drains the worker, closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** The scoring rules; read from LEADLOOP_SCORING_CONFIG when absent. */
  scoring?: LoadedScoringConfig;
  /** The SLA contract; read from LEADLOOP_SLA_CONFIG when absent. */
  sla?: SlaConfig;
  /** Run the audit on its cron schedule (default true; tests drive it by hand). */
  scheduleSlaAudit?: boolean;
  /** Run reconciliation on LEADLOOP_RECONCILE_SCHEDULE (default true; tests drive it by hand). */
  scheduleReconcile?: boolean;
  /** Check hourly whether the monthly review is due (default true; tests drive it by hand). */
  scheduleReview?: boolean;
  /** The review's channels (default: from SMTP_URL and SLACK_WEBHOOK_URL; tests pass recording ones). */
  reviewChannels?: ReviewChannels;
  /** Replaces the default processor (tests, later the scoring engine). */
  processor?: (store: Store) => EventProcessor;
  host?: string;
  /** The clock for the SLA, decisions, the queue and stored times (default Date.now; tests start it at a chosen "today"). */
  now?: () => number;
  /** app.json's `auth.redirectUrls` (read from app.json when absent): OAuth mode checks its redirect URI against them. */
  appRedirectUrls?: readonly string[];
  /**
   * When the in-process backfill starts by itself (default off; main.ts turns it on): `install`, after an OAuth
   * install; `install-and-start`, also at start for served portals never backfilled (the sandbox).
   */
  autoBackfill?: 'off' | 'install' | 'install-and-start';
  /** Failures that escaped every handler (main.ts records unhandled rejections): /readyz fails while any. */
  faults?: ProcessFaults;
}

/**
 * Which tokens reach HubSpot: OAuth per installed portal (HUBSPOT_CLIENT_ID + secret + LEADLOOP_ENCRYPTION_KEY),
 * or one private-app token (HUBSPOT_ACCESS_TOKEN). With neither, decisions are stored, not written.
 */
function crmWiring(config: AppConfig, rules: LoadedScoringConfig, store: Store, logger: Logger, now: () => number, metrics: Metrics, redirectUri: string) {
  const e = config.env;
  const { clientId, clientSecrets, accessToken, baseUrl } = config.hubspot;
  let tokenFor: TokenFor;
  // The portals reconciliation reads back: the installed ones (OAuth), or the private app's own.
  let portals: () => Promise<number[]>;
  let oauth: { client: HubspotOAuth; tokens: PortalTokens } | undefined;
  if (clientId && clientSecrets[0] && config.encryptionKey) {
    const client = createHubspotOAuth({ baseUrl, authorizeBaseUrl: authorizeOrigin(baseUrl), clientId, clientSecret: clientSecrets[0] });
    const tokens = createPortalTokens(store, client, createTokenCipher(config.encryptionKey), logger, now);
    oauth = { client, tokens };
    tokenFor = tokens.tokenFor;
    portals = async () => (await store.listPortals()).filter((p) => p.status === 'active').map((p) => p.portalId);
  } else if (accessToken) {
    const privateTokens = privateAppTokens(accessToken, baseUrl);
    tokenFor = privateTokens;
    portals = async () => [await privateTokens.portalId()];
  } else {
    logger.info('no HubSpot credentials: decisions are stored, not written to HubSpot');
    return { processor: undefined, oauth: undefined, sweep: undefined, drain: undefined, crm: undefined, portals: undefined, background: undefined };
  }
  const rateLimit = { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS, backgroundShare: e.LEADLOOP_BACKFILL_RATE_SHARE };
  // One limiter per portal for live and background work: a backfill takes the `background` turn, webhooks go first.
  const shared = { limiters: perPortalLimiters(rateLimit, metrics.observers.crm), searchLimiters: perPortalLimiters(SEARCH_LIMIT, metrics.observers.crm) };
  const crm = withPropertiesReady(createHubspotCrm({ baseUrl, tokenFor, ...shared, metrics: metrics.observers.crm }), (portalId, created) =>
    logger.info('created leadloop properties', { portalId, created }),
  );
  const background = withPropertiesReady(createHubspotCrm({ baseUrl, tokenFor, ...shared, priority: 'background', metrics: metrics.observers.crm }));
  if (e.LEADLOOP_DRY_RUN) logger.warn('LEADLOOP_DRY_RUN: decisions are computed, stored and logged; nothing is written to HubSpot');
  const facts = createPortalFacts(crm, rules.rules.lifecycle.salesAccepted, { now });
  const writeBack = createWriteBack({ crm, store, logger, windowMs: e.LEADLOOP_CRM_BATCH_WINDOW_MS, dryRun: e.LEADLOOP_DRY_RUN, now, metrics: metrics.observers.writeBack, stagesOf: facts.stages });
  return {
    crm,
    background,
    portals,
    processor: {
      reader: createContactReader(crm, [...propertiesNeeded(rules.rules), ...SLA_READ_PROPERTIES, ...REPORT_READ_PROPERTIES], e.LEADLOOP_CRM_BATCH_WINDOW_MS),
      writeBack,
      ownProperties: new Set([...writtenPropertyNames(rules.rules), ...Object.values(SLA_PROPERTIES)]),
      resolveForm: createFormSubmissionResolver(crm, e.LEADLOOP_CRM_BATCH_WINDOW_MS, now),
      deals: createDealReader(crm, { now }),
      facts,
    },
    // Notes interrupted by a crash or a failed call are finished at start and every minute.
    sweep: () => writeBack.sweep(),
    drain: () => writeBack.drain(),
    oauth: oauth && {
      oauth: oauth.client,
      tokens: oauth.tokens,
      store,
      logger,
      encryptionKey: config.encryptionKey!,
      redirectUri,
      setupPortal: async (portalId: number) => (e.LEADLOOP_DRY_RUN ? void (await setupCrmProperties(crm, portalId, { dryRun: true })) : crm.ensureProperties(portalId)),
    },
  };
}

/** /metrics on a port of its own (LEADLOOP_METRICS_PORT), for Prometheus; its own error names the variable. */
async function listenMetrics(app: http.RequestListener, port: number, host: string): Promise<http.Server> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  }).catch((error: unknown) => {
    throw new ConfigError('environment', [`LEADLOOP_METRICS_PORT: cannot listen on ${host}:${port} (${(error as Error).message})`]);
  });
  return server;
}

/**
 * A worker process yields the CPU to the web processes on the same machine (LEADLOOP_WORKER_NICE). Raising one's own
 * niceness needs no privilege; where the platform refuses anyway, the worker runs at normal priority and says so.
 */
function lowerPriority(nice: number, logger: Logger): void {
  try {
    if (os.getPriority() < nice) os.setPriority(nice);
  } catch (error) {
    logger.warn('could not lower the worker process priority (LEADLOOP_WORKER_NICE)', { nice, error });
  }
}

/** Users authorize on HubSpot's app origin; a sandbox serves the page itself. */
export function authorizeOrigin(apiBaseUrl: string): string {
  return apiBaseUrl === 'https://api.hubapi.com' ? 'https://app.hubspot.com' : apiBaseUrl;
}

/** Decides one contact now and waits for its write-back; a failed write is the caller's error, not a log line. */
async function rescoreNow(scorer: ContactScorer, portalId: number, contactId: string): Promise<void> {
  await scorer.rescore(portalId, contactId);
  const failures = (await scorer.settle?.()) ?? new Map<string, unknown>();
  const failure = [...failures.values()][0];
  if (failure !== undefined) throw failure;
}

/** Owner id → name for the report, from the cached owners list. */
const ownerNamesFrom = (directory: OwnerDirectory) => async (portalId: number) =>
  new Map((await directory.owners(portalId)).map((o) => [o.id, `${o.firstName} ${o.lastName}`.trim() || o.email]));

/** The channels an owner hears from: a HubSpot task (with CRM access), Slack and email when configured. */
function notifiersFor(config: AppConfig, crm: CrmPort | undefined, directory: OwnerDirectory | undefined): Notifier[] {
  const e = config.env;
  const list: Notifier[] = [];
  if (crm) list.push(hubspotTaskNotifier(crm));
  if (e.SLACK_WEBHOOK_URL) list.push(slackNotifier(e.SLACK_WEBHOOK_URL));
  if (e.SMTP_URL && directory) {
    list.push(
      emailNotifier(e.SMTP_URL, e.SLA_EMAIL_FROM ?? 'leadloop <leadloop@localhost>', async (portalId, ownerId) => (await directory.owners(portalId)).find((w) => w.id === ownerId)?.email ?? null),
    );
  }
  return list;
}

/**
 * OAuth mode sends one redirect URI, known at start; an install can only work when the app registers it. Refused
 * here, naming the fix, rather than at HubSpot's consent page in front of the customer.
 */
function oauthRedirectUriOrThrow(config: AppConfig, appRedirectUrls: readonly string[] | undefined): string {
  const redirectUri = oauthRedirectUri(config.publicUrl, config.port);
  if (!config.hubspot.clientId) return redirectUri;
  const registered = registeredRedirectUrls(appRedirectUrls ?? readAppRedirectUrls(), config.publicUrl);
  const problem = unregisteredRedirectProblem(redirectUri, registered, config.publicUrl);
  if (problem) throw new ConfigError('environment', [problem]);
  return redirectUri;
}

export async function startLeadloop(config: AppConfig, { logger, processor, host = '0.0.0.0', scoring, sla, scheduleSlaAudit = true, scheduleReconcile = true, scheduleReview = true, reviewChannels, now = Date.now, appRedirectUrls, faults, autoBackfill = 'off' }: StartOptions): Promise<RunningLeadloop> {
  const redirectUri = oauthRedirectUriOrThrow(config, appRedirectUrls);
  // Read the rules before opening anything: a bad rules file stops the start with its own message.
  const rules = scoring ?? loadScoringConfig(config.env.LEADLOOP_SCORING_CONFIG);
  const slaConfig = sla ?? loadSlaConfig(config.env.LEADLOOP_SLA_CONFIG);
  if (!isValidSchedule(config.env.LEADLOOP_RECONCILE_SCHEDULE)) throw new ConfigError('environment', [`LEADLOOP_RECONCILE_SCHEDULE: "${config.env.LEADLOOP_RECONCILE_SCHEDULE}" is not a cron expression (e.g. "*/15 * * * *")`]);
  if (!isValidSchedule(slaConfig.review.schedule)) throw new ConfigError(config.env.LEADLOOP_SLA_CONFIG, [`review.schedule: "${slaConfig.review.schedule}" is not a cron expression (e.g. "15 * * * *")`]);
  if (!isValidSchedule(slaConfig.audit.schedule)) throw new ConfigError(config.env.LEADLOOP_SLA_CONFIG, [`audit.schedule: "${slaConfig.audit.schedule}" is not a cron expression (e.g. "*/5 * * * *")`]);
  const role = config.env.LEADLOOP_ROLE;
  // Web processes receive and acknowledge; worker processes score, write and run the scheduled jobs.
  const runsWorker = role !== 'web';
  if (role === 'worker') lowerPriority(config.env.LEADLOOP_WORKER_NICE, logger);
  const store = await createStore(config.databaseUrl, { poolMax: config.env.DATABASE_POOL_MAX, preparedStatements: config.env.DATABASE_PREPARED_STATEMENTS });
  await recordRulesInForce(store, rules, now());
  // The contract in config/sla.json, changed since the last version recorded: a new version from now.
  await recordContractInForce(store, slaConfig, now());
  const metrics = createMetrics(() => store.queueCounts());
  const wiring = crmWiring(config, rules, store, logger, now, metrics, redirectUri);
  const owners = wiring.crm ? createOwnerDirectory(wiring.crm, { now }) : undefined;
  const e = config.env;
  const { token: adminToken } = resolveAdminToken(config);
  const backfill = wiring.background
    ? wireAutoBackfill({ crm: wiring.background, store, rules, logger, now, windowMs: e.LEADLOOP_CRM_BATCH_WINDOW_MS, dryRun: e.LEADLOOP_DRY_RUN, progress: metrics.observers.backfill, metrics: { decisions: metrics.observers.decisions, writeBack: metrics.observers.writeBack } })
    : undefined;
  const backfillState = async (portalId: number | undefined) => {
    const portal = portalId ?? (await wiring.portals?.())?.[0];
    return backfill && portal !== undefined ? backfill.state(portal) : null;
  };
  // An install's backfill runs here, or (role web) is left as an unstarted checkpoint for a worker to take up.
  const requestBackfill = async (portalId: number) => {
    if (runsWorker) return backfill?.start(portalId);
    if (!(await store.getBackfillCheckpoint(portalId))) await store.saveBackfillCheckpoint({ portalId, lastContactId: null, done: 0, total: 0, status: 'running', startedAt: now(), updatedAt: now() });
  };
  const newScorer = () =>
    scoreContacts({ store, decide: createDecider(rules.rules, rules.hash), logger, now, crm: wiring.processor, metrics: metrics.observers.decisions, sla: createSlaTracker({ store, sla: slaConfig, owners, logger, now, metrics: metrics.observers.sla }), rejection: rules.rules.lifecycle.disqualified });
  // The card's "Re-score now" decides with a scorer of its own: settling it waits for that contact's write only.
  const cardScorer = wiring.processor ? newScorer() : undefined;
  const worker = createEventWorker({
    store,
    processor: processor ? processor(store) : newScorer(),
    concurrency: e.LEADLOOP_WORKER_CONCURRENCY,
    logger,
    metrics,
    pollMs: e.LEADLOOP_WORKER_POLL_MS,
    coalesceMs: e.LEADLOOP_WORKER_COALESCE_MS,
    leaseMs: e.LEADLOOP_WORKER_LEASE_MS,
    maxAttempts: e.LEADLOOP_WORKER_MAX_ATTEMPTS,
    maxSubjectsPerClaim: e.LEADLOOP_WORKER_BATCH_CONTACTS,
    now,
  });
  const app = createApp({
    store,
    logger,
    metrics,
    role,
    ...(runsWorker ? { isWorkerRunning: () => worker.isRunning() } : {}),
    readiness: { intake: createIntakeHealth(storeWriteProbe(store, now)), ...(runsWorker ? { workerStalledSince: () => worker.stalledSince() } : {}), ...(faults ? { processFault: () => faults.current() } : {}) },
    webhook: {
      clientSecrets: config.hubspot.clientSecrets,
      acceptLegacySignatures: e.LEADLOOP_ACCEPT_LEGACY_SIGNATURES,
      publicUrl: config.publicUrl,
      maxBodyBytes: e.LEADLOOP_WEBHOOK_MAX_BODY_BYTES,
      onStored: () => worker.wake(),
      now,
    },
    oauth: wiring.oauth && { ...wiring.oauth, ...(autoBackfill === 'off' ? {} : { onInstalled: (portalId: number) => void requestBackfill(portalId) }) },
    card: {
      clientSecrets: config.hubspot.clientSecrets,
      publicUrl: config.publicUrl,
      terms: termsOf(slaConfig),
      now,
      ...(wiring.portals ? { servedPortals: wiring.portals } : {}),
      ...(cardScorer ? { rescore: (portalId: number, contactId: string) => rescoreNow(cardScorer, portalId, contactId) } : {}),
      ...(wiring.crm?.uiDomain ? { uiDomainOf: cachedUiDomains(wiring.crm.uiDomain.bind(wiring.crm), now) } : {}),
    },
    report: { sla: slaConfig, now, rules: rulesInForce(store, rules.hash), backfill: backfillState, revenue: { model: e.LEADLOOP_ATTRIBUTION_MODEL, costs: () => loadCostsConfig(e.LEADLOOP_COSTS_CONFIG) }, ...(owners ? { ownerNames: ownerNamesFrom(owners) } : {}) },
    access: { adminToken, publicUrl: config.publicUrl, metricsOnOwnPort: e.LEADLOOP_METRICS_PORT !== undefined, trustProxy: e.LEADLOOP_TRUST_PROXY, now },
  });
  const server = http.createServer(app);
  // HubSpot gives up on a delivery after 5 s; a slow client must not hold a socket forever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  // An idle keep-alive connection stays open longer than a client or proxy keeps it (load balancers: 60 s): when the
  // server closes first, a request sent on that socket at the same moment fails with ECONNRESET (seen in CI).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, host, resolve);
  }).catch(async (error: unknown) => {
    // The port is taken (or forbidden): leave the database closed and checkpointed, not half-open.
    await store.close().catch(() => undefined);
    throw error;
  });
  const metricsServer =
    e.LEADLOOP_METRICS_PORT === undefined
      ? undefined
      : await listenMetrics(createMetricsApp(metrics), e.LEADLOOP_METRICS_PORT, e.LEADLOOP_METRICS_HOST).catch(async (error: unknown) => {
          await closeServer(server);
          await store.close().catch(() => undefined);
          throw error;
        });
  if (runsWorker) worker.start();
  const slaAudit = createSlaAudit({ store, sla: slaConfig, notifiers: e.LEADLOOP_DRY_RUN ? [] : notifiersFor(config, wiring.crm, owners), crm: e.LEADLOOP_DRY_RUN ? undefined : wiring.crm, logger, metrics: metrics.observers.sla });
  // Every instance fires the same cron: each firing's second is claimed in the store, and one instance runs it.
  const instanceName = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const once = { claim: (job: string, moment: number) => store.claimJobRun(job, moment, instanceName, now()), now };
  const auditJob = scheduleSlaAudit && runsWorker ? scheduleJob('sla-audit', slaConfig.audit.schedule, () => slaAudit.run(now(), { dryRun: e.LEADLOOP_DRY_RUN }), logger, e.LEADLOOP_DRY_RUN ? { now } : once) : undefined;
  const reconciler =
    wiring.crm && wiring.portals
      ? wireReconciler({ store, crm: wiring.crm, portals: wiring.portals, rules: rules.rules, ownProperties: wiring.processor.ownProperties, logger, metrics: metrics.observers.reconcile, onQueued: () => worker.wake(), options: { overlapMs: e.LEADLOOP_RECONCILE_OVERLAP_MS, maxPages: e.LEADLOOP_RECONCILE_MAX_PAGES } })
      : undefined;
  const reconcileJob = reconciler && scheduleReconcile && runsWorker ? scheduleJob('reconcile', e.LEADLOOP_RECONCILE_SCHEDULE, () => reconciler.run(now()), logger, once) : undefined;
  // Owners by name in the review (the first portal served: the review covers what the store holds).
  const reviewOwnerName = owners && wiring.portals ? async (ownerId: string) => {
    const [portal] = await wiring.portals!();
    return portal === undefined ? null : ((await ownerNamesFrom(owners)(portal)).get(ownerId) ?? null);
  } : undefined;
  const monthlyReview = wireMonthlyReview({ config, sla: slaConfig, store, logger, ...(reviewChannels ? { channels: reviewChannels } : {}), ...(reviewOwnerName ? { ownerName: reviewOwnerName } : {}) });
  const reviewJob = scheduleReview && runsWorker ? scheduleJob('monthly-review', slaConfig.review.schedule, () => monthlyReview.run(now()), logger, once) : undefined;
  const sweepNotes = () => void wiring.sweep?.().catch((error: unknown) => logger.error('note sweep failed', { error }));
  // A backfill left unfinished (requested by a web process, or its instance died or stopped) is taken up by one
  // worker: the portal's lease (auto-backfill.ts) lets one through.
  const resumeBackfills = async () => {
    if (!backfill || !wiring.portals || autoBackfill === 'off') return;
    for (const id of await wiring.portals()) if ((await store.getBackfillCheckpoint(id))?.status === 'running') await backfill.start(id);
  };
  const everyMinute = () => {
    sweepNotes();
    void resumeBackfills().catch((error: unknown) => logger.error('could not resume a backfill', { error }));
  };
  if (runsWorker) sweepNotes();
  const sweeper = runsWorker ? setInterval(everyMinute, 60_000) : undefined;
  // A portal never backfilled (a fresh sandbox) is scored without anyone asking; one a shutdown stopped continues.
  if (runsWorker && autoBackfill === 'install-and-start' && backfill && wiring.portals) {
    void wiring.portals().then((ids) => Promise.all(ids.map((id) => backfill.start(id, { ifNew: true })))).catch((error: unknown) => logger.error('could not start the backfill', { error }));
  }
  sweeper?.unref();
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  let closing: Promise<void> | null = null;
  const metricsAddress = metricsServer?.address() as AddressInfo | undefined;
  return {
    url,
    adminToken,
    ...(metricsAddress ? { metricsUrl: `http://${e.LEADLOOP_METRICS_HOST.includes(':') ? `[${e.LEADLOOP_METRICS_HOST}]` : e.LEADLOOP_METRICS_HOST}:${metricsAddress.port}/metrics` } : {}),
    store,
    worker,
    slaAudit,
    monthlyReview,
    ...(reconciler ? { reconciler } : {}),
    ...(backfill ? { backfill } : {}),
    close() {
      closing ??= (async () => {
        await closeServer(server);
        if (metricsServer) await closeServer(metricsServer);
        clearInterval(sweeper);
        // Between two pages: the checkpoint is where the next start continues.
        await backfill?.stop();
        await auditJob?.stop();
        await reviewJob?.stop();
        await reconcileJob?.stop();
        await worker.stop();
        await wiring.drain?.();
        await store.close();
      })();
      return closing;
    },
  };
}
