import { createContext, useContext, type FormHTMLAttributes, type ReactNode } from 'react';
import { ACTION_FIELD, CSRF_FIELD, usePage } from './context.js';

/** What a field needs from the form around it: its id prefix, the refill and the refusal. */
export interface FormFieldState {
  /** The id of a field (`<action>-<name>`), unique on the page as long as actions are. */
  idOf(name: string): string;
  /** What was sent for it in the refused post, if this form was the one posted. */
  valueOf(name: string): string | undefined;
  /** Why the post was refused for it, if it was. */
  errorOf(name: string): string | undefined;
}

const FormContext = createContext<FormFieldState | null>(null);

/** The form a field is in (throws outside a `<Form>`: a field needs a form to name it). */
export function useFormField(): FormFieldState {
  const form = useContext(FormContext);
  if (!form) throw new Error('A field must be inside a <Form>');
  return form;
}

export interface FormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'action' | 'method'> {
  /** The page action this form runs (a key of the page's `actions`). Ignored for GET forms. */
  action: string;
  method?: 'post' | 'get';
  /** Where it posts; by default the page it is on (the same URL, query string included). */
  to?: string;
  /**
   * The field a refusal that names none belongs beside (`password` on a log-in form, whose "wrong
   * username or password" names no field on purpose). Without it, such a refusal shows in the summary only.
   */
  generalErrorField?: string;
  children?: ReactNode;
}

/**
 * A form that works without JavaScript: POST to the page, then a redirect. It carries the CSRF token
 * and the action's name; after a refusal, it opens with a summary of the errors (role="alert", each
 * linking to its field) and its fields refilled.
 */
export function Form({ action, method = 'post', to, generalErrorField, children, ...rest }: FormProps) {
  const page = usePage();
  const posted = method === 'post' && page.form?.action === action ? page.form : null;
  const errorsByField = posted ? fieldErrors(posted.errors, generalErrorField) : {};
  const state: FormFieldState = {
    idOf: (name) => `${action}-${name}`,
    valueOf: (name) => posted?.values[name],
    errorOf: (name) => errorsByField[name] || undefined,
  };
  const errors = Object.entries(errorsByField).filter(([, message]) => message);
  return (
    <FormContext.Provider value={state}>
      <form method={method} action={to} {...rest}>
        {errors.length > 0 ? (
          <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby={`${action}-error-summary-title`}>
            <h2 className="error-summary__title" id={`${action}-error-summary-title`}>
              {page.t('core.form.problem')}
            </h2>
            <ul className="error-summary__list">
              {errors.map(([field, message]) => (
                <li key={field || '(form)'}>{field ? <a href={`#${state.idOf(field)}`}>{message}</a> : message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {method === 'post' ? (
          <>
            <input type="hidden" name={CSRF_FIELD} value={page.csrfToken} />
            <input type="hidden" name={ACTION_FIELD} value={action} />
          </>
        ) : null}
        {children}
      </form>
    </FormContext.Provider>
  );
}

/** The refusals by field, the one that names no field moved beside `generalErrorField` when there is one. */
function fieldErrors(errors: Readonly<Record<string, string>>, generalErrorField: string | undefined): Record<string, string> {
  const { '': general, ...named } = errors;
  if (!general) return named;
  if (!generalErrorField) return { '': general, ...named };
  const beside = named[generalErrorField];
  return { ...named, [generalErrorField]: beside ? `${general} ${beside}` : general };
}

export interface SubmitButtonProps {
  children: ReactNode;
  /** `secondary` for a button that is not the page's main one; `danger` for one that destroys. */
  variant?: 'primary' | 'secondary' | 'danger';
}

/** The form's submit button, styled by the design system. */
export function SubmitButton({ children, variant = 'primary' }: SubmitButtonProps) {
  return (
    <button type="submit" className={`button button--${variant}`}>
      {children}
    </button>
  );
}
