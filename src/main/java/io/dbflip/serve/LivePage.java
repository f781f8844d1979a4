package io.dbflip.serve;

import io.dbflip.report.Html;

/**
 * The live view: a flip's steps appearing as they run. Server-rendered shell, then a little plain
 * JavaScript (no library, nothing fetched but this server's own JSON) that long-polls
 * {@code /api/.../live?after=VERSION} and redraws. A page that follows one flip stops when that
 * flip has ended; {@code /live} follows every flip of this server (a fleet run) and never stops.
 * Each redraw appends what it showed to {@code data-seen} ("running:3 completed:15"), which the
 * browser test reads.
 */
final class LivePage {
    private LivePage() {
    }

    static String render(String title, String heading, String apiPath, boolean many) {
        return Html.page(title, """
                <nav><a href="/">fleet</a><a href="/live">live</a><a href="/metrics">metrics</a></nav>
                <h1>%s</h1>
                <p id="status" class="muted">connecting…</p>
                <div id="live" data-src="%s" data-many="%s" data-seen=""><div id="flips"></div></div>
                <script>
                %s
                </script>
                """.formatted(Html.esc(heading), Html.esc(apiPath), many ? "1" : "0", SCRIPT));
    }

    static final String SCRIPT = """
            (function () {
              'use strict';
              var root = document.getElementById('live');
              var src = root.getAttribute('data-src');
              var many = root.getAttribute('data-many') === '1';
              var version = -1;
              var sawRunning = false;
              function esc(s) {
                return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
                  return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
                });
              }
              function status(text) { document.getElementById('status').textContent = text; }
              function flipHtml(f) {
                var done = f.state !== 'running';
                var rows = f.steps.map(function (s) {
                  var cls = s.result === 'running' ? 'muted' : (s.result === 'ok' || s.result === 'done' || s.result === 'undone') ? 'ok'
                      : s.result === 'skipped' ? 'muted' : 'fail';
                  return '<tr data-step="' + esc(s.no) + '" data-result="' + esc(s.result) + '"><td class="num">' + esc(s.no)
                      + '</td><td>' + esc(s.name) + '</td><td class="' + cls + '">' + esc(s.result) + '</td><td class="num">'
                      + (s.ms === null || s.ms === undefined ? '…' : esc(s.ms) + ' ms') + '</td></tr>';
                }).join('');
                return '<section class="flip" data-flip="' + esc(f.flip_id) + '" data-state="' + esc(f.state) + '">'
                    + '<h2>' + esc(f.cluster) + ': ' + esc(f.from) + ' → ' + esc(f.to) + ' <span class="'
                    + (done ? (f.state === 'completed' ? 'ok' : 'fail') : 'muted') + '">' + esc(f.state) + '</span></h2>'
                    + (f.blackout_ms !== null && f.blackout_ms !== undefined ? '<p>write blackout <b>' + esc(f.blackout_ms.toFixed(1)) + ' ms</b></p>' : '')
                    + (f.error ? '<p class="fail">' + esc(f.error) + '</p>' : '')
                    + '<table class="steps"><tr><th>step</th><th>name</th><th>result</th><th>time</th></tr>' + rows + '</table>'
                    + (done ? '<p><a href="/flips/' + encodeURIComponent(f.flip_id) + '">report</a></p>' : '')
                    + '</section>';
              }
              function render(d) {
                var list = many ? (d.flips || []) : (d.flip ? [d.flip] : []);
                document.getElementById('flips').innerHTML = list.length ? list.map(flipHtml).join('')
                    : '<p class="muted">no flip yet: this page shows the next one as it runs</p>';
                var running = list.filter(function (f) { return f.state === 'running'; });
                var seen = many ? running.length + '-running' : (list.length ? list[0].state + ':' + list[0].steps.length : 'none');
                var before = root.getAttribute('data-seen');
                root.setAttribute('data-seen', before ? before + ' ' + seen : seen);
                if (running.length) { sawRunning = true; }
                return !many && sawRunning && running.length === 0;
              }
              function poll() {
                fetch(src + (src.indexOf('?') < 0 ? '?' : '&') + 'after=' + version, {cache: 'no-store'})
                  .then(function (r) {
                    if (!r.ok) { throw new Error('HTTP ' + r.status); }
                    return r.json();
                  })
                  .then(function (d) {
                    var changed = d.version !== version;
                    version = d.version;
                    if (changed && render(d)) {
                      status('finished');
                      return;
                    }
                    status(changed ? 'live' : 'live (nothing new)');
                    setTimeout(poll, changed ? 0 : 500);
                  })
                  .catch(function (e) {
                    status('cannot reach the server (' + e.message + '); retrying');
                    setTimeout(poll, 2000);
                  });
              }
              poll();
            })();
            """;
}
