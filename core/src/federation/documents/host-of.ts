/**
 * An http(s) URL already in the form the URL parser would give it: lower-case labels that each start
 * with a letter, no `xn--` label (IDNA checks those), and a port other than the scheme's default
 * without leading zeros. For such a URL the host is the text between `//` and the next `/`, `?` or
 * `#`, exactly as `new URL(uri).host`; anything else goes to the parser.
 */
const CANONICAL_AUTHORITY = /^(https?):\/\/((?!xn--)[a-z][a-z0-9-]*(?:\.(?!xn--)[a-z][a-z0-9-]*)*)(?::([1-9][0-9]{0,4}))?(?:[/?#]|$)/;

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * The host of a URL (with its port when not the default), lower-cased, as `new URL(uri).host`
 * gives it; null when `uri` is not a URL. The inbox asks this of several URIs in every activity
 * (origin checks, local addressees), so the usual form is read without building a URL object.
 */
export function hostOf(uri: string): string | null {
  const canonical = CANONICAL_AUTHORITY.exec(uri);
  if (canonical) {
    const [, scheme, host, port] = canonical;
    if (port === undefined) return host!;
    if (port !== DEFAULT_PORTS[scheme!] && Number(port) <= 65_535) return `${host}:${port}`;
  }
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return null;
  }
}
