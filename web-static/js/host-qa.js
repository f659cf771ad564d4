// Daigang — host-qa.js
// The host's Q&A panel (PROTOCOL.md "Questions"): every question ranked by votes and recency
// (`question_board`, hidden ones struck through), the one being answered on top. Per question:
// 正在回答 (`question_answering`), 已回答 (`question_answered`), 隐藏 (`question_hide`: it
// vanishes for viewers); 结束回答 clears the one being answered (`question_answering` null).
//
// Element ids (host.html):
//   #host-qa-panel        data-open = open questions; #host-qa-count (open/asked)
//   #host-qa-answering    the one being answered (data-question-id; hidden when none):
//                         #host-qa-answering-text, #host-qa-clear
//   #host-qa-list         <ol>; <li data-question-id data-hidden data-answered data-answering>
//                         with [data-qa-answering], [data-qa-answered], [data-qa-hide] = id
//   #host-qa-empty

import { byId, h, setChildren, setText } from './dom.js';
import { addMessages, formatNumber, formatTime, t } from './i18n.js';

addMessages({
  zh: {
    'hostQa.heading': '观众提问',
    'hostQa.count': '待回答 {open} · 共 {asked}',
    'hostQa.empty': '还没有观众提问。',
    'hostQa.answeringNow': '正在回答：',
    'hostQa.clear': '结束回答',
    'hostQa.answering': '开始回答',
    'hostQa.answered': '已回答',
    'hostQa.hide': '隐藏',
    'hostQa.hidden': '已隐藏',
    'hostQa.votes': '{n} 赞',
  },
  en: {
    'hostQa.heading': 'Viewer questions',
    'hostQa.count': '{open} open · {asked} asked',
    'hostQa.empty': 'No questions yet.',
    'hostQa.answeringNow': 'Answering:',
    'hostQa.clear': 'Done answering',
    'hostQa.answering': 'Answer now',
    'hostQa.answered': 'Answered',
    'hostQa.hide': 'Hide',
    'hostQa.hidden': 'Hidden',
    'hostQa.votes': '{n} votes',
  },
});

export class HostQuestions {
  #command;
  #board = { answering: null, questions: [], open: 0, asked: 0 };
  #els;

  /** @param {{command: (message: object, button?: HTMLButtonElement|null) => Promise<boolean>}} options */
  constructor({ command }) {
    this.#command = command;
    this.#els = {
      panel: byId('host-qa-panel'),
      count: byId('host-qa-count'),
      answering: byId('host-qa-answering'),
      answeringText: byId('host-qa-answering-text'),
      clear: byId('host-qa-clear'),
      list: byId('host-qa-list'),
      empty: byId('host-qa-empty'),
    };
    this.#els.clear.addEventListener('click', () => this.#command({ type: 'question_answering', questionId: null }, this.#els.clear));
    this.#els.list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (!button || button.disabled) return;
      for (const [attr, type] of [['qaAnswering', 'question_answering'], ['qaAnswered', 'question_answered'], ['qaHide', 'question_hide']]) {
        if (button.dataset[attr]) this.#command({ type, questionId: Number(button.dataset[attr]) }, button);
      }
    });
  }

  /** `question_board` */
  update(board) {
    if (!board || !Array.isArray(board.questions)) return;
    this.#board = board;
    this.render();
  }

  render() {
    const { answering, questions, open = 0, asked = 0 } = this.#board;
    const els = this.#els;
    els.panel.dataset.open = String(open);
    setText(els.count, t('hostQa.count', { open: formatNumber(open), asked: formatNumber(asked) }));
    els.answering.hidden = !answering;
    els.answering.dataset.questionId = answering ? String(answering.id) : '';
    setText(els.answeringText, answering ? answering.text : '');
    setChildren(els.list, questions.map((question) => this.#item(question, answering)));
    els.empty.hidden = questions.length > 0;
  }

  #item(question, answering) {
    const isAnswering = answering?.id === question.id;
    const closed = question.hidden === true || question.answered === true;
    const button = (attr, label, extra = '') => h('button', {
      type: 'button', class: `btn btn--small ${extra}`.trim(), [attr]: question.id, text: t(label),
    });
    return h('li', {
      class: 'qa-item', 'data-question-id': question.id, 'data-hidden': String(question.hidden === true),
      'data-answered': String(question.answered === true), 'data-answering': String(isAnswering),
    },
    h('p', { class: 'qa-item__text', text: question.text }),
    h('div', { class: 'qa-item__meta' },
      h('span', { class: 'qa-item__votes', text: `${t('hostQa.votes', { n: formatNumber(question.votes ?? 0) })} · ${formatTime(question.askedAt)}` }),
      question.hidden ? h('span', { class: 'qa-item__badge', text: t('hostQa.hidden') })
        : question.answered ? h('span', { class: 'qa-item__badge', text: t('hostQa.answered') }) : null,
      closed ? null : h('span', { class: 'qa-item__actions' },
        isAnswering ? null : button('data-qa-answering', 'hostQa.answering', 'btn--primary'),
        button('data-qa-answered', 'hostQa.answered'),
        button('data-qa-hide', 'hostQa.hide', 'btn--ghost btn--danger'))));
  }
}
