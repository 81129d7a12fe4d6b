// Progressive enhancement for the "open in WeChat" page: without JS the link field stays selectable.
(function () {
  function init() {
    var button = document.getElementById('copy-link');
    var field = document.getElementById('page-url');
    var status = document.getElementById('copy-status');
    if (!button || !field) return;
    button.hidden = false;
    function report(text) {
      if (status) status.textContent = text;
    }
    function fallback() {
      field.focus();
      field.select();
      var copied = false;
      try {
        copied = document.execCommand('copy');
      } catch (e) {
        copied = false;
      }
      report(copied ? '链接已复制，发到微信里打开即可' : '请长按上面的链接复制');
    }
    button.addEventListener('click', function () {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(function () {
          report('链接已复制，发到微信里打开即可');
        }, fallback);
      } else {
        fallback();
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
