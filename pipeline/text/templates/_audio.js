// The spoken version, enhanced: chapter links seek, and the sentence being read is highlighted
// in the page's own text (found from the WebVTT cue text; the page's markup is never changed).
(function () {
  "use strict";
  var listen = document.querySelector(".listen");
  var audio = listen && listen.querySelector("audio");
  if (!audio) return;
  var article = listen.closest("article") || document.body;

  Array.prototype.forEach.call(listen.querySelectorAll("a[data-start]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      audio.currentTime = Number(link.getAttribute("data-start"));
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () {});
    });
  });

  controls();

  // The player's own controls (shown only here: without JavaScript the native ones are all):
  // play/pause, 10 s back and on, speed, a bar that stays in view while the patient reads
  // along, and the listening position kept per article and language on this device.
  function controls() {
    var group = listen.querySelector(".player-controls");
    if (!group) return;
    var bar = listen.querySelector(".player-bar");
    var slot = listen.querySelector(".player-slot");
    var play = group.querySelector(".player-play");
    var speed = group.querySelector("select");
    var key = group.getAttribute("data-resume-key");
    var status = listen.querySelector(".player-resumed");
    var restart = listen.querySelector(".player-restart");
    group.hidden = false;

    function store(name, value) {
      try {
        if (value === null) window.localStorage.removeItem(name);
        else window.localStorage.setItem(name, value);
      } catch (e) { /* private mode or storage off: nothing is remembered */ }
    }
    function stored(name) {
      try { return window.localStorage.getItem(name); } catch (e) { return null; }
    }
    function clock(seconds) {
      var s = Math.floor(seconds);
      return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    }
    function showState() {
      play.textContent = play.getAttribute(audio.paused ? "data-play" : "data-pause");
      play.classList.toggle("playing", !audio.paused);
    }
    function setSpeed(value) {
      var rate = Math.min(2, Math.max(0.75, Number(value) || 1));
      audio.playbackRate = rate;
      audio.defaultPlaybackRate = rate;
      speed.value = String(rate);
      store("handout:speed", String(rate));
    }
    function step(direction) {
      var options = Array.prototype.map.call(speed.options, function (o) { return o.value; });
      var at = options.indexOf(speed.value) + direction;
      if (at >= 0 && at < options.length) setSpeed(options[at]);
    }
    function skip(seconds) {
      var end = isFinite(audio.duration) ? audio.duration : Infinity;
      audio.currentTime = Math.min(end, Math.max(0, audio.currentTime + seconds));
    }

    play.addEventListener("click", function () {
      if (audio.paused) {
        var playing = audio.play();
        if (playing && playing.catch) playing.catch(function () {});
      } else {
        audio.pause();
      }
    });
    Array.prototype.forEach.call(group.querySelectorAll("[data-skip]"), function (button) {
      button.addEventListener("click", function () { skip(Number(button.getAttribute("data-skip"))); });
    });
    speed.addEventListener("change", function () { setSpeed(speed.value); });
    // Keys while the player has focus only (never page-wide: WCAG 2.1.4).
    bar.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var onSelect = event.target === speed;
      if (event.key === "<" || event.key === ">") step(event.key === ">" ? 1 : -1);
      else if (onSelect) return;
      else if (event.key === "j" || event.key === "J") skip(-10);
      else if (event.key === "l" || event.key === "L") skip(10);
      else if ((event.key === "k" || event.key === "K") && event.target !== audio) play.click();
      else return;
      event.preventDefault();
    });
    ["play", "pause", "ended"].forEach(function (name) { audio.addEventListener(name, showState); });
    audio.addEventListener("ratechange", function () {
      if (speed.value !== String(audio.playbackRate)) speed.value = String(audio.playbackRate);
    });
    var saved = stored("handout:speed");
    if (saved) setSpeed(saved);

    // Resume: the position is saved as the patient listens, and offered back on the next visit.
    var lastSaved = 0;
    function remember() {
      lastSaved = audio.currentTime;
      store(key, lastSaved > 3 ? lastSaved.toFixed(1) : null);  // near the start: nothing to resume
    }
    audio.addEventListener("timeupdate", function () {
      if (Math.abs(audio.currentTime - lastSaved) >= 2) remember();
    });
    audio.addEventListener("pause", remember);
    audio.addEventListener("ended", function () { store(key, null); });
    function resume() {
      var at = Number(stored(key));
      if (!(at > 3) || !isFinite(audio.duration) || at > audio.duration - 3) return;
      if (audio.currentTime > 0) return;  // a chapter link or the patient got there first
      audio.currentTime = at;
      status.textContent = status.getAttribute("data-template").replace("{time}", clock(at));
      restart.hidden = false;
    }
    if (audio.readyState >= 1) resume();
    else audio.addEventListener("loadedmetadata", resume, { once: true });
    restart.addEventListener("click", function () {
      audio.currentTime = 0;
      store(key, null);
      status.textContent = "";
      restart.hidden = true;
    });

    // Docked: once the player's own place has scrolled away while it plays (or has played),
    // the bar sits at the bottom of the window, and the page keeps focus clear of it.
    if (!("IntersectionObserver" in window)) return;
    function dock(on) {
      if (on === bar.classList.contains("docked")) return;
      if (on) slot.style.minHeight = bar.offsetHeight + "px";
      bar.classList.toggle("docked", on);
      slot.style.minHeight = on ? slot.style.minHeight : "";
      document.documentElement.style.scrollPaddingBottom = on ? bar.offsetHeight + 16 + "px" : "";
    }
    var away = false;
    new IntersectionObserver(function (entries) {
      away = !entries[entries.length - 1].isIntersecting;
      dock(away && (!audio.paused || audio.currentTime > 0));
    }).observe(slot);
    audio.addEventListener("play", function () { dock(away); });
  }

  var track = audio.textTracks && audio.textTracks[0];
  if (!track) return;
  track.mode = "hidden";
  // Promise highlighting only once the transcript has loaded (a page opened from disk cannot).
  var element = audio.querySelector("track");
  var note = listen.querySelector(".listen-note");
  if (element.readyState === 2) note.hidden = false;
  element.addEventListener("load", function () { note.hidden = false; });
  var canHighlight = typeof Highlight === "function" && window.CSS && CSS.highlights;
  var index = null;
  var found = {};
  var cursor = 0;
  var marked = null;

  // The article's visible text with whitespace collapsed, and the text node behind each character.
  function buildIndex() {
    var text = "";
    var where = [];
    var space = true;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (listen.contains(node) || (parent && /^(SCRIPT|STYLE)$/.test(parent.nodeName))) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var value = node.nodeValue;
      for (var i = 0; i < value.length; i++) {
        if (/\s/.test(value[i])) {
          if (space) continue;
          text += " ";
          space = true;
        } else {
          text += value[i];
          space = false;
        }
        where.push([node, i]);
      }
    }
    return { text: text, where: where };
  }

  function rangeFor(cue) {
    if (cue.id in found) return found[cue.id];
    index = index || buildIndex();
    var wanted = cue.text.replace(/\s+/g, " ").trim();
    var at = index.text.indexOf(wanted, cursor);
    if (at < 0) at = index.text.indexOf(wanted);
    var range = null;
    if (at >= 0 && wanted) {
      var start = index.where[at];
      var end = index.where[at + wanted.length - 1];
      range = document.createRange();
      range.setStart(start[0], start[1]);
      range.setEnd(end[0], end[1] + 1);
      cursor = at + wanted.length;
    }
    found[cue.id] = range;
    return range;
  }

  track.addEventListener("cuechange", function () {
    var cue = track.activeCues && track.activeCues[0];
    if (marked) marked.classList.remove("reading");
    marked = null;
    if (canHighlight) CSS.highlights.delete("handout-reading");
    listen.removeAttribute("data-reading");
    if (!cue) return;
    var range = rangeFor(cue);
    if (!range) return;
    listen.setAttribute("data-reading", cue.id);
    var block = range.startContainer.parentNode.closest("p, li, h1, h2, h3, h4, h5, h6, td, th");
    if (canHighlight) {
      CSS.highlights.set("handout-reading", new Highlight(range));
    } else if (block) {
      block.classList.add("reading");
      marked = block;
    }
    if (!audio.paused && block && block.getBoundingClientRect) {
      var box = block.getBoundingClientRect();
      var docked = listen.querySelector(".player-bar.docked");
      var bottom = window.innerHeight - (docked ? docked.offsetHeight : 0);
      if (box.top < 0 || box.bottom > bottom) block.scrollIntoView({ block: "center" });
    }
  });
})();
