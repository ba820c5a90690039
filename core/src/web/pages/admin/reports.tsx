import { Form, FormattedDate, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AdminFrame, Done, doneUrl } from './admin-frame.js';

interface ReportActor {
  handle: string;
  local: boolean;
}

export interface AdminReportsData {
  reports: {
    nodes: Array<{
      id: string;
      reporter: ReportActor | null;
      targetActor: ReportActor | null;
      objectUris: string[];
      reason: string | null;
      state: string;
      createdAt: string;
    }>;
  };
}

const PATH = '/admin/reports';

/**
 * Reports filed here or received from other instances, newest first. A report about a remote actor
 * can be forwarded to its instance; an open report is closed once dealt with.
 */
function AdminReportsPage({ data, search }: PageProps<AdminReportsData>) {
  const t = useT();
  const reports = data.reports.nodes;
  return (
    <AdminFrame title={t('core.admin.reports.title')}>
      <Done message={search.done === 'forwarded' ? t('core.admin.reports.forwardedDone') : search.done === 'resolved' ? t('core.admin.reports.resolvedDone') : null} />
      {reports.length === 0 ? (
        <p>{t('core.admin.reports.none')}</p>
      ) : (
        <ol className="result-list">
          {reports.map((report) => (
            <li key={report.id} className="result stack stack--tight">
              <p className="cluster">
                <span className="badge">{t(`core.admin.reports.state.${report.state}`)}</span>
                <FormattedDate value={report.createdAt} />
              </p>
              <p>
                {t('core.admin.reports.about', { target: report.targetActor?.handle ?? t('core.admin.reports.unknown') })}{' '}
                <span className="muted">{t('core.admin.reports.by', { reporter: report.reporter?.handle ?? t('core.admin.reports.unknown') })}</span>
              </p>
              {report.reason ? <blockquote className="quote">{report.reason}</blockquote> : null}
              {report.objectUris.length > 0 ? (
                <ul className="stack stack--tight">
                  {report.objectUris.map((uri) => (
                    <li key={uri}>
                      <a href={uri}>{uri}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
              {report.state === 'open' ? (
                <div className="cluster">
                  <Form action="resolveReport" className="inline-form">
                    <input type="hidden" name="id" value={report.id} />
                    <button type="submit" className="button button--primary">
                      {t('core.admin.reports.resolve')}
                    </button>
                  </Form>
                  {report.targetActor && !report.targetActor.local ? (
                    <Form action="forwardReport" className="inline-form">
                      <input type="hidden" name="id" value={report.id} />
                      <button type="submit" className="button button--secondary">
                        {t('core.admin.reports.forward')}
                      </button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </AdminFrame>
  );
}

const forwardReport: PageAction<{ forwardReport: { id: string } }> = {
  mutation: 'mutation AdminForwardReport($id: ID!) { forwardReport(id: $id) { id } }',
  variables: (fields) => ({ id: fields.id ?? '' }),
  redirect: () => doneUrl(PATH, 'forwarded'),
};

const resolveReport: PageAction<{ resolveReport: { id: string } }> = {
  mutation: 'mutation AdminResolveReport($id: ID!) { resolveReport(id: $id) { id } }',
  variables: (fields) => ({ id: fields.id ?? '' }),
  redirect: () => doneUrl(PATH, 'resolved'),
};

export const adminReportsPage: PageDefinition<AdminReportsData> = {
  path: PATH,
  access: { role: 'admin' },
  query: 'query AdminReportsPage { reports(first: 50) { nodes { id reporter { handle local } targetActor { handle local } objectUris reason state createdAt } } }',
  component: AdminReportsPage,
  title: (_props, t) => t('core.admin.reports.title'),
  head: () => ({ noIndex: true }),
  actions: { resolveReport, forwardReport },
};
