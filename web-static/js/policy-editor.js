// Daigang — policy-editor.js
// The host edits a policy during the session: title, summary, key points (one per line).
// Saving sends `upsert_policy` with the full policy as last known merged with these edits;
// viewers get `policy_updated`.
//
// Element ids (host.html):
//   #policy-editor (<dialog>), #policy-editor-form, #policy-editor-id, #policy-editor-error,
//   #policy-edit-title, #policy-edit-summary, #policy-edit-points (one key point per line),
//   each with an error node #<input id>-error; #policy-editor-save, #policy-editor-cancel

import { byId } from './dom.js';
import { EditorDialog } from './editor-dialog.js';
import { t } from './i18n.js';

const FIELDS = { title: 'policy-edit-title', summary: 'policy-edit-summary', keyPoints: 'policy-edit-points' };
const PATHS = { 'policy.title': 'title', 'policy.summary': 'summary', 'policy.keyPoints': 'keyPoints' };

/** One key point per non-empty line. */
export function splitLines(text) {
  return String(text ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
}

/**
 * @param {object} options
 * @param {(message: object) => Promise<object>} options.send
 * @param {(kind: string, text: () => string) => void} options.notify
 * @param {(id: string) => object|null} options.latest   the policy as last known
 */
export function makePolicyEditor({ send, notify, latest }) {
  const input = (field) => byId(FIELDS[field]);
  return new EditorDialog({
    prefix: 'policy-editor',
    send,
    notify,
    spec: {
      fill(policy) {
        input('title').value = policy.title ?? '';
        input('summary').value = policy.summary ?? '';
        input('keyPoints').value = Array.isArray(policy.keyPoints) ? policy.keyPoints.join('\n') : '';
      },
      read() {
        const errors = new Map();
        const title = input('title').value.trim();
        const summary = input('summary').value.trim();
        const keyPoints = splitLines(input('keyPoints').value);
        if (!title) errors.set('title', () => t('editor.error.required'));
        if (!summary) errors.set('summary', () => t('editor.error.required'));
        return {
          errors,
          build(opened) {
            const policy = structuredClone(latest(opened.id) ?? opened);
            policy.title = title;
            policy.summary = summary;
            policy.keyPoints = keyPoints;
            return { type: 'upsert_policy', policy };
          },
        };
      },
      fieldOf: (path) => PATHS[path] ?? null,
      nodesOf: (field) => (FIELDS[field] ? [byId(FIELDS[field]), byId(`${FIELDS[field]}-error`)] : null),
    },
  });
}
