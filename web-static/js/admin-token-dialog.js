// Daigang — admin-token-dialog.js
// The token of a new account, shown exactly once in a modal with a copy button and a warning;
// closing it forgets the token (it is not kept anywhere else on the page).
//
// Element ids (admin.html): #token-dialog, #token-dialog-who, #token-dialog-token,
//   #token-dialog-copy, #token-dialog-copied, #token-dialog-close

import { byId, setText } from './dom.js';
import { ROLE_TEXT } from './admin-format.js';

export class TokenDialog {
  constructor() {
    const dialog = byId('token-dialog');
    byId('token-dialog-close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => setText(byId('token-dialog-token'), ''));
    byId('token-dialog-copy').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(byId('token-dialog-token').textContent);
        byId('token-dialog-copied').hidden = false;
      } catch {
        // No clipboard (plain http): select the text so Ctrl+C works.
        const range = document.createRange();
        range.selectNodeContents(byId('token-dialog-token'));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      }
    });
  }

  show(account, token) {
    setText(byId('token-dialog-who'), `${account.name}（${ROLE_TEXT[account.role] ?? account.role}）`);
    setText(byId('token-dialog-token'), token);
    byId('token-dialog-copied').hidden = true;
    byId('token-dialog').showModal();
    byId('token-dialog-copy').focus();
  }
}
