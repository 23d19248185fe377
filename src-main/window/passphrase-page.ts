/**
 * The database-passphrase prompt (Linux without a keyring): a tiny static page shown before
 * the app's database is open, so before the renderer, its catalogue and Mantine exist.
 * Pure: builds the HTML and its CSP; passphrase-prompt.ts shows it.
 *
 * The page's only script is inline and allowed by its SHA-256 hash, not by 'unsafe-inline',
 * so nothing else can run in the window that receives the passphrase.
 */
import { createHash } from 'node:crypto';
import { MIN_PASSPHRASE_LENGTH } from '../platform/key-wrap';
import type { PassphraseRequest } from '../platform/key-store';
import { PASSPHRASE_GLOBAL } from './passphrase-ipc';
import { hardenedWebPreferences } from './window-options';

export { PASSPHRASE_CHANNEL, PASSPHRASE_GLOBAL, isPassphraseMessage, type PassphraseMessage } from './passphrase-ipc';

export const passphraseWindowOptions = (preloadPath: string) =>
  ({
    width: 460,
    height: 380,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    show: false,
    title: 'BrokerDesk',
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    // The same hardening as the main window (safeDialogs and the feature switches included).
    webPreferences: hardenedWebPreferences(preloadPath),
  }) as const;

const TEXT = {
  title: '数据库口令 · Database passphrase',
  createIntro:
    '本机没有系统钥匙串，请设置一个口令来保护客户数据库。每次启动都需要输入它；忘记口令只能向总部申请恢复文件。<br>' +
    'This computer has no system keychain. Choose a passphrase to protect the customer database. You will type it at every start; if it is lost, only a recovery file from HQ can open the database.',
  unlockIntro: '请输入数据库口令。 · Enter the database passphrase.',
  enrollTitle: '以营业部身份加入 · Join as a branch',
  enrollIntro: '请输入总部随登记文件一起提供的一次性口令。 · Enter the one-time passphrase HQ gave you with the enrollment file.',
  enrollPassphrase: '一次性口令 · One-time passphrase',
  enrollWrong: '一次性口令不正确 · Wrong one-time passphrase',
  recoverTitle: '恢复数据库密钥 · Recover the database key',
  recoverIntro: '请输入总部随恢复文件一起提供的一次性口令。 · Enter the one-time passphrase HQ gave you with the recovery file.',
  passphrase: '口令 · Passphrase',
  confirm: '再次输入 · Repeat passphrase',
  ok: '确定 · OK',
  cancel: '退出 · Quit',
  tooShort: `口令至少 ${MIN_PASSPHRASE_LENGTH} 个字符 · At least ${MIN_PASSPHRASE_LENGTH} characters`,
  mismatch: '两次输入不一致 · The two entries differ',
  wrong: '口令错误 · Wrong passphrase',
  attemptsLeft: (n: number) => `还可尝试 ${n} 次 · ${n} attempts left`,
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sha256Source(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

const STYLE = `
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;padding:20px 24px;background:#f8f9fa;color:#212529;font-size:14px}
h1{font-size:16px;margin:0 0 10px}
p{margin:0 0 12px;line-height:1.5;color:#495057}
label{display:block;margin:8px 0 4px}
input{box-sizing:border-box;width:100%;padding:7px 9px;border:1px solid #ced4da;border-radius:4px;font-size:14px}
.err{color:#c92a2a;min-height:20px;margin:8px 0}
.row{display:flex;gap:8px;justify-content:flex-end;margin-top:8px}
button{padding:7px 16px;border-radius:4px;border:1px solid #ced4da;background:#fff;font-size:14px}
button[type=submit]{background:#1c7ed6;border-color:#1c7ed6;color:#fff}
`;

function script(mode: PassphraseRequest['mode']): string {
  // Checks here are for the person's convenience; main checks the length again.
  return `
(function(){
  var api = window.${PASSPHRASE_GLOBAL};
  var form = document.getElementById('f');
  var p1 = document.getElementById('p1');
  var p2 = document.getElementById('p2');
  var err = document.getElementById('err');
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (${JSON.stringify(mode)} === 'create') {
      if (p1.value.length < ${MIN_PASSPHRASE_LENGTH}) { err.textContent = ${JSON.stringify(TEXT.tooShort)}; return; }
      if (p1.value !== p2.value) { err.textContent = ${JSON.stringify(TEXT.mismatch)}; return; }
    }
    api.submit(p1.value);
    p1.value = ''; if (p2) p2.value = '';
  });
  document.getElementById('cancel').addEventListener('click', function () { api.cancel(); });
  p1.focus();
})();
`;
}

/** The page and the CSP it carries in its <meta> (a data: page has no response headers). */
export function passphrasePage(req: PassphraseRequest): { html: string; csp: string } {
  const js = script(req.mode);
  const csp = [
    "default-src 'none'",
    `script-src ${sha256Source(js)}`,
    `style-src ${sha256Source(STYLE)}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  // Enrolling and recovering both take a one-time passphrase from HQ, differing only in what it opens.
  const enroll = req.mode === 'enroll' || req.mode === 'recover';
  const title = req.mode === 'recover' ? TEXT.recoverTitle : enroll ? TEXT.enrollTitle : TEXT.title;
  const intro = req.mode === 'create' ? TEXT.createIntro : esc(req.mode === 'recover' ? TEXT.recoverIntro : enroll ? TEXT.enrollIntro : TEXT.unlockIntro);
  const error = req.error === 'wrongPassphrase' ? (enroll ? TEXT.enrollWrong : TEXT.wrong) : req.error === 'weakPassphrase' ? TEXT.tooShort : '';
  const left = req.mode !== 'create' && req.error && req.attemptsLeft !== undefined ? ` (${TEXT.attemptsLeft(req.attemptsLeft)})` : '';
  const confirm =
    req.mode === 'create' ? `<label for="p2">${esc(TEXT.confirm)}</label><input id="p2" type="password" autocomplete="new-password" required>` : '';
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>${intro}</p>
<form id="f">
<label for="p1">${esc(enroll ? TEXT.enrollPassphrase : TEXT.passphrase)}</label><input id="p1" type="password" autocomplete="${req.mode === 'create' ? 'new-password' : enroll ? 'one-time-code' : 'current-password'}" required>
${confirm}
<div id="err" class="err" role="alert">${esc(error + left)}</div>
<div class="row"><button type="button" id="cancel">${esc(TEXT.cancel)}</button><button type="submit">${esc(TEXT.ok)}</button></div>
</form>
<script>${js}</script>
</body></html>`;
  return { html, csp };
}
