/**
 * The idempotency key of the note leadloop writes on a contact's timeline for one stage change. The write-back
 * records the note under it (`crm_writes.write_key`) and the contact card looks the note up by it, so both build
 * it here and cannot drift. `from` is the stage HubSpot showed before the change ('' when none).
 */
export function noteKeyOf(portalId: number, contactId: string, from: string, to: string): string {
  return `note:${portalId}:${contactId}:${from || 'none'}>${to}`;
}
