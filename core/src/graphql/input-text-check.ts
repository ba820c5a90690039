import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { findControlCharacter } from '@commonplace/sdk/internal';

type Path = ReadonlyArray<string | number>;

/** Where a refused character was found: the argument or input field's path, and the character. */
export interface ControlCharacterFound {
  field: string;
  character: string;
}

/**
 * Every string an operation brings, in its literals (arguments, input objects, lists, variables'
 * defaults) and in its variables, checked once before any resolver runs, so no plugin's input reaches
 * the database with a control character in it (PostgreSQL refuses NUL; see sdk text.ts for the rule).
 * The path names the argument, then the input fields: `input.name`, `tags[2]`; for a variable, its
 * name stands for the argument (clients name them alike): `$input` becomes `input`.
 */
export function findControlCharacterInOperation(document: DocumentNode, variables: Record<string, unknown> | undefined): ControlCharacterFound | null {
  let found = inLiterals(document);
  if (variables) for (const name in variables) found ??= inJson(variables[name], [name]);
  return found;
}

// Mercurius caches parsed documents, so a repeated query's literals are walked once.
const literalsChecked = new WeakMap<DocumentNode, ControlCharacterFound | null>();

function inLiterals(document: DocumentNode): ControlCharacterFound | null {
  const known = literalsChecked.get(document);
  if (known !== undefined) return known;
  let found: ControlCharacterFound | null = null;
  visit(document, {
    Argument(node) {
      found ??= inLiteral(node.value, [node.name.value]);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) found ??= inLiteral(node.defaultValue, [node.variable.name.value]);
      return false;
    },
  });
  literalsChecked.set(document, found);
  return found;
}

function inLiteral(node: ValueNode, path: Path): ControlCharacterFound | null {
  switch (node.kind) {
    case Kind.STRING:
      return at(node.value, path);
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = inLiteral(item, [...path, index]);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inLiteral(field.value, [...path, field.name.value]);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

function inJson(value: unknown, path: Path): ControlCharacterFound | null {
  if (typeof value === 'string') return at(value, path);
  if (value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const found = inJson(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

function at(text: string, path: Path): ControlCharacterFound | null {
  const character = findControlCharacter(text);
  return character ? { field: fieldPath(path), character } : null;
}

function fieldPath(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/**
 * Throws, for /graphql's preExecution hook, when an operation carries a control character: 400
 * BAD_USER_INPUT naming the field. A plain function rather than a hook of its own, so that every
 * GraphQL request pays for one hook, not two (register-graphql.ts).
 */
export function refuseControlCharacters(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  const found = findControlCharacterInOperation(document, variables);
  if (!found) return;
  const message = `${found.field} contains a control character (${found.character}); only tab, line feed and carriage return are allowed in text.`;
  const error = new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: found.field } });
  // The shape mercurius answers with 400 and the errors as given (format-errors.ts reads them).
  throw Object.assign(new Error(message), { errors: [error], code: 'MER_ERR_GQL_VALIDATION', statusCode: 400 });
}
