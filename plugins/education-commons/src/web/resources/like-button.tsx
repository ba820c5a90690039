import { useState, type FormEvent } from 'react';
import { ACTION_FIELD, CSRF_FIELD } from '@commonplace/sdk/web/client';
import { countLabel, type CountLabels } from './count-labels.js';

/** The island's name, as the page renders it and the build names its entry (`web.islands.like`). */
export const LIKE_ISLAND = 'education-commons.like';

/** JSON only: they travel to the browser in the island's data-props. */
export interface LikeButtonProps {
  liked: boolean;
  count: number;
  /** The page's CSRF token: the same hidden field the page's other forms carry. */
  csrfToken: string;
  labels: { like: string; liked: string; failed: string; count: CountLabels };
  /** Why the last like or unlike was refused (after a post without JavaScript). */
  refusal?: string | undefined;
}

/** What the kernel answers a form post sent with `Accept: application/json` (core/src/web/server/page-routes.ts). */
type ActionAnswer = { ok: true; result: Record<string, { liked: boolean; likeCount: number } | undefined> } | { ok: false; errors: Record<string, string> };

/**
 * Like or unlike, with the count. Without JavaScript it is a plain form post to the page (the page
 * comes back with the new count); hydrated, it posts the same form with fetch and updates in place.
 * If the answer is not the JSON expected (a session that ended: a redirect to log in), it falls back
 * to posting the form the ordinary way.
 */
export function LikeButton({ liked: likedAtFirst, count: countAtFirst, csrfToken, labels, refusal }: LikeButtonProps) {
  const [state, setState] = useState({ liked: likedAtFirst, count: countAtFirst });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(refusal);
  const action = state.liked ? 'unlike' : 'like';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The DOM as far as this uses it (the root tsconfig checks without DOM types).
    const form = event.currentTarget as unknown as { submit(): void };
    const { location } = globalThis as unknown as { location: { href: string } };
    setBusy(true);
    try {
      // The form's own post (it has no action attribute: the page's URL), with its hidden fields.
      const response = await fetch(location.href, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams({ [CSRF_FIELD]: csrfToken, [ACTION_FIELD]: action }),
        credentials: 'same-origin',
      });
      if (!response.headers.get('content-type')?.startsWith('application/json')) return form.submit();
      const answer = (await response.json()) as ActionAnswer;
      if (!answer.ok) return setError(Object.values(answer.errors).join(' ') || labels.failed);
      const result = answer.result[action];
      if (!result) return form.submit();
      setState({ liked: result.liked, count: result.likeCount });
      setError(undefined);
    } catch {
      setError(labels.failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="cluster">
      <form method="post" className="inline-form" onSubmit={submit}>
        <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
        <input type="hidden" name={ACTION_FIELD} value={action} />
        <button type="submit" className="button button--secondary" aria-pressed={state.liked} aria-busy={busy} disabled={busy}>
          {state.liked ? labels.liked : labels.like}
        </button>
      </form>
      <span className="muted" aria-live="polite">
        {countLabel(labels.count, state.count)}
      </span>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
