import { createTestStore } from '../../helpers/test-database';
import type { Store } from '../../../src/store/store-port';

describe('nextRoundRobinOwner: the next owner in turn, per portal', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const take = async (portalId: number, owners: string[], n: number) => {
    const got: Array<string | null> = [];
    for (let i = 0; i < n; i += 1) got.push(await store.nextRoundRobinOwner(portalId, owners));
    return got;
  };

  it('goes round the list from its first owner, each portal on its own turn', async () => {
    expect(await take(1, ['a', 'b', 'c'], 4)).toEqual(['a', 'b', 'c', 'a']);
    expect(await take(2, ['x', 'y'], 3)).toEqual(['x', 'y', 'x']);
    expect(await take(1, ['a', 'b', 'c'], 2)).toEqual(['b', 'c']);
  });

  it('follows the last owner in a changed list, and starts over when the last owner left it', async () => {
    await take(1, ['a', 'b', 'c'], 2); // last: b
    expect(await take(1, ['b', 'd', 'a'], 1)).toEqual(['d']);
    expect(await take(1, ['a', 'b'], 1)).toEqual(['a']); // d is gone: the first
  });

  it('answers null when nobody can take the lead, and keeps the turn', async () => {
    await take(1, ['a', 'b'], 1);
    expect(await store.nextRoundRobinOwner(1, [])).toBeNull();
    expect(await take(1, ['a', 'b'], 1)).toEqual(['b']);
  });

  it('gives the only owner every lead', async () => {
    expect(await take(1, ['solo'], 3)).toEqual(['solo', 'solo', 'solo']);
  });
});
