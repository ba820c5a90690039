import { describe, expect, it } from 'vitest';
import { localTarget } from '../../../core/src/web/server/page-routes.js';

describe('localTarget (where a form action may redirect)', () => {
  it('keeps paths of this instance', () => {
    expect(localTarget('/c/maths?tab=1')).toBe('/c/maths?tab=1');
  });

  it('refuses other sites, also when a browser would strip a tab or newline to make `//host`', () => {
    // Browsers drop tab, CR and LF from a URL before parsing it: `/\t/evil.example` becomes `//evil.example`.
    for (const target of ['//evil.example', '/\\evil.example', 'https://evil.example', '/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/\u0000/x']) {
      expect(localTarget(target), JSON.stringify(target)).toBe('/');
    }
  });
});
