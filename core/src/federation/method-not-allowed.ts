import type { FastifyInstance } from 'fastify';

/**
 * Inboxes take only POST (from other servers) and outboxes only GET (we offer no client-to-server
 * posting): the other method gets 405 with an Allow header, as HTTP asks, rather than a 404 that
 * says the URL does not exist.
 */
export async function methodNotAllowedRoutes(app: FastifyInstance): Promise<void> {
  const refuse = (allow: string) => async (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .status(405)
      .header('allow', allow)
      .send({ statusCode: 405, error: 'Method Not Allowed', message: `Only ${allow} is allowed here.` });
  for (const inbox of ['/inbox', '/actors/:username/inbox']) app.get(inbox, refuse('POST'));
  await app.register(async (outbox) => {
    // Whatever a client posts, the answer is the same; do not parse (or refuse) its body first.
    outbox.removeAllContentTypeParsers();
    outbox.addContentTypeParser('*', { bodyLimit: 1024 }, (_request, _payload, done) => done(null, undefined));
    outbox.post('/actors/:username/outbox', refuse('GET, HEAD'));
  });
}
