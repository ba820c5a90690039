import { describe, expect, it } from 'vitest';
import { FormattedDate, FormattedNumber, Form, Island, Select, Slot, SubmitButton, TextArea, TextField, memoiseSlots, allows } from '@commonplace/sdk/web';
import { alice, attributesOf, pageContext, render } from './render-page.js';

function SignUpForm() {
  return (
    <Form action="signUp">
      <TextField name="username" label="Username" hint="Lowercase" required />
      <TextField name="password" type="password" label="Password" required />
      <TextArea name="summary" label="About" />
      <Select name="mode" label="Mode" options={[{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }]} defaultValue="a" />
      <SubmitButton>Go</SubmitButton>
    </Form>
  );
}

describe('Form and fields', () => {
  it('posts the CSRF token and the action, each control labelled and described by its hint', () => {
    const { context } = pageContext();
    const html = render(<SignUpForm />, context);
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-token-1"/>');
    expect(html).toContain('<input type="hidden" name="_action" value="signUp"/>');
    expect(html).toMatch(/<form method="post">/);
    expect(html).toContain('<label class="field__label" for="signUp-username">Username</label>');
    const [username] = attributesOf(html, /<input[^>]*name="username"[^>]*>/g);
    expect(username).toMatchObject({ id: 'signUp-username', 'aria-describedby': 'signUp-username-hint' });
    expect(username!['aria-invalid']).toBeUndefined();
    expect(html).not.toContain('role="alert"');
  });

  it('after a refusal: a summary with role=alert linking to each field, the error next to its field, values refilled but never the password', () => {
    const { context } = pageContext({
      form: {
        action: 'signUp',
        values: { username: 'Bad Name', password: 'hunter2', summary: 'Hello <b>', mode: 'b' },
        errors: { username: 'A username is 1 to 30 lowercase letters.', '': 'Too many sign-ups from this address.' },
      },
    });
    const html = render(<SignUpForm />, context);
    const summary = html.slice(html.indexOf('role="alert"') - 40, html.indexOf('</ul>'));
    expect(summary).toContain('There is a problem');
    expect(summary).toContain('<a href="#signUp-username">A username is 1 to 30 lowercase letters.</a>');
    expect(summary).toContain('<li>Too many sign-ups from this address.</li>');
    const [username] = attributesOf(html, /<input[^>]*name="username"[^>]*>/g);
    expect(username).toMatchObject({ value: 'Bad Name', 'aria-invalid': 'true', 'aria-describedby': 'signUp-username-hint signUp-username-error' });
    expect(html).toContain('<p class="field__error" id="signUp-username-error">A username is 1 to 30 lowercase letters.</p>');
    expect(html).not.toContain('hunter2');
    expect(html).toContain('>Hello &lt;b&gt;</textarea>');
    expect(html).toMatch(/<option value="b" selected="">B<\/option>/);
  });

  it("leaves alone a form that was not the one posted", () => {
    const { context } = pageContext({ form: { action: 'logIn', values: { username: 'x' }, errors: { username: 'Wrong' } } });
    const html = render(<SignUpForm />, context);
    expect(html).not.toContain('Wrong');
    expect(html).not.toContain('value="x"');
  });

  it('a GET form carries neither token nor action', () => {
    const { context } = pageContext();
    const html = render(<Form action="search" method="get" to="/search"><TextField name="q" label="Search" /></Form>, context);
    expect(html).toContain('<form action="/search" method="get">');
    expect(html).not.toContain('_csrf');
  });

  it('refuses a field outside a form', () => {
    const { context } = pageContext();
    expect(() => render(<TextField name="q" label="Q" />, context)).toThrow(/inside a <Form>/);
  });
});

describe('Island, Slot, formatting', () => {
  function Counter({ start }: { start: number }) {
    return <button type="button">{start}</button>;
  }

  it('an island renders on the server inside its marker with its props, and asks for its script', () => {
    const { context } = pageContext();
    const html = render(<Island name="links.counter" component={Counter} props={{ start: 3 }} />, context);
    expect(html).toBe('<div data-island="links.counter" data-props="{&quot;start&quot;:3}"><button type="button">3</button></div>');
    expect([...context.islands]).toEqual(['links.counter']);
  });

  it("a slot renders each panel with its data and the host's params, and nothing when empty", () => {
    const asked: string[] = [];
    const { context } = pageContext({
      params: { username: 'alice' },
      viewer: alice,
      slot: memoiseSlots((name, params) => {
        asked.push(`${name}:${params.username}`);
        return name === 'profile.panels'
          ? [{ key: 'links.0', component: ({ data, params, viewer }) => <p>{`${(data as { n: number }).n} links of ${params.username} for ${viewer?.username}`}</p>, data: { n: 2 } }]
          : [];
      }),
    });
    expect(render(<Slot name="profile.panels" />, context)).toBe('<div class="slot" data-slot="profile.panels"><p>2 links of alice for alice</p></div>');
    expect(render(<Slot name="front.sections" />, context)).toBe('');
    context.slot('profile.panels', { username: 'alice' });
    expect(asked).toEqual(['profile.panels:alice', 'front.sections:alice']);
  });

  it('dates and numbers in the page locale', () => {
    const { context } = pageContext({ locale: 'es' });
    const html = render(
      <>
        <FormattedDate value="2026-03-03T12:00:00Z" options={{ dateStyle: 'long', timeZone: 'UTC' }} />
        <FormattedNumber value={1234567.5} />
      </>,
      context,
    );
    expect(html).toBe('<time dateTime="2026-03-03T12:00:00.000Z">3 de marzo de 2026</time>1.234.567,5');
  });

  it('access: everyone, signed-in, and roles ranked', () => {
    const moderator = { ...alice, roles: ['moderator' as const] };
    expect(allows(undefined, null)).toBe(true);
    expect(allows('signed-in', null)).toBe(false);
    expect(allows('signed-in', alice)).toBe(true);
    expect(allows({ role: 'moderator' }, alice)).toBe(false);
    expect(allows({ role: 'moderator' }, moderator)).toBe(true);
    expect(allows({ role: 'admin' }, moderator)).toBe(false);
  });
});

describe('Form generalErrorField', () => {
  it('puts a refusal that names no field beside the field the form names, in the summary too', () => {
    const { context } = pageContext({ form: { action: 'logIn', values: { login: 'a' }, errors: { '': 'Wrong username or password.' } } });
    const html = render(
      <Form action="logIn" generalErrorField="password">
        <TextField name="login" label="Login" />
        <TextField name="password" type="password" label="Password" />
      </Form>,
      context,
    );
    expect(html).toContain('<li><a href="#logIn-password">Wrong username or password.</a></li>');
    expect(html).toContain('<p class="field__error" id="logIn-password-error">Wrong username or password.</p>');
    expect(attributesOf(html, /<input[^>]*name="password"[^>]*>/g)[0]).toMatchObject({ 'aria-invalid': 'true', 'aria-describedby': 'logIn-password-error' });
  });
});
