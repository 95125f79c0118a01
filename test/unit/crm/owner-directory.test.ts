import type { CrmPort, Owner } from '../../../src/crm/crm-port';
import { createOwnerDirectory } from '../../../src/crm/owner-directory';

describe('the owner directory', () => {
  it('lists a portal’s owners once per five minutes, and remembers a failure for a minute', async () => {
    let t = 0;
    let calls = 0;
    let fail = false;
    const crm = {
      async listOwners(portalId: number): Promise<Owner[]> {
        calls += 1;
        if (fail) throw new Error('HubSpot down');
        return [{ id: String(portalId), email: 'a@b.example', firstName: 'A', lastName: 'B', archived: false }];
      },
    } as unknown as CrmPort;
    const dir = createOwnerDirectory(crm, { now: () => t });
    expect((await dir.owners(1))[0]!.id).toBe('1');
    await dir.owners(1);
    expect(calls).toBe(1);
    await dir.owners(2);
    expect(calls).toBe(2);
    t = 5 * 60_000;
    fail = true;
    await expect(dir.owners(1)).rejects.toThrow('HubSpot down');
    await expect(dir.owners(1)).rejects.toThrow('HubSpot down');
    expect(calls).toBe(3);
    t += 60_000;
    fail = false;
    expect((await dir.owners(1))[0]!.id).toBe('1');
    expect(calls).toBe(4);
  });
});
