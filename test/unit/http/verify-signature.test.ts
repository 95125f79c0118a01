import { Signature } from '@hubspot/api-client';
import fs from 'node:fs';
import path from 'node:path';
import { decodeSignedUri, MAX_TIMESTAMP_SKEW_MS, verifySignature, type SignedRequest } from '../../../src/http/verify-signature';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const NOW = 1_764_000_000_000;
const body = fs.readFileSync(path.join(__dirname, '../../fixtures/hubspot/contact.creation.json'), 'utf8').trimEnd();

/**
 * A v3 request as HubSpot sends it to `url`, signed by @hubspot/api-client's own helper (an oracle independent of
 * leadloop) over `signedUri`: the URI HubSpot hashes, written out by hand in each test. HubSpot decodes the escapes
 * %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B before hashing; the SDK hashes what it is given, so a test whose
 * URL holds any of them passes its decoded form.
 */
function v3Request(url: string, rawBody: string, timestamp: number, secret = SECRET, signedUri = url): SignedRequest {
  const signatureV3 = Signature.getSignature('POST', 'v3', { signature: '', clientSecret: secret, requestBody: rawBody, url: signedUri, timestamp });
  return { method: 'POST', uri: url, rawBody: Buffer.from(rawBody), headers: { signatureV3, timestamp: String(timestamp) } };
}

const LEGACY = { acceptLegacy: true };

describe('verifySignature', () => {
  describe('published vectors', () => {
    it('accepts HubSpot\'s v1 example', () => {
      const req: SignedRequest = {
        method: 'POST',
        uri: 'https://example.com/webhooks/hubspot',
        rawBody: Buffer.from(body),
        headers: { signature: '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de', signatureVersion: 'v1' },
      };
      expect(verifySignature(req, [SECRET], NOW, LEGACY)).toEqual({ ok: true, version: 'v1' });
    });

    it('accepts HubSpot\'s v2 example (GET, empty body)', () => {
      const req: SignedRequest = {
        method: 'GET',
        uri: 'https://www.example.com/webhook_uri',
        rawBody: Buffer.alloc(0),
        headers: { signature: 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e', signatureVersion: 'v2' },
      };
      expect(verifySignature(req, [SECRET], NOW, LEGACY)).toEqual({ ok: true, version: 'v2' });
    });
  });

  describe('v3 vectors computed by hand', () => {
    // base64(HMAC-SHA256(secret, method + URI + body + timestamp)), computed outside this code base with
    //   printf '%s' "POST<signed URI><body>1764000000000" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
    it.each([
      ['https://example.com/webhooks/hubspot', 'udkL9ghS+X1L7NVFyb6iFNy6rX8BInERVWrE2KHaj4k='],
      // signed as https://example.com/hooks/@team/hubspot?list=a,b;c&q=(x)*!$'&tag=a%20b
      ['https://example.com/hooks/%40team/hubspot?list=a%2Cb%3Bc&q=%28x%29%2A%21%24%27&tag=a%20b', 'QEiAOm87MjgEzzHjBfQBgs18KeE2GCKJn+3gkmFN3U0='],
    ])('accepts %s', (uri, signatureV3) => {
      const req: SignedRequest = { method: 'POST', uri, rawBody: Buffer.from(body), headers: { signatureV3, timestamp: String(NOW) } };
      expect(verifySignature(req, [SECRET], NOW)).toEqual({ ok: true, version: 'v3' });
    });
  });

  describe('vectors made by @hubspot/api-client', () => {
    it.each([
      ['v1' as const, 'https://example.com/webhooks/hubspot'],
      ['v2' as const, 'https://example.com/webhooks/hubspot?portal=1'],
    ])('accepts %s', (version, url) => {
      const signature = Signature.getSignature('POST', version, { signature: '', clientSecret: SECRET, requestBody: body, url });
      const req: SignedRequest = { method: 'POST', uri: url, rawBody: Buffer.from(body), headers: { signature, signatureVersion: version } };
      expect(verifySignature(req, [SECRET], NOW, LEGACY)).toEqual({ ok: true, version });
      expect(Signature.isValid({ signature, clientSecret: SECRET, requestBody: body, url, signatureVersion: version })).toBe(true);
    });

    it.each([
      // [the URL HubSpot calls, the URI it signs]
      ['https://example.com/webhooks/hubspot', 'https://example.com/webhooks/hubspot'],
      ['https://example.com/webhooks/hubspot?portal=62515&tag=a%20b', 'https://example.com/webhooks/hubspot?portal=62515&tag=a%20b'],
      ['https://example.com/webhooks/hubspot?next=https%3A%2F%2Fapp.example.com%2Fx%3Fy%3D1', 'https://example.com/webhooks/hubspot?next=https://app.example.com/x?y%3D1'],
      ['https://example.com/hooks/%40team/hubspot?list=a%2Cb%3Bc&q=%28x%29%2A%21%24%27', "https://example.com/hooks/@team/hubspot?list=a,b;c&q=(x)*!$'"],
      ['https://example.com/webhooks/hubspot?a=%26%3D%25%2B%23', 'https://example.com/webhooks/hubspot?a=%26%3D%25%2B%23'],
    ])('accepts v3 for %s (HubSpot signs %s)', (url, signedUri) => {
      expect(verifySignature(v3Request(url, body, NOW - 1000, SECRET, signedUri), [SECRET], NOW)).toEqual({ ok: true, version: 'v3' });
    });

    it('rejects v3 signed with escapes HubSpot keeps (%20, %3D) decoded: they are hashed as sent', () => {
      const url = 'https://example.com/webhooks/hubspot?tag=a%20b%3D';
      expect(verifySignature(v3Request(url, body, NOW, SECRET, 'https://example.com/webhooks/hubspot?tag=a b='), [SECRET], NOW)).toMatchObject({ ok: false, code: 'WEBHOOK.BAD_SIGNATURE' });
    });

    it('decodes only the escapes HubSpot lists, leaving %20 alone', () => {
      expect(decodeSignedUri('https://x.io/a%3Ab%2fc?d=%20%40')).toBe('https://x.io/a:b/c?d=%20@');
    });
  });

  describe('legacy signatures (v1/v2 have no timestamp: replayable)', () => {
    const v1 = () => {
      const signature = Signature.getSignature('POST', 'v1', { signature: '', clientSecret: SECRET, requestBody: body, url: 'https://example.com/webhooks/hubspot' });
      return { signature, signatureVersion: 'v1' };
    };

    it.each(['v1', 'v2'] as const)('refuses a valid %s signature by default, naming the setting', (version) => {
      const url = 'https://example.com/webhooks/hubspot';
      const signature = Signature.getSignature('POST', version, { signature: '', clientSecret: SECRET, requestBody: body, url });
      const req: SignedRequest = { method: 'POST', uri: url, rawBody: Buffer.from(body), headers: { signature, signatureVersion: version } };
      const verdict = verifySignature(req, [SECRET], NOW);
      expect(verdict).toMatchObject({ ok: false, code: 'WEBHOOK.LEGACY_SIGNATURE' });
      expect(verdict.ok === false && verdict.message).toContain('LEADLOOP_ACCEPT_LEGACY_SIGNATURES');
    });

    it('uses v3 when both headers are present (the sandbox signs both), legacy allowed or not', () => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, NOW);
      const both: SignedRequest = { ...req, headers: { ...req.headers, ...v1() } };
      expect(verifySignature(both, [SECRET], NOW)).toEqual({ ok: true, version: 'v3' });
      expect(verifySignature(both, [SECRET], NOW, LEGACY)).toEqual({ ok: true, version: 'v3' });
    });

    it('does not fall back to a valid v1 when the v3 beside it is stale', () => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, NOW - MAX_TIMESTAMP_SKEW_MS - 1);
      const both: SignedRequest = { ...req, headers: { ...req.headers, ...v1() } };
      expect(verifySignature(both, [SECRET], NOW, LEGACY)).toMatchObject({ ok: false, code: 'WEBHOOK.STALE_TIMESTAMP' });
    });
  });

  describe('rejections', () => {
    it('rejects a tampered body', () => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, NOW);
      const tampered = { ...req, rawBody: Buffer.from(body.replace('"objectId":123', '"objectId":124')) };
      expect(verifySignature(tampered, [SECRET], NOW)).toMatchObject({ ok: false, code: 'WEBHOOK.BAD_SIGNATURE' });
    });

    it('rejects a signature made with another secret', () => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, NOW, 'another-secret');
      expect(verifySignature(req, [SECRET], NOW)).toMatchObject({ ok: false, code: 'WEBHOOK.BAD_SIGNATURE' });
    });

    it('rejects a signature for another URI', () => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, NOW);
      expect(verifySignature({ ...req, uri: 'https://example.com/webhooks/hubspot?x=1' }, [SECRET], NOW)).toMatchObject({ ok: false });
    });

    it.each([
      ['stale', NOW - MAX_TIMESTAMP_SKEW_MS - 1],
      ['from the future', NOW + MAX_TIMESTAMP_SKEW_MS + 1],
    ])('rejects a %s timestamp even with a valid signature', (_label, timestamp) => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, timestamp);
      expect(verifySignature(req, [SECRET], NOW)).toMatchObject({ ok: false, code: 'WEBHOOK.STALE_TIMESTAMP' });
    });

    it('accepts timestamps at the edge of the window', () => {
      const req = v3Request('https://example.com/webhooks/hubspot', body, NOW - MAX_TIMESTAMP_SKEW_MS);
      expect(verifySignature(req, [SECRET], NOW).ok).toBe(true);
    });

    it('names missing headers', () => {
      const none: SignedRequest = { method: 'POST', uri: 'https://x', rawBody: Buffer.from(body), headers: {} };
      expect(verifySignature(none, [SECRET], NOW)).toMatchObject({ ok: false, code: 'WEBHOOK.MISSING_SIGNATURE', message: expect.stringContaining('X-HubSpot-Signature-v3') });
      const noTimestamp = { ...none, headers: { signatureV3: 'abc' } };
      expect(verifySignature(noTimestamp, [SECRET], NOW)).toMatchObject({ ok: false, message: expect.stringContaining('X-HubSpot-Request-Timestamp') });
    });

    it('rejects a signature of a different length without throwing', () => {
      const req = { ...v3Request('https://example.com/w', body, NOW), headers: { signatureV3: 'short', timestamp: String(NOW) } };
      expect(verifySignature(req, [SECRET], NOW)).toMatchObject({ ok: false, code: 'WEBHOOK.BAD_SIGNATURE' });
    });

    it('fails closed with no secret configured', () => {
      expect(verifySignature(v3Request('https://example.com/w', body, NOW), [], NOW).ok).toBe(false);
    });

    it('rejects an unknown signature version', () => {
      const req: SignedRequest = { method: 'POST', uri: 'https://x', rawBody: Buffer.from(body), headers: { signature: 'ab', signatureVersion: 'v9' } };
      expect(verifySignature(req, [SECRET], NOW, LEGACY)).toMatchObject({ ok: false, message: expect.stringContaining('v9') });
    });
  });

  it('accepts the previous secret during a rotation', () => {
    const req = v3Request('https://example.com/webhooks/hubspot', body, NOW, 'old-secret');
    expect(verifySignature(req, [SECRET, 'old-secret'], NOW).ok).toBe(true);
  });
});
