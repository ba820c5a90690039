import type { Executor } from '@commonplace/sdk';

/** Domains under a `reject` block, lower-cased. Small: read whole. */
export async function rejectedDomains(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('core_domain_blocks').select('domain').where('severity', '=', 'reject').execute();
  return rows.map((row) => String(row.domain).toLowerCase().replace(/^\.+|\.+$/g, ''));
}

/** True when the host name is a blocked domain or under one (`social.example` blocks `a.social.example`). */
export function isBlockedHost(hostname: string, blocked: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return blocked.some((domain) => domain !== '' && (host === domain || host.endsWith(`.${domain}`)));
}
