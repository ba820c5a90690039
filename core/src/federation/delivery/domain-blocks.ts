import type { Executor } from '@commonplace/sdk';

/** Domains under a `reject` block, lower-cased. Small: read whole. */
export async function rejectedDomains(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('core_domain_blocks').select('domain').where('severity', '=', 'reject').execute();
  return rows.map((row) => String(row.domain).toLowerCase().replace(/^\.+|\.+$/g, ''));
}

/** The allow-list (federation.mode 'allowlist'), lower-cased. Small: read whole. */
export async function allowedDomains(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('core_allowed_domains').select('domain').execute();
  return rows.map((row) => String(row.domain).toLowerCase());
}

/** True when an inbox URL's host (with its port, or its name alone) is an allowed domain or under one. */
export function isAllowedHost(url: URL, allowed: readonly string[]): boolean {
  const host = url.host.toLowerCase();
  const name = url.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return allowed.some((domain) => domain !== '' && (host === domain || name === domain || name.endsWith(`.${domain}`)));
}

/** True when the host name is a blocked domain or under one (`social.example` blocks `a.social.example`). */
export function isBlockedHost(hostname: string, blocked: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return blocked.some((domain) => domain !== '' && (host === domain || host.endsWith(`.${domain}`)));
}
