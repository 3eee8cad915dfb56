/**
 * Reply → HTML for the web chat. Everything a person or the engine wrote is escaped here, once; the page's script
 * only inserts what this returns. Buttons and forms carry the engine's `action`/`value` verbatim in data attributes,
 * so the browser posts back exactly what the engine handed out (a stale button is then answered kindly by the engine).
 *
 * Pitfall: element ids must be unique on a page that shows two chats with many messages, so every id is prefixed
 * with the message's own id.
 */
import {
  BOLD,
  safeFilename,
  type Block,
  type Button,
  type FileAttachment,
  type Form,
  type FormInput,
  type Reply,
} from '../../core/reply.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => entities[c] ?? c);

/**
 * Inline formatting the catalogues use: `*bold*` (Slack style) and `_italic_`, line breaks kept. Applied after
 * escaping, so it can only ever add <strong>, <em> and <br>.
 */
export function inlineHtml(text: string): string {
  return escapeHtml(text)
    .replace(BOLD, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_([^_\s](?:[^_\n]*[^_\s])?)_(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
    .replace(/\r?\n/g, '<br>');
}

/** Labels the page needs inside rendered messages (the rest of the chrome lives in web.page.ts). */
export interface RenderLabels {
  readonly required: string;
  readonly choose: string;
}

const defaultLabels: RenderLabels = { required: 'required', choose: 'Choose…' };

/** Renders one reply; `idPrefix` makes input ids unique on the page (use the stored message id). */
export function renderReplyHtml(message: Reply, idPrefix: string, labels: RenderLabels = defaultLabels): string {
  const parts = [`<p class="msg-text">${inlineHtml(message.text)}</p>`];
  (message.blocks ?? []).forEach((block, index) => parts.push(renderBlock(block, `${idPrefix}-b${index}`, labels)));
  if (message.files?.length) parts.push(`<ul class="msg-files">${message.files.map(renderFile).join('')}</ul>`);
  return parts.join('');
}

/** A file as a download link holding its content (a `data:` URL: nothing to fetch, nothing stored on a route). */
export function renderFile(file: FileAttachment): string {
  const type = file.mediaType.split(';')[0]?.trim() || 'application/octet-stream';
  const href = `data:${type};base64,${Buffer.from(file.content, 'utf8').toString('base64')}`;
  const name = safeFilename(file.filename);
  return `<li><a class="msg-file" href="${escapeHtml(href)}" download="${escapeHtml(name)}" type="${escapeHtml(type)}">${escapeHtml(file.title ?? name)}</a></li>`;
}

function renderBlock(block: Block, id: string, labels: RenderLabels): string {
  switch (block.kind) {
    case 'text':
      return `<p>${inlineHtml(block.text)}</p>`;
    case 'section':
      return `<section class="msg-section"><h4>${inlineHtml(block.title)}</h4>${block.text ? `<p>${inlineHtml(block.text)}</p>` : ''}</section>`;
    case 'fields':
      return `<dl class="msg-fields">${block.fields.map((f) => `<div><dt>${inlineHtml(f.label)}</dt><dd>${inlineHtml(f.value)}</dd></div>`).join('')}</dl>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const title = block.title ? `<p class="msg-list-title" id="${id}-t">${inlineHtml(block.title)}</p>` : '';
      const labelled = block.title ? ` aria-labelledby="${id}-t"` : '';
      return `${title}<${tag} class="msg-list"${labelled}>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${tag}>`;
    }
    case 'buttons':
      return `<div class="msg-buttons">${block.buttons.map(renderButton).join('')}</div>`;
    case 'form':
      return renderForm(block.form, id, labels);
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

function renderButton(button: Button): string {
  const style = button.style ? ` btn-${button.style}` : '';
  const value = button.value !== undefined ? ` data-value="${escapeHtml(button.value)}"` : '';
  return `<button type="button" class="btn${style}" data-action="${escapeHtml(button.action)}"${value}>${escapeHtml(button.label)}</button>`;
}

function renderForm(form: Form, id: string, labels: RenderLabels): string {
  const value = form.value !== undefined ? ` data-value="${escapeHtml(form.value)}"` : '';
  const inputs = form.inputs
    .map((input) => renderInput(input, `${id}-${input.id}`, form.errors?.[input.id], labels))
    .join('');
  return (
    `<form class="msg-form" data-form-id="${escapeHtml(form.id)}"${value} data-title="${escapeHtml(form.title)}" novalidate>` +
    `<fieldset><legend>${escapeHtml(form.title)}</legend>${inputs}` +
    `<button type="submit" class="btn btn-primary">${escapeHtml(form.submitLabel)}</button></fieldset></form>`
  );
}

function renderInput(input: FormInput, id: string, error: string | undefined, labels: RenderLabels): string {
  const describedBy = error ? ` aria-describedby="${id}-err" aria-invalid="true"` : '';
  const required = input.required ? ' required aria-required="true"' : '';
  const marker = input.required
    ? ` <span class="req" aria-hidden="true">*</span><span class="sr-only">(${escapeHtml(labels.required)})</span>`
    : '';
  const label = `<label for="${id}">${escapeHtml(input.label)}${marker}</label>`;
  const name = ` name="${escapeHtml(input.id)}" id="${id}" data-label="${escapeHtml(input.label)}"`;
  const placeholder = input.placeholder ? ` placeholder="${escapeHtml(input.placeholder)}"` : '';
  const maxLength = input.maxLength ? ` maxlength="${input.maxLength}"` : '';
  const initial = input.initial ?? '';
  let control: string;
  switch (input.type) {
    case 'text':
      control = `<input type="text"${name} value="${escapeHtml(initial)}"${placeholder}${maxLength}${required}${describedBy}>`;
      break;
    case 'multiline':
      control = `<textarea${name} rows="3"${placeholder}${maxLength}${required}${describedBy}>${escapeHtml(initial)}</textarea>`;
      break;
    case 'date':
      control = `<input type="date"${name} value="${/^\d{4}-\d{2}-\d{2}$/.test(initial) ? initial : ''}"${required}${describedBy}>`;
      break;
    case 'choice': {
      const options = (input.options ?? [])
        .map(
          (o) =>
            `<option value="${escapeHtml(o.value)}"${o.value === initial ? ' selected' : ''}>${escapeHtml(o.label)}</option>`,
        )
        .join('');
      const empty = initial === '' ? `<option value="">${escapeHtml(labels.choose)}</option>` : '';
      control = `<select${name}${required}${describedBy}>${empty}${options}</select>`;
      break;
    }
    default: {
      const never: never = input.type;
      throw new Error(`unknown input type ${String(never)}`);
    }
  }
  const errorText = error ? `<p class="field-error" id="${id}-err">${escapeHtml(error)}</p>` : '';
  return `<div class="field${error ? ' has-error' : ''}">${label}${control}${errorText}</div>`;
}
