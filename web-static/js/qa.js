// Daigang — qa.js
// Viewers' questions to the host (PROTOCOL.md "Questions"): ask (`ask` → `asked`; ≤ 120
// characters, optionally about the job on screen), upvote once each (`upvote`), the ranked list
// (the server's top 20 visible questions: `welcome.questions`, then `questions` at most once a
// second) and the one the host is answering now (正在回答). Votes of this device are remembered
// (localStorage) so the button shows 已赞 after a reload; the server counts each identity once.
//
// Element ids (index.html):
//   #qa-panel            data-open = number of open questions
//   #qa-answering        the question being answered (data-question-id; hidden when none):
//                        #qa-answering-text
//   #qa-form             #qa-text (input), #qa-count (n/120), #qa-about-pinned (checkbox:
//                        about the job being presented), #qa-submit
//   #qa-status           "sent" / the refusal in words (data-kind = ok | error; role=status)
//   #qa-list             <ol>; each <li data-question-id data-answered data-answering> holds
//                        .qa-item__text, .qa-item__votes and [data-upvote="<id>"] (data-voted)
//   #qa-empty

import { localStore } from './storage.js';
import { byId, h, setChildren, setText } from './dom.js';
import { addMessages, formatNumber, t } from './i18n.js';

export const QUESTION_MAX = 120;

addMessages({
  zh: {
    'qa.heading': '向主播提问',
    'qa.placeholder': '例如：有夫妻房吗？',
    'qa.aboutPinned': '问的是正在讲解的岗位',
    'qa.submit': '提问',
    'qa.count': '{n}/120',
    'qa.empty': '还没有人提问，第一个问吧！',
    'qa.answering': '正在回答',
    'qa.answered': '已回答',
    'qa.votes': '{n} 人想知道',
    'qa.upvote': '我也想知道',
    'qa.upvoted': '已赞',
    'qa.sent': '已发送，主播会按大家的点赞顺序回答。',
    'qa.error.empty': '请先写下您的问题。',
    'qa.error.long': '问题太长了，请少于 120 个字。',
    'qa.error.ask_rate': '提问太快了，请过一会儿再问。',
    'qa.error.ask_address_rate': '您所在网络提问的人太多，请稍后再试。',
    'qa.error.too_many_questions': '主播那里问题太多了，请先给已有的问题点赞。',
    'qa.error.question_limit': '本场不再接收新问题。',
    'qa.error.offline': '网络断开了，连上后请再发一次。',
    'qa.error.other': '没有发送成功：{message}',
  },
  en: {
    'qa.heading': 'Ask the host',
    'qa.placeholder': 'e.g. Are there rooms for couples?',
    'qa.aboutPinned': 'About the job being presented',
    'qa.submit': 'Ask',
    'qa.count': '{n}/120',
    'qa.empty': 'No questions yet. Be the first!',
    'qa.answering': 'Answering now',
    'qa.answered': 'Answered',
    'qa.votes': '{n} want to know',
    'qa.upvote': 'Me too',
    'qa.upvoted': 'Voted',
    'qa.sent': 'Sent. The host answers the most-voted questions first.',
    'qa.error.empty': 'Please write your question first.',
    'qa.error.long': 'Too long: please keep it under 120 characters.',
    'qa.error.ask_rate': 'You are asking too fast; please wait a moment.',
    'qa.error.ask_address_rate': 'Many people on your network are asking; please try again soon.',
    'qa.error.too_many_questions': 'The host has many questions waiting; please upvote one instead.',
    'qa.error.question_limit': 'This session takes no more questions.',
    'qa.error.offline': 'You are offline; please send again once connected.',
    'qa.error.other': 'Not sent: {message}',
  },
});

const votedKey = (sessionId) => `daigang.voted.${sessionId}`;

export class QuestionsPanel {
  #conn;
  #pinnedJobId;
  #votedKey;
  #voted;
  #view = { answering: null, questions: [], open: 0, asked: 0 };
  #status = null; // {kind, text: () => string}
  #els;

  /**
   * @param {object} options
   * @param {import('./connection.js').Connection} options.conn
   * @param {string} options.sessionId
   * @param {() => string|null} options.pinnedJobId   the job on screen, for "about this job"
   */
  constructor({ conn, sessionId, pinnedJobId }) {
    this.#conn = conn;
    this.#pinnedJobId = pinnedJobId;
    this.#votedKey = votedKey(sessionId);
    this.#voted = new Set(readVoted(this.#votedKey));
    this.#els = {
      panel: byId('qa-panel'),
      answering: byId('qa-answering'),
      answeringText: byId('qa-answering-text'),
      form: byId('qa-form'),
      text: byId('qa-text'),
      count: byId('qa-count'),
      aboutPinned: byId('qa-about-pinned'),
      submit: byId('qa-submit'),
      status: byId('qa-status'),
      list: byId('qa-list'),
      empty: byId('qa-empty'),
    };
    this.#els.text.maxLength = QUESTION_MAX * 2; // the server counts; the page says how many
    this.#els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#ask();
    });
    this.#els.text.addEventListener('input', () => this.#renderCount());
    this.#els.list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-upvote]') : null;
      if (button && !button.disabled) this.#upvote(Number(button.dataset.upvote));
    });
    conn.on('questions', (message) => this.update(message));
  }

  /** The question being answered now, or null. */
  get answering() { return this.#view.answering; }

  /** `welcome.questions` or a `questions` broadcast. */
  update(view) {
    if (!view || !Array.isArray(view.questions)) return;
    this.#view = { answering: view.answering ?? null, questions: view.questions, open: view.open ?? 0, asked: view.asked ?? 0 };
    this.render();
  }

  render() {
    const els = this.#els;
    const view = this.#view;
    els.panel.dataset.open = String(view.open);
    const answering = view.answering;
    els.answering.hidden = !answering;
    els.answering.dataset.questionId = answering ? String(answering.id) : '';
    setText(els.answeringText, answering ? answering.text : '');
    els.aboutPinned.closest('label').hidden = !this.#pinnedJobId();
    setChildren(els.list, view.questions.map((question) => this.#item(question, answering)));
    els.empty.hidden = view.questions.length > 0;
    els.status.hidden = !this.#status;
    els.status.dataset.kind = this.#status?.kind ?? '';
    setText(els.status, this.#status ? this.#status.text() : '');
    this.#renderCount();
  }

  #item(question, answering) {
    const voted = this.#voted.has(question.id);
    const isAnswering = answering?.id === question.id;
    return h('li', {
      class: 'qa-item', 'data-question-id': question.id,
      'data-answered': String(question.answered === true), 'data-answering': String(isAnswering),
    },
    h('p', { class: 'qa-item__text', text: question.text }),
    h('div', { class: 'qa-item__meta' },
      isAnswering ? h('span', { class: 'qa-item__badge qa-item__badge--live', text: t('qa.answering') })
        : question.answered ? h('span', { class: 'qa-item__badge', text: t('qa.answered') }) : null,
      h('span', { class: 'qa-item__votes', text: t('qa.votes', { n: formatNumber(question.votes ?? 0) }) }),
      question.answered ? null : h('button', {
        type: 'button', class: voted ? 'btn btn--small btn--active' : 'btn btn--small',
        'data-upvote': question.id, 'data-voted': String(voted), disabled: voted ? '' : null,
        text: t(voted ? 'qa.upvoted' : 'qa.upvote'),
      })));
  }

  #renderCount() {
    setText(this.#els.count, t('qa.count', { n: formatNumber([...this.#els.text.value.trim()].length) }));
  }

  async #ask() {
    const text = this.#els.text.value.trim();
    const length = [...text].length;
    if (length === 0) return this.#show('error', () => t('qa.error.empty'));
    if (length > QUESTION_MAX) return this.#show('error', () => t('qa.error.long'));
    const message = { type: 'ask', text };
    const pinned = this.#pinnedJobId();
    if (pinned && this.#els.aboutPinned.checked) message.jobId = pinned;
    this.#els.submit.disabled = true;
    try {
      await this.#conn.request(message);
      this.#els.text.value = '';
      this.#els.aboutPinned.checked = false;
      this.#show('ok', () => t('qa.sent'));
    } catch (error) {
      this.#show('error', () => errorText(error));
    } finally {
      this.#els.submit.disabled = false;
    }
  }

  async #upvote(id) {
    if (!Number.isInteger(id) || this.#voted.has(id)) return;
    this.#voted.add(id);
    this.render();
    try {
      await this.#conn.request({ type: 'upvote', questionId: id });
      localStore.set(this.#votedKey, JSON.stringify([...this.#voted].slice(-500)));
    } catch (error) {
      this.#voted.delete(id);
      this.#show('error', () => errorText(error));
    }
  }

  #show(kind, text) {
    this.#status = { kind, text };
    this.render();
  }
}

function readVoted(key) {
  try {
    const value = JSON.parse(localStore.get(key) ?? '[]');
    return Array.isArray(value) ? value.filter(Number.isInteger) : [];
  } catch {
    return [];
  }
}

function errorText(error) {
  const reason = error?.reply?.reason ?? error?.reason;
  if (reason === 'bad_text') return t('qa.error.long');
  if (reason && reason !== 'unknown_job') {
    const key = `qa.error.${reason}`;
    const text = t(key);
    if (text !== key) return text;
  }
  if (['offline', 'disconnected', 'timeout'].includes(error?.code)) return t('qa.error.offline');
  return t('qa.error.other', { message: error?.message ?? '' });
}
