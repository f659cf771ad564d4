// Daigang — report-download.js
// The 下载 Excel button of /report: GET /api/report.xlsx (PROTOCOL.md "# Reports") with the token
// the page signed in with (a plain link cannot send the header), saved as 招聘报告-YYYYMMDD.xlsx.
//
// Element ids: #report-xlsx, #report-xlsx-status

import { byId, setText } from './dom.js';
import { fetchSignedIn } from './report-api.js';
import { saveBlob } from './save-file.js';

function fileName(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `招聘报告-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}.xlsx`;
}

/** Wires the button: one download at a time, its progress and failure said beside it in words. */
export function wireReportDownload() {
  const button = byId('report-xlsx');
  const status = byId('report-xlsx-status');
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    setText(status, '正在生成表格…');
    try {
      const response = await fetchSignedIn('/api/report.xlsx');
      if (!response) {
        setText(status, '请先输入令牌');
      } else if (response.status === 503) {
        setText(status, '正在为别人生成，请过几秒再点');
      } else if (!response.ok) {
        setText(status, response.status === 401 || response.status === 403 ? '令牌不能下载报告，请重新登录' : '下载失败，请再点一次');
      } else {
        const name = fileName();
        saveBlob(await response.blob(), name);
        setText(status, `已下载 ${name}`);
      }
    } catch {
      setText(status, '网络不好，下载失败，请再点一次');
    } finally {
      button.disabled = false;
    }
  });
}
