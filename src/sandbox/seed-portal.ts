import type { SandboxPortal } from './sandbox-portal';

/** A deterministic PRNG (mulberry32): the same seed gives the same portal on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The forms every sandbox portal has; the ids are stable so docs, the demo and tests can name them. */
export const SANDBOX_FORMS = {
  demoRequest: { id: '5a1c0de0-0000-4000-8000-000000000001', name: 'Demo request', lifecycleStage: 'lead' },
  contentDownload: { id: '5a1c0de0-0000-4000-8000-000000000002', name: 'Content download: 2026 pipeline report', lifecycleStage: 'lead' },
  newsletter: { id: '5a1c0de0-0000-4000-8000-000000000003', name: 'Newsletter sign-up', lifecycleStage: 'subscriber' },
  contactSales: { id: '5a1c0de0-0000-4000-8000-000000000004', name: 'Contact sales', lifecycleStage: 'lead' },
} as const;

/** Owners; 64492917 is the sales manager config/sla.json escalates to. */
export const SANDBOX_OWNERS = [
  { id: '64492917', email: 'maria.manager@sandbox.example', firstName: 'Maria', lastName: 'Okafor', userId: 9001 },
  { id: '70110001', email: 'sam.seller@sandbox.example', firstName: 'Sam', lastName: 'Reyes', userId: 9002 },
  { id: '70110002', email: 'priya.rep@sandbox.example', firstName: 'Priya', lastName: 'Nair', userId: 9003 },
  { id: '70110003', email: 'tom.ae@sandbox.example', firstName: 'Tom', lastName: 'Becker', userId: 9004 },
  { id: '70110004', email: 'lena.sdr@sandbox.example', firstName: 'Lena', lastName: 'Fischer', userId: 9005 },
];

interface Persona {
  share: number;
  titles: string[];
  /** `numemployees` buckets (a contact's company size is an enumeration). */
  employees: string[];
  /** Contact `industry` is free text, typed by people: mixed case, synonyms, sometimes blank. */
  industries: string[];
  personalEmail: number;
}

// Who fills a B2B marketing database: a few buyers, many practitioners, students and small shops.
const PERSONAS: Persona[] = [
  { share: 0.15, titles: ['VP Marketing', 'Head of Demand Gen', 'Director of Sales', 'Chief Revenue Officer', 'VP Sales'], employees: ['50-100', '100-500', '100-500', '500-1000', '1000+'], industries: ['Software', 'Computer Software', 'IT services', 'Financial services', 'SaaS', 'Internet'], personalEmail: 0.02 },
  { share: 0.3, titles: ['Marketing Manager', 'Growth Marketer', 'Sales Operations Manager', 'Revenue Operations Analyst'], employees: ['25-50', '50-100', '100-500', '500-1000', '1000+'], industries: ['Software', 'Marketing & Advertising', 'Retail', 'Healthcare', 'marketing agency'], personalEmail: 0.1 },
  { share: 0.2, titles: ['Software Engineer', 'Office Manager', 'Consultant', 'Accountant'], employees: ['5-25', '25-50', '100-500', '1000+'], industries: ['Construction', 'Education', 'Retail', 'software development', ''], personalEmail: 0.3 },
  { share: 0.15, titles: ['Founder', 'Owner', 'Freelance Designer'], employees: ['1-5', '1-5', '5-25'], industries: ['Design', 'Marketing', 'Retail', ''], personalEmail: 0.6 },
  { share: 0.2, titles: ['Marketing Student', 'Sales Intern', 'MBA Student'], employees: ['1-5', '1000+', ''], industries: ['Higher Education', 'University', ''], personalEmail: 0.9 },
];
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kira', 'Luis', 'Mia', 'Noah', 'Olga', 'Pete', 'Rosa', 'Sven', 'Tara', 'Uma', 'Vik', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Nguyen', 'Olsen', 'Patel', 'Quinn', 'Rossi', 'Silva', 'Tanaka'];
const COMPANIES = ['Acme Analytics', 'Brightwave', 'Cobalt Finance', 'Driftly', 'Evergreen Health', 'Fathom Labs', 'Gridline', 'Helio Retail', 'Ionic Systems', 'Juniper Cloud', 'Kestrel Media', 'Lumen Bank', 'Meridian Software', 'Northwind', 'Orbit Works'];
const COUNTRIES = ['United States', 'United States', 'United States', 'Canada', 'United Kingdom', 'Germany', 'France', 'Netherlands', 'Australia', 'India', 'Brazil'];
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'SOCIAL_MEDIA', 'EMAIL_MARKETING', 'REFERRALS', 'DIRECT_TRAFFIC', 'OFFLINE'];
const PERSONAL = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com'];

/** The portal's team and forms (always the same). */
export function addOwnersAndForms(portal: SandboxPortal): void {
  portal.owners.push(...SANDBOX_OWNERS.map((o) => ({ ...o, archived: false })));
  portal.forms.push(...Object.values(SANDBOX_FORMS).map((f) => ({ ...f })));
}

/**
 * Fills a portal the way a real one looks: `contacts` people across personas with source, page views and email
 * engagement, some already owned. Callers keep webhooks off: HubSpot sends none for data that predates an install.
 */
export function seedContacts(portal: SandboxPortal, contacts: number, seed = 42): void {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const day = 86_400_000;
  const now = portal.now();
  for (let i = 0; i < contacts; i += 1) {
    let r = rnd();
    const persona = PERSONAS.find((p) => (r -= p.share) < 0) ?? PERSONAS[0]!;
    const first = pick(FIRST);
    const last = pick(LAST);
    const company = pick(COMPANIES);
    const domain = rnd() < persona.personalEmail ? pick(PERSONAL) : `${company.toLowerCase().replace(/[^a-z]/g, '')}.example`;
    const createdAt = now - Math.floor(rnd() * 365 * day);
    const views = Math.floor(rnd() ** 2 * 30);
    const props: Record<string, string> = {
      email: `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${last.toLowerCase()}.${i}@${domain}`,
      firstname: first,
      lastname: last,
      jobtitle: pick(persona.titles),
      company,
      numemployees: pick(persona.employees),
      industry: pick(persona.industries),
      country: pick(COUNTRIES),
      hs_analytics_source: pick(SOURCES),
      hs_analytics_num_page_views: String(views),
      hs_analytics_last_url: views > 0 ? `https://www.example.com${pick(['/blog/lead-scoring', '/pricing', '/product', '/customers'])}` : '',
      hs_email_open: String(Math.floor(rnd() * 12)),
      hs_email_click: String(Math.floor(rnd() * 4)),
      lifecyclestage: rnd() < 0.6 ? 'subscriber' : 'lead',
    };
    if (rnd() < 0.4) props.phone = `+1 555 01${String(i % 100).padStart(2, '0')}`;
    const o = portal.create('contacts', props, { changeSource: 'IMPORT' }, createdAt);
    if (rnd() < 0.3) portal.update('contacts', o.id, { hubspot_owner_id: pick(SANDBOX_OWNERS).id }, { changeSource: 'CRM_UI' }, createdAt);
  }
}
