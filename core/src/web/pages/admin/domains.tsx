import { Form, FormattedDate, Select, SubmitButton, TextField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AdminFrame, Done, doneUrl } from './admin-frame.js';

export interface AdminDomainsData {
  adminOverview: { federationMode: string };
  domainBlocks: Array<{ domain: string; severity: 'REJECT' | 'SILENCE'; reason: string | null; createdAt: string }>;
  allowedDomains: Array<{ domain: string; createdAt: string }>;
}

const PATH = '/admin/domains';

/**
 * Domain blocks (reject: nothing in or out; silence: kept out of public views) and the allow-list,
 * which is in force only when the instance's federation.mode is allowlist (a setting of the
 * instance's configuration, shown here, changed there).
 */
function AdminDomainsPage({ data, search }: PageProps<AdminDomainsData>) {
  const t = useT();
  const allowlist = data.adminOverview.federationMode === 'allowlist';
  return (
    <AdminFrame title={t('core.admin.domains.title')}>
      <Done message={search.done ? t(`core.admin.domains.done.${search.done}`, { domain: search.domain ?? '' }) : null} />
      <p>{allowlist ? t('core.admin.domains.modeAllowlist') : t('core.admin.domains.modeBlocklist')}</p>

      <section className="stack" aria-labelledby="blocks-title">
        <h2 id="blocks-title">{t('core.admin.domains.blocks')}</h2>
        <Form action="blockDomain" className="stack narrow">
          <TextField name="domain" label={t('core.admin.domains.domain')} hint={t('core.admin.domains.domainHint')} autoCapitalize="none" spellCheck={false} required />
          <Select
            name="severity"
            label={t('core.admin.domains.severity')}
            hint={t('core.admin.domains.severityHint')}
            defaultValue="REJECT"
            options={[
              { value: 'REJECT', label: t('core.admin.domains.severity.REJECT') },
              { value: 'SILENCE', label: t('core.admin.domains.severity.SILENCE') },
            ]}
          />
          <TextField name="reason" label={t('core.admin.domains.reason')} hint={t('core.admin.domains.reasonHint')} />
          <SubmitButton>{t('core.admin.domains.block')}</SubmitButton>
        </Form>
        {data.domainBlocks.length === 0 ? (
          <p>{t('core.admin.domains.noBlocks')}</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t('core.admin.domains.blocks')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('core.admin.domains.domain')}</th>
                <th scope="col">{t('core.admin.domains.severity')}</th>
                <th scope="col">{t('core.admin.domains.reason')}</th>
                <th scope="col">{t('core.admin.since')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('core.admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.domainBlocks.map((block) => (
                <tr key={block.domain}>
                  <th scope="row">{block.domain}</th>
                  <td>{t(`core.admin.domains.severity.${block.severity}`)}</td>
                  <td>{block.reason ?? ''}</td>
                  <td>
                    <FormattedDate value={block.createdAt} />
                  </td>
                  <td>
                    <Form action="unblockDomain" className="inline-form">
                      <input type="hidden" name="domain" value={block.domain} />
                      <button type="submit" className="button button--link">
                        {t('core.admin.domains.unblock')}
                        <span className="visually-hidden"> {block.domain}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="stack" aria-labelledby="allowed-title">
        <h2 id="allowed-title">{t('core.admin.domains.allowed')}</h2>
        <p className="muted">{allowlist ? t('core.admin.domains.allowedInForce') : t('core.admin.domains.allowedNotInForce')}</p>
        <Form action="allowDomain" className="stack narrow">
          <TextField name="domain" label={t('core.admin.domains.allowDomain')} autoCapitalize="none" spellCheck={false} required />
          <SubmitButton variant="secondary">{t('core.admin.domains.allow')}</SubmitButton>
        </Form>
        {data.allowedDomains.length === 0 ? (
          <p>{t('core.admin.domains.noAllowed')}</p>
        ) : (
          <ul className="stack stack--tight">
            {data.allowedDomains.map((allowed) => (
              <li key={allowed.domain} className="cluster">
                <span>{allowed.domain}</span>
                <Form action="disallowDomain" className="inline-form">
                  <input type="hidden" name="domain" value={allowed.domain} />
                  <button type="submit" className="button button--link">
                    {t('core.admin.domains.disallow')}
                    <span className="visually-hidden"> {allowed.domain}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </AdminFrame>
  );
}

const domainOnly = (fields: Readonly<Record<string, string>>) => ({ domain: fields.domain ?? '' });

const blockDomain: PageAction<{ blockDomain: { domain: string } }> = {
  mutation: 'mutation AdminBlockDomain($domain: String!, $severity: DomainBlockSeverity!, $reason: String) { blockDomain(domain: $domain, severity: $severity, reason: $reason) { domain } }',
  variables: (fields) => ({
    domain: fields.domain ?? '',
    severity: fields.severity === 'SILENCE' ? 'SILENCE' : 'REJECT',
    reason: fields.reason?.trim() || null,
  }),
  redirect: (result) => doneUrl(PATH, 'blocked', { domain: result.blockDomain.domain }),
};

const unblockDomain: PageAction<{ unblockDomain: boolean }> = {
  mutation: 'mutation AdminUnblockDomain($domain: String!) { unblockDomain(domain: $domain) }',
  variables: domainOnly,
  redirect: () => doneUrl(PATH, 'unblocked'),
};

const allowDomain: PageAction<{ allowDomain: { domain: string } }> = {
  mutation: 'mutation AdminAllowDomain($domain: String!) { allowDomain(domain: $domain) { domain } }',
  variables: domainOnly,
  redirect: (result) => doneUrl(PATH, 'allowed', { domain: result.allowDomain.domain }),
};

const disallowDomain: PageAction<{ disallowDomain: boolean }> = {
  mutation: 'mutation AdminDisallowDomain($domain: String!) { disallowDomain(domain: $domain) }',
  variables: domainOnly,
  redirect: () => doneUrl(PATH, 'disallowed'),
};

export const adminDomainsPage: PageDefinition<AdminDomainsData> = {
  path: PATH,
  access: { role: 'admin' },
  query: 'query AdminDomainsPage { adminOverview { federationMode } domainBlocks { domain severity reason createdAt } allowedDomains { domain createdAt } }',
  component: AdminDomainsPage,
  title: (_props, t) => t('core.admin.domains.title'),
  head: () => ({ noIndex: true }),
  actions: { blockDomain, unblockDomain, allowDomain, disallowDomain },
};
