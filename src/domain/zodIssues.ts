import type * as z from 'zod';
import type { PathSegment, RelanceIssue } from '../errors';

/** Converts zod's issues into relance issues, prefixing each path with `prefix`. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[]): RelanceIssue[] {
  return issues.map((issue) => ({
    code: issue.code,
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
  }));
}
