/**
 * Links from the card into HubSpot's own UI. The card is copied into the HubSpot project, so this imports nothing.
 *
 * The record page `https://{uiDomain}/contacts/{portalId}/record/{objectTypeId}/{recordId}` is the form HubSpot's
 * own MCP server builds (`hubspot-get-link`, from the account's `uiDomain`). The `?engagement={id}` parameter that
 * opens one activity on the record's timeline is what HubSpot's "Copy link" on an activity gives; HubSpot's
 * developer docs do not describe it (README, "The card on the contact record").
 */

/** Where HubSpot's UI lives for accounts hosted in the US (na1). EU accounts use app-eu1.hubspot.com. */
export const DEFAULT_UI_DOMAIN = 'app.hubspot.com';

const CONTACT_OBJECT_TYPE = '0-1';

/** The contact record with one of its notes opened on the timeline. */
export function noteUrlOf(uiDomain: string, portalId: number, contactId: string, noteId: string): string {
  const record = `https://${uiDomain}/contacts/${portalId}/record/${CONTACT_OBJECT_TYPE}/${encodeURIComponent(contactId)}`;
  return `${record}/view/1?engagement=${encodeURIComponent(noteId)}`;
}
