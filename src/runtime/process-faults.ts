/** Failures that escaped every handler (an unhandled rejection): the process may be half-broken, so not ready. */
export interface ProcessFaults {
  record(error: unknown, at: number): void;
  /** The first escaped failure, or null. */
  current(): { since: number; message: string } | null;
}

export function createProcessFaults(): ProcessFaults {
  let first: { since: number; message: string } | null = null;
  return {
    record(error, at) {
      first ??= { since: at, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    },
    current: () => first,
  };
}
