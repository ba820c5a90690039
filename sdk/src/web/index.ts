/**
 * `@commonplace/sdk/web`: what a page of core or of a plugin is written with. The contract's types
 * (pages, navigation, slots, messages, islands), the page's facts (usePage, useT) and the accessible
 * components every form and page uses, styled by core's design system (class names in
 * core/web/ui/styles.css).
 */
export type {
  FormState,
  NavigationEntry,
  PageAccess,
  PageAction,
  PageDefinition,
  PageHead,
  PageProps,
  SlotPanel,
  SlotProps,
  Translate,
  WebContribution,
} from './contract.js';
export {
  ACTION_FIELD,
  CSRF_FIELD,
  PageContext,
  memoiseSlots,
  usePage,
  useT,
  type PageContextValue,
  type ResolvedSlotPanel,
  type SlotLoader,
} from './context.js';
export { allows } from './access.js';
export { MenuNav, useMenu, type MenuLink, type MenuNavProps } from './menu.js';
export { Form, SubmitButton, useFormField, type FormFieldState, type FormProps, type SubmitButtonProps } from './form.js';
export { Select, TextArea, TextField, type SelectOption, type SelectProps, type TextAreaProps, type TextFieldProps } from './fields.js';
export { Island, type IslandProps } from './island.js';
export { Slot, type SlotOutletProps } from './slot.js';
export { FormattedDate, FormattedNumber, type FormattedDateProps, type FormattedNumberProps } from './formatted.js';
