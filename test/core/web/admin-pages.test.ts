import { asValue, type AwilixContainer } from 'awilix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type PluginServices } from '@commonplace/sdk';
import { createListeningTestInstance, createRemoteActor, createTestInstance, deliverSigned, type RemoteActor, type TestInstance, type TestUser } from '@commonplace/sdk/testing';
import linksPlugin from '@commonplace/plugin-links';

const BROWSER = 'text/html,application/xhtml+xml';

/** A plugin whose one job always fails on its only attempt: a dead letter on demand. */
const failingJobs = definePlugin({
  id: 'failing-jobs',
  version: '0.0.0',
  jobs: {
    boom: {
      maxAttempts: 1,
      handler: async () => {
        throw new Error('the remote server said no');
      },
    },
  },
});

/**
 * The admin-only GraphQL the admin pages read (adminOverview, adminAccounts, deadLetters,
 * retryDeadLetter), the search fields the search page reads (searchTypes, SearchEdge.preview and
 * originHost), and the pages themselves as a browser gets them: admins only, search by text and facet.
 */
describe('admin and search pages', () => {
  let instance: TestInstance;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    instance = await createTestInstance({ plugins: [linksPlugin, failingJobs], settings: { federation: { allowPrivateAddresses: true } } });
    admin = await instance.createUser('root', { role: 'admin' });
    member = await instance.signUp('mia');
  }, 120_000);
  afterAll(async () => {
    await instance?.close();
  });

  const page = (url: string, as?: TestUser) =>
    instance.inject({ url, headers: { accept: BROWSER, ...(as ? { cookie: `commonplace_session=${as.token}` } : {}) } });

  describe('admin GraphQL', () => {
    const ADMIN_ONLY = [
      '{ adminOverview { ready } }',
      '{ adminAccounts { username } }',
      '{ deadLetters { id } }',
      'mutation { retryDeadLetter(id: "00000000-0000-4000-8000-000000000000") }',
    ];

    it('refuses members (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
      for (const document of ADMIN_ONLY) {
        const asMember = await instance.graphql(document, {}, { as: member });
        expect(asMember.errors?.[0]?.extensions?.code, document).toBe('FORBIDDEN');
        const anonymous = await instance.graphql(document);
        expect(anonymous.errors?.[0]?.extensions?.code, document).toBe('UNAUTHENTICATED');
      }
    });

    it('gives admins the /readyz checks, the accounts, the setup', async () => {
      const { data, errors } = await instance.graphql(
        '{ adminOverview { ready database jobs search accounts signUp federationMode } }',
        {},
        { as: admin },
      );
      expect(errors).toBeUndefined();
      expect(data.adminOverview).toEqual({ ready: true, database: true, jobs: true, search: true, accounts: 2, signUp: 'open', federationMode: 'blocklist' });
      const readyz = await instance.inject('/readyz');
      expect(readyz.statusCode).toBe(200);
    });

    it('lists accounts by username with their roles, paged by username', async () => {
      const { data } = await instance.graphql('{ adminAccounts { username role } }', {}, { as: admin });
      expect(data.adminAccounts).toEqual([
        { username: 'mia', role: 'MEMBER' },
        { username: 'root', role: 'ADMIN' },
      ]);
      const next = await instance.graphql('query ($after: String) { adminAccounts(first: 1, after: $after) { username } }', { after: 'mia' }, { as: admin });
      expect(next.data.adminAccounts).toEqual([{ username: 'root' }]);
    });

    it('lists dead letters, retries one back into the queue, and says NOT_FOUND for an unknown one', async () => {
      expect((await instance.graphql('{ deadLetters { id } }', {}, { as: admin })).data.deadLetters).toEqual([]);
      await instance.viewOf<PluginServices>('failing-jobs').jobs.enqueue('failing-jobs.boom', { n: 1 });
      await instance.drainJobs();
      const { data } = await instance.graphql('{ deadLetters { id name attempts maxAttempts lastError runAt } }', {}, { as: admin });
      expect(data.deadLetters).toHaveLength(1);
      expect(data.deadLetters[0]).toMatchObject({ name: 'failing-jobs.boom', attempts: 1, maxAttempts: 1 });
      expect(data.deadLetters[0].lastError).toContain('the remote server said no');
      const listed = await page('/admin/jobs', admin);
      expect(listed.body).toContain('failing-jobs.boom');
      expect(listed.body).toContain('the remote server said no');

      const retried = await instance.graphql('mutation ($id: ID!) { retryDeadLetter(id: $id) }', { id: data.deadLetters[0].id }, { as: admin });
      expect(retried.data.retryDeadLetter).toBe(true);
      // Retried with fresh attempts, it fails again and is back among the dead letters: the same row, run once more.
      await instance.drainJobs();
      const again = await instance.graphql('{ deadLetters { id } }', {}, { as: admin });
      expect(again.data.deadLetters).toEqual([{ id: data.deadLetters[0].id }]);

      const unknown = await instance.graphql('mutation { retryDeadLetter(id: "00000000-0000-4000-8000-000000000000") }', {}, { as: admin });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('reports', () => {
    let reporter: RemoteActor;
    beforeAll(async () => {
      reporter = await createRemoteActor({ username: 'watcher' });
    });
    afterAll(async () => {
      await reporter?.close();
    });

    it('a Flag from another instance is listed on /admin/reports and closed by resolveReport (moderators only)', async () => {
      const { data: who } = await instance.graphql('{ actor(username: "mia") { uri } }');
      const delivered = await deliverSigned(instance, { type: 'Flag', object: [who.actor.uri], content: 'Posts advertising' }, { from: reporter });
      expect(delivered.statusCode).toBe(202);
      const listed = await page('/admin/reports', admin);
      expect(listed.body).toContain('Posts advertising');
      expect(listed.body).toContain('Close report');
      const { data } = await instance.graphql('{ reports { nodes { id state } } }', {}, { as: admin });
      const id = data.reports.nodes[0].id;
      expect(data.reports.nodes[0].state).toBe('open');

      const refused = await instance.graphql('mutation ($id: ID!) { resolveReport(id: $id) { state } }', { id }, { as: member });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const closed = await instance.graphql('mutation ($id: ID!) { resolveReport(id: $id) { state } }', { id }, { as: admin });
      expect(closed.data.resolveReport).toEqual({ state: 'resolved' });
      expect((await page('/admin/reports', admin)).body).not.toContain('Close report');
      const unknown = await instance.graphql('mutation { resolveReport(id: "00000000-0000-4000-8000-000000000000") { state } }', {}, { as: admin });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('admin pages', () => {
    it('send anonymous visitors to log in, refuse members with 403, open for admins', async () => {
      const anonymous = await page('/admin/domains');
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Fdomains');
      expect((await page('/admin', member)).statusCode).toBe(403);
      for (const path of ['/admin', '/admin/invites', '/admin/users', '/admin/domains', '/admin/reports', '/admin/jobs']) {
        const response = await page(path, admin);
        expect(response.statusCode, path).toBe(200);
        expect(response.body, path).toContain('aria-label="Administration"');
      }
    });

    it('show what the API holds: a blocked domain, the accounts', async () => {
      await instance.graphql('mutation { blockDomain(domain: "spam.example", severity: REJECT, reason: "spam") { domain } }', {}, { as: admin });
      const domains = await page('/admin/domains', admin);
      expect(domains.body).toContain('<th scope="row">spam.example</th>');
      const users = await page('/admin/users', admin);
      expect(users.body).toContain('@mia');
    });

    it('the overview shows a banner when /readyz would fail, naming the failing check', async () => {
      // The instance's own checks, swapped for one whose database does not answer.
      const { container } = (instance as unknown as { running: { container: AwilixContainer } }).running;
      const checks = container.resolve('readinessChecks');
      container.register({ readinessChecks: asValue({ database: async () => false, jobs: async () => true }) });
      try {
        const { data } = await instance.graphql('{ adminOverview { ready database jobs search } }', {}, { as: admin });
        expect(data.adminOverview).toEqual({ ready: false, database: false, jobs: true, search: null });
        const overview = await page('/admin', admin);
        expect(overview.body).toMatch(/<div class="panel panel--danger" role="alert"><h2>This instance is not ready to serve<\/h2><p>[^<]*the database does not answer/);
      } finally {
        container.register({ readinessChecks: asValue(checks) });
      }
      expect((await page('/admin', admin)).body).not.toContain('role="alert"');
    });

    it('speak Spanish to a Spanish browser, every message in the catalogue', async () => {
      for (const path of ['/admin', '/admin/invites', '/admin/users', '/admin/domains', '/admin/reports', '/admin/jobs', '/search?q=bread']) {
        const response = await instance.inject({ url: path, headers: { accept: BROWSER, 'accept-language': 'es', cookie: `commonplace_session=${admin.token}` } });
        expect(response.statusCode, path).toBe(200);
        expect(response.body, path).toContain('lang="es"');
        // A key no catalogue has shows as itself.
        expect(response.body, path).not.toMatch(/>core\.[a-zA-Z.-]+</);
      }
      const domains = await instance.inject({ url: '/admin/domains', headers: { accept: BROWSER, 'accept-language': 'es', cookie: `commonplace_session=${admin.token}` } });
      expect(domains.body).toContain('Dominios bloqueados');
    });

    it('offer the admin menu in the account menu of admins only', async () => {
      expect((await page('/', admin)).body).toContain('href="/admin"');
      expect((await page('/', member)).body).not.toContain('href="/admin"');
    });
  });

  describe('search', () => {
    beforeAll(async () => {
      for (const [url, title] of [
        ['https://kitchen.example/bread', 'Sourdough bread for beginners'],
        ['https://garden.example/beans', 'Growing beans on a balcony'],
        ['https://garden.example/bread-oven', 'A cob bread oven in the garden'],
      ]) {
        const saved = await instance.graphql('mutation ($input: LinksSaveLinkInput!) { saveLink(input: $input) { id } }', { input: { url, title } }, { as: member });
        expect(saved.errors).toBeUndefined();
      }
      await instance.drainJobs();
    });

    it('tells the searchable types with their facets', async () => {
      const { data } = await instance.graphql('{ searchTypes { type facets filters } }');
      expect(data.searchTypes).toEqual([{ type: 'links.link', facets: ['host'], filters: ['host'] }]);
    });

    it('gives each local result a preview (title, summary, URL) as its type previews it', async () => {
      const { data, errors } = await instance.graphql('{ search(query: "sourdough") { edges { type originHost preview { title summary url } } } }');
      expect(errors).toBeUndefined();
      expect(data.search.edges).toHaveLength(1);
      expect(data.search.edges[0]).toMatchObject({ type: 'links.link', originHost: null, preview: { title: 'Sourdough bread for beginners', summary: null } });
      expect(data.search.edges[0].preview.url).toMatch(/^http/);
    });

    it('the page finds by text, and by facet with the counts in the select', async () => {
      const byText = await page('/search?q=bread');
      expect(byText.statusCode).toBe(200);
      expect(byText.body).toContain('Sourdough bread for beginners');
      expect(byText.body).toContain('A cob bread oven in the garden');
      expect(byText.body).toContain('garden.example (1)');
      const byFacet = await page('/search?q=bread&f_host=garden.example');
      expect(byFacet.body).toContain('A cob bread oven in the garden');
      expect(byFacet.body).not.toContain('Sourdough bread for beginners');
      const facetOnly = await page('/search?f_host=garden.example');
      expect(facetOnly.body).toContain('Growing beans on a balcony');
      expect(facetOnly.body).toContain('2 results');
    });

    it('an empty search is only the form; Spanish speakers get it in Spanish', async () => {
      const empty = await page('/search');
      expect(empty.statusCode).toBe(200);
      expect(empty.body).toContain('Type words to look for');
      const spanish = await instance.inject({ url: '/search?q=bread', headers: { accept: BROWSER, 'accept-language': 'es' } });
      expect(spanish.body).toContain('2 resultados');
    });

    it("a handle or URL of this instance is not looked up elsewhere: it links here", async () => {
      const { data } = await instance.graphql('{ instance { url } }');
      const host = new URL(data.instance.url).host;
      const handle = await page(`/search?q=${encodeURIComponent(`@mia@${host}`)}`);
      expect(handle.body).toContain(`<a href="/@mia">@mia@${host} is on this instance: open it</a>`);
      expect(handle.body).not.toContain('could not be opened');
      const url = await page(`/search?q=${encodeURIComponent(`${data.instance.url.replace(/\/$/, '')}/@mia`)}`);
      expect(url.body).toContain('<a href="/@mia">');
    });

    it('a handle that cannot be resolved says so honestly', async () => {
      const response = await page(`/search?q=${encodeURIComponent('@nobody@unknown-host.invalid')}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('could not be opened');
    });
  });
});

describe('search page with a trusted peer', () => {
  let peer: TestInstance;
  let here: TestInstance;
  let peerHost: string;

  beforeAll(async () => {
    peer = await createListeningTestInstance({ name: 'Peer', plugins: [linksPlugin] });
    const peerUrl = (await peer.graphql('{ instance { url } }')).data.instance.url as string;
    peerHost = new URL(peerUrl).host;
    const bertha = await peer.createUser('bertha');
    await peer.graphql('mutation ($input: LinksSaveLinkInput!) { saveLink(input: $input) { id } }', { input: { url: 'https://forest.example/mycelium', title: 'Mycelium networks in forest soil' } }, { as: bertha });
    await peer.drainJobs();
    here = await createTestInstance({ plugins: [linksPlugin], settings: { federation: { allowPrivateAddresses: true }, search: { peers: [peerUrl] } } });
  }, 120_000);
  afterAll(async () => {
    await here?.close();
    await peer?.close();
  });

  it('shows a peer result, marked with its host, only when peers are asked for', async () => {
    const federated = await here.inject({ url: '/search?q=mycelium&scope=federated', headers: { accept: BROWSER } });
    expect(federated.statusCode).toBe(200);
    expect(federated.body).toContain('Mycelium networks in forest soil');
    expect(federated.body).toContain(`<span class="badge badge--remote">From ${peerHost}</span>`);
    expect(federated.body).toMatch(/id="search-scope"[^>]*checked/);
    const local = await here.inject({ url: '/search?q=mycelium', headers: { accept: BROWSER } });
    expect(local.body).not.toContain('Mycelium networks in forest soil');
  });
});
