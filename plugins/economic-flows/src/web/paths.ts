/** The URLs of the plugin's pages, in one place (pages link to each other and the trace graph links to all). */
export const flowsPaths = {
  home: '/flows',
  record: '/flows/record',
  agent: (id: string) => `/flows/agents/${encodeURIComponent(id)}`,
  resource: (id: string) => `/flows/resources/${encodeURIComponent(id)}`,
  trace: (id: string) => `/flows/resources/${encodeURIComponent(id)}/trace`,
  event: (id: string) => `/flows/events/${encodeURIComponent(id)}`,
  process: (id: string) => `/flows/processes/${encodeURIComponent(id)}`,
};

/** The host of another instance's object (its URI's), to mark remote steps with; null for a malformed URI. */
export function instanceOf(uri: string): string | null {
  try {
    return new URL(uri).host;
  } catch {
    return null;
  }
}
