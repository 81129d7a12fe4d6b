// Copies the page URL for the "open in WeChat" page; without JS the link field stays selectable.
(function () {
  var button = document.querySelector('a[href="#copy"]');
  var field = document.getElementById('page-url');
  if (!button || !field) return;
  button.addEventListener('click', function (event) {
    event.preventDefault();
    var done = function () { button.textContent = '已复制'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
    } else {
      field.select();
      try { document.execCommand('copy'); done(); } catch (e) { /* the field stays selected */ }
    }
  });
})();
