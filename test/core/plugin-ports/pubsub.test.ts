import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { pino } from 'pino';
import { BadUserInputError, type PubSubMessage } from '@commonplace/sdk/internal';
import { createPluginPorts, type PluginPorts } from '../../../core/src/plugin-ports/index.js';
import { ManualClock } from '../../../core/src/runtime/clock.js';
import { silentLog, testSettings } from './fixture.js';

/** One PluginPorts per process of an instance; `redisUrl` unset: in process. */
function processOf(redisUrl: string | undefined, channelPrefix: string): PluginPorts {
  return createPluginPorts({
    db: undefined as never,
    jobs: { enqueue: async () => ({ id: 'unused' }) },
    settings: testSettings(),
    clock: new ManualClock(),
    log: silentLog,
    publicUrl: 'http://localhost.test',
    jobExists: () => false,
    channelPrefix,
    ...(redisUrl ? { redisUrl } : {}),
  });
}

function inbox(): { messages: PubSubMessage[]; listener: (m: PubSubMessage) => void; next(count?: number): Promise<void> } {
  const messages: PubSubMessage[] = [];
  return {
    messages,
    listener: (message) => void messages.push(message),
    async next(count = 1) {
      const deadline = Date.now() + 5_000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`waited for ${count} messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

/** Lets anything in flight arrive, so a test can say a message did NOT come. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const adapters = [['in process', undefined], ...(process.env.REDIS_URL ? [['Redis', process.env.REDIS_URL]] : [])] as const;

for (const [adapter, redisUrl] of adapters) {
  describe(`plugin pub/sub (${adapter})`, () => {
    const opened: PluginPorts[] = [];
    // Every test its own prefix: other tests on the same Redis never cross these channels.
    const open = (prefix: string) => {
      const ports = processOf(redisUrl, prefix);
      opened.push(ports);
      return ports;
    };
    const newPrefix = () => `cp-test-${randomBytes(4).toString('hex')}:`;
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((ports) => ports.close()));
    });

    test('a JSON message published on a channel reaches its subscribers, as a copy each; unsubscribing stops it', async () => {
      const ports = open(newPrefix());
      const pubsub = ports.forPlugin('microblog').pubsub;
      const first = inbox();
      const second = inbox();
      const unsubscribeFirst = await pubsub.subscribe('timeline:public', first.listener);
      await pubsub.subscribe('timeline:public', (message) => {
        if (typeof message === 'object' && message !== null) (message as { id: number }).id = -1;
        second.listener(message);
      });
      await pubsub.publish('timeline:public', { id: 1, text: 'hello', tags: ['a'], at: null });
      await Promise.all([first.next(), second.next()]);
      expect(first.messages).toEqual([{ id: 1, text: 'hello', tags: ['a'], at: null }]);

      await unsubscribeFirst();
      await unsubscribeFirst();
      await pubsub.publish('timeline:public', 2);
      await second.next(2);
      await settle();
      expect(first.messages).toHaveLength(1);
      expect(second.messages).toEqual([{ id: -1, text: 'hello', tags: ['a'], at: null }, 2]);
    });

    test("plugins' channels are their own: the same name in another plugin is another channel", async () => {
      const ports = open(newPrefix());
      const mine = inbox();
      const theirs = inbox();
      await ports.forPlugin('microblog').pubsub.subscribe('updates', mine.listener);
      await ports.forPlugin('mutual-aid').pubsub.subscribe('updates', theirs.listener);
      await ports.forPlugin('mutual-aid').pubsub.publish('updates', 'for mutual-aid');
      await theirs.next();
      await settle();
      expect(theirs.messages).toEqual(['for mutual-aid']);
      expect(mine.messages).toEqual([]);
    });

    test('a failing listener does not keep the message from the others', async () => {
      const pubsub = open(newPrefix()).forPlugin('microblog').pubsub;
      const after = inbox();
      await pubsub.subscribe('c', () => {
        throw new Error('listener bug');
      });
      await pubsub.subscribe('c', after.listener);
      await pubsub.publish('c', 'still delivered');
      await after.next();
      expect(after.messages).toEqual(['still delivered']);
    });

    test('bad channels and oversized messages are refused as bad input', async () => {
      const pubsub = open(newPrefix()).forPlugin('microblog').pubsub;
      await expect(pubsub.publish('', 1)).rejects.toBeInstanceOf(BadUserInputError);
      await expect(pubsub.publish('c', 'x'.repeat(300_000))).rejects.toThrow(/pubsub\.maxMessageBytes/);
    });

    test('close() runs every plugin shutdown listener once, even when one fails, and an unsubscribed one not at all', async () => {
      const ports = open(newPrefix());
      const ran: string[] = [];
      ports.forPlugin('microblog').lifecycle.onShutdown(async () => void ran.push('microblog'));
      ports.forPlugin('links').lifecycle.onShutdown(() => {
        throw new Error('cannot close');
      });
      const off = ports.forPlugin('links').lifecycle.onShutdown(() => void ran.push('links, unsubscribed'));
      off();
      ports.forPlugin('mutual-aid').lifecycle.onShutdown(() => void ran.push('mutual-aid'));
      await ports.close();
      await ports.close();
      expect(ran.sort()).toEqual(['microblog', 'mutual-aid']);
    });
  });
}

describe.skipIf(!process.env.REDIS_URL)('plugin pub/sub across processes (Redis)', () => {
  test("two processes of one instance hear each other's messages; another instance's prefix hears nothing", async () => {
    const prefix = `cp-test-${randomBytes(4).toString('hex')}:`;
    const web = processOf(process.env.REDIS_URL, prefix);
    const worker = processOf(process.env.REDIS_URL, prefix);
    const otherInstance = processOf(process.env.REDIS_URL, `cp-test-${randomBytes(4).toString('hex')}:`);
    try {
      const atWeb = inbox();
      const atWorker = inbox();
      const atOther = inbox();
      await web.forPlugin('microblog').pubsub.subscribe('live', atWeb.listener);
      await worker.forPlugin('microblog').pubsub.subscribe('live', atWorker.listener);
      await otherInstance.forPlugin('microblog').pubsub.subscribe('live', atOther.listener);

      await worker.forPlugin('microblog').pubsub.publish('live', { from: 'worker' });
      await web.forPlugin('microblog').pubsub.publish('live', { from: 'web' });
      await Promise.all([atWeb.next(2), atWorker.next(2)]);
      await settle();
      expect(atWeb.messages).toEqual([{ from: 'worker' }, { from: 'web' }]);
      expect(atWorker.messages).toEqual([{ from: 'worker' }, { from: 'web' }]);
      expect(atOther.messages).toEqual([]);
    } finally {
      await Promise.all([web.close(), worker.close(), otherInstance.close()]);
    }
  });
});

describe('the ports of one plugin', () => {
  test('are made once per plugin, and its logger carries its id', () => {
    const lines: string[] = [];
    const ports = createPluginPorts({
      db: undefined as never,
      jobs: { enqueue: async () => ({ id: 'unused' }) },
      settings: testSettings(),
      clock: new ManualClock(),
      log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }),
      publicUrl: 'http://localhost.test',
      jobExists: () => false,
    });
    expect(ports.forPlugin('links')).toBe(ports.forPlugin('links'));
    ports.forPlugin('links').log.info('checked 3 links');
    expect(JSON.parse(lines[0]!)).toMatchObject({ plugin: 'links', msg: 'checked 3 links' });
  });
});
