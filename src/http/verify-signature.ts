import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot rejects nothing older than this itself; we reject anything further from now, either way. */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

export type SignatureVersion = 'v1' | 'v2' | 'v3';

export interface SignedRequest {
  method: string;
  /** The full URI HubSpot called: scheme, host, path and query. */
  uri: string;
  rawBody: Buffer;
  headers: {
    signatureV3?: string;
    signature?: string;
    signatureVersion?: string;
    timestamp?: string;
  };
}

export type VerifyResult =
  | { ok: true; version: SignatureVersion }
  | { ok: false; code: 'WEBHOOK.MISSING_SIGNATURE' | 'WEBHOOK.BAD_SIGNATURE' | 'WEBHOOK.STALE_TIMESTAMP' | 'WEBHOOK.LEGACY_SIGNATURE'; message: string };

export interface VerifyOptions {
  /**
   * v1/v2 carry no timestamp: a captured delivery replays forever. Accepted only when the operator opts in
   * (LEADLOOP_ACCEPT_LEGACY_SIGNATURES=1); v3 is always preferred when both headers are present.
   */
  acceptLegacy?: boolean;
}

// HubSpot's request-validation doc: these escapes are decoded in the URI before hashing (v3).
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'",
  '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED_ESCAPES[m.toUpperCase()] ?? m);
}

export function signV3(secret: string, method: string, uri: string, rawBody: Buffer | string, timestamp: string): string {
  return createHmac('sha256', secret)
    .update(`${method.toUpperCase()}${decodeSignedUri(uri)}`)
    .update(rawBody)
    .update(timestamp)
    .digest('base64');
}

export function signV1(secret: string, rawBody: Buffer | string): string {
  return createHash('sha256').update(secret).update(rawBody).digest('hex');
}

export function signV2(secret: string, method: string, uri: string, rawBody: Buffer | string): string {
  return createHash('sha256').update(`${secret}${method.toUpperCase()}${uri}`).update(rawBody).digest('hex');
}

/** Constant time over equal lengths; a length mismatch is a mismatch without comparing. */
function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies a HubSpot request against each secret (the current one and, during a rotation, the previous one).
 * Pure: the time is an argument. v3 when its header is present, else (only when allowed) v1/v2 by
 * `X-HubSpot-Signature-Version`.
 */
export function verifySignature(req: SignedRequest, secrets: readonly string[], now: number, options: VerifyOptions = {}): VerifyResult {
  const { signatureV3, signature, signatureVersion, timestamp } = req.headers;
  if (secrets.length === 0) return { ok: false, code: 'WEBHOOK.BAD_SIGNATURE', message: 'no client secret configured' };

  if (signatureV3 !== undefined) {
    if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) {
      return { ok: false, code: 'WEBHOOK.MISSING_SIGNATURE', message: 'X-HubSpot-Request-Timestamp is missing or not epoch milliseconds' };
    }
    // Checked before hashing: a replayed request costs us no HMAC.
    if (Math.abs(now - Number(timestamp)) > MAX_TIMESTAMP_SKEW_MS) {
      return { ok: false, code: 'WEBHOOK.STALE_TIMESTAMP', message: 'X-HubSpot-Request-Timestamp is more than 5 minutes from now' };
    }
    const match = secrets.some((s) => safeEqual(signV3(s, req.method, req.uri, req.rawBody, timestamp), signatureV3));
    return match ? { ok: true, version: 'v3' } : { ok: false, code: 'WEBHOOK.BAD_SIGNATURE', message: 'X-HubSpot-Signature-v3 does not match' };
  }

  if (signature !== undefined) {
    if (!options.acceptLegacy) {
      return {
        ok: false,
        code: 'WEBHOOK.LEGACY_SIGNATURE',
        message: 'only X-HubSpot-Signature-v3 is accepted (v1/v2 can be replayed); set LEADLOOP_ACCEPT_LEGACY_SIGNATURES=1 to accept them',
      };
    }
    const version = (signatureVersion ?? 'v1').toLowerCase();
    if (version !== 'v1' && version !== 'v2') {
      return { ok: false, code: 'WEBHOOK.BAD_SIGNATURE', message: `unsupported X-HubSpot-Signature-Version ${version}` };
    }
    const sign = (s: string) => (version === 'v1' ? signV1(s, req.rawBody) : signV2(s, req.method, req.uri, req.rawBody));
    const match = secrets.some((s) => safeEqual(sign(s), signature.toLowerCase()));
    return match
      ? { ok: true, version }
      : { ok: false, code: 'WEBHOOK.BAD_SIGNATURE', message: `X-HubSpot-Signature (${version}) does not match` };
  }

  return { ok: false, code: 'WEBHOOK.MISSING_SIGNATURE', message: 'X-HubSpot-Signature-v3 (or X-HubSpot-Signature) header is missing' };
}
