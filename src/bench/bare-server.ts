// eslint-disable-next-line no-restricted-imports -- the baseline must be plain express, not leadloop's HTTP edge
import express from 'express';

// The baseline of bench:intake: the cheapest express handler that reads a webhook and answers 200.
const app = express();
app.post('/webhooks/hubspot', express.raw({ type: () => true, limit: '8mb' }), (_req, res) => {
  res.sendStatus(200);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`{"message":"leadloop listening","url":"http://127.0.0.1:${address.port}"}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
