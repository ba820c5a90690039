import type { Viewer } from '@commonplace/sdk';
import type { AccountView } from './account-view.js';

/**
 * The account row each session check read along with the session, so `me` in the same request
 * answers from it instead of reading the account a second time.
 *
 * Entries are keyed by the viewer object: every session check makes a new one, which lives as long
 * as its request, so an entry can neither outlive the request nor answer for another one. Any write
 * to an account through the accounts service (profile, role, deletion) makes every entry remembered
 * before it stale, so a request that changed an account reads it again from the database.
 */
export class SessionAccounts {
  private readonly byViewer = new WeakMap<Viewer, { account: AccountView; generation: number }>();
  private generation = 0;

  remember(viewer: Viewer, account: AccountView): void {
    this.byViewer.set(viewer, { account, generation: this.generation });
  }

  /** The account as this viewer's session check found it; undefined when not checked here or changed since. */
  recall(viewer: Viewer): AccountView | undefined {
    const entry = this.byViewer.get(viewer);
    return entry && entry.generation === this.generation ? entry.account : undefined;
  }

  /** Called after an account or its Person was written. */
  accountsChanged(): void {
    this.generation += 1;
  }
}
