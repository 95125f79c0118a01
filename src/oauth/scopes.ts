/** The scopes leadloop asks for at install; app.json lists the same (a test keeps them equal). */
export const REQUIRED_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
  'crm.objects.deals.read',
  'forms',
] as const;
