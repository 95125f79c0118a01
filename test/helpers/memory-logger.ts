import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/create-logger';

/** A real winston logger writing JSON lines into memory, so tests can read what would have been logged. */
export function memoryLogger(secretValues: string[] = [], level = 'debug'): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level, secretValues, stream });
  const text = () => chunks.join('');
  return { logger, text, lines: () => text().split('\n').filter(Boolean) };
}
