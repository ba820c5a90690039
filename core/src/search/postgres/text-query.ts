/**
 * What the PostgreSQL backend makes of a query's text, before asking the database: the words to
 * correct for typos, and the last word to match as a prefix (someone still typing "photosynth").
 */
export interface TextAnalysis {
  /** Lower-cased plain words, in order, without negated ones (`-word`) and `or`. */
  words: string[];
  /** The last word when the text ends in one (not quoted, not negated): matched as a prefix too. */
  prefix: { word: string; rest: string } | null;
}

const WORD = /[\p{L}\p{N}]+/gu;
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

export function analyseText(text: string): TextAnalysis {
  const tokens = text.split(/\s+/).filter(Boolean);
  const words: string[] = [];
  for (const token of tokens) {
    if (token.startsWith('-') || token.toLowerCase() === 'or') continue;
    for (const word of token.toLowerCase().match(WORD) ?? []) words.push(word);
  }
  const last = tokens[tokens.length - 1] ?? '';
  const quotesBalanced = (text.match(/"/g) ?? []).length % 2 === 0;
  const prefix =
    quotesBalanced && PLAIN_WORD.test(last) && !/\s$/.test(text)
      ? { word: last.toLowerCase(), rest: text.slice(0, text.length - last.length).trim() }
      : null;
  return { words, prefix };
}

/** A lexeme quoted for to_tsquery: `'it''s'`. */
export function quoteLexeme(word: string): string {
  return `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/**
 * The typo-tolerant query: every word, or one of the known words close to it, must appear. Null when
 * no word has a correction (the main query already says everything).
 */
export function fuzzyTsquery(words: readonly string[], corrections: ReadonlyMap<string, readonly string[]>): string | null {
  let corrected = false;
  const groups = words.map((word) => {
    const alternatives = [...new Set([word, ...(corrections.get(word) ?? [])])];
    if (alternatives.length > 1) corrected = true;
    return `(${alternatives.map(quoteLexeme).join(' | ')})`;
  });
  return corrected ? groups.join(' & ') : null;
}
