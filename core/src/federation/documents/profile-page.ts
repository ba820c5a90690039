import { escapeHtml } from '@commonplace/sdk';
import type { LocalActor } from './local-actor-directory.js';

const TYPE_LABELS: Readonly<Record<LocalActor['type'], string>> = {
  Person: 'Person',
  Group: 'Group',
  Organization: 'Organization',
  Service: 'Service (automated account)',
  Application: 'This instance’s own actor',
};

/**
 * The small HTML page a browser gets for a local actor (until a web client renders profiles). Every
 * value from the database is escaped; the avatar only ever is an http(s) URL (checked when saved).
 */
export function renderProfilePage(actor: LocalActor, facts: { handle: string; actorUri: string; instanceName: string }): string {
  const name = actor.displayName ?? actor.username;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(name)} (${escapeHtml(facts.handle)})</title>
    <link rel="alternate" type="application/activity+json" href="${escapeHtml(facts.actorUri)}">
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1d1d1f; }
      img { width: 96px; height: 96px; border-radius: 8px; object-fit: cover; } small { color: #666; }
    </style>
  </head>
  <body>
    ${actor.avatarUrl ? `<img src="${escapeHtml(actor.avatarUrl)}" alt="">` : ''}
    <h1>${escapeHtml(name)}</h1>
    <p><small>${escapeHtml(facts.handle)} · ${escapeHtml(TYPE_LABELS[actor.type])}</small></p>
    ${actor.summary ? `<p>${escapeHtml(actor.summary)}</p>` : ''}
    <footer><small>On ${escapeHtml(facts.instanceName)}. Follow from any ActivityPub server with ${escapeHtml(facts.handle)}.</small></footer>
  </body>
</html>
`;
}

/** A one-line page for an actor that is not (or no longer) here. */
export function renderNoticePage(title: string, text: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>
`;
}
