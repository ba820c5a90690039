import { usePage } from '@commonplace/sdk/web';

export type ErrorStatus = 400 | 403 | 404 | 410 | 429 | 500;

/** English when the catalogue has no message for the key yet (core.error.<status>.title / .body). */
const FALLBACK: Record<ErrorStatus, { title: string; body: string }> = {
  400: { title: 'That request was not understood', body: 'Something in it was missing or malformed. Go back and try again.' },
  403: { title: 'You cannot open this page', body: 'Your account does not have the access this page needs.' },
  404: { title: 'Page not found', body: 'There is nothing here: the address may be mistyped, or what was here is gone or hidden.' },
  410: { title: 'This is gone', body: 'What was here has been deleted by the person who shared it.' },
  429: { title: 'Too many requests', body: 'This address sent more requests than the instance allows in a short time. Wait a minute, then try again.' },
  500: { title: 'Something went wrong', body: 'The problem is on our side and has been logged. Try again in a moment.' },
};

/** Its title, translated when the catalogue has it. */
export function errorTitle(status: ErrorStatus, t: (key: string) => string): string {
  return translated(t, `core.error.${status}.title`, FALLBACK[status].title);
}

/** The body of an error page (inside the layout): what happened in plain words, and a way on. Never internals. */
export function ErrorPage({ status }: { status: ErrorStatus }) {
  const { t } = usePage();
  return (
    <section className="error-page">
      <h1>{errorTitle(status, t)}</h1>
      <p>{translated(t, `core.error.${status}.body`, FALLBACK[status].body)}</p>
      <p>
        <a href="/">{translated(t, 'core.error.home', 'Go to the front page')}</a>
      </p>
    </section>
  );
}

function translated(t: (key: string) => string, key: string, fallback: string): string {
  const message = t(key);
  return message === key ? fallback : message;
}
