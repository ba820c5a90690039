import { Form, SubmitButton, TextArea, TextField, useFormField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AgentLink, type AgentData } from '../components.js';
import { AGENT } from '../fragments.js';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';

interface OrganisationData extends AgentData {
  serverHeldKey: boolean;
}

export interface FlowsHomeData {
  organizations: OrganisationData[];
  myAgents: Array<{ role: string; agent: OrganisationData & { eddsaPublicKey: string | null } }>;
}

/** Organisations of this instance, the agents the viewer records for, and a form to start an organisation. */
function FlowsHomePage({ data, viewer }: PageProps<FlowsHomeData>) {
  const t = useT();
  return (
    <div className="stack">
      <FlowsStyles />
      <h1>{t('economic-flows.home.title')}</h1>
      <p className="lead">{t('economic-flows.home.lead')}</p>
      {viewer ? (
        <section className="stack" aria-labelledby="flows-mine">
          <h2 id="flows-mine">{t('economic-flows.home.mine')}</h2>
          <ul className="stack stack--tight">
            {data.myAgents.map(({ agent, role }) => (
              <li key={agent.id}>
                <AgentLink agent={agent} /> <span className="muted">{t(`economic-flows.role.${role === 'owner' || role === 'member' || role === 'self' ? role : 'other'}`)}</span>
                {agent.serverHeldKey ? <span className="muted"> · {t('economic-flows.agent.serverSigns')}</span> : null}
              </li>
            ))}
          </ul>
          <p>
            <a className="button button--primary" href={flowsPaths.record}>
              {t('economic-flows.record.title')}
            </a>
          </p>
        </section>
      ) : null}
      <section className="stack" aria-labelledby="flows-organisations">
        <h2 id="flows-organisations">{t('economic-flows.home.organisations')}</h2>
        {data.organizations.length === 0 ? (
          <p className="muted">{t('economic-flows.home.noOrganisations')}</p>
        ) : (
          <ul className="stack stack--tight">
            {data.organizations.map((organisation) => (
              <li key={organisation.id}>
                <AgentLink agent={organisation} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {viewer ? (
        <section className="stack narrow" aria-labelledby="flows-new-organisation">
          <h2 id="flows-new-organisation">{t('economic-flows.organisation.create')}</h2>
          <Form action="createOrganization" className="stack">
            <TextField name="name" label={t('economic-flows.organisation.name')} required maxLength={200} />
            <TextField name="username" label={t('economic-flows.organisation.username')} hint={t('economic-flows.organisation.usernameHint')} required maxLength={30} autoComplete="off" />
            <TextArea name="note" label={t('economic-flows.organisation.note')} rows={3} />
            <ServerHeldKeyField />
            <SubmitButton>{t('economic-flows.organisation.submit')}</SubmitButton>
          </Form>
        </section>
      ) : null}
      {viewer ? (
        <section className="stack narrow" aria-labelledby="flows-new-process">
          <h2 id="flows-new-process">{t('economic-flows.process.create')}</h2>
          <Form action="createProcess" className="stack">
            <TextField name="name" label={t('economic-flows.process.name')} hint={t('economic-flows.process.nameHint')} required maxLength={200} />
            <TextArea name="note" label={t('economic-flows.process.note')} rows={2} />
            <SubmitButton variant="secondary">{t('economic-flows.process.submit')}</SubmitButton>
          </Form>
        </section>
      ) : (
        <p>
          <a href={`/login?next=${encodeURIComponent(flowsPaths.home)}`}>{t('economic-flows.home.logInToRecord')}</a>
        </p>
      )}
    </div>
  );
}

/** A checkbox (the sdk has none yet): checked by default, refilled after a refusal as it was sent. */
function ServerHeldKeyField() {
  const t = useT();
  const form = useFormField();
  const id = form.idOf('serverHeldKey');
  const posted = form.valueOf('name') !== undefined;
  const checked = posted ? form.valueOf('serverHeldKey') === 'on' : true;
  return (
    <div className="field field--check flows-check">
      <input type="checkbox" id={id} name="serverHeldKey" defaultChecked={checked} aria-describedby={`${id}-hint`} />{' '}
      <label htmlFor={id}>{t('economic-flows.organisation.serverHeldKey')}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {t('economic-flows.organisation.serverHeldKeyHint')}
      </p>
    </div>
  );
}

interface CreateOrganizationResult {
  createOrganization: { id: string };
}

const createOrganization: PageAction<CreateOrganizationResult> = {
  mutation: 'mutation CreateOrganization($organization: OrganizationCreateParams!) { createOrganization(organization: $organization) { id } }',
  variables: (fields) => ({
    organization: {
      username: fields.username ?? '',
      name: fields.name ?? '',
      note: fields.note?.trim() || null,
      serverHeldKey: fields.serverHeldKey === 'on',
    },
  }),
  redirect: (result) => flowsPaths.agent(result.createOrganization.id),
  access: 'signed-in',
};

interface CreateProcessResult {
  createProcess: { id: string };
}

const createProcess: PageAction<CreateProcessResult> = {
  mutation: 'mutation CreateProcess($process: ProcessCreateParams!) { createProcess(process: $process) { id } }',
  variables: (fields) => ({ process: { name: fields.name ?? '', note: fields.note?.trim() || null } }),
  redirect: (result) => flowsPaths.process(result.createProcess.id),
  access: 'signed-in',
};

export const flowsHomePage: PageDefinition<FlowsHomeData> = {
  path: flowsPaths.home,
  query: `query FlowsHome {
    organizations(first: 50) { ${AGENT} serverHeldKey }
    myAgents { role agent { ${AGENT} serverHeldKey eddsaPublicKey } }
  }`,
  component: FlowsHomePage,
  title: (_props, t) => t('economic-flows.home.title'),
  actions: { createOrganization, createProcess },
};
