/**
 * A stand-in for res.wx.qq.com/open/js/jweixin-1.6.0.js: config/ready/error and the two share calls. Like WeChat's,
 * wx.config is checked on the server (POST {prefix}/jssdk/preverify) against the ticket the mock issued, for the URL
 * the page is on. A share card that is set shows 「分享卡片已设置」 in the mock banner, as WeChat would show the card.
 */
export function jweixinStandIn(prefix: string): Response {
  const script = `(function () {
  var PREVERIFY = ${JSON.stringify(`${prefix}/jssdk/preverify`)};
  var state = { ok: false, apis: [], ready: [], error: [], failure: null };
  function each(list, arg) { list.slice().forEach(function (fn) { try { fn(arg); } catch (e) { setTimeout(function () { throw e; }); } }); }
  function toast(text) {
    var banner = document.querySelector('.mock-banner');
    if (!banner) return;
    var note = banner.querySelector('.mock-banner__toast');
    if (!note) { note = document.createElement('span'); note.className = 'mock-banner__toast'; note.setAttribute('role', 'status'); banner.appendChild(note); }
    note.textContent = text;
  }
  function share(name) {
    return function (options) {
      var o = options || {};
      if (!state.ok || state.apis.indexOf(name) < 0) { if (o.fail) o.fail({ errMsg: name + ':permission denied' }); return; }
      (window.__mockWeChatShare = window.__mockWeChatShare || {})[name] = { title: o.title, desc: o.desc, link: o.link, imgUrl: o.imgUrl };
      toast('分享卡片已设置');
      if (o.success) o.success({ errMsg: name + ':ok' });
    };
  }
  function fail(errMsg) { state.ok = false; state.failure = { errMsg: errMsg }; each(state.error, state.failure); }
  var wx = {
    config: function (c) {
      state.ok = false; state.failure = null; state.apis = (c && c.jsApiList) || [];
      var body = { appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature, url: location.href.split('#')[0] };
      fetch(PREVERIFY, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (r) { return r.json(); })
        .then(function (a) { if (a.errMsg === 'config:ok') { state.ok = true; each(state.ready); } else fail(a.errMsg); }, function () { fail('config:fail'); });
    },
    ready: function (fn) { state.ready.push(fn); if (state.ok) fn(); },
    error: function (fn) { state.error.push(fn); if (state.failure) fn(state.failure); },
    updateAppMessageShareData: share('updateAppMessageShareData'),
    updateTimelineShareData: share('updateTimelineShareData')
  };
  window.wx = window.jWeixin = wx;
})();
`;
  return new Response(script, {
    headers: { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-store' },
  });
}
