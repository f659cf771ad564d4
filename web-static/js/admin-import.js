// Daigang — admin-import.js
// 导入岗位表: pick an .xlsx/.csv, send it with `?dryRun=1`, show the parsed rows (or every row
// error: row, column, reason), then 确认导入 sends the same bytes for real. The template is
// downloaded with the token (it is behind the admin API), through a Blob URL.
//
// Element ids (admin.html): #import-panel (data-state: idle | checking | preview | rejected |
//   imported), #import-session, #import-close, #import-template, #import-form, #import-file,
//   #import-check, #import-summary, #import-errors-box, #import-errors, #import-preview-box,
//   #import-preview, #import-confirm

import { byId, h, setChildren, setText } from './dom.js';
import { errorText } from './admin-api.js';
import { payText } from './admin-format.js';
import { saveBlob } from './save-file.js';

const PREVIEW_ROWS = 500;

export class ImportPanel {
  #api; #onImported;
  #session = null;
  #file = null;

  /** @param {{api, onImported: (sessionId) => void}} options */
  constructor({ api, onImported }) {
    this.#api = api;
    this.#onImported = onImported;
    byId('import-close').addEventListener('click', () => { byId('import-panel').hidden = true; });
    byId('import-form').addEventListener('submit', (event) => { event.preventDefault(); this.#check(); });
    byId('import-file').addEventListener('change', () => this.#show('idle'));
    byId('import-confirm').addEventListener('click', () => this.#commit());
    byId('import-template').addEventListener('click', (event) => { event.preventDefault(); this.#downloadTemplate(); });
  }

  open(session) {
    this.#session = session;
    setText(byId('import-session'), session.title);
    byId('import-form').reset();
    this.#show('idle');
    const panel = byId('import-panel');
    panel.hidden = false;
    panel.scrollIntoView({ block: 'start' });
  }

  #path(isDryRun) {
    return `/api/admin/sessions/${encodeURIComponent(this.#session.id)}/jobs/import${isDryRun ? '?dryRun=1' : ''}`;
  }

  async #check() {
    const file = byId('import-file').files[0];
    if (!file) return this.#show('rejected', '请先选择一个表格文件（.xlsx 或 .csv）。');
    this.#file = file;
    this.#show('checking', '正在检查表格…');
    try {
      const answer = await this.#api.upload(this.#path(true), file);
      this.#renderPreview(answer);
    } catch (error) {
      this.#renderRejection(error);
    }
  }

  async #commit() {
    if (!this.#file) return;
    byId('import-confirm').disabled = true;
    this.#show('checking', '正在导入…');
    try {
      const answer = await this.#api.upload(this.#path(false), this.#file);
      this.#file = null;
      this.#show('imported', `已导入 ${answer.rows} 个岗位（新增 ${answer.added}，更新 ${answer.replaced}）。`);
      this.#onImported(this.#session.id);
    } catch (error) {
      this.#renderRejection(error);
    } finally {
      byId('import-confirm').disabled = false;
    }
  }

  #renderPreview(answer) {
    const jobs = answer.jobs ?? [];
    setChildren(byId('import-preview').tBodies[0], jobs.slice(0, PREVIEW_ROWS).map((job) => h('tr', null,
      h('td', { text: job.id }), h('td', { text: job.title }), h('td', { text: job.employerName ?? job.employerId }),
      h('td', { text: payText(job.pay) }), h('td', { text: [job.location?.city, job.location?.district].filter(Boolean).join(' ') }),
      h('td', { text: job.headcount ?? '' }),
    )));
    const more = jobs.length > PREVIEW_ROWS ? `（下表只列出前 ${PREVIEW_ROWS} 行）` : '';
    // Rows without 岗位编号 are ids `row<N>`: a different sheet replaces jobs of an earlier one.
    const replaces = answer.replaced > 0 ? `注意：会覆盖本场次已有的 ${answer.replaced} 个岗位（岗位编号相同）。` : '';
    this.#show('preview', `表格没有问题：共 ${answer.rows} 个岗位，新增 ${answer.added}，更新 ${answer.replaced}${more}。${replaces}核对无误后点“确认导入”。`);
  }

  #renderRejection(error) {
    const rows = error?.body?.errors ?? [];
    setChildren(byId('import-errors').tBodies[0], rows.map((row) => h('tr', null,
      h('td', { text: row.row }), h('td', { text: row.column ?? '' }), h('td', { text: row.reason }),
    )));
    const omitted = error?.body?.omitted ? `另有 ${error.body.omitted} 处问题没有列出。` : '';
    // 503: another sheet is being read (or the store could not write); nothing changed either way.
    const text = error?.status === 503 ? '服务器正在处理别的表格，什么都没有改动；请等几秒再点一次。' : errorText(error);
    this.#show('rejected', `${text}${omitted}`, rows.length > 0);
  }

  #show(state, summary = '', hasErrors = false) {
    byId('import-panel').dataset.state = state;
    const node = byId('import-summary');
    setText(node, summary);
    node.hidden = !summary;
    node.dataset.kind = state === 'rejected' ? 'error' : state === 'imported' ? 'ok' : '';
    byId('import-preview-box').hidden = state !== 'preview';
    byId('import-errors-box').hidden = !(state === 'rejected' && hasErrors);
    // The answer (a preview, the errors) is what the clerk reads next: bring it into view.
    if (summary && state !== 'idle') node.scrollIntoView({ block: 'start' });
  }

  async #downloadTemplate() {
    try {
      const blob = await this.#api.download('/api/admin/jobs-template.xlsx');
      saveBlob(blob, '岗位导入模板.xlsx');
    } catch (error) {
      this.#show('rejected', errorText(error));
    }
  }
}
