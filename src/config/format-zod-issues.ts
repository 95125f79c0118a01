import type { z } from 'zod';

/** `rules[3].points`, `[0].eventId`: the path a person would type to find the field. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export function describeZodIssues(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function formatZodIssues(error: z.ZodError, root = '(root)'): string[] {
  return describeZodIssues(error).map(({ path, message }) => `${path === '' ? root : path}: ${message}`);
}
