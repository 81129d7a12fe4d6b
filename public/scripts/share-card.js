// The profile page's WeChat share card (WECHAT-PROTOCOL §15.4), rendered in WeChat only: after the page has loaded it
// loads the JS-SDK, signs location.href without #… (§15.3) through /api/wechat/jssdk-config and sets the card to the
// landing page. One quiet retry with a fresh signature on wx.error, then nothing: the page never changes.
(function () {
  var self = document.currentScript;
  var sources = ((self && self.getAttribute('data-sdk')) || '').split(' ').filter(Boolean);
  var TITLE = '微信网页授权示例';
  var DESCRIPTION = '在微信中打开，授权后即可查看你的微信个人资料。';

  function loadScript(index, done) {
    if (index >= sources.length) return done(null);
    var script = document.createElement('script');
    script.src = sources[index];
    script.async = true;
    script.onload = function () {
      done(window.wx || null);
    };
    script.onerror = function () {
      script.remove();
      loadScript(index + 1, done);
    };
    document.head.appendChild(script);
  }

  function configure(wx) {
    var url = location.href.split('#')[0];
    fetch('/api/wechat/jssdk-config?url=' + encodeURIComponent(url), { cache: 'no-store' })
      .then(function (answer) {
        return answer.ok ? answer.json() : null;
      })
      .then(function (config) {
        if (!config) return;
        wx.config({
          debug: false,
          appId: config.appId,
          timestamp: config.timestamp,
          nonceStr: config.nonceStr,
          signature: config.signature,
          jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'],
        });
      })
      .catch(function () {});
  }

  function setUp(wx) {
    if (!wx) return;
    var link = location.origin + '/';
    // A PNG: WeChat's share thumbnails do not show SVG.
    var imgUrl = location.origin + '/share-icon.png';
    var retried = false;
    wx.ready(function () {
      wx.updateAppMessageShareData({ title: TITLE, desc: DESCRIPTION, link: link, imgUrl: imgUrl });
      wx.updateTimelineShareData({ title: TITLE, link: link, imgUrl: imgUrl });
    });
    wx.error(function () {
      if (retried) return;
      retried = true;
      configure(wx);
    });
    configure(wx);
  }

  function start() {
    loadScript(0, setUp);
  }

  if (document.readyState === 'complete') setTimeout(start, 0);
  else window.addEventListener('load', start, { once: true });
})();
