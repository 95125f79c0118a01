import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from '../../../src/http/close-server';

/**
 * A connection busy when the server is asked to close: closeServer resolves once its response is sent, not a
 * keep-alive timeout later. Broken (a single closeIdleConnections, as before), the close waits the 65 s keep-alive
 * and the test fails on jest's timeout.
 */
describe('closeServer', () => {
  it('closes a keep-alive connection that was busy at close, once its response is sent', async () => {
    let release!: () => void;
    const responded = new Promise<void>((r) => (release = r));
    let requestArrived!: () => void;
    const arrived = new Promise<void>((r) => (requestArrived = r));
    const server = http.createServer((req, res) => {
      if (req.url === '/slow') {
        requestArrived();
        void responded.then(() => res.end('done'));
      } else res.end('fast');
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        http.get(`${url}${path}`, { agent }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
    try {
      expect(await get('/fast')).toBe('fast'); // an idle keep-alive connection
      const slow = get('/slow'); // a busy one
      await arrived;
      const closed = closeServer(server);
      release();
      expect(await slow).toBe('done');
      await closed;
      expect(server.listening).toBe(false);
    } finally {
      agent.destroy();
    }
  });
});
