import { describe, expect, it } from 'vitest';
import { textSearchConfigFor } from '../../../core/src/search/languages.js';
import { audienceKeys } from '../../../core/src/search/audience-keys.js';
import { analyseText, fuzzyTsquery } from '../../../core/src/search/postgres/text-query.js';

const available = new Set(['simple', 'english', 'french', 'portuguese', 'norwegian']);

describe('text search configuration by BCP 47 language', () => {
  it.each([
    ['en', 'english'],
    ['en-GB', 'english'],
    ['FR', 'french'],
    ['pt_BR', 'portuguese'],
    ['nb-NO', 'norwegian'],
    ['de', 'simple'], // not on this server
    ['tlh', 'simple'],
    [null, 'simple'],
  ])('%s -> %s', (language, config) => {
    expect(textSearchConfigFor(language, available)).toBe(config);
  });
});

describe('reader keys of a document', () => {
  it('adds the owner to every audience, and gives unlisted documents to the owner alone', () => {
    expect(audienceKeys({ audience: { kind: 'public' }, ownerActorId: 'a' })).toEqual(['public', 'actor:a']);
    expect(audienceKeys({ audience: { kind: 'unlisted' }, ownerActorId: 'a' })).toEqual(['actor:a']);
    expect(audienceKeys({ audience: { kind: 'direct', to: ['b', 'c'] }, ownerActorId: 'a' })).toEqual(['actor:b', 'actor:c', 'actor:a']);
  });
});

describe('query text analysis', () => {
  it('takes the last plain word as a prefix, not a quoted or negated one', () => {
    expect(analyseText('open educ').prefix).toEqual({ word: 'educ', rest: 'open' });
    expect(analyseText('"open educ"').prefix).toBeNull();
    expect(analyseText('open -educ').prefix).toBeNull();
    expect(analyseText('open educ ').prefix).toBeNull();
    expect(analyseText('open -educ or science').words).toEqual(['open', 'science']);
  });

  it('builds a typo query only when a word has a correction, quoting lexemes', () => {
    expect(fuzzyTsquery(['teh', "o'neil"], new Map())).toBeNull();
    expect(fuzzyTsquery(['teh', "o'neil"], new Map([['teh', ['the']]]))).toBe("('teh' | 'the') & ('o''neil')");
  });
});
