// The partner portal's only script (served from the app; the Content Security Policy allows no inline script).
// 1. The idle warning: shown before the session's idle limit; "Stay signed in" tells the server the user is there.
// 2. The print view's Print button.
(function () {
  'use strict';
  var body = document.body;
  var warnAfter = Number(body.getAttribute('data-idle-warn-ms'));
  var limit = Number(body.getAttribute('data-idle-limit-ms'));
  var box = document.getElementById('idle-warning');
  var stay = document.getElementById('idle-stay');
  if (warnAfter > 0 && limit > warnAfter && box && stay) {
    var warnTimer;
    var endTimer;
    var arm = function () {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(function () {
        box.hidden = false;
        stay.focus();
      }, warnAfter);
      endTimer = setTimeout(function () {
        window.location.assign('/session/expired');
      }, limit);
    };
    stay.addEventListener('click', function () {
      var token = document.querySelector('form.signout input[type="hidden"]');
      fetch('/session/keepalive', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-TOKEN': token ? token.value : '' }
      }).then(function (answer) {
        if (answer.ok) {
          box.hidden = true;
          arm();
        } else {
          window.location.reload();
        }
      }, function () {
        window.location.reload();
      });
    });
    arm();
  }
  var print = document.getElementById('print-now');
  if (print) {
    print.addEventListener('click', function () {
      window.print();
    });
  }
}());
