import winston from 'winston';
import type { Writable } from 'node:stream';
import { redact } from './redact';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  /** Values (client secrets, tokens) scrubbed from every line, whatever key they hide under. */
  secretValues?: readonly string[];
  /** Where lines go; standard output when absent. Tests pass a memory stream. */
  stream?: Writable;
}

/** Structured JSON logs, one object a line, with secrets redacted before formatting. */
export function createLogger({ level, secretValues = [], stream }: LoggerOptions): Logger {
  const redactFormat = winston.format((info) => {
    const cleaned = redact({ ...info }, secretValues) as Record<string, unknown>;
    for (const key of Object.keys(info)) if (!(key in cleaned)) delete (info as Record<string, unknown>)[key];
    return Object.assign(info, cleaned);
  });
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), redactFormat(), winston.format.json()),
    defaultMeta: { service: 'leadloop' },
    transports: [stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console()],
  });
}
