const PERSONAL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'icloud.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'web.de']);

/**
 * One person's email however they typed it: lower case, no `+tag`, and for Gmail no dots (Gmail ignores them).
 * Null when it is not an address.
 */
export function normalisedEmail(email: string | null | undefined): string | null {
  const m = /^\s*([^@\s]+)@([^@\s]+)\s*$/.exec(email ?? '');
  if (!m) return null;
  let local = m[1]!.toLowerCase().replace(/\+.*$/, '');
  const domain = m[2]!.toLowerCase().replace(/^googlemail\.com$/, 'gmail.com');
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return local ? `${local}@${domain}` : null;
}

/** "first last|company-domain" when the email's domain is a company's (personal mail says nothing of the company). */
export function nameAndDomainKey(first: string | null | undefined, last: string | null | undefined, email: string | null | undefined): string | null {
  const name = `${(first ?? '').trim()} ${(last ?? '').trim()}`.trim().toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ');
  const domain = normalisedEmail(email)?.split('@')[1];
  if (!name.includes(' ') || !domain || PERSONAL.has(domain)) return null;
  return `${name}|${domain}`;
}
