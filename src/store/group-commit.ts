/**
 * Group commit: deliveries that arrive while a commit is on its way to the disk wait and share the next one,
 * so ten deliveries in flight cost one fsync, not ten. Each caller still gets its own result, and all of a
 * caller's rows are in one transaction: if that commit fails, every caller in it gets the error.
 */
export function createGroupCommit<I, O>(flush: (items: readonly I[]) => Promise<O[]>): (item: I) => Promise<O> {
  let queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  let flushing = false;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results = await flush(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    flushing = false;
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (flushing) return;
      flushing = true;
      // One turn of the event loop first: requests already received get parsed and join this commit.
      setImmediate(() => void drain());
    });
}
