/** `GET /crm/v3/properties/contacts/lifecyclestage` on a fresh portal: HubSpot's default stages in their order. */
export const DEFAULT_LIFECYCLE_PROPERTY = {
  name: 'lifecyclestage',
  label: 'Lifecycle Stage',
  type: 'enumeration',
  fieldType: 'radio',
  groupName: 'contactinformation',
  options: ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'].map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false })),
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
};
