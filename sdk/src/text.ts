/**
 * Text that comes in and goes out: one rule for control characters, one for HTML.
 *
 * Control characters: C0 controls (U+0000–U+001F) other than tab, line feed and carriage return, and
 * DEL (U+007F), have no place in text people write; PostgreSQL refuses NUL outright, and the others
 * only hide what a text says. Tab, LF and CR stay allowed everywhere (multi-line text, pasted tables).
 * C1 controls (U+0080–U+009F) are left alone: they are valid text to PostgreSQL and rare in practice.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** The first refused control character in `text` as "U+0000", or null when there is none. */
export function findControlCharacter(text: string): string | null {
  const found = CONTROL_CHARACTER.exec(text);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** `text` without the refused control characters (for text from other servers, which we cannot ask to resend). */
export function stripControlCharacters(text: string): string {
  return CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTERS, '') : text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe inside HTML, as element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/**
 * Plain text for an ActivityStreams field defined as HTML (`summary`, `content`): escaped, paragraphs
 * on blank lines, line breaks as <br>. Remote servers sanitise and render it; what shows is the text.
 */
export function plainTextAsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * Plain text for an ActivityStreams field defined as plain text (`name`, and vocabularies' own text
 * terms such as ValueFlows' `note`). It must not be escaped: Mastodon and the spec read it as text, so
 * "&amp;" would show as typed. The spec says such fields carry no markup, so anything that could open
 * a tag in an HTML parser (a `<` before a letter, `/`, `!` or `?`) is removed, tags first; a server
 * that wrongly renders the field as HTML then gets text and no element. "a < b" and "<3" are kept;
 * text that merely looks like a tag ("Riverside <Commons>") loses it, the price of the spec's rule.
 */
export function plainTextForFederation(text: string): string {
  return text
    .replace(/<[a-zA-Z/!?][^<>]*>/g, '')
    .replace(/<(?=[a-zA-Z/!?])/g, '')
    .trim();
}
