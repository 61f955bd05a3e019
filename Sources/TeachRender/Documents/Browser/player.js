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
