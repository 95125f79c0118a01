import { createTestStore } from '../helpers/test-database';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/create-app';
import { createMetrics } from '../../src/http/metrics';
import type { Store } from '../../src/store/store-port';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { memoryLogger } from '../helpers/memory-logger';

describe('when the store cannot commit', () => {
  it('answers 503 with Retry-After, so HubSpot retries, and says why in the log only', async () => {
    const real = await createTestStore();
    const broken: Store = { ...real, insertWebhookEvents: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) };
    const { logger, text } = memoryLogger();
    const app = createApp({ store: broken, logger, metrics: createMetrics(() => real.queueCounts()), isWorkerRunning: () => true, webhook: { clientSecrets: ['s3cret-value-xyz'], maxBodyBytes: 1e6 }, access: { adminToken: 'admin-token-unused-here' } });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/hubspot`;
      const body = JSON.stringify([contactEvent()]);
      const res = await fetch(url, { method: 'POST', body, headers: hubspotV3Headers('s3cret-value-xyz', url, body) });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('STORE.UNAVAILABLE');
      expect(JSON.stringify(json)).not.toContain('SQLITE_FULL');
      expect(text()).toContain('SQLITE_FULL');
    } finally {
      server.close();
      await real.close();
    }
  });
});
