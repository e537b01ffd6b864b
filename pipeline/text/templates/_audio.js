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
      if (box.top < 0 || box.bottom > window.innerHeight) block.scrollIntoView({ block: "center" });
    }
  });
})();
