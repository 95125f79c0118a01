import { pgInstances } from '../helpers/pg-instances';

/**
 * A pending note is taken up again by two paths: the sweep (every instance, each minute) and a replay of the
 * contact's decision (beginCrmWrite answering 'pending': look for it in HubSpot, write it if absent). On several
 * instances, each with its own note batcher, two takers of one note would both look, find nothing yet, and both
 * write it: a note one of them has in flight must not be handed to the other.
 */
const T0 = 1_790_000_000_000;
const KEY = 'note:7:1:lead>marketingqualifiedlead';

describe('taking up a pending note again, across instances (PostgreSQL)', () => {
  const instances = pgInstances();

  const open = async (n: number) => (await instances(n, 2)).stores;

  it('does not hand a replay the note a sweep on another instance has just taken', async () => {
    const [a, b] = await open(2);
    expect(await a!.beginCrmWrite(KEY, 7, '1', 'note', T0, '{}')).toBe('new'); // then a crash: never confirmed
    const swept = await a!.takeStalePendingWrites('note', T0 + 60_000, T0 + 120_000, 10);
    expect(swept.map((w) => w.key)).toEqual([KEY]);
    // Instance B replays the contact's decision while A's sweep is writing the note.
    expect(await b!.beginCrmWrite(KEY, 7, '1', 'note', T0 + 121_000, '{}')).toBe('taken');
    // Once A confirms, B learns it is done; had A died, B (or any sweep) takes it up once it is stale again.
    await a!.confirmCrmWrite(KEY, 'n1', T0 + 122_000);
    expect(await b!.beginCrmWrite(KEY, 7, '1', 'note', T0 + 123_000, '{}')).toBe('done');
  });

  it('hands a note whose taker died to the next replay once it is stale', async () => {
    const [a, b] = await open(2);
    await a!.beginCrmWrite(KEY, 7, '1', 'note', T0, '{}');
    await a!.takeStalePendingWrites('note', T0 + 60_000, T0 + 120_000, 10); // A takes it, then dies
    expect(await b!.beginCrmWrite(KEY, 7, '1', 'note', T0 + 180_001, '{}')).toBe('pending');
  });

  it('gives a note never taken up to one of several replays at once', async () => {
    const all = await open(4);
    await all[0]!.beginCrmWrite(KEY, 7, '1', 'note', T0, '{}'); // recorded, then its contact update failed
    const states = await Promise.all(all.map((s, i) => s.beginCrmWrite(KEY, 7, '1', 'note', T0 + 5_000 + i, '{}')));
    expect(states.filter((s) => s === 'pending')).toHaveLength(1);
    expect(states.filter((s) => s === 'taken')).toHaveLength(3);
  });
});
