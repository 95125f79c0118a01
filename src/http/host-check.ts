import type { Request } from 'express';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request names this server in its `Host`: PUBLIC_URL's host, or a loopback name with the port the
 * request arrived on. Refusing every other Host defeats DNS rebinding (a page on evil.example whose name now points
 * at 127.0.0.1 still sends `Host: evil.example`); a loopback name cannot be forged that way, so local probes and a
 * proxy that passes 127.0.0.1:PORT keep working.
 */
export function hostAllowed(publicUrl: string | undefined) {
  const publicHost = publicUrl ? new URL(publicUrl).host.toLowerCase() : undefined;
  return (req: Request): boolean => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (publicHost && host === publicHost) return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
    if (!m || !LOOPBACK_NAMES.has(m[1]!)) return false;
    return Number(m[2] ?? 80) === req.socket.localPort;
  };
}
