import type { PublicSearchPreview, SearchDocumentType, SearchHit } from '@commonplace/sdk/internal';
import type { CoreServices } from '../../container/core-cradle.js';

export interface PreviewedHit extends PublicSearchPreview {
  id: string;
  type: string;
  score: number;
}

/** Types that offer a public preview: only these are shown to peers and pushed to the shared index. */
export function publicTypes(declarations: readonly SearchDocumentType[]): SearchDocumentType[] {
  return declarations.filter((declaration) => typeof declaration.publicPreview === 'function');
}

/**
 * Hits with the preview their type gives, in the hits' order. Objects are loaded through the type's
 * `load` with the given services: with an anonymous viewer, `load` re-checks that each is public, and
 * a hit it does not return is left out.
 */
export async function previewHits(
  hits: readonly SearchHit[],
  declarations: ReadonlyMap<string, SearchDocumentType>,
  services: CoreServices,
): Promise<PreviewedHit[]> {
  const idsByType = new Map<string, string[]>();
  for (const hit of hits) idsByType.set(hit.type, [...(idsByType.get(hit.type) ?? []), hit.id]);
  const objects = new Map<string, unknown>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const declaration = declarations.get(type);
      if (!declaration?.publicPreview) return;
      for (const [id, object] of await declaration.load(ids, services)) objects.set(`${type}\u0000${id}`, object);
    }),
  );
  const previewed: PreviewedHit[] = [];
  for (const hit of hits) {
    const object = objects.get(`${hit.type}\u0000${hit.id}`);
    const preview = object === undefined ? null : declarations.get(hit.type)?.publicPreview?.(object, services);
    if (!preview) continue;
    previewed.push({ id: hit.id, type: hit.type, score: hit.score, title: preview.title, summary: preview.summary ?? null, url: preview.url });
  }
  return previewed;
}
