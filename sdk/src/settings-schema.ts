/**
 * Settings are validated with any Standard Schema (https://standardschema.dev): zod, valibot,
 * arktype... The sdk re-exports zod as `z` for plugins that have no preference.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

export type InferOutput<S> = S extends StandardSchemaV1<any, infer O> ? O : unknown;

/** Turns issues into one readable line per issue: `path.to.field: message`. */
export function describeIssues(issues: ReadonlyArray<StandardIssue>): string[] {
  return issues.map((issue) => {
    const path = (issue.path ?? [])
      .map((segment) => (typeof segment === 'object' ? segment.key : segment))
      .map(String)
      .join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
