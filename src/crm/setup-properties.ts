import type { CrmPort } from './crm-port';
import { LEADLOOP_PROPERTIES, PROPERTY_GROUP } from './leadloop-properties';

export interface SetupStep {
  action: 'create group' | 'create property' | 'exists';
  name: string;
}

/** Creates leadloop's property group and properties where missing; touches nothing that exists. */
export async function setupCrmProperties(crm: CrmPort, portalId: number, { dryRun }: { dryRun: boolean }): Promise<SetupStep[]> {
  const steps: SetupStep[] = [];
  const hasGroup = await crm.hasPropertyGroup(portalId, PROPERTY_GROUP.name);
  steps.push({ action: hasGroup ? 'exists' : 'create group', name: PROPERTY_GROUP.name });
  const existing = await crm.listContactPropertyNames(portalId);
  const missing = LEADLOOP_PROPERTIES.filter((p) => !existing.has(p.name));
  for (const p of LEADLOOP_PROPERTIES) steps.push({ action: existing.has(p.name) ? 'exists' : 'create property', name: p.name });
  if (dryRun) return steps;
  if (!hasGroup) await crm.createPropertyGroup(portalId, PROPERTY_GROUP);
  await crm.createContactProperties(portalId, PROPERTY_GROUP.name, missing);
  return steps;
}
