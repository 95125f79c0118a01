import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackNotifier } from '../../../src/notify/slack-notifier';
import { emailNotifier } from '../../../src/notify/email-notifier';
import net from 'node:net';

/** When the audit sends: a fixed instant (the channels do not depend on it, and the test never reads the wall clock). */
const AT = Date.parse('2026-11-17T15:00:00Z');
const notice = { key: 'sla:1:2:3:4:first-touch-breach', portalId: 1, contactId: '2', ownerId: '70110001', kind: 'first-touch-breach', subject: 'Overdue MQL: contact 2', body: 'Why this lead is an MQL:\nRequested a demo', priority: 'HIGH' as const };

describe('notification channels', () => {
  it('posts a Slack incoming-webhook message, and reports Slack refusing it', async () => {
    const received: string[] = [];
    let status = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(body);
        res.statusCode = status;
        res.end(status === 200 ? 'ok' : 'invalid_token');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/X`;
    try {
      await slackNotifier(url).send(notice, AT);
      expect(JSON.parse(received[0]!)).toEqual({ text: '*Overdue MQL: contact 2*\nWhy this lead is an MQL:\nRequested a demo' });
      status = 403;
      await expect(slackNotifier(url).send(notice, AT)).rejects.toThrow(/403: invalid_token/);
    } finally {
      server.close();
    }
  });

  it('emails the owner over SMTP (a minimal SMTP server on loopback)', async () => {
    const transcript: string[] = [];
    const server = net.createServer((socket) => {
      let inData = false;
      socket.write('220 localhost ESMTP test\r\n');
      let buffer = '';
      socket.on('data', (d: Buffer) => {
        buffer += d.toString();
        let i;
        while ((i = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          transcript.push(line);
          if (inData) {
            if (line === '.') {
              inData = false;
              socket.write('250 OK queued\r\n');
            }
          } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 localhost\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            socket.write('354 go ahead\r\n');
          } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
          else socket.write('250 OK\r\n');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const mail = emailNotifier(`smtp://127.0.0.1:${port}`, 'leadloop <sla@example.com>', async (_portal, owner) => (owner === '70110001' ? 'sam.seller@example.com' : null));
      await mail.send(notice, AT);
      const text = transcript.join('\n');
      expect(text).toMatch(/RCPT TO:<sam.seller@example.com>/);
      expect(text).toMatch(/Subject: Overdue MQL: contact 2/);
      expect(text).toMatch(/X-Leadloop-Ref: sla:1:2:3:4:first-touch-breach/);
    } finally {
      server.close();
    }
  });
});
