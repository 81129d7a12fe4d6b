import { FAULTS, FAULT_LABELS, WECOM_FAULTS, WECOM_FAULT_LABELS, type Fault } from './faults';
import { PERSONAS, DEFAULT_PERSONA, WECOM_PERSONAS, type Persona } from './personas';
import { escapeHtml } from './wire';

export const MOCK_ACCOUNT_NAME = '微信网页授权示例';

function hiddenFields(params: URLSearchParams): string {
  return [...params]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

/** Whether the user follows the service account, which its profile page then says (§18); a snapshot user is nobody. */
function followNote(persona: Persona): string {
  if (persona.snapshot) return '';
  return persona.follows ? '，已关注公众号' : '，未关注公众号';
}

// WECHAT-PROTOCOL §3: snapshot pages are the service account's; a QR sign-in has no snapshot user, and its openid is
// the website app's, whose profile page says nothing of following the account.
function personaOptions(qr = false): string {
  return PERSONAS.filter((p) => !qr || !p.snapshot)
    .map(
      (p) =>
        `<label class="weui-cell weui-check__label"><span class="weui-cell__bd"><span class="consent__persona">${escapeHtml(p.nickname)}</span>` +
        `<span class="visually-hidden"> · </span><span class="consent__persona-desc">${escapeHtml(p.label + (qr ? '' : followNote(p)))}</span></span>` +
        `<input type="radio" class="weui-check" name="persona" value="${p.id}"${p.id === DEFAULT_PERSONA ? ' checked' : ''}></label>`,
    )
    .join('');
}

function faultOptions(): string {
  return [
    '<option value="">正常</option>',
    ...FAULTS.map((f) => `<option value="${f}">${escapeHtml(FAULT_LABELS[f])}</option>`),
  ].join('');
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${head}
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(title)}</title>
<link rel="icon" href="/icon.svg"><link rel="stylesheet" href="/styles/app.css"></head>
<body class="mock-wechat"><div class="mock-banner" role="note">模拟微信 · 仅供开发与测试</div>${body}</body></html>`;
}

/** Mock mode only: what the fault chosen on the previous sheet did, when it brings the user back here. */
function faultNotice(fault: Fault | null): string {
  if (fault !== 'invalid-code') return '';
  return `<div class="notice" role="status"><p class="notice__title">刚才模拟了「${escapeHtml(FAULT_LABELS[fault])}」</p>
<p class="notice__desc">网页用这个 code 换取令牌时被微信拒绝，于是自动重新发起了一次授权，所以又回到了这里。请再确认一次。</p></div>`;
}

/** WeChat's snsapi_userinfo consent sheet, imitated with WeUI classes; the form posts to ./authorize/confirm. */
export function renderConsentPage(params: URLSearchParams, previousFault: Fault | null = null): string {
  return page(
    '微信授权',
    `<main class="page consent">${faultNotice(previousFault)}
<div class="consent__app"><div class="consent__logo" aria-hidden="true">授</div><h1 class="consent__name">${MOCK_ACCOUNT_NAME}</h1></div>
<p class="consent__ask">申请获得以下权限：</p>
<ul class="consent__scopes"><li>获得你的公开信息（昵称、头像等）</li></ul>
<form method="post" action="authorize/confirm">${hiddenFields(params)}
<fieldset class="weui-cells__group"><legend class="weui-cells__title">以哪位模拟用户登录</legend><div class="weui-cells weui-cells_radio">${personaOptions()}</div></fieldset>
<label class="weui-cells__title" for="fault">模拟故障</label>
<div class="weui-cells"><div class="weui-cell"><select id="fault" name="fault" class="weui-select">${faultOptions()}</select></div></div>
<div class="weui-btn-area consent__actions">
<button type="submit" name="decision" value="deny" class="weui-btn weui-btn_default">拒绝</button>
<button type="submit" name="decision" value="allow" class="weui-btn weui-btn_primary">允许</button>
</div></form></main>`,
  );
}

/** A QR-like pattern drawn from the state: it looks like a code to scan, and changes with every sign-in. */
function fakeQrSvg(seed: string): string {
  const size = 21;
  const corners = [
    [0, 0],
    [size - 7, 0],
    [0, size - 7],
  ] as const;
  let hash = 2166136261;
  for (const c of seed) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619);
  const cells: string[] = [];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      hash = Math.imul(hash ^ (x * 31 + y), 16777619);
      const corner = corners.find(([cx, cy]) => x >= cx && x < cx + 7 && y >= cy && y < cy + 7);
      // The three finder squares: a dark ring, a light ring, a dark 3×3 centre.
      const ring = corner ? Math.max(Math.abs(x - corner[0] - 3), Math.abs(y - corner[1] - 3)) : -1;
      const dark = corner ? ring !== 2 : (hash >>> 7) % 2 === 0;
      if (dark) cells.push(`M${x} ${y}h1v1h-1z`);
    }
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 25 25" width="200" height="200" aria-hidden="true">' +
    `<rect x="-2" y="-2" width="25" height="25" fill="#fff"/><path fill="#000" d="${cells.join('')}"/></svg>`
  );
}

/**
 * The website app's QR page (WECHAT-PROTOCOL §17), imitated: where a phone would scan and confirm, the developer
 * picks a user and presses 模拟扫码并确认; 取消 is the documented refusal (state, no code).
 */
export function renderQrConnectPage(params: URLSearchParams, previousFault: Fault | null = null): string {
  return page(
    '微信登录',
    `<main class="page consent qrconnect">${faultNotice(previousFault)}
<div class="consent__app"><div class="consent__logo" aria-hidden="true">扫</div><h1 class="consent__name">微信登录</h1></div>
<p class="consent__ask">请使用微信扫描二维码登录「${MOCK_ACCOUNT_NAME}」</p>
<div class="qrconnect__code" role="img" aria-label="模拟的登录二维码">${fakeQrSvg(params.get('state') ?? '')}</div>
<p class="weui-cells__tips qrconnect__tip">这是模拟的网站应用扫码页：没有手机可扫，请选择模拟用户后点击「模拟扫码并确认」。</p>
<form method="post" action="qrconnect/confirm">${hiddenFields(params)}
<fieldset class="weui-cells__group"><legend class="weui-cells__title">以哪位模拟用户登录</legend><div class="weui-cells weui-cells_radio">${personaOptions(true)}</div></fieldset>
<label class="weui-cells__title" for="fault">模拟故障</label>
<div class="weui-cells"><div class="weui-cell"><select id="fault" name="fault" class="weui-select">${faultOptions()}</select></div></div>
<div class="weui-btn-area consent__actions">
<button type="submit" name="decision" value="deny" class="weui-btn weui-btn_default">取消</button>
<button type="submit" name="decision" value="allow" class="weui-btn weui-btn_primary">模拟扫码并确认</button>
</div></form></main>`,
  );
}

/**
 * WeCom's consent page (snsapi_privateinfo; the mock shows it for snsapi_base too, to pick who signs in) or its
 * desktop web login (WECHAT-PROTOCOL §19.1, §19.4), imitated: members, someone who is not one, and WeCom's faults.
 */
export function renderWeComPage(params: URLSearchParams, sheet: 'authorize' | 'login'): string {
  const login = sheet === 'login';
  const people = WECOM_PERSONAS.map(
    (p, i) =>
      `<label class="weui-cell weui-check__label"><span class="weui-cell__bd"><span class="consent__persona">${escapeHtml(p.name || p.userid || '访客')}</span>` +
      `<span class="visually-hidden"> · </span><span class="consent__persona-desc">${escapeHtml(p.label)}</span></span>` +
      `<input type="radio" class="weui-check" name="persona" value="${p.id}"${i === 0 ? ' checked' : ''}></label>`,
  ).join('');
  const faults = [
    '<option value="">正常</option>',
    ...WECOM_FAULTS.map((f) => `<option value="${f}">${escapeHtml(WECOM_FAULT_LABELS[f])}</option>`),
  ].join('');
  const ask =
    params.get('scope') === 'snsapi_privateinfo'
      ? '<p class="consent__ask">申请获得以下权限：</p><ul class="consent__scopes"><li>获取你的头像、性别、邮箱和手机号</li></ul>'
      : `<p class="consent__ask">${login ? '请使用企业微信扫码登录' : '静默授权：获取你的企业成员账号'}</p>`;
  return page(
    login ? '企业微信登录' : '企业微信授权',
    `<main class="page consent wecom">
<div class="consent__app"><div class="consent__logo" aria-hidden="true">企</div><h1 class="consent__name">${MOCK_ACCOUNT_NAME}</h1></div>${ask}
<form method="post" action="${login ? 'login' : 'authorize'}/confirm">${hiddenFields(params)}
<fieldset class="weui-cells__group"><legend class="weui-cells__title">以哪位模拟企业微信用户登录</legend><div class="weui-cells weui-cells_radio">${people}</div></fieldset>
<label class="weui-cells__title" for="fault">模拟故障</label>
<div class="weui-cells"><div class="weui-cell"><select id="fault" name="fault" class="weui-select">${faults}</select></div></div>
<div class="weui-btn-area consent__actions">
<button type="submit" name="decision" value="deny" class="weui-btn weui-btn_default">拒绝</button>
<button type="submit" name="decision" value="allow" class="weui-btn weui-btn_primary">${login ? '模拟扫码并确认' : '允许'}</button>
</div></form></main>`,
  );
}

// WECHAT-PROTOCOL §1.6: parameter errors are an error page inside WeChat, never a redirect.
export function renderAuthorizeErrorPage(errcode: number, text: string): string {
  return page(
    '抱歉，出错了',
    `<main class="page msg"><div class="msg__icon msg__icon_warn" aria-hidden="true"></div>
<h1 class="msg__title">${escapeHtml(text)}</h1><p class="msg__desc">错误码:${errcode}</p></main>`,
  );
}

/**
 * After 允许 or 拒绝, on to a redirect_uri on another origin (a relay). The embedded mock's pages carry the app's CSP,
 * whose `form-action 'self'` stops a form's redirect to another origin, so the sheet moves on with a page instead.
 */
export function renderContinuePage(url: string): string {
  return page(
    '微信授权',
    `<main class="page msg"><div class="msg__icon msg__icon_waiting" aria-hidden="true"></div>
<h1 class="msg__title">正在返回网页</h1><div class="weui-btn-area"><a class="weui-btn weui-btn_primary" href="${escapeHtml(url)}">继续</a></div></main>`,
    `<meta http-equiv="refresh" content="0;url=${escapeHtml(url)}">`,
  );
}
