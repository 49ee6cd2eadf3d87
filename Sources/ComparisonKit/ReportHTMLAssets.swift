// The style sheet and the small script of report.html, inline so the page works offline (no CDN).
// The script: sortable tables (click a header), the choice of two methods and a metric, which redraws the
// scatter (same geometry as ReportSVG.scatter), fills the two grid columns of a compact grid, orders the
// grid rows (run order, difference A − B, hole size) and shows only one bin or region when asked; a dot of
// the scatter jumps to its grid row.

enum ReportHTMLAssets {
    static let style = """
        body { font-family: sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin-bottom: 1em; }
        td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
        td:first-child, th:first-child { text-align: left; }
        table.sortable th { cursor: pointer; background: #f4f4f4; }
        table.sortable th[data-dir="asc"]::after { content: " ▲"; }
        table.sortable th[data-dir="desc"]::after { content: " ▼"; }
        .grid td { text-align: center; font-size: 0.8em; vertical-align: top; }
        .grid img { width: 160px; image-rendering: pixelated; display: block; }
        .grid tr:target, .grid tr.picked { outline: 3px solid #d55e00; }
        .failed { color: #a00; }
        .note { background: #fff6d5; padding: 0.5em; border-left: 4px solid #e69f00; max-width: 60em; }
        .controls { margin: 0.5em 0 1em 0; }
        .controls label { margin-right: 1em; }
        #scatter circle { fill: #0072b2; fill-opacity: 0.6; cursor: pointer; }
        #scatter circle:hover { fill: #d55e00; fill-opacity: 1; }
        .charts { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-start; }
        """

    static let script = """
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('report-data').textContent);
          var metricIndex = { psnr: 0, ssim: 1, hole: 2 };
          function cellValue(text) {
            var t = text.trim();
            if (t.charAt(0) === '∞') { return Infinity; }
            var v = parseFloat(t);
            return isNaN(v) ? null : v;
          }
          Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
            var heads = table.tHead.rows[0].cells;
            Array.prototype.forEach.call(heads, function (th, col) {
              th.addEventListener('click', function () {
                var dir = th.getAttribute('data-dir') === 'asc' ? 'desc' : 'asc';
                Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('data-dir'); });
                th.setAttribute('data-dir', dir);
                var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (r, s) {
                  var a = r.cells[col].textContent, b = s.cells[col].textContent;
                  var x = cellValue(a), y = cellValue(b), c;
                  if (x !== null && y !== null) { c = x - y; } else if (x === null && y === null) { c = a.localeCompare(b); }
                  else { return x === null ? 1 : -1; }
                  return dir === 'asc' ? c : -c;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
          });
          var selA = document.getElementById('method-a'), selB = document.getElementById('method-b');
          var selM = document.getElementById('metric'), selO = document.getElementById('order');
          var selF = document.getElementById('filter');
          if (!selA || !selB) { return; }
          // The bin rule of HoleSizeBin (10 % bins holding their lower edge) and the region of each image.
          function shown(image) {
            var f = selF.value;
            if (f === 'all') { return true; }
            if (f.indexOf('bin-') === 0) { return Math.min(9, Math.floor(image.hole * 10 + 1e-9)) === +f.slice(4); }
            return image.region === f.slice(7);
          }
          function value(image, m, metric) {
            var s = image.s[m];
            return s ? s[metricIndex[metric]] : null;
          }
          function pick(i) {
            var row = document.getElementById('img-' + i);
            Array.prototype.forEach.call(document.querySelectorAll('.grid tr.picked'), function (r) { r.classList.remove('picked'); });
            if (row) { row.classList.add('picked'); row.scrollIntoView({ block: 'center' }); }
          }
          var svgNS = 'http://www.w3.org/2000/svg';
          function drawScatter(a, b, metric) {
            var svg = document.getElementById('scatter');
            if (!svg) { return; }
            var side = \(Int(ReportSVG.scatterSide)), margin = \(Int(ReportSVG.scatterMargin));
            var pts = [];
            data.images.forEach(function (image, i) {
              var x = value(image, a, metric), y = value(image, b, metric);
              if (x !== null && y !== null && shown(image)) { pts.push([i, x, y, image.name]); }
            });
            while (svg.firstChild) { svg.removeChild(svg.firstChild); }
            if (!pts.length) { return; }
            var lo = Infinity, hi = -Infinity;
            pts.forEach(function (p) { lo = Math.min(lo, p[1], p[2]); hi = Math.max(hi, p[1], p[2]); });
            if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
            var pad = (hi - lo) * 0.04; lo -= pad; hi += pad;
            function sx(v) { return margin + (v - lo) / (hi - lo) * (side - 1.5 * margin); }
            function sy(v) { return side - margin - (v - lo) / (hi - lo) * (side - 1.5 * margin); }
            function el(name, attrs, text) {
              var e = document.createElementNS(svgNS, name);
              Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
              if (text !== undefined) { e.textContent = text; }
              svg.appendChild(e);
              return e;
            }
            el('rect', { x: sx(lo), y: sy(hi), width: sx(hi) - sx(lo), height: sy(lo) - sy(hi), fill: 'none', stroke: '#999' });
            el('line', { x1: sx(lo), y1: sy(lo), x2: sx(hi), y2: sy(hi), stroke: '#bbb', 'stroke-dasharray': '4 3' });
            el('text', { x: sx(lo), y: side - margin + 14, 'font-size': 11 }, lo.toFixed(1));
            el('text', { x: sx(hi), y: side - margin + 14, 'font-size': 11, 'text-anchor': 'end' }, hi.toFixed(1));
            el('text', { x: margin - 4, y: sy(lo), 'font-size': 11, 'text-anchor': 'end' }, lo.toFixed(1));
            el('text', { x: margin - 4, y: sy(hi) + 10, 'font-size': 11, 'text-anchor': 'end' }, hi.toFixed(1));
            var label = selM.options[selM.selectedIndex].text;
            el('text', { x: side / 2, y: side - 8, 'font-size': 12, 'text-anchor': 'middle' }, data.methods[a].label + ' — ' + label);
            el('text', { x: 12, y: side / 2, 'font-size': 12, 'text-anchor': 'middle', transform: 'rotate(-90 12 ' + side / 2 + ')' },
               data.methods[b].label + ' — ' + label);
            pts.forEach(function (p) {
              var c = el('circle', { 'data-i': p[0], cx: sx(p[1]), cy: sy(p[2]), r: 3.5 });
              var t = document.createElementNS(svgNS, 'title');
              t.textContent = p[3] + ': ' + p[1].toFixed(3) + ' vs ' + p[2].toFixed(3);
              c.appendChild(t);
            });
          }
          function fillColumns(a, b) {
            Array.prototype.forEach.call(document.querySelectorAll('.grid td.pick'), function (td) {
              var i = +td.parentNode.getAttribute('data-i'), m = td.classList.contains('pick-a') ? a : b;
              var image = data.images[i], s = image.s[m], img = td.querySelector('img'), cap = td.querySelector('span');
              img.src = 'images/' + image.stem + '-' + data.methods[m].slug + '.png';
              img.alt = data.methods[m].label;
              cap.textContent = s ? 'PSNR ' + (s[0] === null ? '∞' : s[0].toFixed(2)) + ' · SSIM ' + s[1].toFixed(3) : 'failed';
            });
            Array.prototype.forEach.call(document.querySelectorAll('.grid th.pick-a'), function (th) { th.textContent = data.methods[a].label; });
            Array.prototype.forEach.call(document.querySelectorAll('.grid th.pick-b'), function (th) { th.textContent = data.methods[b].label; });
          }
          function orderGrid(a, b, metric, order) {
            var body = document.querySelector('.grid tbody');
            if (!body) { return; }
            var rows = Array.prototype.slice.call(body.rows), wins = 0, both = 0;
            function key(r) {
              var image = data.images[+r.getAttribute('data-i')];
              if (order === 'hole') { return image.hole; }
              var x = value(image, a, metric), y = value(image, b, metric);
              if (x === null || y === null) { return null; }
              return order === 'a-b' ? x - y : y - x;
            }
            data.images.forEach(function (image) {
              var x = value(image, a, metric), y = value(image, b, metric);
              if (x !== null && y !== null && shown(image)) { both += 1; if (x > y) { wins += 1; } }
            });
            rows.forEach(function (r) { r.style.display = shown(data.images[+r.getAttribute('data-i')]) ? '' : 'none'; });
            if (order === 'run') {
              rows.sort(function (r, s) { return r.getAttribute('data-i') - s.getAttribute('data-i'); });
            } else {
              rows.sort(function (r, s) {
                var x = key(r), y = key(s);
                if (x === null || y === null) { return x === null ? (y === null ? 0 : 1) : -1; }
                return y - x;
              });
            }
            rows.forEach(function (r) { body.appendChild(r); });
            var w = document.getElementById('wins');
            if (w) {
              w.textContent = data.methods[a].label + ' beats ' + data.methods[b].label + ' on ' + wins + ' of ' + both +
                ' images (' + selM.options[selM.selectedIndex].text + ').';
            }
          }
          function update() {
            var a = +selA.value, b = +selB.value, metric = selM.value;
            drawScatter(a, b, metric);
            fillColumns(a, b);
            orderGrid(a, b, metric, selO.value);
          }
          [selA, selB, selM, selO, selF].forEach(function (s) { s.addEventListener('change', update); });
          // report.html#filter=region-core (or bin-2) opens the page on one group.
          var wanted = /filter=([a-z0-9-]+)/.exec(location.hash);
          if (wanted && selF.querySelector('option[value="' + wanted[1] + '"]')) { selF.value = wanted[1]; }
          document.getElementById('scatter-box').addEventListener('click', function (event) {
            var i = event.target.getAttribute && event.target.getAttribute('data-i');
            if (i !== null && i !== undefined) { location.hash = 'img-' + i; pick(i); }
          });
          update();
        })();
        """
}
