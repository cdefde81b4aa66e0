/*
 * Everything the site's search takes from Material for MkDocs and lunr. The
 * only other code that touches either is the gate inlined in every page
 * before Material's bundle (overrides/partials/search_gate.html), which holds
 * the index request back; PIECES lists what it relies on too. The gate loads
 * this file once the reader starts to search; the search worker loads it with
 * importScripts.
 *
 * PIECES lists each piece with the built file that ships it and a pattern
 * that shows it is there. tests/site/test_search_internals.py checks every
 * one against the built site, so an upgrade of Material that drops a piece
 * fails that test by the piece's name; the worker also checks the lunr pieces
 * when it starts and says which one is missing.
 *
 * The rest of search (search_page.js, search_worker.js, search_engine.js)
 * sees neutral shapes only: documents with fields, ranked hits, words.
 */
;(function (scope) {
  "use strict"

  // prettier-ignore
  var PIECES = /* pieces */ [
    {"piece": "the bundle requests search/search_index.json below the page's base", "file": "bundle", "evidence": "\"search/search_index\\.json\""},
    {"piece": "the bundle requests the index with XMLHttpRequest", "file": "bundle", "evidence": "new XMLHttpRequest"},
    {"piece": "the page's settings in the #__config script (base, search worker)", "file": "bundle", "evidence": "__config"},
    {"piece": "the search field: data-md-component=search-query", "file": "bundle", "evidence": "\"search-query\""},
    {"piece": "the page content: data-md-component=content", "file": "bundle", "evidence": "\"content\""},
    {"piece": "result links: new URL(item.location, base)", "file": "bundle", "evidence": "new URL\\(\\w+\\.location,\\w+\\.base\\)"},
    {"piece": "the worker exposes lunr as self.lunr", "file": "worker", "evidence": "self\\.lunr="},
    {"piece": "the worker answers through addEventListener(\"message\")", "file": "worker", "evidence": "addEventListener\\(\"message\""},
    {"piece": "messages: setup 0 -> ready 1, query 2 -> result 3", "file": "worker", "evidence": "case 0:.{0,200}\\{type:1\\}.{0,40}case 2:.{0,80}\\{type:3,data:"},
    {"piece": "lunr.Token", "file": "worker", "evidence": "\\.Token=function"},
    {"piece": "lunr.stemmer", "file": "worker", "evidence": "\\.stemmer=\\(?function"},
    {"piece": "lunr.stopWordFilter", "file": "worker", "evidence": "\\.stopWordFilter=\\w+\\.generateStopWordFilter\\("}
  ] /* end pieces */

  // The parameter a result link carries the words it found in, for the page.
  var HIGHLIGHT_PARAM = "h"

  // ── In the page ────────────────────────────────────────────────────────

  function pageConfig() {
    var script = document.getElementById("__config")
    try {
      return script ? JSON.parse(script.textContent) : {}
    } catch (error) {
      return {}
    }
  }

  // The scripts the site's worker loads when search starts: the engine next to
  // it, and Material's worker, named relative to the site root in ?material=.
  function workerScripts(workerUrl) {
    var worker = new URL(workerUrl, location.href)
    var siteRoot = new URL("../", worker) // the worker lives one folder below the root
    var named = worker.searchParams.get("material")
    var material = new URL(named || "", siteRoot)
    if (!named || material.origin !== siteRoot.origin)
      throw new Error("search_worker.js needs ?material=<Material's search worker>")
    return { engine: new URL("search_engine.js", worker).href, material: material.href }
  }

  var page = {
    content: function () {
      return document.querySelector('[data-md-component="content"]')
    },
    // What the search worker will load, so the page can fetch it meanwhile.
    workerScripts: function () {
      var config = pageConfig()
      return typeof config.search === "string" ? workerScripts(config.search) : null
    },
    followedWords: function () {
      var words = new URL(location.href).searchParams.get(HIGHLIGHT_PARAM) || ""
      return words.split(/\s+/).filter(Boolean)
    },
  }

  // ── In the worker ──────────────────────────────────────────────────────

  var MESSAGE = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3 }
  // The lunr functions among the pieces, checked when the worker starts.
  var LUNR_FUNCTIONS = PIECES.map(function (entry) {
    var name = /^lunr\.([\w.]+)$/.exec(entry.piece)
    return name && name[1]
  }).filter(Boolean)

  // Load Material's worker for the lunr it bundles, without its own answers.
  function loadMaterial(url) {
    var listeners = []
    scope.addEventListener = function (type, listener, options) {
      if (type === "message") listeners.push(listener)
      else EventTarget.prototype.addEventListener.call(scope, type, listener, options)
    }
    try {
      scope.importScripts(url)
    } finally {
      delete scope.addEventListener
    }
    if (listeners.length !== 1)
      throw new Error(
        "search: Material's worker no longer answers through addEventListener('message')",
      )
    var lunr = scope.lunr
    LUNR_FUNCTIONS.forEach(function (name) {
      var value = name.split(".").reduce(function (owner, key) {
        return owner == null ? undefined : owner[key]
      }, lunr)
      if (typeof value !== "function")
        throw new Error("search: Material's worker no longer provides lunr." + name)
    })
    return lunr
  }

  // lunr, reduced to what the engine needs: the English stemmer and stop words.
  function lunrWords(lunr) {
    return {
      stem: function (word) {
        return lunr.stemmer(new lunr.Token(word)).toString()
      },
      isStopWord: function (word) {
        return !lunr.stopWordFilter(new lunr.Token(word))
      },
    }
  }

  // Material's index: {config: {separator, pipeline, fields: {name: {boost}},
  // synonyms, variants}, docs: [{location, title, text, tags}]}. The first
  // document of each page (location without "#") is the page itself.
  function readIndex(data) {
    var config = data.config || {}
    var fields = Object.keys(config.fields || {}).map(function (name) {
      return { name: name, boost: (config.fields[name] || {}).boost || 1 }
    })
    var docs = (data.docs || []).map(function (doc) {
      var values = {}
      fields.forEach(function (field) {
        var value = doc[field.name]
        values[field.name] = Array.isArray(value) ? value.join(" ") : value || ""
      })
      return {
        location: doc.location,
        page: doc.location.split("#")[0],
        values: values,
        tags: doc.tags,
        boost: typeof doc.boost === "number" ? doc.boost : 1,
      }
    })
    return {
      fields: fields,
      docs: docs,
      separator: config.separator || "[\\s\\-]+",
      stemming: (config.pipeline || []).indexOf("stemmer") >= 0,
      stopWords: (config.pipeline || []).indexOf("stopWordFilter") >= 0,
      synonyms: config.synonyms || [],
      variants: config.variants || [],
      suggest: !!(data.options && data.options.suggest),
    }
  }

  function withWords(location, words) {
    if (!words.length) return location
    var hash = location.indexOf("#")
    var path = hash < 0 ? location : location.slice(0, hash)
    var anchor = hash < 0 ? "" : location.slice(hash)
    return path + "?" + new URLSearchParams([[HIGHLIGHT_PARAM, words.join(" ")]]) + anchor
  }

  // Ranked hits ([{doc, fields, words, terms}], best first) as Material's
  // result: one group per page, in the order of its best hit, each group
  // holding the page itself (Material shows it as the group's heading).
  function materialResult(docs, hits, suggest) {
    var groups = new Map()
    hits.forEach(function (hit, rank) {
      var group = groups.get(hit.doc.page) || { items: [], hasPage: false }
      var item = {
        location: withWords(hit.doc.location, hit.words),
        title: hit.fields.title,
        text: hit.fields.text,
        score: hits.length - rank,
        terms: hit.terms,
      }
      if (hit.doc.tags) item.tags = hit.doc.tags
      group.items.push(item)
      group.hasPage = group.hasPage || hit.doc.location.indexOf("#") < 0
      groups.set(hit.doc.page, group)
    })
    var items = []
    groups.forEach(function (group, page) {
      var article = docs.find(function (doc) {
        return doc.page === page && doc.location.indexOf("#") < 0
      })
      if (!group.hasPage && article)
        group.items.push({
          location: article.location,
          title: article.values.title,
          text: article.values.text,
          score: 0,
          terms: {},
        })
      items.push(group.items)
    })
    var result = { items: items }
    if (suggest) result.suggest = suggest
    return result
  }

  // Material's messages answered: the index is read and handed to `start` on
  // setup (it returns the engine); each query is answered from the engine.
  function answerer(start) {
    var engine = null
    return function answer(message) {
      if (message && message.type === MESSAGE.SETUP) {
        engine = start(readIndex(message.data || {}))
        return { type: MESSAGE.READY }
      }
      if (message && message.type === MESSAGE.QUERY) {
        var result = { items: [] }
        try {
          var found = engine ? engine.search(String(message.data || "")) : null
          if (found) result = materialResult(engine.docs, found.hits, found.suggest)
        } catch (error) {
          // As Material's worker: a query that fails finds nothing, and says why.
          console.warn("search: the query " + JSON.stringify(message.data) + " failed", error)
        }
        return { type: MESSAGE.RESULT, data: result }
      }
      return null
    }
  }

  scope.searchInternals = {
    pieces: PIECES,
    page: page,
    worker: {
      scripts: workerScripts,
      loadMaterial: loadMaterial,
      lunrWords: lunrWords,
      answerer: answerer,
    },
  }
})(self)
