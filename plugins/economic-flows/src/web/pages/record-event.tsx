import { Form, Select, SubmitButton, TextArea, TextField, useT, type PageAction, type PageDefinition, type PageProps, type SelectOption } from '@commonplace/sdk/web';
import { ActionEffects, ACTION_FIELDS, type ActionData } from '../action-effects.js';
import type { MeasureData } from '../components.js';
import { actionLabel } from '../event-list.js';
import { MEASURE } from '../fragments.js';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';
import { recordEventVariables } from './record-event-variables.js';

interface HeldResource {
  id: string;
  name: string;
  ofBatchLot: string | null;
  onhandQuantity: MeasureData | null;
}

export interface RecordEventData {
  myAgents: Array<{ role: string; agent: { id: string; name: string; serverHeldKey: boolean; inventory: HeldResource[] } }>;
  organizations: Array<{ id: string; name: string }>;
  units: Array<{ id: string; label: string; symbol: string }>;
  actions: ActionData[];
}

/**
 * Record an event: the action (each of the 19 explained below the form, from the server's table),
 * provider (an agent the viewer acts for), receiver, resources, quantities with units. The server
 * signs for providers whose key it holds; a refusal shows beside the field it names.
 */
function RecordEventPage({ data, search }: PageProps<RecordEventData>) {
  const t = useT();
  const agents = data.myAgents.map((membership) => membership.agent);
  const held = agents.flatMap((agent) => agent.inventory.map((resource) => ({ resource, holder: agent })));
  const preselected = held.find((item) => item.resource.id === search.resource);
  const quantityLabel = (resource: HeldResource) =>
    resource.onhandQuantity ? `${resource.onhandQuantity.hasNumericalValue} ${resource.onhandQuantity.hasUnit.symbol}` : t('economic-flows.none');
  const resourceOptions = (none: string): SelectOption[] => [
    { value: '', label: none },
    ...held.map(({ resource, holder }) => ({
      value: resource.id,
      label: t('economic-flows.record.resourceOption', { name: resource.name, batch: resource.ofBatchLot ?? '-', holder: holder.name, quantity: quantityLabel(resource) }),
    })),
  ];
  const receivers = new Map<string, string>();
  for (const organisation of data.organizations) receivers.set(organisation.id, organisation.name);
  for (const agent of agents) receivers.set(agent.id, agent.name);
  const unitOptions: SelectOption[] = data.units.map((unit) => ({ value: unit.id, label: `${unit.label} (${unit.symbol})` }));
  const defaultUnit = preselected?.resource.onhandQuantity?.hasUnit.id ?? 'kg';

  return (
    <div className="stack">
      <FlowsStyles />
      <h1>{t('economic-flows.record.title')}</h1>
      <p className="lead">{t('economic-flows.record.lead')}</p>
      <p>{t('economic-flows.record.signing')}</p>
      <Form action="recordEvent" className="stack narrow">
        <Select
          name="action"
          label={t('economic-flows.event.action')}
          hint={t('economic-flows.record.actionHint')}
          defaultValue={search.action ?? 'transfer'}
          options={data.actions.map((action) => ({ value: action.id, label: actionLabel(t, action.id) }))}
          required
        />
        <Select
          name="provider"
          label={t('economic-flows.event.provider')}
          hint={t('economic-flows.record.providerHint')}
          defaultValue={preselected?.holder.id}
          options={agents.map((agent) => ({ value: agent.id, label: agent.serverHeldKey ? t('economic-flows.record.serverSigned', { name: agent.name }) : agent.name }))}
          required
        />
        <Select
          name="receiver"
          label={t('economic-flows.event.receiver')}
          options={[{ value: '', label: t('economic-flows.record.chooseReceiver') }, ...[...receivers].map(([value, label]) => ({ value, label }))]}
        />
        <TextField name="receiverUri" type="url" label={t('economic-flows.record.receiverUri')} hint={t('economic-flows.record.receiverUriHint')} />
        <Select name="resourceInventoriedAs" label={t('economic-flows.event.resourceInventoriedAs')} defaultValue={preselected?.resource.id} options={resourceOptions(t('economic-flows.record.noResource'))} />
        <fieldset className="stack">
          <legend>{t('economic-flows.event.resourceQuantity')}</legend>
          <TextField name="resourceQuantity" type="number" step="any" label={t('economic-flows.record.amount')} />
          <Select name="resourceQuantityUnit" label={t('economic-flows.record.unit')} defaultValue={defaultUnit} options={unitOptions} />
        </fieldset>
        <Select name="toResourceInventoriedAs" label={t('economic-flows.event.toResourceInventoriedAs')} hint={t('economic-flows.record.toResourceHint')} options={resourceOptions(t('economic-flows.record.newForReceiver'))} />
        <details open={Boolean(search.inputOf || search.outputOf) || undefined}>
          <summary>{t('economic-flows.record.more')}</summary>
          <div className="stack">
            <fieldset className="stack">
              <legend>{t('economic-flows.event.effortQuantity')}</legend>
              <TextField name="effortQuantity" type="number" step="any" label={t('economic-flows.record.amount')} />
              <Select name="effortQuantityUnit" label={t('economic-flows.record.unit')} defaultValue="h" options={unitOptions} />
            </fieldset>
            <TextField name="newResourceName" label={t('economic-flows.record.newResourceName')} hint={t('economic-flows.record.newResourceHint')} />
            <TextField name="ofBatchLot" label={t('economic-flows.resource.batch')} />
            <TextField name="inputOf" label={t('economic-flows.event.inputOf')} hint={t('economic-flows.record.processHint')} defaultValue={search.inputOf} />
            <TextField name="outputOf" label={t('economic-flows.event.outputOf')} hint={t('economic-flows.record.processHint')} defaultValue={search.outputOf} />
            <TextField name="toLocation" label={t('economic-flows.event.toLocation')} />
          </div>
        </details>
        <TextArea name="note" label={t('economic-flows.event.note')} rows={3} />
        <SubmitButton>{t('economic-flows.record.submit')}</SubmitButton>
      </Form>
      <section className="stack" aria-labelledby="record-actions">
        <h2 id="record-actions">{t('economic-flows.record.actionsTitle')}</h2>
        <ul className="flows-actions">
          {data.actions.map((action) => (
            <li key={action.id}>
              <details>
                <summary>
                  <strong>{actionLabel(t, action.id)}</strong>: {t(`economic-flows.action.${action.id}.summary`)}
                </summary>
                <ActionEffects action={action} />
              </details>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

interface RecordEventResult {
  createEconomicEvent: { economicEvent: { id: string } };
}

const recordEvent: PageAction<RecordEventResult> = {
  mutation: `mutation RecordEvent($event: EconomicEventCreateParams!, $newInventoriedResource: EconomicResourceCreateParams) {
    createEconomicEvent(event: $event, newInventoriedResource: $newInventoriedResource) { economicEvent { id } }
  }`,
  variables: (fields) => recordEventVariables(fields),
  redirect: (result) => flowsPaths.event(result.createEconomicEvent.economicEvent.id),
};

export const recordEventPage: PageDefinition<RecordEventData> = {
  path: flowsPaths.record,
  access: 'signed-in',
  query: `query FlowsRecord {
    myAgents { role agent { id name serverHeldKey inventory(first: 50) { id name ofBatchLot onhandQuantity { ${MEASURE} } } } }
    organizations(first: 50) { id name }
    units { id label symbol }
    actions { ${ACTION_FIELDS} }
  }`,
  component: RecordEventPage,
  title: (_props, t) => t('economic-flows.record.title'),
  head: () => ({ noIndex: true }),
  actions: { recordEvent },
};
