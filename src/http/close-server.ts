import type http from 'node:http';

/**
 * Stops accepting connections and resolves once every open one has closed. Node 20's `server.close()` closes the
 * connections idle at that moment only: one busy with a request then stays open after its response until
 * `keepAliveTimeout` (65 s here, see start-leadloop.ts), and a shutdown waited that long (seen on PostgreSQL, where
 * a webhook delivery's commit was still running at SIGTERM). So idle connections are closed again until none is left.
 * https://nodejs.org/docs/latest-v20.x/api/http.html#serverclosecallback
 */
export function closeServer(server: http.Server, sweepMs = 25): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), sweepMs);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
