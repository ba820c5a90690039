import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadUserInputError, ConflictError, definePlugin, ForbiddenError, NotFoundError } from '@commonplace/sdk';
import type { CoreTestInstance } from '../../../../core/src/testing/index.js';
import { AS_CONTEXT, activityId, federationTestInstance, postActivity, remoteActor, startRemoteServer, type RemoteActor, type RemoteServer } from './helpers.js';

/** Notes whose content says how the handler refuses them; the others are kept. */
const kept: string[] = [];
const refusing = definePlugin({
  id: 'refusing-notes',
  version: '1.0.0',
  federation: {
    objects: [
      {
        types: ['Note'],
        on: {
          Create: async (_activity, note) => {
            if (note.content === 'too-much') throw new BadUserInputError('resourceQuantity: 11 kg is more than the 10 kg on hand.', 'resourceQuantity');
            if (note.content === 'not-yours') throw new ForbiddenError('that resource is not yours');
            if (note.content === 'twice') throw new ConflictError('already recorded');
            if (note.content === 'unknown') throw new NotFoundError('no such thing here');
            if (note.content === 'crash') throw new Error('the database went away');
            kept.push(String(note.id));
          },
        },
      },
    ],
  },
});

describe('a plugin handler’s typed refusal is a 4xx with its reason, not a 500', () => {
  let instance: CoreTestInstance;
  let server: RemoteServer;
  let bob: RemoteActor;

  beforeAll(async () => {
    ({ instance } = await federationTestInstance({ plugins: [refusing] }));
    server = await startRemoteServer();
    bob = remoteActor(server, 'bob');
  }, 300_000);
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const create = (content: string) => {
    const noteId = activityId(bob, 'notes');
    return { '@context': AS_CONTEXT, id: `${noteId}/activity`, type: 'Create', actor: bob.id, object: { id: noteId, type: 'Note', attributedTo: bob.id, content } };
  };

  it('BAD_USER_INPUT, FORBIDDEN and CONFLICT are 400, NOT_FOUND 404, each with the reason; a plain error stays 500', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['too-much', 400, /BAD_USER_INPUT \(resourceQuantity\): resourceQuantity: 11 kg is more than the 10 kg on hand/],
      ['not-yours', 400, /FORBIDDEN: that resource is not yours/],
      ['twice', 400, /CONFLICT: already recorded/],
      ['unknown', 404, /NOT_FOUND: no such thing here/],
      ['crash', 500, /retry later/],
    ];
    for (const [content, status, reason] of cases) {
      const response = await postActivity(instance, bob, create(content));
      expect(response.statusCode, content).toBe(status);
      expect(response.json().message, content).toMatch(reason);
    }
    expect(kept).toEqual([]);
    const accepted = create('fine');
    expect((await postActivity(instance, bob, accepted)).statusCode).toBe(202);
    expect(kept).toEqual([accepted.object.id]);
  });

  it('a refused activity may be sent again (nothing of it was kept, not even its id)', async () => {
    const activity = create('not-yours');
    expect((await postActivity(instance, bob, activity)).statusCode).toBe(400);
    expect((await postActivity(instance, bob, activity)).statusCode).toBe(400);
  });
});
