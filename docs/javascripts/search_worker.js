/*
 * The site's search worker. Material's page starts it with the URL of
 * Material's own worker in ?material= (set by search_per_language.py) and
 * talks to it as it would to Material's: the index on setup, then queries.
 *
 * Nothing is loaded before the first message: the page sends it only once
 * the reader starts to search (the gate in overrides/partials/search_gate.html
 * holds the index back until then), so a first visit costs this file alone.
 * Then the worker loads search_internals.js (all it takes from Material and
 * lunr), the engine (search_engine.js) and Material's worker, for the
 * stemmer and stop words of the lunr it bundles.
 */
;(function () {
  "use strict"

  var here = self.location.href

  function begin() {
    self.importScripts(new URL("search_internals.js", here).href)
    var internals = self.searchInternals.worker
    var scripts = internals.scripts(here)
    self.importScripts(scripts.engine)
    return internals.answerer(function (index) {
      var lunr = internals.loadMaterial(scripts.material)
      return self.searchEngine.create(index, internals.lunrWords(lunr))
    })
  }

  var answer = null
  self.addEventListener("message", function (event) {
    if (answer === null) answer = begin()
    var reply = answer(event.data)
    if (reply) self.postMessage(reply)
  })
})()
