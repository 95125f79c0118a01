import { isFixedDatetime, normaliseDatetimes } from './datetime-values';
import { HubspotError, notFound, validation } from './hubspot-error';
import { normaliseRichText, RICH_TEXT_PROPERTIES } from './rich-text';
import { defaultDealPipelines, withDealCalculations, type Pipeline } from './sandbox-pipelines';
import { withDealMoney } from './sandbox-currencies';
import { isForwardLifecycleMove } from './sandbox-lifecycle';
import { LEAD_COUNTERS } from './sandbox-leads';
import { defaultContactProperties, type SandboxProperty } from './sandbox-properties';

export type ObjectKind = 'contacts' | 'deals' | 'notes' | 'tasks' | 'calls' | 'emails' | 'meetings' | 'leads';
export const OBJECT_KINDS: readonly ObjectKind[] = ['contacts', 'deals', 'notes', 'tasks', 'calls', 'emails', 'meetings', 'leads'];

export interface StoredObject {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** Who made a change: HubSpot's `changeSource` and `sourceId` in the webhook payload. */
export interface Actor {
  changeSource: string;
  sourceId?: string;
}

/** One thing that happened in the portal; the webhook dispatcher turns it into subscribed events. */
export type PortalChange =
  | { kind: 'creation' | 'deletion'; objectType: 'contact' | 'deal'; objectId: string; at: number; actor: Actor }
  | { kind: 'privacyDeletion'; objectType: 'contact'; objectId: string; at: number; actor: Actor }
  | { kind: 'propertyChange'; objectType: 'contact' | 'deal'; objectId: string; propertyName: string; propertyValue: string; at: number; actor: Actor }
  | { kind: 'merge'; objectType: 'contact'; primaryObjectId: string; mergedObjectIds: string[]; newObjectId: string; at: number; actor: Actor }
  | { kind: 'associationChange'; objectType: 'contact' | 'deal'; associationType: string; fromObjectId: string; toObjectId: string; removed: boolean; at: number; actor: Actor };

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  archived: boolean;
}

export interface Form {
  id: string;
  name: string;
  /** The stage a submission sets (forward only), as a HubSpot form's "lifecycle stage" option does. */
  lifecycleStage: string;
}

export interface Submission {
  conversionId: string;
  submittedAt: number;
  pageUrl?: string;
  values: Array<{ name: string; value: string }>;
}

/** HubSpot-defined association type ids (facts §8), both directions. */
export const ASSOCIATION_TYPE: Record<string, number> = {
  'contacts>deals': 4, 'deals>contacts': 3, 'notes>contacts': 202, 'contacts>notes': 201, 'tasks>contacts': 204, 'contacts>tasks': 203,
  'calls>contacts': 194, 'contacts>calls': 193, 'emails>contacts': 198, 'contacts>emails': 197, 'meetings>contacts': 200, 'contacts>meetings': 199,
  // Leads (sandbox-leads.ts): 578 is in HubSpot's Leads guide; 579 is unverified.
  'leads>contacts': 578, 'contacts>leads': 579,
};

const DATETIME_TRACKED = new Set(['calls', 'emails', 'meetings']);
/** An app's API call; HubSpot's own updates (forms, imports, logged calls, tracking) may set read-only values. */
const APP_WRITE = 'INTEGRATION';
/**
 * HubSpot's refusal of a read-only value in a 400 VALIDATION_ERROR. The message follows one HubSpot returned
 * ("\"hs_object_id\" is a calculated property; its value cannot be set", quoted in mautic/mautic#8785); the
 * `code` name is unverified against a live portal.
 */
const readOnlyError = (name: string) => ({ message: `"${name}" is a read-only property; its value cannot be set`, code: 'READ_ONLY_VALUE', context: { propertyName: [name] } });
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One HubSpot portal held in memory: objects, associations, owners, forms, properties. Every write goes through
 * here so that HubSpot's side effects (forward-only lifecycle, owner assignment dates, follow-up counters) and
 * the change feed for webhooks are the same whichever route caused them.
 */
/** Note and task bodies are stored as HubSpot stores rich text, not as sent. */
function withRichText(kind: ObjectKind, properties: Record<string, string | null>): Record<string, string | null> {
  const name = RICH_TEXT_PROPERTIES[kind];
  const body = name ? properties[name] : undefined;
  return name && body ? { ...properties, [name]: normaliseRichText(body) } : properties;
}

export class SandboxPortal {
  readonly objects = new Map<ObjectKind, Map<string, StoredObject>>(OBJECT_KINDS.map((k) => [k, new Map()]));
  /** `kind:id` → `kind:id` of everything associated, both directions. */
  readonly associations = new Map<string, Set<string>>();
  readonly owners: Owner[] = [];
  readonly forms: Form[] = [];
  readonly submissions = new Map<string, Submission[]>();
  readonly properties = new Map<string, SandboxProperty>(defaultContactProperties().map((p) => [p.name, p]));
  readonly propertyGroups = new Map<string, { name: string; label: string; displayOrder: number }>([
    ['contactinformation', { name: 'contactinformation', label: 'Contact information', displayOrder: 0 }],
  ]);
  /** Deal pipelines (`GET /crm/v3/pipelines/deals`): stage ids are per pipeline. */
  readonly pipelines: Pipeline[] = defaultDealPipelines();
  /** The company currency (deal totals, the default for new deals) and the others, with their rate to it. */
  companyCurrency = 'USD';
  readonly exchangeRates = new Map<string, number>();
  /** Sales Hub's Leads object is available in this portal (Sales Hub Professional/Enterprise). */
  leadsObject = false;
  private nextId = 1000;
  private readonly emailIndex = new Map<string, string>();

  constructor(
    readonly portalId: number,
    private readonly emit: (change: PortalChange) => void = () => {},
    readonly now: () => number = Date.now,
  ) {}

  newId(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  /** After a snapshot load: ids continue where they stopped, emails are found again. */
  restoreIndexes(nextId: number): void {
    this.nextId = nextId;
    this.emailIndex.clear();
    for (const c of this.table('contacts').values()) if (c.properties.email) this.emailIndex.set(c.properties.email.toLowerCase(), c.id);
  }

  table(kind: ObjectKind): Map<string, StoredObject> {
    return this.objects.get(kind)!;
  }

  get(kind: ObjectKind, id: string): StoredObject {
    const o = this.table(kind).get(id);
    if (!o) throw notFound(`${kind} ${id}`);
    return o;
  }

  contactByEmail(email: string): StoredObject | undefined {
    const id = this.emailIndex.get(email.trim().toLowerCase());
    return id ? this.table('contacts').get(id) : undefined;
  }

    /** Creates an object; contacts and deals announce themselves and each property they were created with. */
  create(kind: ObjectKind, given: Record<string, string | null>, actor: Actor, at = this.now()): StoredObject {
    if (kind === 'contacts') this.checkContactProperties(given, actor);
    let properties = withRichText(kind, this.datetimesOf(kind, given));
    if (kind === 'deals') properties = withDealMoney(this, {}, withDealCalculations(this.pipelines, {}, properties), at, true);
    const id = this.newId();
    const o: StoredObject = { id, properties: { hs_object_id: id, createdate: iso(at), lastmodifieddate: iso(at) }, createdAt: at, updatedAt: at };
    if (kind === 'deals') o.properties.hs_lastmodifieddate = iso(at);
    if (kind === 'contacts' && properties.email) {
      if (this.contactByEmail(properties.email)) throw new HubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${this.contactByEmail(properties.email)!.id}`);
    }
    this.table(kind).set(id, o);
    const objectType = kind === 'contacts' ? 'contact' : kind === 'deals' ? 'deal' : undefined;
    if (objectType) this.emit({ kind: 'creation', objectType, objectId: id, at, actor });
    this.applyProperties(kind, o, properties, actor, at);
    return o;
  }

  /** Sets properties HubSpot's way; returns the names that changed. Unknown contact properties are refused. */
  update(kind: ObjectKind, id: string, properties: Record<string, string | null>, actor: Actor, at = this.now()): string[] {
    if (kind === 'contacts') this.checkContactProperties(properties, actor);
    const o = this.get(kind, id);
    let incoming = this.datetimesOf(kind, properties);
    if (kind === 'deals') incoming = withDealMoney(this, o.properties, withDealCalculations(this.pipelines, o.properties, incoming), at, false);
    return this.applyProperties(kind, o, incoming, actor, at);
  }

  /** Datetimes as HubSpot keeps them: ISO 8601 whatever was written (epoch ms or ISO), garbage refused. */
  private datetimesOf(kind: ObjectKind, properties: Record<string, string | null>): Record<string, string | null> {
    return normaliseDatetimes(properties, (name) => (kind === 'contacts' ? this.properties.get(name)?.type === 'datetime' : isFixedDatetime(kind, name)));
  }

  archive(kind: ObjectKind, id: string, actor: Actor): void {
    const o = this.get(kind, id);
    this.table(kind).delete(id);
    if (kind === 'contacts' && o.properties.email) this.emailIndex.delete(o.properties.email.toLowerCase());
    for (const other of this.associations.get(`${kind}:${id}`) ?? []) this.associations.get(other)?.delete(`${kind}:${id}`);
    this.associations.delete(`${kind}:${id}`);
    if (kind === 'contacts' || kind === 'deals') this.emit({ kind: 'deletion', objectType: kind === 'contacts' ? 'contact' : 'deal', objectId: id, at: this.now(), actor });
  }

  /** GDPR delete: gone for good, announced as `contact.privacyDeletion` and as `contact.deletion` (facts §10). */
  gdprDeleteContact(id: string, actor: Actor): void {
    const email = this.get('contacts', id).properties.email?.toLowerCase();
    this.archive('contacts', id, actor);
    // HubSpot's GDPR delete removes the person's form submissions too.
    if (email) {
      for (const [form, list] of this.submissions) {
        this.submissions.set(form, list.filter((s) => !s.values.some((v) => v.name === 'email' && v.value.toLowerCase() === email)));
      }
    }
    this.emit({ kind: 'privacyDeletion', objectType: 'contact', objectId: id, at: this.now(), actor });
  }

  /** HubSpot's merge: the primary keeps its id and takes the other's missing values and associations. */
  mergeContacts(primaryId: string, otherId: string, actor: Actor): StoredObject {
    const primary = this.get('contacts', primaryId);
    const other = this.get('contacts', otherId);
    const moved: Record<string, string> = {};
    for (const [k, v] of Object.entries(other.properties)) if (!(k in primary.properties) && v !== '') moved[k] = v;
    const links = [...(this.associations.get(`contacts:${otherId}`) ?? [])];
    this.table('contacts').delete(otherId);
    if (other.properties.email) this.emailIndex.delete(other.properties.email.toLowerCase());
    delete moved.email;
    this.applyProperties('contacts', primary, moved, actor, this.now());
    for (const link of links) {
      const [kind, id] = link.split(':') as [ObjectKind, string];
      this.associations.get(link)?.delete(`contacts:${otherId}`);
      this.associate('contacts', primaryId, kind, id, actor, false);
    }
    this.associations.delete(`contacts:${otherId}`);
    this.emit({ kind: 'merge', objectType: 'contact', primaryObjectId: primaryId, mergedObjectIds: [otherId], newObjectId: primaryId, at: this.now(), actor });
    return primary;
  }

  associate(fromKind: ObjectKind, fromId: string, toKind: ObjectKind, toId: string, actor: Actor, announce = true): void {
    this.get(fromKind, fromId);
    this.get(toKind, toId);
    const a = `${fromKind}:${fromId}`;
    const b = `${toKind}:${toId}`;
    if (this.associations.get(a)?.has(b)) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (!this.associations.has(x)) this.associations.set(x, new Set());
      this.associations.get(x)!.add(y);
    }
    const at = this.now();
    if (announce && ((fromKind === 'contacts' && toKind === 'deals') || (fromKind === 'deals' && toKind === 'contacts'))) {
      const [contactId, dealId] = fromKind === 'contacts' ? [fromId, toId] : [toId, fromId];
      this.emit({ kind: 'associationChange', objectType: 'contact', associationType: 'CONTACT_TO_DEAL', fromObjectId: contactId, toObjectId: dealId, removed: false, at, actor });
      this.emit({ kind: 'associationChange', objectType: 'deal', associationType: 'DEAL_TO_CONTACT', fromObjectId: dealId, toObjectId: contactId, removed: false, at, actor });
    }
    if (toKind === 'contacts') this.touchContactFor(fromKind, this.get(fromKind, fromId), toId, actor, at);
    const counter = LEAD_COUNTERS[fromKind];
    if (toKind === 'leads' && counter) {
      const lead = this.get('leads', toId);
      this.applyProperties('leads', lead, { [counter]: String(Number(lead.properties[counter] ?? 0) + 1) }, actor, at);
    }
  }

  associated(kind: ObjectKind, id: string, toKind: ObjectKind): string[] {
    return [...(this.associations.get(`${kind}:${id}`) ?? [])].filter((k) => k.startsWith(`${toKind}:`)).map((k) => k.slice(toKind.length + 1));
  }

  private checkContactProperties(properties: Record<string, unknown>, actor: Actor): void {
    const unknown = Object.keys(properties).filter((name) => !this.properties.has(name));
    const readOnly = actor.changeSource === APP_WRITE ? Object.keys(properties).filter((name) => this.properties.get(name)?.readOnlyValue) : [];
    // As HubSpot does: an enumeration takes only its options (owner ids are references, not options, here).
    const badOption = Object.entries(properties).filter(([name, v]) => {
      const options = this.properties.get(name)?.options ?? [];
      return options.length > 0 && v !== null && v !== '' && !options.some((o) => o.value === v);
    });
    if (unknown.length > 0 || badOption.length > 0 || readOnly.length > 0) {
      throw validation('Property values were not valid', {
        errors: [
          ...readOnly.map((name) => readOnlyError(name)),
          ...unknown.map((name) => ({ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } })),
          ...badOption.map(([name, v]) => ({ message: `${String(v)} was not one of the allowed options for ${name}`, code: 'INVALID_OPTION', context: { propertyName: [name] } })),
        ],
      });
    }
  }

  private applyProperties(kind: ObjectKind, o: StoredObject, incoming: Record<string, string | null>, actor: Actor, at: number): string[] {
    const changed: string[] = [];
    const set = (name: string, value: string) => {
      if ((o.properties[name] ?? '') === value) return;
      o.properties[name] = value;
      changed.push(name);
    };
    for (const [name, raw] of Object.entries(incoming)) {
      const value = raw ?? '';
      if (kind === 'contacts' && name === 'lifecyclestage' && !this.isForwardMove(o.properties.lifecyclestage ?? '', value)) continue;
      if (kind === 'contacts' && name === 'email') {
        if (o.properties.email) this.emailIndex.delete(o.properties.email.toLowerCase());
        if (value) this.emailIndex.set(value.toLowerCase(), o.id);
      }
      const before = o.properties[name] ?? '';
      set(name, value);
      if (kind === 'contacts' && before !== value) {
        if (name === 'lifecyclestage' && value) set(`hs_v2_date_entered_${value}`, iso(at));
        if (name === 'hubspot_owner_id' && value) {
          set('hubspot_owner_assigneddate', iso(at));
          set('hs_is_unworked', 'true');
        }
      }
    }
    if (changed.length > 0) {
      o.updatedAt = at;
      o.properties.lastmodifieddate = iso(at);
      // Deals carry their modification time as `hs_lastmodifieddate` (HubSpot's default deal properties).
      if (kind === 'deals') o.properties.hs_lastmodifieddate = iso(at);
      const objectType = kind === 'contacts' ? 'contact' : kind === 'deals' ? 'deal' : undefined;
      if (objectType) {
        for (const name of changed) {
          const type = this.properties.get(name)?.type;
          const v = o.properties[name] ?? '';
          // Webhooks carry datetimes as epoch milliseconds, the CRM API as ISO strings.
          const propertyValue = type === 'datetime' && v ? String(Date.parse(v)) : v;
          this.emit({ kind: 'propertyChange', objectType, objectId: o.id, propertyName: name, propertyValue, at, actor });
        }
      }
    }
    return changed;
  }

  /** HubSpot ignores a backward lifecycle move unless the stage is cleared first (facts §7), in the portal's order. */
  private isForwardMove(from: string, to: string): boolean {
    return isForwardLifecycleMove((this.properties.get('lifecyclestage')?.options ?? []).map((o) => o.value), from, to);
  }

  /** What HubSpot records on a contact when sales logs a call, email or meeting, or anyone adds a note or task. */
  private touchContactFor(kind: ObjectKind, engagement: StoredObject, contactId: string, actor: Actor, at: number): void {
    const contact = this.get('contacts', contactId);
    if (DATETIME_TRACKED.has(kind)) {
      const when = engagement.properties.hs_timestamp ? new Date(Date.parse(engagement.properties.hs_timestamp) || Number(engagement.properties.hs_timestamp)).toISOString() : iso(at);
      const props: Record<string, string> = {
        notes_last_contacted: when,
        num_contacted_notes: String(Number(contact.properties.num_contacted_notes ?? 0) + 1),
        notes_last_updated: iso(at),
        hs_is_unworked: 'false',
      };
      if (contact.properties.hubspot_owner_id) props.hs_last_sales_activity_date = when;
      if (kind === 'emails' && engagement.properties.hs_email_direction === 'INCOMING_EMAIL') props.hs_sales_email_last_replied = when;
      this.applyProperties('contacts', contact, props, actor, at);
    } else if (kind === 'notes' || kind === 'tasks') {
      this.applyProperties('contacts', contact, { notes_last_updated: iso(at) }, actor, at);
    }
  }
}
