import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** One email of the monthly review: HTML with its charts attached inline (cid), a text part, the CSV. */
export interface ReviewMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ filename: string; content: string; contentType: string; cid?: string }>;
  /** Carried as a header: a reader (or a support person) can tell which send a message was. */
  ref: string;
}

export type SendReviewMail = (mail: ReviewMail) => Promise<void>;

/** What nodemailer hands a custom transport: the message's fields and its MIME builder (a test records both). */
export interface MailTransport {
  name: string;
  version: string;
  send(
    mail: { data: { to?: unknown; subject?: unknown; html?: unknown; attachments?: unknown }; message: { build(cb: (e: Error | null, raw: Buffer) => void): void; getEnvelope(): object; messageId(): string } },
    done: (e: Error | null, info?: unknown) => void,
  ): void;
}

/**
 * The review's mail over SMTP (SMTP_URL), or over any nodemailer transport object (tests pass one that records every
 * message). Nodemailer builds the MIME message either way.
 */
export function reviewMailer(transport: string | MailTransport, from: string): SendReviewMail {
  const t = typeof transport === 'string' ? nodemailer.createTransport(transport) : nodemailer.createTransport(transport as unknown as nodemailer.Transport<SMTPTransport.SentMessageInfo>);
  return async (m) => {
    await t.sendMail({ from, to: m.to, subject: m.subject, html: m.html, text: m.text, attachments: m.attachments, headers: { 'X-Leadloop-Ref': m.ref } });
  };
}
