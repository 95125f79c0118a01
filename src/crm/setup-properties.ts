import { CrmError } from './crm-error';
import type { CrmPort } from './crm-port';
import { LEADLOOP_PROPERTIES, PROPERTY_GROUP } from './leadloop-properties';

export interface SetupStep {
  action: 'create group' | 'create property' | 'add options' | 'exists';
  name: string;
}

/** Creates leadloop's property group and properties where missing; touches nothing that exists. */
export async function setupCrmProperties(crm: CrmPort, portalId: number, { dryRun }: { dryRun: boolean }): Promise<SetupStep[]> {
  const steps: SetupStep[] = [];
  const hasGroup = await crm.hasPropertyGroup(portalId, PROPERTY_GROUP.name);
  steps.push({ action: hasGroup ? 'exists' : 'create group', name: PROPERTY_GROUP.name });
  const existing = await crm.listContactProperties(portalId);
  const missing = LEADLOOP_PROPERTIES.filter((p) => !existing.has(p.name));
  // A newer leadloop may write a value an older install's enumeration lacks (HubSpot would refuse the write):
  // the missing options are added, none removed.
  const short = LEADLOOP_PROPERTIES.filter((p) => p.options && existing.has(p.name) && p.options.some((o) => !existing.get(p.name)!.options.includes(o.value)));
  for (const p of LEADLOOP_PROPERTIES) steps.push({ action: !existing.has(p.name) ? 'create property' : short.includes(p) ? 'add options' : 'exists', name: p.name });
  if (dryRun) return steps;
  // Another setup of the same portal may run at once (two instances taking a new portal's first events, an install
  // and a worker): what it created between our read and our write comes back 409, and is what we wanted.
  if (!hasGroup) await crm.createPropertyGroup(portalId, PROPERTY_GROUP).catch(unlessConflict);
  await crm.createContactProperties(portalId, PROPERTY_GROUP.name, missing).catch(async (error: unknown) => {
    unlessConflict(error);
    const now = await crm.listContactProperties(portalId);
    await crm.createContactProperties(portalId, PROPERTY_GROUP.name, missing.filter((p) => !now.has(p.name)));
  });
  for (const p of short) {
    const have = existing.get(p.name)!.options;
    const added = p.options!.filter((o) => !have.includes(o.value));
    await crm.updateContactPropertyOptions(portalId, p.name, [...have.map((v) => p.options!.find((o) => o.value === v) ?? { label: v, value: v }), ...added]);
  }
  return steps;
}

/** HubSpot's 409 (OBJECT_ALREADY_EXISTS): someone created it first. Anything else is the caller's error. */
function unlessConflict(error: unknown): void {
  if (!(error instanceof CrmError && error.details.status === 409)) throw error;
}
