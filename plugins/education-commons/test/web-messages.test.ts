import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { educationCommonsWeb } from '../src/web/index.js';

const messagesDir = new URL('../src/web/messages/', import.meta.url);
const catalogue = (file: string): Record<string, string> => JSON.parse(readFileSync(new URL(file, messagesDir), 'utf8'));

/** English and Spanish complete, area by area; the assembled contribution holds every area's pages and messages. */
describe('education-commons web catalogues', () => {
  const areas = readdirSync(messagesDir)
    .filter((file) => file.endsWith('.en.json'))
    .map((file) => file.replace(/\.en\.json$/, ''));

  it.each(areas)('%s: Spanish has exactly the English keys, none empty, all prefixed', (area) => {
    const en = catalogue(`${area}.en.json`);
    const es = catalogue(`${area}.es.json`);
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of [...Object.entries(en), ...Object.entries(es)]) {
      expect(key.startsWith('education-commons.'), key).toBe(true);
      expect(message.trim(), key).not.toBe('');
    }
  });

  it('assembles the areas into one contribution', () => {
    const paths = educationCommonsWeb.pages!.map((page) => page.path);
    expect(paths).toEqual(expect.arrayContaining(['/discover', '/subjects/:code', '/feed', '/bookmarks', '/communities/new', '/c/:username', '/c/:username/moderation', '/collections/:username']));
    expect(new Set(paths).size).toBe(paths.length);
    expect(educationCommonsWeb.slots!.filter((slot) => slot.slot === 'front.sections')).toHaveLength(2);
    expect(educationCommonsWeb.messages!.es!['education-commons.community.join']).toBe('Unirse');
  });
});
