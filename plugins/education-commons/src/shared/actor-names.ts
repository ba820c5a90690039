import { randomBytes } from 'node:crypto';

/**
 * A username for a community's or collection's Group actor, from its name: readable in a handle
 * (`@intro_to_python_3fa9c1@host`) and unique thanks to a random suffix. Core's rule: 1–30 of a-z, 0-9, _.
 */
export function groupUsername(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 22)
    .replace(/_+$/, '');
  const suffix = randomBytes(3).toString('hex');
  return slug ? `${slug}_${suffix}` : `group_${suffix}`;
}
