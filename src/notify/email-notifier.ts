import nodemailer from 'nodemailer';
import type { Notifier } from './notifier-port';

/** An email to the owner over SMTP (SMTP_URL, SLA_EMAIL_FROM); the owner's address comes from HubSpot's owners. */
export function emailNotifier(smtpUrl: string, from: string, emailOfOwner: (portalId: number, ownerId: string) => Promise<string | null>): Notifier {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    name: 'email',
    async send(n) {
      if (!n.ownerId) return null;
      const to = await emailOfOwner(n.portalId, n.ownerId);
      if (!to) return null;
      const info = await transport.sendMail({ from, to, subject: n.subject, text: n.body, headers: { 'X-Leadloop-Ref': n.key } });
      return String(info.messageId ?? '');
    },
  };
}
