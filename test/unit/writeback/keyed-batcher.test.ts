import { createKeyedBatcher } from '../../../src/writeback/keyed-batcher';

describe('keyed batcher', () => {
  it('flushAll waits for a batch already on its way, not only for those still queued', async () => {
    const order: string[] = [];
    let finishSend!: () => void;
    const batcher = createKeyedBatcher<string>({
      windowMs: 60_000,
      maxBatch: 2,
      flush: async (_portal, items) => {
        order.push(`sending ${[...items.keys()].join(',')}`);
        await new Promise<void>((resolve) => (finishSend = resolve));
        order.push('sent');
      },
    });
    // Two items fill the batch: it leaves at once, and its send is still running.
    const added = Promise.all([batcher.add(1, 'a', 'x'), batcher.add(1, 'b', 'y')]);
    expect(order).toEqual(['sending a,b']);
    const drained = batcher.flushAll().then(() => order.push('drained'));
    await Promise.resolve();
    finishSend();
    await drained;
    await added;
    // A drain that returned before the send settled would let the store close under a write still running.
    expect(order).toEqual(['sending a,b', 'sent', 'drained']);
  });
});
