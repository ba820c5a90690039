const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/**
 * Comments are stored as plain text, so nothing a peer sends is ever rendered as HTML here: incoming
 * HTML is reduced to its text (outgoing text goes out through the sdk's plainTextAsHtml).
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? (name.startsWith('#') ? safeCodePoint(name.slice(1)) ?? whole : whole))
    .trim();
}

function safeCodePoint(code: string): string | undefined {
  const value = code.startsWith('x') ? Number.parseInt(code.slice(1), 16) : Number.parseInt(code, 10);
  return Number.isFinite(value) && value > 0 && value < 0x110000 ? String.fromCodePoint(value) : undefined;
}
