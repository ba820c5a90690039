/** Hosts a block on `domain` covers: the host itself (port included), its name without the port, and its parent domains. */
export function domainCandidates(host: string): string[] {
  const lower = host.toLowerCase();
  const name = lower.replace(/:\d+$/, '');
  const candidates = new Set([lower, name]);
  // An IP address has no parent domains.
  if (!/^[\d.]+$/.test(name) && !name.startsWith('[')) {
    const labels = name.split('.');
    for (let i = 1; i < labels.length - 1; i += 1) candidates.add(labels.slice(i).join('.'));
  }
  return [...candidates];
}
