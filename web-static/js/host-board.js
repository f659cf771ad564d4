// Daigang — host-board.js
// The shortage panel of the host console, beside the job list: this session's employers red first
// (from GET /api/board, docs/REPORTS.md), each with its colour word, filled + in progress of its
// openings, and a button to pin its job in this session, so the next job pinned can be a red employer's.
// Re-reads every 60 s while signed in; hidden when the figures cannot be read.
//
// Element ids: #host-board-panel, #host-board-list

import { byId, h, setChildren } from './dom.js';
import { t } from './i18n.js';

const REFRESH_MS = 60_000;
const SHOWN = 6;

export class HostBoard {
  #panel = byId('host-board-panel');
  #list = byId('host-board-list');
  #timer = null;
  #token = null;
  #session;
  #pin;

  /**
   * @param {object} options
   * @param {string} options.session   this console's session id
   * @param {(jobId: string, button: HTMLElement) => void} options.pin   pins a job
   */
  constructor({ session, pin }) {
    this.#session = session;
    this.#pin = pin;
  }

  /** Starts reading the board with the host token; `null` stops. */
  setToken(token) {
    this.#token = token;
    clearTimeout(this.#timer);
    if (token) this.#load();
    else this.#panel.hidden = true;
  }

  async #load() {
    const token = this.#token;
    try {
      const response = await fetch(`/api/board?session=${encodeURIComponent(this.#session)}`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      if (token === this.#token) this.#render(await response.json());
    } catch {
      this.#panel.hidden = true;
    }
    if (token === this.#token) this.#timer = setTimeout(() => this.#load(), REFRESH_MS);
  }

  #render(board) {
    const jobs = board.jobs ?? [];
    const rows = board.employers
      .map((employer) => ({ employer, jobs: jobs.filter((job) => job.employerId === employer.id) }))
      .filter((row) => row.jobs.length > 0)
      .slice(0, SHOWN);
    setChildren(this.#list, rows.map(({ employer, jobs: own }) => {
      const tally = employer.tally;
      const job = own.slice().sort((a, b) => (a.tally.filled + a.tally.inProgress) - (b.tally.filled + b.tally.inProgress))[0];
      const button = h('button', { type: 'button', class: 'btn btn--small', text: t('host.board.pin') });
      button.addEventListener('click', () => this.#pin(job.id, button));
      return h('li', { class: 'host-board__row', 'data-colour': employer.colour || 'none', 'data-employer': employer.id },
        h('span', { class: `host-board__chip host-board__chip--${employer.colour || 'none'}`,
                    text: employer.colour ? t(`host.board.${employer.colour}`) : t('host.board.none') }),
        h('span', { class: 'host-board__name', text: `${employer.name} · ${job.title}` }),
        h('span', { class: 'host-board__count', text: `${tally.filled + tally.inProgress}/${tally.openings}` }),
        button);
    }));
    this.#panel.hidden = rows.length === 0;
  }
}
