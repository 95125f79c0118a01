import fs from 'node:fs';
import express, { Router } from 'express';
import { signV3 } from './webhook-dispatcher';

export interface CardHostOptions {
  /** The card bundled for a plain browser page (`npm run build:card-host`). */
  bundlePath: string;
  portalId: number;
  appId: number;
  clientSecret: string;
  /** leadloop's origin, the one URL the card may fetch (the project's permittedUrls.fetch). */
  leadloopOrigin: () => string | undefined;
  /** The user viewing the record: HubSpot appends who they are to every hubspot.fetch. */
  user?: { id: number; email: string };
  now?: () => number;
}

const page = (contactId: string, leadloopUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contact ${contactId} · sandbox record</title>
<style>
  body { margin: 0; font: 14px/1.45 "Lexend Deca", Helvetica, Arial, sans-serif; color: #33475b; background: #f5f8fa; }
  header { background: #2d3e50; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { display: grid; grid-template-columns: 260px 1fr; gap: 16px; padding: 16px 24px; }
  .record, .tab { background: #fff; border: 1px solid #cbd6e2; border-radius: 4px; padding: 16px; }
  .tab h2 { margin: 0 0 12px; font-size: 16px; }
</style></head>
<body><header>HubSpot sandbox · contact record</header>
<main><section class="record"><strong>Contact ${contactId}</strong><p>The sandbox's record page: it hosts the app card as HubSpot's does, signing the card's fetches.</p></section>
<section class="tab"><h2>leadloop</h2><div id="card" data-contact-id="${contactId}" data-leadloop-url="${leadloopUrl}"></div></section></main>
<script src="/harness/card.js"></script></body></html>`;

/**
 * The sandbox as HubSpot's host for the app card: a record page that runs the card, and the `hubspot.fetch` proxy
 * that appends `portalId`, `userId`, `userEmail` and `appId` and signs the request (v3) with the app's secret,
 * as HubSpot does, refusing any URL but leadloop's.
 */
export function cardHostRoutes(o: CardHostOptions): Router {
  const router = Router();
  const now = o.now ?? Date.now;
  const user = o.user ?? { id: 7001, email: 'rep@sandbox.example' };
  router.get('/harness/contacts/:contactId', (req, res) => {
    const origin = o.leadloopOrigin();
    if (!origin) return void res.status(503).type('text').send('no leadloop connected to this sandbox yet');
    res.type('html').send(page(String(req.params.contactId).replace(/\D/g, ''), origin));
  });
  router.get('/harness/card.js', (_req, res) => {
    if (!fs.existsSync(o.bundlePath)) return void res.status(404).type('text').send(`no card bundle at ${o.bundlePath}: run npm run build:card-host`);
    res.type('js').send(fs.readFileSync(o.bundlePath));
  });
  router.post('/harness/fetch', express.json(), async (req, res) => {
    const { url, method = 'GET', body } = req.body as { url?: string; method?: string; body?: unknown };
    const origin = o.leadloopOrigin();
    if (!url || !origin || !url.startsWith(`${origin}/`)) return void res.status(403).json({ error: `not a permitted fetch URL: ${url}` });
    const target = new URL(url);
    for (const [k, v] of [['userId', String(user.id)], ['userEmail', user.email], ['appId', String(o.appId)], ['portalId', String(o.portalId)]] as const) target.searchParams.append(k, v);
    const raw = body === undefined || method === 'GET' ? '' : JSON.stringify(body);
    const timestamp = now();
    // HubSpot signs the URI with these escapes decoded (its request-validation doc): `userEmail`'s `%40` is `@`.
    const signed = target.toString().replace(/%40/g, '@');
    try {
      const answer = await fetch(target, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-HubSpot-Signature-Version': 'v3', 'X-HubSpot-Signature-v3': signV3(o.clientSecret, method, signed, raw, timestamp), 'X-HubSpot-Request-Timestamp': String(timestamp) },
        ...(raw ? { body: raw } : {}),
      });
      res.status(200).json({ status: answer.status, body: await answer.json().catch(() => null) });
    } catch (e) {
      res.status(502).json({ error: `leadloop did not answer: ${(e as Error).message}` });
    }
  });
  return router;
}
