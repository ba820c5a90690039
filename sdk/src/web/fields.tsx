import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useFormField } from './form.js';

interface FieldBase {
  name: string;
  /** The visible label (already translated). */
  label: string;
  /** A sentence under the label that helps fill it (already translated). */
  hint?: string;
  required?: boolean;
  /** The value shown when the form opens (a refused post's value wins). */
  defaultValue?: string;
}

/** Ids and attributes a control shares with its label, hint and error. */
function useFieldParts(field: FieldBase, refill: boolean) {
  const form = useFormField();
  const id = form.idOf(field.name);
  const error = form.errorOf(field.name);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const posted = refill ? form.valueOf(field.name) : undefined;
  return {
    id,
    error,
    hintId,
    errorId,
    value: posted ?? field.defaultValue,
    control: {
      id,
      name: field.name,
      required: field.required,
      'aria-invalid': error ? (true as const) : undefined,
      'aria-describedby': describedBy,
    },
  };
}

/** Label, hint and error around a control: the error sits next to its field, named by aria-describedby. */
function FieldFrame(props: { id: string; label: string; hint?: string; hintId?: string; error?: string; errorId?: string; children: ReactNode }) {
  return (
    <div className={props.error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <p className="field__hint" id={props.hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field__error" id={props.errorId}>
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

export interface TextFieldProps extends FieldBase, Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'defaultValue' | 'value' | 'id' | 'type'> {
  type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number' | 'tel';
}

/** A one-line input. A password is never sent back into the page after a refusal. */
export function TextField({ name, label, hint, required, defaultValue, type = 'text', ...rest }: TextFieldProps) {
  const parts = useFieldParts({ name, label, hint, required, defaultValue }, type !== 'password');
  return (
    <FieldFrame id={parts.id} label={label} hint={hint} hintId={parts.hintId} error={parts.error} errorId={parts.errorId}>
      <input className="field__control" type={type} defaultValue={parts.value} {...rest} {...parts.control} />
    </FieldFrame>
  );
}

export interface TextAreaProps extends FieldBase, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'defaultValue' | 'value' | 'id'> {}

export function TextArea({ name, label, hint, required, defaultValue, rows = 5, ...rest }: TextAreaProps) {
  const parts = useFieldParts({ name, label, hint, required, defaultValue }, true);
  return (
    <FieldFrame id={parts.id} label={label} hint={hint} hintId={parts.hintId} error={parts.error} errorId={parts.errorId}>
      <textarea className="field__control" rows={rows} defaultValue={parts.value} {...rest} {...parts.control} />
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  /** Already translated. */
  label: string;
}

export interface SelectProps extends FieldBase, Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'defaultValue' | 'value' | 'id'> {
  options: readonly SelectOption[];
}

export function Select({ name, label, hint, required, defaultValue, options, ...rest }: SelectProps) {
  const parts = useFieldParts({ name, label, hint, required, defaultValue }, true);
  return (
    <FieldFrame id={parts.id} label={label} hint={hint} hintId={parts.hintId} error={parts.error} errorId={parts.errorId}>
      <select className="field__control" defaultValue={parts.value} {...rest} {...parts.control}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
