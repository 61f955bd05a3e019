// Generated from player.js, player.css, deck.js and deck.css by `TEACH_RECORD_ASSETS=1 swift test --filter BrowserAssetsTests`.
// Edit those files, not this one.

/// The scripts and style sheets of the player (`index.html`) and the HTML deck (`deck.html`), embedded in the binary.
enum BrowserAssets {
    static let playerScript = #"""
(function () {
  const steps = JSON.parse(document.getElementById('steps').textContent);
  const slider = document.getElementById('slider');
  const figure = document.getElementById('graph'), zoom = document.getElementById('zoom');
  const svg = figure.querySelector('svg'), nodeLayer = document.getElementById('nodes'), view = svg.viewBox.baseVal;
  // Each timed element listed at the steps where it appears or disappears, so a step touches
  // only what changes (and, where the phase changes, the elements shown in some phases only).
  const changes = steps.map(function () { return []; }), phased = [];
  // The page as written shows step 1's texts (the rest are hidden), so the first step asked for
  // changes only what differs from step 1.
  let current = 0, shown = false, marked = [];
  function track(element) {
    const item = {element: element, from: Number(element.dataset.from),
                  until: element.dataset.until === undefined ? Infinity : Number(element.dataset.until),
                  phases: element.dataset.phases ? element.dataset.phases.split(' ') : null};
    // Shown from the start (from < 0), or never hidden again (until = ∞), it changes at no step.
    if (item.from >= 0 && item.from < steps.length) changes[item.from].push(item);
    if (item.until >= 0 && item.until < steps.length) changes[item.until].push(item);
    if (item.phases !== null) phased.push(item);
    element.classList.toggle('hidden', !visible(item, current));
  }
  document.querySelectorAll('[data-from]').forEach(track);
  // Nodes and edge labels wait as markup in tiles until a tile comes near the screen; a drawn
  // tile's elements join the timed ones, shown as the current step shows them.
  const tiles = Array.from(document.querySelectorAll('script.tile')).map(function (script) {
    return {script: script, box: script.dataset.box.split(' ').map(Number)};
  });
  const nodeTiles = JSON.parse(document.getElementById('node-tiles').textContent);
  let waiting = tiles.slice();
  function draw(tile) {
    if (!tile || !tile.script) return;
    const holder = document.createElementNS(svg.namespaceURI, 'g');
    holder.innerHTML = tile.script.textContent;
    tile.script.remove();
    tile.script = null;
    for (const element of Array.from(holder.children)) {
      const edge = element.dataset.edge;
      (edge === undefined ? nodeLayer : document.getElementById('e' + edge)).appendChild(element);
      if (element.dataset.from !== undefined) track(element);
      element.querySelectorAll('[data-from]').forEach(track);
    }
  }
  // Draws the tiles within the part of the drawing on screen, widened by half a screen on
  // every side so that scrolling finds them drawn.
  function drawVisible() {
    const box = svg.getBoundingClientRect(), frame = figure.getBoundingClientRect(), scale = box.width / view.width;
    const left = Math.max(frame.left, 0), right = Math.min(frame.right, innerWidth);
    const top = Math.max(frame.top, 0), bottom = Math.min(frame.bottom, innerHeight);
    if (!(scale > 0) || right <= left || bottom <= top) return;
    const x0 = view.x + (left - box.left) / scale, x1 = view.x + (right - box.left) / scale;
    const y0 = view.y + (top - box.top) / scale, y1 = view.y + (bottom - box.top) / scale;
    const dx = (x1 - x0) / 2, dy = (y1 - y0) / 2;
    for (const tile of waiting) {
      if (tile.box[0] < x1 + dx && tile.box[2] > x0 - dx && tile.box[1] < y1 + dy && tile.box[3] > y0 - dy) draw(tile);
    }
    waiting = waiting.filter(function (tile) { return tile.script !== null; });
  }
  let scheduled = false;
  function scrolled() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; drawVisible(); });
  }
  figure.addEventListener('scroll', scrolled, {passive: true});
  addEventListener('scroll', scrolled, {passive: true});
  addEventListener('resize', scrolled);
  function visible(item, index) {
    return item.from <= index && index < item.until && (item.phases === null || item.phases.indexOf(steps[index].phase) >= 0);
  }
  // Fitted, a wide graph's text would shrink below 3/4 of its size: show it at actual
  // size instead, scrolled so the current step's node stays in view.
  function fit(fitted) {
    figure.className = fitted ? 'fit' : 'actual';
    zoom.setAttribute('aria-pressed', String(fitted));
    follow();
    drawVisible();
  }
  function follow() {
    const node = marked[0];
    if (!node || figure.className !== 'actual') return;
    const box = node.getBoundingClientRect(), frame = figure.getBoundingClientRect();
    figure.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    figure.scrollTop += box.top + box.height / 2 - (frame.top + frame.height / 2);
  }
  // Each step the presenter moves to is an entry of the tab's history, so Back and Forward
  // step back and forth; a step reached from the history (or an edited #step=) adds none.
  function show(index, fromHistory) {
    index = Math.max(0, Math.min(steps.length - 1, index));
    if (index === current && shown) return;
    const first = !shown;
    shown = true;
    const step = steps[index], touched = [];
    for (let s = Math.min(current, index) + 1; s <= Math.max(current, index); s++) touched.push.apply(touched, changes[s]);
    if (steps[current].phase !== step.phase) touched.push.apply(touched, phased);
    current = index;
    for (const item of touched) item.element.classList.toggle('hidden', !visible(item, index));
    draw(tiles[nodeTiles[step.node]]);
    for (const element of marked) element.classList.remove('current');
    marked = ['n' + step.node, 'row-n' + step.node].concat(step.edges.map(function (e) { return 'e' + e; }))
      .map(function (id) { return document.getElementById(id); }).filter(Boolean);
    for (const element of marked) element.classList.add('current');
    follow();
    drawVisible();
    // The step's equation as MathML where the page has it (markup teach wrote and escaped).
    if (step.math) document.getElementById('caption').innerHTML = step.heading + ': ' + step.math;
    else document.getElementById('caption').textContent = step.caption;
    document.getElementById('counter').textContent = (index + 1) + ' / ' + steps.length;
    document.body.dataset.step = String(index + 1);
    document.body.dataset.node = 'n' + step.node;
    slider.value = String(index + 1);
    const address = '#step=' + (index + 1);
    if (first || fromHistory) history.replaceState(null, '', address);
    else history.pushState(null, '', address);
  }
  function stepInAddress() {
    const match = /step=(\d+)/.exec(location.hash);
    return match ? Number(match[1]) - 1 : 0;
  }
  addEventListener('popstate', function () { show(stepInAddress(), true); });
  addEventListener('hashchange', function () { show(stepInAddress(), true); });
  // N: the lesson's description as speaker notes, shown or hidden.
  const notes = document.getElementById('notes'), notesButton = document.getElementById('notes-button');
  function toggleNotes() {
    if (!notes) return;
    notes.hidden = !notes.hidden;
    notesButton.setAttribute('aria-pressed', String(!notes.hidden));
  }
  if (notesButton) notesButton.onclick = toggleNotes;
  // F: the page fills the screen (and leaves it again); the drawing then uses the screen.
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }
  const moves = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || (event.target === slider && event.key.startsWith('Arrow'))) return;
    if (event.key in moves) show(current + moves[event.key]);
    else if (event.key === 'Home') show(0);
    else if (event.key === 'End') show(steps.length - 1);
    else if (event.key === 'z' || event.key === 'Z') fit(figure.className !== 'fit');
    else if (event.key === 'f' || event.key === 'F') fullscreen();
    else if (event.key === 'n' || event.key === 'N') toggleNotes();
    else return;
    event.preventDefault();
  });
  document.getElementById('next').onclick = function () { show(current + 1); };
  document.getElementById('previous').onclick = function () { show(current - 1); };
  document.getElementById('first').onclick = function () { show(0); };
  document.getElementById('last').onclick = function () { show(steps.length - 1); };
  zoom.onclick = function () { fit(figure.className !== 'fit'); };
  slider.oninput = function () { show(Number(slider.value) - 1); };
  show(stepInAddress());
  fit(figure.clientWidth >= 0.75 * svg.width.baseVal.value);
  // How long the page took to be ready, and the keys of `?keys=` to be handled, in ms: what
  // teach-bench reads from the page headless Chromium leaves.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  // A large lesson's table rows wait as markup after the table (`script.rows`): they join its
  // body a script at a time, each in a task of its own after the page is ready, shown as the
  // current step shows them; `data-rows-ms` says when the table was whole.
  const rowScripts = Array.from(document.querySelectorAll('script.rows')), table = document.querySelector('#values tbody');
  (function addRows() {
    const script = rowScripts.shift();
    if (!script) { document.body.dataset.rowsMs = String(Math.round(performance.now())); return; }
    const holder = document.createElement('tbody');
    holder.innerHTML = script.textContent;
    script.remove();
    const rows = Array.from(holder.children);
    table.append.apply(table, rows);
    for (const row of rows) row.querySelectorAll('[data-from]').forEach(track);
    const row = document.getElementById('row-n' + steps[current].node);
    if (row && marked.indexOf(row) < 0) { row.classList.add('current'); marked.push(row); }
    setTimeout(addRows, 0);
  })();
  const keys = new URLSearchParams(location.search).get('keys');
  if (keys) {
    const started = performance.now();
    for (const key of keys.split(',')) document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
    document.body.dataset.keysMs = String(Math.round(performance.now() - started));
  }
})();
"""#
    static let playerStyle = #"""
body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:0;color:#111;background:#fff}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #999;padding:.5em 1em;z-index:1}
h1{font-size:1.2em;margin:.2em 0}
nav{display:flex;gap:.5em;align-items:center}nav input{flex:1}
button{font:inherit;padding:.2em .8em}
#caption{font-size:1.05em;min-height:2.6em;margin:.4em 0;overflow-x:auto}
math{font-family:"Latin Modern Math","STIX Two Math","Cambria Math",math;font-size:1.2em}
#notes{background:#f4f4f4;border-left:4px solid #1f4e9c;padding:.2em .8em;margin:.4em 0;max-width:60em}
main{padding:1em}figure{margin:0;overflow:auto}
figure.fit svg{width:100%;height:auto;max-height:calc(100vh - 9em)}figure.actual{max-height:75vh;border:1px solid #999}
svg text{font-family:"DejaVu Sans",Verdana,sans-serif;font-size:12px;text-anchor:middle;fill:#111}
.node .box,.node .inner{fill:#fff;stroke:#111;stroke-width:1}
.node.loss .box{stroke-width:2.5}
.node .title{font-weight:bold}
.row .shade{fill:#e4e4e4}.row.tangent .shade{fill:#f2f2f2}.row.tangent text{font-style:italic}
.edge path{fill:none;stroke:#111;stroke-width:1}.edge polygon{fill:#111}
.edge .label text{font-size:11px}
.current .box{fill:#fff2b3;stroke:#1f4e9c;stroke-width:4}
.current .inner{fill:#fff2b3;stroke:#1f4e9c}
.edge.current path{stroke:#1f4e9c;stroke-width:3;stroke-dasharray:none}
.edge.current polygon{fill:#1f4e9c}.edge.current .label text{fill:#1f4e9c;font-weight:bold}
.hidden{visibility:hidden}
table{border-collapse:collapse;margin-top:1em}th,td{border:1px solid #999;padding:.2em .6em;text-align:left}
tr.current{background:#fff2b3;outline:3px solid #1f4e9c}
footer{padding:0 1em 1em;font-size:.9em;color:#333}
"""#
    static let deckScript = #"""
// teach's slides (deck.html): one <section class="slide"> per slide, one shown at a time.
// → ← ↑ ↓ Space PageUp PageDown Home End move, F fills the screen; the slide is in the address
// (#slide=3) and each slide is an entry of the tab's history. An equation wider than its slide
// goes on over lines, broken before an = or between terms; only a part wider than the slide
// alone is set smaller until it fits, never clipped.
(function () {
  'use strict';
  const slides = Array.from(document.querySelectorAll('section.slide'));
  const counter = document.getElementById('counter');
  let current = -1;

  function fit(slide) {
    for (const math of slide.querySelectorAll('.equation math')) {
      math.style.fontSize = '';
      const room = slide.clientWidth * 0.96, width = math.getBoundingClientRect().width;
      if (width > room) math.style.fontSize = (100 * room / width).toFixed(1) + '%';
    }
  }

  function show(index, fromHistory) {
    index = Math.max(0, Math.min(slides.length - 1, index));
    if (index === current) return;
    for (const slide of slides) slide.hidden = true;
    current = index;
    slides[current].hidden = false;
    fit(slides[current]);
    counter.textContent = (current + 1) + ' / ' + slides.length;
    document.body.dataset.slide = String(current + 1);
    const address = '#slide=' + (current + 1);
    if (fromHistory) history.replaceState(null, '', address);
    else history.pushState(null, '', address);
  }

  function slideInAddress() {
    const match = /slide=(\d+)/.exec(location.hash);
    return match ? Number(match[1]) - 1 : 0;
  }

  addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1};
    if (event.key in moves) show(current + moves[event.key], false);
    else if (event.key === 'Home') show(0, false);
    else if (event.key === 'End') show(slides.length - 1, false);
    else if (event.key === 'f' || event.key === 'F') {
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
    } else return;
    event.preventDefault();
  });
  addEventListener('popstate', function () { show(slideInAddress(), true); });
  addEventListener('hashchange', function () { show(slideInAddress(), true); });
  addEventListener('resize', function () { fit(slides[current]); });
  document.body.classList.add('presenting');
  show(slideInAddress(), true);
})();
"""#
    static let deckStyle = #"""
body{margin:0;font-family:"DejaVu Sans",Verdana,sans-serif;color:#111;background:#fff}
section.slide{box-sizing:border-box;min-height:100vh;padding:3vh 3vw 5vh;display:flex;flex-direction:column;align-items:center;border-bottom:1px solid #999}
body.presenting section.slide{height:100vh;border:0}
section.slide[hidden]{display:none}
section.title{justify-content:center}section.title h1{font-size:6vh;margin:0 0 2vh;text-align:center}
section.title p{font-size:3.2vh;margin:.5vh 0;color:#333;text-align:center}
h2{font-size:3.6vh;font-weight:normal;margin:0 0 2vh;align-self:stretch}
.slide img{flex:1;min-height:0;width:100%;object-fit:contain}
.equation{font-size:4.4vh;margin:2vh 0 0;display:flex;flex-wrap:wrap;justify-content:center;align-items:baseline;column-gap:.12em;row-gap:1vh;align-self:stretch}
.equation .part{white-space:nowrap}
math{font-family:"Latin Modern Math","STIX Two Math","Cambria Math",math}
#counter{position:fixed;right:1.5vw;bottom:1vh;font-size:2vh;color:#555}
@media print{section.slide,section.slide[hidden],body.presenting section.slide{display:flex;height:100vh;break-after:page;border:0}#counter{display:none}}
"""#
}
