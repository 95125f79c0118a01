import type { Kysely, Migration } from 'kysely';

export const erasedContacts: Migration = {
  async up(db: Kysely<unknown>) {
    // Contacts erased for privacy, by a hash of (portal, contact id): a straggling event of an erased contact
    // is dropped, and this table itself names no one.
    await db.schema
      .createTable('erased_contacts')
      .addColumn('contact_hash', 'text', (c) => c.primaryKey())
      .addColumn('erased_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
