import type { z } from 'zod';
import { translateIssue } from '../i18n/translateMessage';
import { issueFromZod } from '../../src-shared/rpc/zod-issues';

/**
 * A Mantine form `validate` function from the contract's own zod schema (architecture.md:
 * every form validates with the schema the contract uses). `toInput` maps form values to the
 * method's input (dropping a confirm field, say); `extra` adds checks that are UI-only.
 */
export function zodValidator<V>(schema: z.ZodType, toInput: (values: V) => unknown = (v) => v, extra?: (values: V) => Record<string, string>) {
  return (values: V): Record<string, string> => {
    const errors: Record<string, string> = {};
    const r = schema.safeParse(toInput(values));
    if (!r.success) {
      for (const zi of r.error.issues) {
        const issue = issueFromZod(zi);
        const field = String(issue.path[0] ?? '');
        if (field && !(field in errors)) errors[field] = translateIssue(issue);
      }
    }
    return { ...errors, ...(extra ? extra(values) : {}) };
  };
}
