/**
 * Languages, as BCP 47 tags (RFC 5646). Tags are checked structurally and canonicalised by the
 * platform's `Intl.getCanonicalLocales` (so `EN-gb` becomes `en-GB`), not against a registry copy:
 * any well-formed tag is accepted, as the IANA registry grows.
 */
export const LANGUAGE_EXAMPLES = ['en', 'fr', 'es', 'pt-BR', 'zh-Hant', 'ar', 'sw'] as const;

/** Longest tag accepted: RFC 5646 recommends supporting at least 35 characters; extensions go further. */
export const MAX_LANGUAGE_TAG_LENGTH = 64;

/**
 * The canonical form of a well-formed BCP 47 tag, or undefined. Beyond the grammar, the primary
 * language subtag must have 2 or 3 letters (ISO 639): RFC 5646 reserves 4 letters and keeps 5 to 8
 * for registrations that do not exist, and accepting them would let "english" or "french" through.
 */
export function canonicalLanguage(tag: string): string | undefined {
  const text = tag.trim();
  if (text === '' || text.length > MAX_LANGUAGE_TAG_LENGTH) return undefined;
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(text);
  } catch {
    return undefined;
  }
  return canonical && /^[a-z]{2,3}(-|$)/.test(canonical) ? canonical : undefined;
}
