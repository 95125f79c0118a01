import { WRITTEN_PROPERTIES } from '../domain/plan-crm-update';
import type { PropertyDefinition } from './crm-port';

/** leadloop's own property group; never HubSpot's retired `hubspotscore`. */
export const PROPERTY_GROUP = { name: 'leadloop', label: 'leadloop' };

/** The names the engine's write plan uses, plus those the SLA and the tactics write. */
export const PROPS = {
  ...WRITTEN_PROPERTIES,
  slaDue: 'leadloop_sla_due',
  slaStatus: 'leadloop_sla_status',
  nurtureTrack: 'leadloop_nurture_track',
} as const;

export const LEADLOOP_PROPERTIES: PropertyDefinition[] = [
  { name: PROPS.score, label: 'leadloop score', type: 'number', fieldType: 'number', description: 'Fit + engagement score (rounded). Run `leadloop explain` for the ledger.' },
  { name: PROPS.fitGrade, label: 'leadloop fit grade', type: 'enumeration', fieldType: 'select', description: 'How well the contact matches the ideal customer profile', options: ['A', 'B', 'C', 'D'].map((g) => ({ label: g, value: g })) },
  { name: PROPS.engagementScore, label: 'leadloop engagement score', type: 'number', fieldType: 'number', description: 'Behaviour score with recency decay (rounded)' },
  {
    name: PROPS.matrixCell, label: 'leadloop qualification matrix', type: 'enumeration', fieldType: 'select', description: 'Target profile × ready to buy',
    options: [
      { label: 'Ready to buy, target profile', value: 'readyTarget' },
      { label: 'Ready to buy, not target', value: 'readyNotTarget' },
      { label: 'Not ready, target profile', value: 'notReadyTarget' },
      { label: 'Not ready, not target', value: 'notReadyNotTarget' },
    ],
  },
  { name: PROPS.lastDecision, label: 'leadloop last decision', type: 'string', fieldType: 'text', description: 'The last lifecycle decision and why' },
  { name: PROPS.slaDue, label: 'leadloop SLA due', type: 'datetime', fieldType: 'date', description: 'When sales must first touch this MQL' },
  {
    name: PROPS.slaStatus, label: 'leadloop SLA status', type: 'enumeration', fieldType: 'select', description: 'Follow-up SLA state',
    options: ['open', 'overdue', 'met', 'breached', 'closed'].map((v) => ({ label: v, value: v })),
  },
  { name: PROPS.nurtureTrack, label: 'leadloop nurture track', type: 'string', fieldType: 'text', description: 'Enrolment flag a HubSpot workflow can listen to' },
];
