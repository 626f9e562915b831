// Sitrep's page: draws /tallies as one small bar chart per weapon class
// (launched against destroyed per day), the table itself, and the latest
// messages of each topic from /topics; refreshes itself every few seconds.
// Plain JavaScript and SVG: no libraries, no build step.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var MAX_DAYS = 31; // days per chart: the most recent ones with numbers
  var LATEST = 3; // messages per topic card
  var state = { tallies: null, topics: null, health: null, refreshes: 0, failures: 0 };
  var initial = JSON.parse(document.getElementById("initial").textContent);
  var refreshSeconds = initial.refresh_seconds || 5;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    var step = Math.pow(10, Math.floor(Math.log10(value)));
    var candidates = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i] * step >= value) return candidates[i] * step;
    }
    return 10 * step;
  }

  function byClass(rows) {
    var groups = {};
    rows.forEach(function (row) {
      (groups[row.weapon_class] = groups[row.weapon_class] || []).push(row);
    });
    return groups;
  }

  function classChart(weaponClass, rows) {
    rows = rows.slice(-MAX_DAYS);
    var slot = 40, left = 44, right = 8, top = 30, bottom = 34, height = 194;
    var width = Math.max(240, left + right + slot * rows.length);
    var plot = height - top - bottom;
    var max = niceMax(Math.max.apply(null, rows.map(function (r) { return Math.max(r.launched, r.destroyed); })));
    var y = function (v) { return top + plot - (v / max) * plot; };

    var chart = svg("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", "aria-label": weaponClass + ": launched and destroyed per day"
    });
    [0, max / 2, max].forEach(function (tick) {
      chart.appendChild(svg("line", { x1: left, x2: width - right, y1: y(tick), y2: y(tick), "class": "axis" }));
      chart.appendChild(svg("text", { x: left - 4, y: y(tick) + 3, "text-anchor": "end" }, Math.round(tick * 10) / 10));
    });
    rows.forEach(function (row, i) {
      var x = left + i * slot + 4;
      var bw = (slot - 10) / 2;
      [["launched", x], ["destroyed", x + bw + 2]].forEach(function (pair) {
        var field = pair[0], bx = pair[1], value = row[field];
        var bar = svg("rect", {
          x: bx, y: y(value), width: bw, height: Math.max(0, top + plot - y(value)),
          "class": "bar-" + field, "data-date": row.date, "data-field": field, "data-value": value
        });
        bar.appendChild(svg("title", {}, row.date + " " + weaponClass + ": " + value + " " + field));
        chart.appendChild(bar);
        var label = String(value);
        if (label.length * 6 > bw + 2) { // too wide to sit over its bar: stand it up
          var lx = bx + bw / 2 + 3, ly = y(value) - 3;
          chart.appendChild(svg("text", { x: lx, y: ly, transform: "rotate(-90 " + lx + " " + ly + ")" }, label));
        } else {
          chart.appendChild(svg("text", { x: bx + bw / 2, y: y(value) - 3, "text-anchor": "middle" }, label));
        }
      });
      // "11-18" under each day, and the year under the first day of each year
      var cx = x + slot / 2 - 5;
      chart.appendChild(svg("text", { x: cx, y: height - bottom + 13, "text-anchor": "middle" }, row.date.slice(5)));
      if (i === 0 || rows[i - 1].date.slice(0, 4) !== row.date.slice(0, 4)) {
        chart.appendChild(svg("text", { x: cx, y: height - bottom + 25, "text-anchor": "middle", "class": "year" }, row.date.slice(0, 4)));
      }
    });
    var launched = rows.reduce(function (s, r) { return s + r.launched; }, 0);
    var destroyed = rows.reduce(function (s, r) { return s + r.destroyed; }, 0);
    var figure = el("figure", { "data-class": weaponClass });
    var caption = el("figcaption", {}, weaponClass + " ");
    caption.appendChild(el("span", { "class": "muted" }, launched + " launched, " + destroyed + " destroyed"));
    figure.appendChild(caption);
    figure.appendChild(chart);
    return figure;
  }

  function renderClassFilter(rows) {
    var select = document.getElementById("class-filter");
    var classes = Object.keys(byClass(rows)).sort();
    var current = select.value;
    var have = Array.prototype.map.call(select.options, function (o) { return o.value; }).slice(1);
    if (have.join("\n") === classes.join("\n")) return;
    while (select.options.length > 1) select.remove(1);
    classes.forEach(function (c) { select.appendChild(el("option", { value: c }, c)); });
    select.value = classes.indexOf(current) >= 0 ? current : "";
  }

  function renderChart(rows) {
    var box = document.getElementById("chart");
    var chosen = document.getElementById("class-filter").value;
    var groups = byClass(rows.filter(function (r) { return r.launched || r.destroyed; }));
    var names = Object.keys(groups).filter(function (c) { return !chosen || c === chosen; }).sort();
    box.replaceChildren();
    if (!names.length) {
      box.appendChild(el("div", { "class": "empty" }, "No launches or interceptions tallied yet."));
      return;
    }
    names.forEach(function (name) { box.appendChild(classChart(name, groups[name])); });
  }

  function renderTable(rows) {
    var body = document.querySelector("#tallies tbody");
    body.replaceChildren();
    // newest day first, classes in alphabetical order within a day
    rows.slice().sort(function (a, b) {
      return a.date === b.date ? (a.weapon_class < b.weapon_class ? -1 : 1) : (a.date < b.date ? 1 : -1);
    }).forEach(function (row) {
      var tr = el("tr", { "data-date": row.date, "data-class": row.weapon_class });
      tr.appendChild(el("td", {}, row.date));
      tr.appendChild(el("td", {}, row.weapon_class));
      ["launched", "destroyed", "lost", "hit", "posts"].forEach(function (field) {
        tr.appendChild(el("td", { "class": "num", "data-field": field }, row[field]));
      });
      body.appendChild(tr);
    });
    if (!rows.length) {
      body.appendChild(el("tr", {})).appendChild(el("td", { colspan: 7, "class": "muted" }, "Nothing tallied yet."));
    }
  }

  function countsText(counts) {
    return (counts || []).map(function (c) {
      var parts = ["launched", "destroyed", "lost", "hit"].filter(function (k) {
        return c[k] !== null && c[k] !== undefined;
      }).map(function (k) { return k + " " + c[k]; });
      return (c.weapon || c.weapon_class) + ": " + parts.join(", ");
    }).join("; ");
  }

  function renderTopics(topics) {
    var box = document.getElementById("topics");
    box.replaceChildren();
    topics.forEach(function (t) {
      var card = el("div", { "class": "topic", "data-topic": t.topic });
      var head = el("h3", {}, t.topic);
      head.appendChild(el("span", { "class": "muted" }, t.messages + " msg" + (t.lag ? ", lag " + t.lag : "")));
      card.appendChild(head);
      card.appendChild(el("div", { "class": "meta" }, t.last_at ? "last " + t.last_at.replace("T", " ").slice(0, 19) + " UTC" : "nothing yet"));
      if (t.latest && t.latest.length) {
        var list = el("ol", {});
        t.latest.slice(0, LATEST).forEach(function (m) {
          var item = el("li", {});
          item.appendChild(el("div", { "class": "meta" }, (m.post_id || m.id || m.key || m.error_class || "") +
            (m.published_at ? " · " + m.published_at.replace("T", " ").slice(0, 16) : "")));
          item.appendChild(el("div", { "class": "text" }, m.text || ""));
          var counts = countsText(m.counts);
          if (counts) item.appendChild(el("div", { "class": "counts" }, counts));
          list.appendChild(item);
        });
        card.appendChild(list);
      }
      box.appendChild(card);
    });
  }

  function renderHealth(health, reachable) {
    var node = document.getElementById("health");
    if (!reachable) {
      node.textContent = "worker unreachable";
      node.className = "health not-ready";
      return;
    }
    node.textContent = health.ready ? "ready" : "not ready: " + health.reason;
    node.title = health.reason;
    node.className = "health " + (health.ready ? "ready" : "not-ready");
  }

  function render() {
    var rows = state.tallies.rows || [];
    renderClassFilter(rows);
    renderChart(rows);
    renderTable(rows);
    renderTopics(state.topics.topics || []);
    renderHealth(state.health, state.failures === 0);
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
    document.body.setAttribute("data-state", "ready");
  }

  function getJSON(path) {
    // /health answers 503 with a body while the worker is not ready: still JSON
    return fetch(path, { cache: "no-store" }).then(function (response) {
      if (!response.ok && response.status !== 503) throw new Error(path + ": HTTP " + response.status);
      return response.json();
    });
  }

  function refresh() {
    return Promise.all([getJSON("/tallies"), getJSON("/topics"), getJSON("/health")]).then(function (parts) {
      state.tallies = parts[0];
      state.topics = parts[1];
      state.health = parts[2];
      state.failures = 0;
      state.refreshes += 1;
      document.body.setAttribute("data-refreshes", String(state.refreshes));
      render();
    }, function (error) {
      // a worker restarting is not a page error: say so and try again later
      state.failures += 1;
      console.warn("refresh failed:", error);
      renderHealth(state.health, false);
    }).then(function () {
      window.setTimeout(refresh, refreshSeconds * 1000);
    });
  }

  state.tallies = initial.tallies;
  state.topics = initial.topics;
  state.health = initial.health;
  document.getElementById("class-filter").addEventListener("change", function () {
    renderChart(state.tallies.rows || []);
  });
  render();
  refresh();
})();
