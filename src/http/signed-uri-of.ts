import type { Request } from 'express';

/**
 * The URI HubSpot signed (v3): the full URL it called. Behind a proxy the request's own host is not that URL, so
 * PUBLIC_URL names the origin when set.
 */
export function signedUriOf(req: Request, publicUrl: string | undefined): string {
  return publicUrl ? `${publicUrl}${req.originalUrl}` : `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
}
