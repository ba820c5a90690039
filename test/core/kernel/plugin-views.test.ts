import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInstance, type CoreTestInstance } from '../../../core/src/testing/index.js';
import { viewInTransaction } from '../../../core/src/kernel/plugin-view.js';
import { emitLifecycleEvent } from '../../../core/src/kernel/lifecycle-events.js';
import { dependentPlugin, Greeter, outsiderPlugin, providerPlugin, recordingPlugins, Welcomer, type Recorder } from './fixtures/view-plugins.js';

describe('a plugin sees its view of the container', () => {
  let instance: CoreTestInstance;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [providerPlugin, dependentPlugin, outsiderPlugin] });
  });
  afterAll(() => instance?.close());

  const view = (id: string) => instance.running.viewOf(id) as Record<string, unknown> & ReturnType<CoreTestInstance['running']['viewOf']>;

  it('holds core ports, with its own config and logger, and its own services', () => {
    const dependent = view('view-dependent');
    expect(dependent.db).toBe(instance.running.database.db);
    expect(dependent.config.publicUrl).toBe('http://localhost.test');
    expect(dependent.config.enabledPlugins).toEqual(['view-provider', 'view-dependent', 'view-outsider']);
    // Core's own configuration (every plugin's settings, the whole instance settings) is not the plugin's.
    expect('plugin' in dependent.config).toBe(false);
    expect('instance' in dependent.config).toBe(false);
    expect(dependent.federation).toBe(instance.running.services.federation);
    expect(typeof dependent.search.index).toBe('function');
    expect(dependent.welcomer).toBeInstanceOf(Welcomer);
    // Its own accounts port: the tokens it issues are bound to it.
    expect(dependent.accounts).toBe(instance.running.services.accountsPort.forPlugin('view-dependent'));
    expect(dependent.accounts).not.toBe(view('view-outsider').accounts);
  });

  it("refuses core's internals and another plugin's service it does not export", () => {
    const outsider = view('view-outsider');
    expect(() => outsider.federationCore).toThrowError(/^\[view-outsider\] may not use service "federationCore": it is internal to core/);
    expect(() => outsider.searchEngine).toThrowError(/\[view-outsider\] may not use service "searchEngine": it is internal to core/);
    expect(() => outsider.pluginViews).toThrowError(/may not use service "pluginViews"/);
    // `accounts` is the sdk's accounts port, not core's accounts service.
    expect((outsider.accounts as unknown as Record<string, unknown>).assignRole).toBeUndefined();
    expect(() => view('view-dependent').secretive).toThrowError(
      /\[view-dependent\] may not use service "secretive": it is plugin "view-provider"'s own service, which "view-provider" does not export/,
    );
    expect(() => outsider.nonsense).toThrowError(/\[view-outsider\] may not use service "nonsense": no such service/);
  });

  it('gives a plugin the exports of the plugins it depends on, and no other plugin', () => {
    const dependent = view('view-dependent');
    expect(dependent.greeter).toBeInstanceOf(Greeter);
    expect(dependent.greeter).toBe(view('view-provider').greeter);
    expect((dependent.welcomer as Welcomer).welcome('ada')).toBe('hello, ada');
    expect(() => view('view-outsider').greeter).toThrowError(
      /\[view-outsider\] may not use service "greeter": plugin "view-provider" exports it, but "view-outsider" does not list "view-provider" in dependsOn/,
    );
  });

  it("builds a plugin's own services from its view", () => {
    const welcomer = view('view-dependent').welcomer as Welcomer;
    expect(welcomer.services.config.enabledPlugins).toContain('view-dependent');
    expect(() => (welcomer.services as unknown as Record<string, unknown>).federationCore).toThrowError(/\[view-dependent\] may not use service "federationCore"/);
  });

  it("builds a plugin's GraphQL resolvers from its view of the request", async () => {
    const ada = await instance.signUp('ada');
    const answer = await instance.graphql<{ viewDependentProbe: string }>('{ viewDependentProbe }', {}, { as: ada });
    expect(JSON.parse(answer.data!.viewDependentProbe)).toEqual({ seesFederationCore: false, greeting: 'hello, resolver', viewer: 'ada' });
  });

  it("rebuilds a plugin's singleton services on the transaction inside viewInTransaction", async () => {
    const dependent = instance.running.viewOf('view-dependent');
    const rootWelcomer = dependent.welcomer as Welcomer;
    await instance.running.database.db.transaction().execute(async (tx) => {
      const inTx = viewInTransaction(dependent, tx) as typeof dependent;
      expect(inTx.db).toBe(tx);
      const welcomer = inTx.welcomer as Welcomer;
      expect(welcomer).not.toBe(rootWelcomer);
      expect(welcomer.services.db).toBe(tx);
      expect(inTx.welcomer).toBe(welcomer);
      // The provider's export is built anew in the same transaction too.
      expect(inTx.greeter).not.toBe(dependent.greeter);
    });
    expect(rootWelcomer.services.db).toBe(instance.running.database.db);
  });
});

describe('lifecycle events and closing', () => {
  const recorder: Recorder = { deleted: [], closed: [], disposed: [] };
  let instance: CoreTestInstance | undefined;
  beforeAll(async () => {
    instance = await createTestInstance({ plugins: recordingPlugins(recorder), jobs: false });
  });
  afterAll(() => instance?.close());

  it("reaches a plugin's events handler after the emitting transaction commits, and not when it rolls back", async () => {
    const { database, jobs } = instance!.running;
    await database.db.transaction().execute((tx) => emitLifecycleEvent(jobs, 'actor.deleted', { actorUri: 'https://elsewhere.test/kept', local: false }, { tx }));
    await expect(
      database.db.transaction().execute(async (tx) => {
        await emitLifecycleEvent(jobs, 'actor.deleted', { actorUri: 'https://elsewhere.test/rolled-back', local: false }, { tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrowError('rolled back');
    expect(recorder.deleted).toEqual([]);
    await jobs.drain();
    expect(recorder.deleted).toEqual([{ actorUri: 'https://elsewhere.test/kept', local: false, plugin: 'view-listener' }]);
  });

  it('runs onClose in reverse boot order, then disposes the container', async () => {
    await instance!.close();
    instance = undefined;
    expect(recorder.closed).toEqual(['view-closer:open', 'view-listener:pool']);
    expect(recorder.disposed).toEqual(['view-closer']);
  });
});
