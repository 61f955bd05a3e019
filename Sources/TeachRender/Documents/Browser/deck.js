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
