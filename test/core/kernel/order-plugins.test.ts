import { describe, expect, it } from 'vitest';
import { orderPlugins } from '../../../core/src/kernel/order-plugins.js';
import { BootError } from '../../../core/src/kernel/boot-error.js';

const plugin = (id: string, dependsOn: string[] = []) => ({ id, dependsOn });
const ids = (plugins: { id: string }[]) => plugins.map((p) => p.id);

describe('ordering plugins by dependsOn', () => {
  it('boots every plugin after the plugins it depends on', () => {
    const ordered = orderPlugins([
      plugin('mutual-aid', ['economic-flows']),
      plugin('decidim-bridge', ['education-commons', 'mutual-aid']),
      plugin('economic-flows'),
      plugin('education-commons'),
    ]);
    const position = (id: string) => ids(ordered).indexOf(id);
    expect(ordered).toHaveLength(4);
    expect(position('economic-flows')).toBeLessThan(position('mutual-aid'));
    expect(position('mutual-aid')).toBeLessThan(position('decidim-bridge'));
    expect(position('education-commons')).toBeLessThan(position('decidim-bridge'));
  });

  it('keeps the listing order among plugins free to go', () => {
    expect(ids(orderPlugins([plugin('b'), plugin('a'), plugin('c')]))).toEqual(['b', 'a', 'c']);
  });

  it('names the plugin whose dependency is missing', () => {
    expect(() => orderPlugins([plugin('mutual-aid', ['economic-flows'])])).toThrowError(
      /\[mutual-aid\] depends on "economic-flows", which is not enabled/,
    );
  });

  it('names the plugins of a cycle', () => {
    const attempt = () => orderPlugins([plugin('a', ['b']), plugin('b', ['c']), plugin('c', ['a'])]);
    expect(attempt).toThrowError(BootError);
    expect(attempt).toThrowError(/dependency cycle: a -> b -> c -> a/);
  });

  it('refuses a plugin that depends on itself', () => {
    expect(() => orderPlugins([plugin('a', ['a'])])).toThrowError(/\[a\] dependency cycle: a -> a/);
  });

  it('refuses a duplicate id, naming it', () => {
    expect(() => orderPlugins([plugin('microblog'), plugin('microblog')])).toThrowError(/\[microblog\] enabled twice/);
  });

  it('refuses ids that are not kebab-case, and the reserved "core"', () => {
    expect(() => orderPlugins([plugin('Micro_Blog')])).toThrowError(/\[Micro_Blog\] plugin id must be kebab-case/);
    expect(() => orderPlugins([plugin('core')])).toThrowError(/\[core\] the id "core" is reserved/);
  });
});
