/**
 * Carries a form from the message that offers it to the click that opens it. Slack gives a `trigger_id` that is valid
 * for 3 seconds, so the modal must be built from what the click brings: the form travels inside the opener button's
 * `value` (deflated, base64url, at most 2,000 characters). A form too large for that (long option lists) is kept in
 * the adapter's `FormStore` (the `slack_forms` collection) under its content hash and the button carries the reference; a lookup by `_id` is
 * the only database work on that path.
 * Pitfall: everything decoded here came back from the outside world; it is validated with zod before use.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import type { Form } from '../../core/reply.js';
import type { FormStore } from './ports.js';

const INLINE_PREFIX = 'z1:';
const REF_PREFIX = 'r1:';
const VALUE_LIMIT = 2_000;

const formSchema: z.ZodType<Form> = z.object({
  id: z.string().min(1).max(200),
  title: z.string(),
  submitLabel: z.string(),
  value: z.string().exactOptional(),
  errors: z.record(z.string(), z.string()).exactOptional(),
  inputs: z.array(
    z.object({
      id: z.string().min(1).max(200),
      label: z.string(),
      type: z.enum(['text', 'multiline', 'date', 'choice']),
      required: z.boolean().exactOptional(),
      initial: z.string().exactOptional(),
      placeholder: z.string().exactOptional(),
      maxLength: z.number().int().positive().exactOptional(),
      options: z.array(z.object({ value: z.string(), label: z.string() })).exactOptional(),
    }),
  ),
});

export class FormCodec {
  constructor(private readonly store: FormStore) {}

  /** The opener button's value for a form; stores the form first when it does not fit inline. */
  async encode(form: Form): Promise<string> {
    // Errors belong to one rendering of the form, not to the form the button will open.
    const { errors: _errors, ...clean } = form;
    const json = JSON.stringify(clean);
    const inline = `${INLINE_PREFIX}${deflateRawSync(Buffer.from(json, 'utf8')).toString('base64url')}`;
    if (inline.length <= VALUE_LIMIT) return inline;
    const key = createHash('sha256').update(json).digest('base64url');
    await this.store.put(key, clean);
    return `${REF_PREFIX}${key}`;
  }

  /** The form behind an opener value, or null when it is garbled or no longer stored. */
  async decode(value: string): Promise<Form | null> {
    if (value.startsWith(INLINE_PREFIX)) {
      try {
        const json = inflateRawSync(Buffer.from(value.slice(INLINE_PREFIX.length), 'base64url'), {
          maxOutputLength: 1_000_000,
        }).toString('utf8');
        const parsed = formSchema.safeParse(JSON.parse(json));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    }
    if (value.startsWith(REF_PREFIX)) {
      const form = await this.store.get(value.slice(REF_PREFIX.length));
      const parsed = formSchema.safeParse(form);
      return parsed.success ? parsed.data : null;
    }
    return null;
  }

  /** Opener values for every form, for the renderer. */
  async encodeAll(forms: readonly Form[]): Promise<Map<Form, string>> {
    const values = new Map<Form, string>();
    for (const form of forms) values.set(form, await this.encode(form));
    return values;
  }
}
