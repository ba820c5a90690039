import type { InstanceSettings } from '@commonplace/sdk/internal';
import type { Moderation } from '../../federation/moderation/index.js';

/**
 * Which hosts discovery leaves out: a domain block of either severity (a silenced domain is not
 * promoted in search either), and in allow-list mode every host not on the list. This instance's
 * own host is never left out.
 */
export interface DiscoveryHosts {
  isHidden(host: string): Promise<boolean>;
  /** Every blocked domain, for sources that filter on their side (the shared index). */
  blockedDomains(): Promise<string[]>;
}

export function discoveryHosts(deps: {
  moderation: () => Moderation;
  federation: InstanceSettings['federation'];
  publicUrl: string;
}): DiscoveryHosts {
  const ownHost = new URL(deps.publicUrl).host.toLowerCase();
  return {
    async isHidden(host) {
      const lower = host.toLowerCase();
      if (lower === ownHost) return false;
      const moderation = deps.moderation();
      if (await moderation.domainBlockFor(lower)) return true;
      return deps.federation.mode === 'allowlist' && !(await moderation.isAllowedDomain(lower));
    },
    async blockedDomains() {
      return (await deps.moderation().listDomainBlocks()).map((block) => block.domain);
    },
  };
}
