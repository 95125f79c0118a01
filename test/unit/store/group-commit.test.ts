import { createGroupCommit } from '../../../src/store/group-commit';

describe('createGroupCommit', () => {
  it('gathers submissions made in the same turn into one flush, each caller getting its own result', async () => {
    const flushes: number[][] = [];
    const submit = createGroupCommit<number, number>(async (items) => {
      flushes.push([...items]);
      return items.map((i) => i * 10);
    });
    const results = await Promise.all([submit(1), submit(2), submit(3)]);
    expect(results).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
    expect(await submit(4)).toBe(40);
    expect(flushes).toHaveLength(2);
  });

  it('rejects every caller of a failed flush and keeps serving later ones', async () => {
    let fail = true;
    const submit = createGroupCommit<number, number>(async (items) => {
      if (fail) throw new Error('disk full');
      return [...items];
    });
    const outcomes = await Promise.allSettled([submit(1), submit(2)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await submit(3)).toBe(3);
  });
});
