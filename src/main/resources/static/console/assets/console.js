// listguard console: the little JavaScript the pages need. Everything works without it except live job progress.
(function () {
  'use strict';

  // A bulk job's page polls the job while it is queued or running, then reloads to show the result.
  function watchJob(section) {
    var url = section.getAttribute('data-progress-url');
    var bytes = Number(section.getAttribute('data-bytes')) || 0;
    // numbers grouped as the page's language groups them (12 000 in French, 12,000 in English), like the server's
    var numbers = new Intl.NumberFormat(document.documentElement.lang || 'fr', { maximumFractionDigits: 2 });
    var set = function (id, value) {
      var el = document.getElementById(id);
      if (el) { el.textContent = value == null ? '' : numbers.format(value); }
    };
    var poll = function () {
      fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (job) {
          set('read', job.linesRead);
          set('evaluated', job.evaluated);
          set('rejected', job.rejected);
          set('rate', job.recordsPerSecond);
          set('left', job.secondsLeft);
          var bar = document.getElementById('bar');
          if (bar && job.secondsLeft != null && job.recordsPerSecond) {
            var done = job.evaluated + job.rejected;
            var total = done + job.recordsPerSecond * job.secondsLeft;
            bar.value = total > 0 ? Math.min(99, Math.round(done * 100 / total)) : 0;
          }
          if (job.state === 'COMPLETED' || job.state === 'FAILED' || job.state === 'CANCELLED') {
            window.location.reload();
          } else {
            window.setTimeout(poll, 500);
          }
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    if (bytes >= 0) { poll(); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var progress = document.getElementById('progress');
    if (progress && (progress.getAttribute('data-state') === 'QUEUED' || progress.getAttribute('data-state') === 'RUNNING')) {
      watchJob(progress);
    }
    // a highlighted spreadsheet row or DRL line is brought into view and focused, for keyboard and screen readers
    var hit = document.querySelector('tr.hit');
    if (hit) {
      hit.setAttribute('tabindex', '-1');
      hit.scrollIntoView({ block: 'center' });
      hit.focus({ preventScroll: true });
    }
  });
})();

// "Imprimer" on the data-subject rights page (issue 19): the browser's print dialog, the page's print layout
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button.print-button').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
});
