export interface InstanceFileLookup {
  /** The instance's index.ts, when one of the candidates exists. */
  file: string | undefined;
  /** Every path looked at, for the error message. */
  candidates: string[];
}

export function findInstanceFile(nameOrPath: string, cwd?: string): InstanceFileLookup;
