// Daigang — banner.js
// The attention banner: a new announcement, or the question the host starts answering, shows
// at the top of the viewport in big high-contrast text that a viewer scrolled deep into the job
// list cannot miss. It can be dismissed (×), and settles by itself after ~8 s (the item stays in
// its list below: announcements, Q&A). Motion only when the viewer has not asked for less
// (prefers-reduced-motion: the CSS drops the slide). Only news shows: not what a welcome
// brings back after a reconnect.
//
// Element ids (index.html):
//   #attention-banner    role=status; data-kind = announcement | answering; hidden when idle
//     #attention-label   what it is (公告 / 正在回答)
//     #attention-text    the text
//     #attention-close   dismiss (×)

import { byId, setText } from './dom.js';
import { addMessages, t } from './i18n.js';

addMessages({
  zh: { 'banner.announcement': '主播公告', 'banner.answering': '主播正在回答', 'banner.close': '关闭提示' },
  en: { 'banner.announcement': 'Announcement', 'banner.answering': 'The host is answering', 'banner.close': 'Dismiss' },
});

/** How long a banner stays before it settles into its list. */
export const SETTLE_MS = 8000;

export class AttentionBanner {
  #els;
  #timer = null;
  #shown = null; // {kind, text}

  constructor() {
    this.#els = {
      banner: byId('attention-banner'),
      label: byId('attention-label'),
      text: byId('attention-text'),
      close: byId('attention-close'),
    };
    this.#els.close.addEventListener('click', () => this.dismiss());
  }

  /** Shows `text` as `kind` (announcement | answering) for SETTLE_MS. */
  show(kind, text) {
    if (!text) return;
    this.#shown = { kind, text };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.dismiss(), SETTLE_MS);
    this.render();
  }

  dismiss() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#shown = null;
    this.render();
  }

  render() {
    const els = this.#els;
    const shown = this.#shown;
    els.banner.hidden = !shown;
    els.banner.dataset.kind = shown?.kind ?? '';
    setText(els.label, shown ? t(`banner.${shown.kind}`) : '');
    setText(els.text, shown?.text ?? '');
    els.close.setAttribute('aria-label', t('banner.close'));
  }
}
