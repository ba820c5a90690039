import { BadUserInputError } from '@commonplace/sdk';
import { Form, SubmitButton, TextField, useT, usePage, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AdminFrame } from './admin-frame.js';

export interface AdminInvitesData {
  instance: { signUp: string; url: string };
}

interface CreateInviteResult {
  createInvite: { code: string; expiresAt: string; maxUses: number };
}

const PATH = '/admin/invites';

/**
 * Invites: make a code (how many sign-ups it allows, for how many days) and see it once, with the
 * sign-up link to send. The instance keeps only a digest of each code, so there is no list of them.
 */
function AdminInvitesPage({ data, search }: PageProps<AdminInvitesData>) {
  const t = useT();
  const { formatDate } = usePage();
  const created = search.code ? { code: search.code, expiresAt: search.expires ?? '', maxUses: search.uses ?? '' } : null;
  const link = created ? `${data.instance.url.replace(/\/$/, '')}/signup?invite=${encodeURIComponent(created.code)}` : '';
  return (
    <AdminFrame title={t('core.admin.invites.title')}>
      <p>{data.instance.signUp === 'invite-only' ? t('core.admin.invites.inviteOnly') : t('core.admin.invites.notInviteOnly', { mode: t(`core.admin.signUp.${data.instance.signUp}`) })}</p>
      {created ? (
        <section className="panel panel--success" aria-labelledby="invite-created-title">
          <h2 id="invite-created-title">{t('core.admin.invites.created')}</h2>
          <p>{t('core.admin.invites.shownOnce')}</p>
          <p>
            {t('core.admin.invites.code')} <code className="code">{created.code}</code>
          </p>
          <p>
            {t('core.admin.invites.link')} <code className="code">{link}</code>
          </p>
          <p className="muted">
            {t('core.admin.invites.limits', { uses: Number(created.maxUses) || 1, date: created.expiresAt ? formatDate(created.expiresAt, { dateStyle: 'long' }) : '' })}
          </p>
        </section>
      ) : null}
      <Form action="createInvite" className="stack narrow">
        <TextField name="maxUses" type="number" min={1} inputMode="numeric" label={t('core.admin.invites.maxUses')} hint={t('core.admin.invites.maxUsesHint')} defaultValue="1" />
        <TextField name="expiresInDays" type="number" min={1} inputMode="numeric" label={t('core.admin.invites.expiresInDays')} hint={t('core.admin.invites.expiresInDaysHint')} />
        <SubmitButton>{t('core.admin.invites.create')}</SubmitButton>
      </Form>
    </AdminFrame>
  );
}

/** A number from a form field; empty is "the instance's default" (null); not a number is refused beside its field. */
function numberField(fields: Readonly<Record<string, string>>, name: 'maxUses' | 'expiresInDays', integer: boolean): number | null {
  const text = (fields[name] ?? '').trim();
  if (text === '') return null;
  const number = Number(text);
  // GraphQL would refuse it without naming the field: name it here.
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    throw new BadUserInputError(integer ? 'Enter a whole number.' : 'Enter a number of days.', name);
  }
  return number;
}

const createInvite: PageAction<CreateInviteResult> = {
  mutation: 'mutation AdminCreateInvite($input: CreateInviteInput) { createInvite(input: $input) { code expiresAt maxUses } }',
  variables: (fields) => ({ input: { maxUses: numberField(fields, 'maxUses', true), expiresInDays: numberField(fields, 'expiresInDays', false) } }),
  // Shown once, on the page this redirects to (the admin's own browser), never stored in clear.
  redirect: (result) =>
    `${PATH}?${new URLSearchParams({ code: result.createInvite.code, expires: result.createInvite.expiresAt, uses: String(result.createInvite.maxUses) }).toString()}`,
};

export const adminInvitesPage: PageDefinition<AdminInvitesData> = {
  path: PATH,
  access: { role: 'admin' },
  query: 'query AdminInvitesPage { instance { signUp url } }',
  component: AdminInvitesPage,
  title: (_props, t) => t('core.admin.invites.title'),
  head: () => ({ noIndex: true }),
  actions: { createInvite },
};
