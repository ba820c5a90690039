import type { NavigationEntry, PageDefinition } from '@commonplace/sdk/web';
import { adminDomainsPage } from './domains.js';
import { adminInvitesPage } from './invites.js';
import { adminJobsPage } from './jobs.js';
import { adminOverviewPage } from './overview.js';
import { adminReportsPage } from './reports.js';
import { adminUsersPage } from './users.js';

/** Core's admin pages (all `{ role: 'admin' }`): overview, invites, users, domains, reports, dead letters. */
export const adminPages: readonly PageDefinition<any>[] = [adminOverviewPage, adminInvitesPage, adminUsersPage, adminDomainsPage, adminReportsPage, adminJobsPage];

const ADMIN = { role: 'admin' } as const;

/** The admin menu (plugins may add their own entries to it), and the way in from the account menu. */
export const adminNavigation: readonly NavigationEntry[] = [
  { menu: 'account', label: 'core.nav.admin', href: '/admin', access: ADMIN, order: 900 },
  { menu: 'admin', label: 'core.admin.nav.overview', href: '/admin', access: ADMIN, order: 100 },
  { menu: 'admin', label: 'core.admin.nav.invites', href: '/admin/invites', access: ADMIN, order: 200 },
  { menu: 'admin', label: 'core.admin.nav.users', href: '/admin/users', access: ADMIN, order: 300 },
  { menu: 'admin', label: 'core.admin.nav.domains', href: '/admin/domains', access: ADMIN, order: 400 },
  { menu: 'admin', label: 'core.admin.nav.reports', href: '/admin/reports', access: ADMIN, order: 500 },
  { menu: 'admin', label: 'core.admin.nav.jobs', href: '/admin/jobs', access: ADMIN, order: 600 },
];
