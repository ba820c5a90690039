import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '@commonplace/sdk';

/** host-meta (RFC 6415): where WebFinger lives, for the servers that still look it up first. */
export async function hostMetaRoutes(app: FastifyInstance, deps: { publicUrl: string }): Promise<void> {
  const template = `${deps.publicUrl}/.well-known/webfinger?resource={uri}`;
  const xrd = `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="lrdd" template="${escapeHtml(template)}"/>
</XRD>
`;
  app.get('/.well-known/host-meta', async (_request, reply) =>
    reply.header('access-control-allow-origin', '*').type('application/xrd+xml; charset=utf-8').send(xrd),
  );
  app.get('/.well-known/host-meta.json', async (_request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .type('application/json; charset=utf-8')
      .send({ links: [{ rel: 'lrdd', template }] }),
  );
}
