/*
 * The search worker: Material's own, with queries read the way the index was.
 *
 * Material builds the lunr index in this worker, running every word through
 * the language's pipeline (for English: trimmer, stop words, stemmer), so the
 * index holds "proxi" and "bill" for "proxy" and "billing". It then matches
 * what the reader types as a prefix ("proxy*"), and lunr runs no pipeline on a
 * term with a wildcard: a word the stemmer shortens could never be found. And
 * it splits a Chinese query into the index's words, but never looks at a run's
 * last character, so the last word is lost (账号封禁 searches for 账号 only).
 * So, on top of Material's worker:
 *
 * - a prefix term goes through the index's search pipeline before it is
 *   matched, so "verified" looks for "verifi*" and finds "verify";
 * - the index keeps each word as written next to its stem, so a half-typed
 *   word ("verificat") still matches as a prefix, and the completion Material
 *   suggests is a word from the page, not a stem;
 * - Chinese terms are split into the index's words here, longest first from
 *   the left, every character included; Material's own splitter is shown an
 *   index it finds no word in, so it leaves each run whole;
 * - a query of several words asks for all of them first ("billing address"
 *   finds the section that has both, not every section that says "billing"),
 *   and only when no section has them all, for any of them.
 *
 * search_per_language.py points the page's search at this file and names
 * Material's worker, relative to the site root, in the ?material= parameter.
 */
(function () {
  "use strict"

  var siteRoot = new URL("../", self.location.href)
  var named = new URL(self.location.href).searchParams.get("material")
  var material = new URL(named || "", siteRoot)
  if (!named || material.origin !== siteRoot.origin)
    throw new Error("search_worker.js needs ?material=<Material's search worker>")

  // Material loads lunr's language files relative to its own worker script.
  var importFromHere = self.importScripts.bind(self)
  self.importScripts = function () {
    var urls = Array.prototype.map.call(arguments, function (url) {
      return new URL(url, material).href
    })
    return importFromHere.apply(null, urls)
  }
  importFromHere(material.href)

  var lunr = self.lunr
  var PREFIX_TERM = /^([^*]+)\*+$/
  var HAN_OR_NOT = /\p{sc=Han}+|[^\p{sc=Han}]+/gu
  var HAN = /^\p{sc=Han}/u
  var HAN_ANYWHERE = /\p{sc=Han}/u
  var searchPipeline = null
  var vocabulary = Object.create(null) // every term in the index

  function isStemmer(fn) {
    return typeof fn.label === "string" && fn.label.indexOf("stemmer") === 0
  }

  // A stemmer that leaves the word as written in the index beside its stem.
  var wrapped = new Map()
  function keepingWords(stemmer) {
    if (wrapped.has(stemmer)) return wrapped.get(stemmer)
    function stemAndKeep(token, index, tokens) {
      var word = token.clone()
      var stem = stemmer(token, index, tokens)
      return stem && stem.toString() !== word.toString() ? [word, stem] : stem
    }
    lunr.Pipeline.registerFunction(stemAndKeep, "keeping-words-" + stemmer.label)
    wrapped.set(stemmer, stemAndKeep)
    return stemAndKeep
  }

  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!this.keepsWords) {
      var pipeline = this.pipeline
      pipeline._stack.filter(isStemmer).forEach(function (stemmer) {
        pipeline.before(stemmer, keepingWords(stemmer))
        pipeline.remove(stemmer)
      })
      this.keepsWords = true
    }
    return add.call(this, doc, attributes)
  }

  var build = lunr.Builder.prototype.build
  lunr.Builder.prototype.build = function () {
    var index = build.call(this)
    searchPipeline = this.searchPipeline
    vocabulary = index.invertedIndex
    // lunr reads terms by key; only Material's splitter asks "is it a word?".
    index.invertedIndex = new Proxy(vocabulary, {
      has: function () {
        return false
      },
    })
    return index
  }

  // A run of Chinese characters as the index's words, longest first.
  function chineseWords(run) {
    var chars = Array.from(run)
    var words = []
    for (var start = 0; start < chars.length; ) {
      var end = chars.length
      while (end > start + 1 && !(chars.slice(start, end).join("") in vocabulary)) end--
      words.push(chars.slice(start, end).join(""))
      start = end
    }
    return words
  }

  // The parts of a query term: Chinese split into words, the rest as typed.
  function termParts(term) {
    if (!HAN_ANYWHERE.test(term)) return [term]
    var wildcard = /\**$/.exec(term)[0]
    var body = term.slice(0, term.length - wildcard.length)
    var parts = []
    ;(body.match(HAN_OR_NOT) || []).forEach(function (piece) {
      parts.push.apply(parts, HAN.test(piece) ? chineseWords(piece) : [piece])
    })
    return parts.map(function (part) {
      return part + wildcard
    })
  }

  function stemmed(clause) {
    var prefix = PREFIX_TERM.exec(clause.term)
    if (!prefix || clause.usePipeline || !searchPipeline) return clause
    var stems = searchPipeline.runString(prefix[1], { fields: clause.fields })
    if (stems.length === 1 && stems[0]) clause.term = stems[0] + "*"
    return clause
  }

  // Set while a search asks for every word of the query.
  var everyWord = false

  function requireEach(clauses) {
    var terms = clauses.filter(function (clause) {
      return clause.presence !== lunr.Query.presence.PROHIBITED
    })
    if (terms.length < 2) return clauses
    return clauses.map(function (clause) {
      return clause.presence === lunr.Query.presence.OPTIONAL
        ? Object.assign({}, clause, { presence: lunr.Query.presence.REQUIRED })
        : clause
    })
  }

  var parse = lunr.QueryParser.prototype.parse
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this)
    query.clauses = query.clauses.reduce(function (clauses, clause) {
      termParts(clause.term).forEach(function (term) {
        clauses.push(stemmed(Object.assign({}, clause, { term: term })))
      })
      return clauses
    }, [])
    if (everyWord) query.clauses = requireEach(query.clauses)
    return query
  }

  var search = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (queryString) {
    everyWord = true
    try {
      var found = search.call(this, queryString)
    } finally {
      everyWord = false
    }
    return found.length ? found : search.call(this, queryString)
  }
})()
