/**
 * The channel-neutral reply: data, never markup. Slack renders it as Block Kit, Teams as an Adaptive Card 1.5, the
 * web chat as HTML, and tests and logs as plain text. Every reply has a plain `text` used for notifications and
 * fallbacks, so a reply must read well from `text` alone.
 */
export interface Reply {
  /** Plain text that stands on its own (notification preview, fallback, plain renderer's first line). */
  readonly text: string;
  readonly blocks?: readonly Block[];
  /**
   * Files that travel with the reply (a calendar invitation, a data export). Each channel delivers them its own way:
   * Slack uploads them into the conversation (files.uploadV2), Teams sends them as attachments, the web chat offers a
   * download link. The text must still say what the file is, for a channel or client that cannot show it.
   */
  readonly files?: readonly FileAttachment[];
}

/** A file as data: its name, media type and UTF-8 text content (iCalendar, JSON, CSV, …). */
export interface FileAttachment {
  /** The file name the person sees and saves, e.g. `next-conversation.ics`. Letters, digits, `.-_` only. */
  readonly filename: string;
  /** The media type, e.g. `text/calendar; method=REQUEST` or `application/json`. */
  readonly mediaType: string;
  /** The content as UTF-8 text. */
  readonly content: string;
  /** A human title shown next to the file (defaults to the file name). */
  readonly title?: string;
}

export type Block =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'section'; readonly title: string; readonly text?: string }
  | { readonly kind: 'fields'; readonly fields: readonly Field[] }
  | { readonly kind: 'list'; readonly title?: string; readonly items: readonly string[]; readonly ordered?: boolean }
  | { readonly kind: 'buttons'; readonly buttons: readonly Button[] }
  | { readonly kind: 'form'; readonly form: Form };

export interface Field {
  readonly label: string;
  readonly value: string;
}

/**
 * A button. `action` and `value` come back verbatim in an `action` event; the engine stamps `value` with the
 * dialog revision it was made for, so a button from an old message is recognised and answered kindly.
 */
export interface Button {
  readonly action: string;
  readonly label: string;
  readonly value?: string;
  readonly style?: 'primary' | 'danger';
}

export interface Form {
  readonly id: string;
  readonly title: string;
  readonly submitLabel: string;
  readonly inputs: readonly FormInput[];
  /** Opaque value echoed back with the submit (the engine's step token). */
  readonly value?: string;
  /** Inline validation errors by input id, shown next to the input when a form is re-rendered. */
  readonly errors?: Readonly<Record<string, string>>;
}

export interface FormInput {
  readonly id: string;
  readonly label: string;
  readonly type: 'text' | 'multiline' | 'date' | 'choice';
  readonly required?: boolean;
  readonly initial?: string;
  readonly placeholder?: string;
  readonly maxLength?: number;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
}

/**
 * The catalogues' bold, Slack style: `*word*` after a space, an opening parenthesis or the start, and before a space,
 * punctuation or the end (so "2 * 3" and "a*b" are no bold). Group 1 is what came before, group 2 the bold words:
 * each channel puts its own markup around them.
 */
export const BOLD = /(^|[\s(])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?=$|[\s).,:;!?])/g;

export const reply = (text: string, ...blocks: Block[]): Reply => (blocks.length ? { text, blocks } : { text });

/** The same reply with files attached (after any it already had). */
export const withFiles = (message: Reply, ...files: FileAttachment[]): Reply =>
  files.length ? { ...message, files: [...(message.files ?? []), ...files] } : message;

/** Every file in the replies, in order. */
export const filesIn = (replies: readonly Reply[]): FileAttachment[] => replies.flatMap((r) => r.files ?? []);

/** A file name that is safe on every platform and in a download attribute. */
export const safeFilename = (name: string): string => {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned.slice(0, 120) || 'file';
};

/** The plain-text renderer: what tests assert on and what a channel without rich messages shows. */
export function renderPlainText(message: Reply): string {
  const lines: string[] = [message.text];
  for (const block of message.blocks ?? []) {
    switch (block.kind) {
      case 'text':
        lines.push(block.text);
        break;
      case 'section':
        lines.push(`== ${block.title} ==`);
        if (block.text) lines.push(block.text);
        break;
      case 'fields':
        for (const f of block.fields) lines.push(`${f.label}: ${f.value}`);
        break;
      case 'list':
        if (block.title) lines.push(`${block.title}:`);
        block.items.forEach((item, i) => lines.push(block.ordered ? `${i + 1}. ${item}` : `- ${item}`));
        break;
      case 'buttons':
        lines.push(block.buttons.map((b) => `[${b.label}]`).join(' '));
        break;
      case 'form': {
        lines.push(`[form: ${block.form.title}]`);
        for (const input of block.form.inputs) {
          const error = block.form.errors?.[input.id];
          lines.push(
            `  ${input.label}${input.required ? ' *' : ''}${input.initial ? ` = ${input.initial}` : ''}${error ? ` (! ${error})` : ''}`,
          );
        }
        lines.push(`  [${block.form.submitLabel}]`);
        break;
      }
      default: {
        const never: never = block;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  for (const file of message.files ?? []) lines.push(`[file: ${file.filename}]`);
  return lines.join('\n');
}
