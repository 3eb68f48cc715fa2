// The map builder: a click (or Enter or Space) on a place cycles its winner; the totals, the
// bar, the House's answer and the link are recomputed here, with no request to the server.
// The counting mirrors electoral.web.scenario.evaluate (the tests hold the two together).
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("build-data").textContent);
  var places = data.places;
  var chars = data.indexChars;
  var code = new URLSearchParams(window.location.search).get("s") || "";
  var picks = places.map(function (_, i) { return i < code.length ? code[i] : "."; });
  var root = document.getElementById("build-map");
  var detail = document.getElementById("map-detail");

  function byName(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // Votes from most to fewest (ties by name), without zeros: electoral.rules.count.rank.
  function rank(votes) {
    return Object.keys(votes)
      .filter(function (c) { return votes[c] > 0; })
      .map(function (c) { return [c, votes[c]]; })
      .sort(function (a, b) { return b[1] - a[1] || byName(a[0], b[0]); });
  }

  // The persons "having the highest numbers not exceeding" n; a tie at the boundary admits all.
  function top(ranked, n) {
    if (ranked.length <= n) { return ranked.map(function (x) { return x[0]; }); }
    var cut = ranked[n - 1][1];
    return ranked.filter(function (x) { return x[1] >= cut; }).map(function (x) { return x[0]; });
  }

  function candidate(ch) { return data.candidates[chars.indexOf(ch)]; }

  // A House the record labels by faction (data.factionCandidates, the candidates a faction
  // supported) cannot say how its members would vote for anyone else: Clay in 1825.
  function withoutFaction(candidates) {
    var known = data.factionCandidates;
    if (!known) { return []; }
    return candidates.filter(function (c) { return known.indexOf(c) < 0; });
  }

  function houseAnswer(ranked) {
    var candidates = top(ranked, 3);
    if (!Object.keys(data.delegations).length) { return { note: data.houseNote }; }
    var outside = withoutFaction(candidates);
    if (outside.length) {
      return {
        note: "The factions of the " + data.congressName + " Congress do not say how its " +
          "members would vote for " + outside.join(" or ") + ", so the House's answer cannot " +
          "be computed."
      };
    }
    var byParty = {};
    candidates.forEach(function (c) {
      var party = (data.candidates.find(function (x) { return x.name === c; }) || {}).party;
      if (party) { byParty[party] = c; }
    });
    var tally = {};
    Object.keys(data.delegations).forEach(function (state) {
      var party = data.delegations[state];
      var choice = party ? byParty[party] : undefined;
      if (choice) { tally[choice] = (tally[choice] || 0) + 1; }
    });
    var valid = {};
    candidates.forEach(function (c) { valid[c] = tally[c] || 0; });
    var votes = rank(valid);
    var cast = votes.reduce(function (sum, x) { return sum + x[1]; }, 0);
    var states = data.statesInUnion;
    var needed = Math.floor(states / 2) + 1;
    return {
      candidates: candidates, needed: needed, states: states, votes: votes,
      notVoting: states - cast, elected: votes.length && votes[0][1] >= needed ? votes[0][0] : null
    };
  }

  function evaluate() {
    var votes = {};
    var undecided = 0;
    var electors = 0;
    places.forEach(function (place, i) {
      var unit = data.units[place];
      if (!unit.present) { return; }
      electors += unit.electors;
      var ch = picks[i];
      if (ch === ".") {
        var cast = 0;
        Object.keys(unit.recorded).forEach(function (c) {
          votes[c] = (votes[c] || 0) + unit.recorded[c];
          cast += unit.recorded[c];
        });
        undecided += unit.electors - cast;
      } else if (ch === "-") {
        undecided += unit.electors;
      } else {
        var name = candidate(ch).name;
        votes[name] = (votes[name] || 0) + unit.electors;
      }
    });
    var ranked = rank(votes);
    var majority = Math.floor(electors / 2) + 1;
    var winner = ranked.length && ranked[0][1] >= majority ? ranked[0][0] : null;
    var house = !winner && undecided === 0 && ranked.length ? houseAnswer(ranked) : null;
    return {
      ranked: ranked, votes: votes, electors: electors, majority: majority,
      undecided: undecided, winner: winner, house: house
    };
  }

  function look(place, ch) {
    var unit = data.units[place];
    if (ch === ".") { return { fill: unit.fill, text: unit.text }; }
    if (ch === "-") { return { fill: data.blank, text: data.blankText }; }
    var c = candidate(ch);
    return { fill: c.fill, text: c.text };
  }

  function label(place, ch) {
    var unit = data.units[place];
    var n = unit.electors + " electoral vote" + (unit.electors === 1 ? "" : "s");
    var who;
    if (ch === ".") {
      var held = Object.keys(unit.recorded).map(function (c) { return c + " " + unit.recorded[c]; });
      who = (held.join(", ") || "no one") + " (as in " + data.year + ")";
    } else if (ch === "-") {
      who = "undecided";
    } else {
      who = candidate(ch).name;
    }
    return unit.name + ", " + n + ": " + who;
  }

  function paintPlace(place, i) {
    var ch = picks[i];
    var colours = look(place, ch);
    var name = label(place, ch);
    root.querySelectorAll('[data-state="' + place + '"]').forEach(function (el) {
      el.setAttribute("fill", colours.fill);
      el.setAttribute("aria-label", name);
    });
    root.querySelectorAll('[data-for="' + place + '"]').forEach(function (el) {
      el.setAttribute("fill", colours.fill);
    });
    root.querySelectorAll('[data-label="' + place + '"]').forEach(function (el) {
      el.setAttribute("fill", colours.text);
    });
    var select = document.getElementById("pick-" + place);
    if (select) { select.value = ch; }
  }

  function text(el, value) { if (el) { el.textContent = value; } }

  function paintTotals(r) {
    data.candidates.forEach(function (c) {
      text(document.querySelector('[data-testid="total-' + c.slug + '"]'), String(r.votes[c.name] || 0));
    });
    text(document.querySelector('[data-testid="total-undecided"]'), String(r.undecided));
    var x = 0;
    var seen = {};
    r.ranked.forEach(function (entry) {
      var c = data.candidates.find(function (k) { return k.name === entry[0]; });
      var bar = c && document.querySelector('[data-bar="' + c.slug + '"]');
      if (!bar) { return; }
      var w = r.electors ? 1000 * entry[1] / r.electors : 0;
      bar.setAttribute("x", x.toFixed(2));
      bar.setAttribute("width", w.toFixed(2));
      x += w;
      seen[c.slug] = true;
    });
    document.querySelectorAll("[data-bar]").forEach(function (bar) {
      if (!seen[bar.getAttribute("data-bar")]) { bar.setAttribute("width", "0"); }
    });
    var svg = document.querySelector(".evbar svg");
    if (svg) {
      svg.setAttribute("aria-label", "Electoral votes toward the majority of " + r.majority + " of " +
        r.electors + ": " + r.ranked.map(function (e) { return e[0] + " " + e[1]; }).join(", "));
    }
  }

  function paintVerdict(r) {
    var verdict = document.querySelector('[data-testid="verdict"]');
    var strong = document.createElement("strong");
    var p = document.createElement("p");
    if (r.winner) {
      strong.textContent = r.winner;
      p.append(strong, " wins: " + r.votes[r.winner] + " electoral votes, " + r.majority + " needed.");
    } else if (r.undecided) {
      p.textContent = "No one has " + r.majority + " yet; " + r.undecided + " electoral votes undecided.";
    } else {
      var tie = r.ranked.length > 1 && r.ranked[0][1] === r.ranked[1][1];
      strong.textContent = "No majority";
      p.append(strong, (tie ? " (a tie)" : "") + ": the House of Representatives chooses the president.");
    }
    verdict.replaceChildren(p);
    var box = document.querySelector('[data-testid="house-answer"]');
    var h = r.house;
    box.hidden = !h;
    if (!h) { box.replaceChildren(); return; }
    var q = document.createElement("p");
    if (h.note) {
      q.textContent = h.note;
    } else {
      var tally = h.votes.map(function (e) { return e[0] + " " + e[1]; }).join(", ");
      var result = document.createElement("strong");
      result.textContent = h.elected ? h.elected + " would be elected." :
        "No one would be elected on the first ballot.";
      q.append("The House of the " + data.congressName + " Congress votes by state among " +
        h.candidates.join(", ") + ": " + h.needed + " of " + h.states + " states needed. " +
        (data.factionCandidates ? "If every delegation votes with the faction of most of its " +
          "members: " : "If every delegation votes for its majority party's candidate: ") + tally +
        (h.notVoting ? ", " + h.notVoting + " divided or not voting" : "") + ". ", result);
    }
    box.replaceChildren(q);
  }

  function currentCode() { return picks.join("").replace(/\.+$/, ""); }

  function paintLink() {
    var query = "?from=" + data.year + (currentCode() ? "&s=" + currentCode() : "");
    window.history.replaceState(null, "", window.location.pathname + query);
    var share = document.getElementById("share-url");
    if (share) { share.value = window.location.pathname + query; }
  }

  function recompute() {
    var r = evaluate();
    paintTotals(r);
    paintVerdict(r);
    paintLink();
    return r;
  }

  function next(i) {
    var place = places[i];
    var unit = data.units[place];
    var ch = picks[i];
    var current;
    if (ch === ".") {
      var first = Object.keys(unit.recorded)[0];
      current = first === undefined ? "" :
        chars[data.candidates.findIndex(function (c) { return c.name === first; })];
    } else {
      current = ch;
    }
    var cycle = data.choices.map(function (k) { return chars[k]; }).concat(["-"]);
    var at = cycle.indexOf(current === "" ? "-" : current);
    return cycle[(at + 1) % cycle.length];
  }

  function choose(place, ch) {
    var i = places.indexOf(place);
    if (i < 0 || !data.units[place].present) { return; }
    picks[i] = ch;
    paintPlace(place, i);
    recompute();
    text(detail, label(place, ch));
  }

  function target(event) {
    var el = event.target.closest("[data-state], [data-for]");
    return el ? (el.getAttribute("data-state") || el.getAttribute("data-for")) : null;
  }

  root.addEventListener("click", function (event) {
    var place = target(event);
    if (place) { choose(place, next(places.indexOf(place))); }
  });
  root.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var place = target(event);
    if (!place) { return; }
    event.preventDefault();
    choose(place, next(places.indexOf(place)));
  });
  root.addEventListener("focusin", function (event) {
    var place = target(event);
    if (place) { text(detail, label(place, picks[places.indexOf(place)])); }
  });
  document.querySelectorAll("[data-pick]").forEach(function (select) {
    select.addEventListener("change", function () {
      choose(select.getAttribute("data-pick"), select.value);
    });
  });
  var copy = document.getElementById("copy-link");
  if (copy) {
    copy.addEventListener("click", function () {
      var share = document.getElementById("share-url");
      var url = window.location.origin + share.value;
      if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(function () { copy.textContent = "Copied"; },
          function () { share.select(); });
      } else {
        share.select();
      }
    });
  }

  places.forEach(paintPlace);
  window.electoralBuild = { evaluate: evaluate, code: currentCode };
})();
