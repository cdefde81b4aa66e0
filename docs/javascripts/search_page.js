/*
 * Search on the page: what the worker will need, and the words a followed
 * result marks.
 *
 * The gate inlined in every page (overrides/partials/search_gate.html) holds
 * Material's index request back until the reader starts to search, and only
 * then loads this script, with search_internals.js; a page opened from a
 * result loads them at once. From the moment search starts, the scripts the
 * search worker will need are fetched too, alongside the index.
 *
 * A result links to its section with the words it found there, as written
 * (the worker adds them, see search_internals.js). This page marks each of
 * them wherever it stands as a whole word: Material's own page highlighting
 * is off (mkdocs.yml), as it marks what was typed wherever it starts a word,
 * a stem or a half word included.
 */
;(function () {
  "use strict"

  var material = self.searchInternals.page
  // Letters of scripts that separate words with spaces, and digits: a mark
  // must not start or end next to one of these when its word does.
  var WORD_CHAR = "[\\p{Script=Latin}\\p{Script=Greek}\\p{Script=Cyrillic}\\p{N}]"
  var STARTS_WORDLIKE = new RegExp("^" + WORD_CHAR, "u")
  var ENDS_WORDLIKE = new RegExp(WORD_CHAR + "$", "u")
  var SKIPPED = { SCRIPT: true, STYLE: true, MARK: true, TEXTAREA: true, NOSCRIPT: true }

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")
  }

  function wordsPattern(words) {
    var alternatives = words
      .slice()
      .sort(function (a, b) {
        return b.length - a.length
      })
      .map(function (word) {
        var before = STARTS_WORDLIKE.test(word) ? "(?<!" + WORD_CHAR + ")" : ""
        var after = ENDS_WORDLIKE.test(word) ? "(?!" + WORD_CHAR + ")" : ""
        return before + escape(word) + after
      })
    return new RegExp(alternatives.join("|"), "giu")
  }

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement
        for (; parent && parent !== root; parent = parent.parentElement)
          if (SKIPPED[parent.tagName]) return NodeFilter.FILTER_REJECT
        return NodeFilter.FILTER_ACCEPT
      },
    })
    var nodes = []
    while (walker.nextNode()) nodes.push(walker.currentNode)
    return nodes
  }

  function markIn(node, pattern) {
    var text = node.data
    var pieces = []
    var at = 0
    var match
    pattern.lastIndex = 0
    while ((match = pattern.exec(text))) {
      if (!match[0]) {
        pattern.lastIndex++
        continue
      }
      if (match.index > at) pieces.push(document.createTextNode(text.slice(at, match.index)))
      var mark = document.createElement("mark")
      mark.textContent = match[0]
      pieces.push(mark)
      at = match.index + match[0].length
    }
    if (!pieces.length) return
    if (at < text.length) pieces.push(document.createTextNode(text.slice(at)))
    node.replaceWith.apply(node, pieces)
  }

  function markFollowedWords() {
    var words = material.followedWords()
    var content = material.content()
    if (!words.length || !content) return
    var pattern = wordsPattern(words)
    textNodes(content).forEach(function (node) {
      markIn(node, pattern)
    })
  }

  // Once search starts, the worker needs the engine and Material's worker as
  // soon as the index arrives: fetched now, they wait in the HTTP cache.
  function fetchWorkerScripts() {
    var scripts = material.workerScripts()
    if (!scripts) return
    ;[scripts.engine, scripts.material].forEach(function (url) {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          return response.blob()
        })
        .catch(function () {}) // the worker asks again, and reports what fails
    })
  }

  self.searchGate.started.then(fetchWorkerScripts)
  markFollowedWords()
})()
