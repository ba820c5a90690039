import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AdminFrame } from './admin-frame.js';

export interface AdminOverviewData {
  adminOverview: { ready: boolean; database: boolean; jobs: boolean; search: boolean | null; accounts: number; signUp: string; federationMode: string };
  instance: { name: string; url: string; plugins: Array<{ id: string; version: string }> };
}

/** The instance at a glance, with a banner when /readyz would fail (the same checks, run now). */
function AdminOverviewPage({ data }: PageProps<AdminOverviewData>) {
  const t = useT();
  const { adminOverview: overview, instance } = data;
  const failing = [!overview.database ? t('core.admin.check.database') : null, !overview.jobs ? t('core.admin.check.jobs') : null].filter(Boolean);
  return (
    <AdminFrame title={t('core.admin.overview.title')}>
      {!overview.ready ? (
        <div className="panel panel--danger" role="alert">
          <h2>{t('core.admin.notReady.title')}</h2>
          <p>{t('core.admin.notReady.body', { checks: failing.join(', ') })}</p>
        </div>
      ) : null}
      {overview.search === false ? (
        <div className="panel panel--warning" role="status">
          <p>{t('core.admin.searchDown')}</p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('core.admin.overview.health')}</dt>
        <dd>{overview.ready ? t('core.admin.overview.ready') : t('core.admin.overview.notReady')}</dd>
        <dt>{t('core.admin.overview.address')}</dt>
        <dd>{instance.url}</dd>
        <dt>{t('core.admin.overview.accounts')}</dt>
        <dd>{t('core.admin.overview.accountCount', { count: overview.accounts })}</dd>
        <dt>{t('core.admin.overview.signUp')}</dt>
        <dd>{t(`core.admin.signUp.${overview.signUp}`)}</dd>
        <dt>{t('core.admin.overview.federation')}</dt>
        <dd>{t(`core.admin.federationMode.${overview.federationMode}`)}</dd>
        <dt>{t('core.admin.overview.plugins')}</dt>
        <dd>{instance.plugins.length > 0 ? instance.plugins.map((plugin) => `${plugin.id} ${plugin.version}`).join(', ') : t('core.admin.overview.noPlugins')}</dd>
      </dl>
      <p className="muted">{t('core.admin.overview.settingsNote')}</p>
    </AdminFrame>
  );
}

export const adminOverviewPage: PageDefinition<AdminOverviewData> = {
  path: '/admin',
  access: { role: 'admin' },
  query: 'query AdminOverviewPage { adminOverview { ready database jobs search accounts signUp federationMode } instance { name url plugins { id version } } }',
  component: AdminOverviewPage,
  title: (_props, t) => t('core.admin.overview.title'),
  head: () => ({ noIndex: true }),
};
