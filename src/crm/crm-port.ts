import type { DealPipeline } from '../domain/deal-outcome';
import type { CrmError } from './crm-error';
import type { CrmSearchPort } from './crm-search-port';

/** What leadloop needs from a CRM. The HubSpot adapter implements it; nothing else imports the HubSpot client. */
export interface CrmContact {
  id: string;
  properties: Record<string, string | null>;
}

export interface ContactUpdate {
  id: string;
  properties: Record<string, string>;
}

export interface NewNote {
  contactId: string;
  /** HTML allowed, up to 65,536 characters. */
  body: string;
  timestamp: number;
  /** A reference the body contains (`leadloop-ref:…`, HTML-safe): how a note is found again after a crash. */
  marker: string;
}

export interface NewTask {
  contactId: string;
  ownerId: string;
  subject: string;
  body: string;
  dueAt: number;
  reminderAt: number;
  priority: 'LOW' | 'MEDIUM' | 'HIGH';
  /** A reference the body contains, as for notes. */
  marker: string;
}

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  archived: boolean;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'datetime' | 'enumeration';
  fieldType: 'text' | 'number' | 'date' | 'select' | 'textarea';
  description: string;
  options?: Array<{ label: string; value: string }>;
}

export interface FormSubmission {
  conversionId: string;
  submittedAt: number;
  pageUrl?: string;
  values: Array<{ name: string; value: string }>;
}

/** One option of `lifecyclestage`: a default stage or a portal's custom one (numeric id). */
export interface LifecycleStageOption {
  value: string;
  label: string;
}

/** One of a contact's Sales Hub leads (object 0-136). */
export interface CrmLead {
  id: string;
  /** `hs_pipeline_stage` */
  stage: string;
  /** `hs_lead_call_count`, `hs_lead_email_count` */
  calls: number;
  emails: number;
}

export interface CrmPort extends CrmSearchPort {
  /** Up to 100 ids; only the named properties. Unknown ids are left out. */
  readContacts(portalId: number, ids: readonly string[], properties: readonly string[]): Promise<CrmContact[]>;
  /**
   * Contact id → why HubSpot refused that contact's update. HubSpot applies the rest of a batch and answers 207
   * with `errors[]` (facts §11): an empty map means every update was written. Rejects when the whole call failed.
   */
  updateContacts(portalId: number, updates: readonly ContactUpdate[]): Promise<ReadonlyMap<string, CrmError>>;
  /** Creates notes associated to their contact (type 202); in order, each new id, or why HubSpot refused that note. */
  createNotes(portalId: number, notes: readonly NewNote[]): Promise<Array<string | CrmError>>;
  /** Creates tasks associated to their contact (type 204); in order, each new id, or why HubSpot refused that task. */
  createTasks(portalId: number, tasks: readonly NewTask[]): Promise<Array<string | CrmError>>;
  /** The id of a note on the contact whose body contains `marker`, if any. */
  findNoteWithMarker(portalId: number, contactId: string, marker: string): Promise<string | null>;
  /** The id of a task on the contact whose body contains `marker`, if any. */
  findTaskWithMarker(portalId: number, contactId: string, marker: string): Promise<string | null>;
  listOwners(portalId: number): Promise<Owner[]>;
  /** Where the portal's HubSpot UI lives (`uiDomain` of the account details: app.hubspot.com, app-eu1.hubspot.com…). */
  uiDomain?(portalId: number): Promise<string>;
  /** The portal's lifecycle stages in its own forward order (the `lifecyclestage` options), custom ones included. */
  listLifecycleStages(portalId: number): Promise<LifecycleStageOption[]>;
  /** Whether the portal works prospects as Sales Hub leads: it has at least one (false where the API refuses). */
  portalHasLeads(portalId: number): Promise<boolean>;
  /** The contact's leads (Sales Hub's Leads object); fails where the portal has no Leads object or no scope. */
  readContactLeads(portalId: number, contactId: string): Promise<CrmLead[]>;
  /** The portal's contact properties: name → the values of its options (empty for non-enumerations). */
  listContactProperties(portalId: number): Promise<Map<string, { options: string[] }>>;
  /** Replaces an enumeration property's options (leadloop only ever adds to its own). */
  updateContactPropertyOptions(portalId: number, name: string, options: ReadonlyArray<{ label: string; value: string }>): Promise<void>;
  hasPropertyGroup(portalId: number, name: string): Promise<boolean>;
  createPropertyGroup(portalId: number, group: { name: string; label: string }): Promise<void>;
  createContactProperties(portalId: number, groupName: string, properties: readonly PropertyDefinition[]): Promise<void>;
  /** The portal's forms (`GET /marketing/v3/forms`). */
  listForms(portalId: number): Promise<Array<{ id: string; name: string }>>;
  /** One page, newest first, as HubSpot lists them; `after` pages on. */
  listFormSubmissions(portalId: number, formGuid: string, limit: number, after?: string): Promise<{ results: FormSubmission[]; after?: string }>;
  /** The portal's deal pipelines with each stage's closed flag and probability (`GET /crm/v3/pipelines/deals`). */
  listDealPipelines(portalId: number): Promise<DealPipeline[]>;
  /** One deal's named properties, or null when the portal has no such deal. */
  readDeal(portalId: number, dealId: string, properties: readonly string[]): Promise<Record<string, string | null> | null>;
  /** The ids of the contacts associated with a deal, every page (`GET /crm/v4/objects/deals/{id}/associations/contacts`). */
  listDealContacts(portalId: number, dealId: string): Promise<string[]>;
}
