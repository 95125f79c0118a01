import type { Logger } from '../log/create-logger';

export interface ShutdownOptions {
  /** Where SIGTERM / SIGINT arrive (process). */
  signals: Pick<NodeJS.EventEmitter, 'on'>;
  /** Stops accepting work and drains what is in flight. */
  close: () => Promise<void>;
  exit: (code: number) => void;
  logger: Logger;
  /** LEADLOOP_SHUTDOWN_TIMEOUT_MS: the drain's deadline (a process manager kills us soon after anyway). */
  timeoutMs: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/**
 * SIGTERM / SIGINT drain for at most `timeoutMs`, then exit 1 naming the deadline; a second signal exits at once
 * (an operator pressing Ctrl-C twice, or a supervisor that lost patience). Events not finished are redone later:
 * their leases expire.
 */
export function installGracefulShutdown({ signals, close, exit, logger, timeoutMs, setTimer = setTimeout }: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      logger.warn('second signal: exiting now, without waiting for the drain', { signal });
      exit(1);
      return;
    }
    stopping = true;
    logger.info('shutting down: draining in-flight work', { signal, deadlineMs: timeoutMs });
    setTimer(() => {
      logger.error('shutdown deadline passed: exiting with work still in flight (it is redone after restart)', { timeoutMs });
      exit(1);
    }, timeoutMs);
    close().then(
      () => {
        logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        exit(1);
      },
    );
  };
  signals.on('SIGTERM', () => onSignal('SIGTERM'));
  signals.on('SIGINT', () => onSignal('SIGINT'));
}
