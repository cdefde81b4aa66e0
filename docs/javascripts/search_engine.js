/*
 * The search engine the site's worker runs (search_worker.js): it reads the
 * index Material's build writes and answers what readers type. lunr (from
 * Material's worker) gives the English stemmer and stop words; the rest is
 * here.
 *
 * Words. Each field is split with the index's separator (mkdocs.yml); a word
 * is what lies between separators, Chinese runs apart from the rest (the
 * build has already cut them into jieba's words). The index keeps every word
 * as written, lowercased and trimmed of signs at its edges ("$9.99" is kept
 * as 9.99): one term per word, so a highlight always covers one whole word.
 *
 * Queries. Each word the reader types becomes a unit with the routes that
 * can satisfy it, each route one tier of trust:
 *
 *   0 exact   the word itself, or, with the stemmer in the pipeline, a word
 *             of the same stem ("verified" finds "verify");
 *   1 part    a word it begins (a half-typed "verificat"), or for Chinese a
 *             word that contains an unknown run (闪付 in 云闪付);
 *   2 other   a variant character (帐/账), a synonym from mkdocs.yml, words
 *             run together split against the index's words (apikey -> api
 *             key), or adjacent words joined;
 *   3 typo    one edit from a word of 5 or more letters, two when the word
 *             typed or the word meant has 9 or more.
 *
 * Ranking. A section that satisfies every unit comes before any that misses
 * one (and when some section satisfies them all, the others are left out);
 * among those, the one whose worst unit needed the most trusted tier comes
 * first, then the score: BM25 as lunr computes it, without field-length
 * normalisation (as Material sets lunr up), with the fields' boosts, each
 * route's match weighted by its tier. So a fallback can add results but
 * never pushes an exact hit down.
 *
 * Showing. Marks go around the matched words' spans, once each; the result
 * carries those words (as written) to the page it links to.
 */
;(function (scope) {
  "use strict"

  var TIER = { EXACT: 0, PART: 1, OTHER: 2, TYPO: 3 }
  var TIER_BOOST = [1, 0.4, 0.6, 0.3]
  var SIBLING_BOOST = 0.8
  var MAX_EXPANSIONS = 30 // words one route kind may add for one unit
  var MAX_SPLITS = 3
  var SHOWN_BLOCKS = 2 // paragraphs or lists shown per section, as Material
  var MAX_HITS = 100 // sections answered for one query
  var K1 = 1.2 // BM25 term-frequency saturation, lunr's
  var HAN = /^\p{Script=Han}/u
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
  var LATIN_WORD = /^\p{Script=Latin}+$/u
  var PLAIN_WORD = /^[A-Za-z0-9]+$/
  var HAS_DIGIT = /\p{N}/u
  var NUMBER = /^\p{N}+(?:\.\p{N}*)?$/u
  var MARKS = /\p{M}+/gu
  var ENTITY = "&(?:[A-Za-z]+|#\\d+|#[xX][\\dA-Fa-f]+);"
  var TAG = /<\/?([A-Za-z][\w-]*)[^>]*>/g
  var VOID_ELEMENT = /^(?:area|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i

  // ── Words ──────────────────────────────────────────────────────────────

  function termOf(text) {
    if (PLAIN_WORD.test(text)) return text.toLowerCase() // most words: nothing to fold
    return text.normalize("NFKC").toLowerCase().replace(EDGES, "")
  }

  function splitter(separator) {
    return new RegExp("(?:" + separator + ")|" + ENTITY, "g")
  }

  // Calls emit(start, end, text, isHan) for each word of text[from, to).
  function eachWord(text, from, to, split, emit) {
    var section = text.slice(from, to)
    var start = 0
    split.lastIndex = 0
    for (;;) {
      var match = split.exec(section)
      var at = match ? match.index : section.length
      if (at > start) eachRun(section.slice(start, at), from + start, emit)
      if (!match) return
      start = at + match[0].length
      split.lastIndex = match[0].length ? start : at + 1
    }
  }

  function eachRun(piece, offset, emit) {
    var runs = /\p{Script=Han}+|[^\p{Script=Han}]+/gu
    var run
    while ((run = runs.exec(piece))) {
      var start = offset + run.index
      emit(start, start + run[0].length, run[0], HAN.test(run[0]))
    }
  }

  // The words of an HTML field: [{start, end, term}], tags skipped.
  function wordsOfHtml(html, split) {
    var words = []
    var from = 0
    var tag
    TAG.lastIndex = 0
    function keep(start, end, text) {
      var term = termOf(text)
      if (term) words.push({ start: start, end: end, term: term })
    }
    while ((tag = TAG.exec(html))) {
      eachWord(html, from, tag.index, split, keep)
      from = TAG.lastIndex
    }
    eachWord(html, from, html.length, split, keep)
    return words
  }

  // Top-level elements (and loose text) of an HTML field, as [start, end).
  function blocksOf(html) {
    var blocks = []
    var depth = 0
    var start = 0
    var last = 0
    var tag
    TAG.lastIndex = 0
    while ((tag = TAG.exec(html))) {
      var closing = tag[0].charAt(1) === "/"
      var alone = !closing && (VOID_ELEMENT.test(tag[1]) || /\/>$/.test(tag[0]))
      if (depth === 0 && html.slice(last, tag.index).trim()) blocks.push([last, tag.index])
      if (depth === 0 && !closing) start = tag.index
      if (closing && depth === 0) continue // a stray closing tag
      depth += alone ? 0 : closing ? -1 : 1
      if (depth === 0) {
        blocks.push([start, TAG.lastIndex])
        last = TAG.lastIndex
      }
    }
    if (html.slice(last).trim()) blocks.push([last, html.length])
    return blocks
  }

  // Folds case, accents and the configured variant characters (帐 = 账).
  function folder(variants) {
    var same = new Map()
    variants.forEach(function (group) {
      group.forEach(function (char) {
        same.set(char, group[0])
      })
    })
    return function (term) {
      return Array.from(term.normalize("NFD").replace(MARKS, ""), function (char) {
        return same.get(char) || char
      }).join("")
    }
  }

  // Optimal string alignment distance, or limit + 1 once it must exceed limit.
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1
    var before = null
    var previous = []
    for (var j = 0; j <= b.length; j++) previous.push(j)
    for (var i = 1; i <= a.length; i++) {
      var current = [i]
      var best = i
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, before[j - 2] + 1)
        current.push(value)
        best = Math.min(best, value)
      }
      if (best > limit) return limit + 1
      before = previous
      previous = current
    }
    return previous[b.length]
  }

  // ── The index's vocabulary ─────────────────────────────────────────────

  // frequency: how many documents hold each word.
  function Vocabulary(frequency, fold, stem) {
    this.frequency = frequency
    this.fold = fold
    this.sorted = Array.from(frequency.keys()).sort()
    this.folded = new Map()
    this.stems = new Map()
    this.byLength = new Map() // Latin words, for typos
    this.han = [] // folded Chinese words
    this.hanLongest = 1
    var self = this
    this.sorted.forEach(function (term) {
      var key = fold(term)
      if (!self.folded.has(key)) self.folded.set(key, [])
      self.folded.get(key).push(term)
      if (LATIN_WORD.test(term)) {
        if (!self.byLength.has(term.length)) self.byLength.set(term.length, [])
        self.byLength.get(term.length).push(term)
        if (stem) {
          var root = stem(term)
          if (!self.stems.has(root)) self.stems.set(root, [])
          self.stems.get(root).push(term)
        }
      } else if (HAN.test(term) && self.folded.get(key).length === 1) {
        self.han.push(key)
        self.hanLongest = Math.max(self.hanLongest, Array.from(key).length)
      }
    })
    this.stem = stem
  }

  Vocabulary.prototype.has = function (term) {
    return this.frequency.has(term)
  }

  Vocabulary.prototype.commonFirst = function (terms) {
    var frequency = this.frequency
    return terms
      .sort(function (a, b) {
        return frequency.get(b) - frequency.get(a) || a.length - b.length || (a < b ? -1 : 1)
      })
      .slice(0, MAX_EXPANSIONS)
  }

  Vocabulary.prototype.siblings = function (term) {
    return this.stem && LATIN_WORD.test(term) ? this.stems.get(this.stem(term)) || [] : []
  }

  // Words that begin with prefix; a number completes only its fraction (9 to
  // 9.99, never 5 to 50).
  Vocabulary.prototype.completions = function (prefix) {
    var low = 0
    var high = this.sorted.length
    while (low < high) {
      var middle = (low + high) >> 1
      if (this.sorted[middle] < prefix) low = middle + 1
      else high = middle
    }
    var found = []
    var number = NUMBER.test(prefix)
    for (var i = low; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++) {
      var word = this.sorted[i]
      var fraction = prefix.indexOf(".") >= 0 || word.charAt(prefix.length) === "."
      if (word !== prefix && (!number || fraction)) found.push(word)
    }
    return this.commonFirst(found)
  }

  Vocabulary.prototype.containing = function (key) {
    var folded = this.folded
    var found = []
    this.han.forEach(function (word) {
      if (word !== key && word.indexOf(key) >= 0) found.push.apply(found, folded.get(word))
    })
    return this.commonFirst(found)
  }

  // Words within the edits a typo may have: one, or two when the word typed
  // or the word meant has 9 letters or more.
  Vocabulary.prototype.near = function (term) {
    var found = []
    for (var length = term.length - 2; length <= term.length + 2; length++)
      (this.byLength.get(length) || []).forEach(function (word) {
        var allowed = Math.max(term.length, word.length) >= 9 ? 2 : 1
        if (word !== term && editDistance(term, word, allowed) <= allowed) found.push(word)
      })
    return this.commonFirst(found)
  }

  // Words run together, as two (or else three) words of the index.
  Vocabulary.prototype.splits = function (term) {
    var self = this
    var found = []
    function parts(rest, count) {
      if (count === 1) return self.has(rest) && rest.length >= 2 ? [[rest]] : []
      var all = []
      for (var cut = 2; cut <= rest.length - 2; cut++) {
        var head = rest.slice(0, cut)
        if (!self.has(head)) continue
        parts(rest.slice(cut), count - 1).forEach(function (tail) {
          all.push([head].concat(tail))
        })
      }
      return all
    }
    for (var count = 2; count <= 3 && !found.length; count++) found = parts(term, count)
    return found
      .sort(function (a, b) {
        return shortest(b) - shortest(a)
      })
      .slice(0, MAX_SPLITS)
  }

  function shortest(words) {
    return Math.min.apply(
      null,
      words.map(function (word) {
        return word.length
      }),
    )
  }

  // ── Postings and scores ────────────────────────────────────────────────

  // For each word: the documents and fields that hold it, its positions
  // there, and what a match there is worth before the query's weight.
  function Postings(words, fields, boosts) {
    var postings = new Map()
    var holders = new Map()
    words.forEach(function (byField, doc) {
      fields.forEach(function (field) {
        var here = new Map()
        byField[field.name].forEach(function (word, position) {
          var at = here.get(word.term)
          if (!at) here.set(word.term, (at = []))
          at.push(position)
        })
        here.forEach(function (positions, term) {
          var hits = postings.get(term)
          if (!hits) postings.set(term, (hits = []))
          var count = positions.length
          var weight = (field.boost * boosts[doc] * (K1 + 1) * count) / (K1 + count)
          hits.push({ doc: doc, field: field.name, positions: positions, weight: weight })
          if (!holders.has(term)) holders.set(term, new Set())
          holders.get(term).add(doc)
        })
      })
    })
    this.postings = postings
    this.frequency = new Map()
    this.idf = new Map()
    var total = words.length
    var self = this
    holders.forEach(function (docs, term) {
      self.frequency.set(term, docs.size)
      self.idf.set(term, Math.log(1 + Math.abs((total - docs.size + 0.5) / (docs.size + 0.5))))
    })
  }

  // clauses: [{term, boost}] -> [{number, score, positions: {term: {field: [position]}}}]
  Postings.prototype.query = function (clauses) {
    var found = new Map()
    var postings = this.postings
    var idf = this.idf
    clauses.forEach(function (clause) {
      ;(postings.get(clause.term) || []).forEach(function (hit) {
        var result = found.get(hit.doc)
        if (!result) {
          result = { number: hit.doc, score: 0, positions: Object.create(null) }
          found.set(hit.doc, result)
        }
        result.score += clause.boost * idf.get(clause.term) * hit.weight
        if (!result.positions[clause.term]) result.positions[clause.term] = {}
        result.positions[clause.term][hit.field] = hit.positions
      })
    })
    return Array.from(found.values())
  }

  // ── Reading a query ────────────────────────────────────────────────────

  function Reader(vocabulary, split, tools, stemming) {
    this.vocabulary = vocabulary
    this.split = split
    this.tools = tools
    this.stemming = stemming
  }

  // The units of a text: [{text, term, key, han, unknown, start, end, routes}].
  Reader.prototype.units = function (text) {
    var units = []
    var self = this
    eachWord(text, 0, text.length, this.split, function (start, end, word, isHan) {
      if (isHan) units.push.apply(units, self.hanUnits(word, start))
      else {
        var term = termOf(word)
        if (term) units.push(unit(word, term, self.vocabulary.fold(term), false, start, end))
      }
    })
    return units
  }

  function unit(text, term, key, han, start, end) {
    return {
      text: text,
      term: term,
      key: key,
      han: han,
      unknown: false,
      start: start,
      end: end,
      routes: [],
    }
  }

  // A Chinese run as the index's words, longest first from the left; the
  // characters no word starts with stay together as one unknown unit.
  Reader.prototype.hanUnits = function (run, offset) {
    var chars = Array.from(run)
    var keys = Array.from(this.vocabulary.fold(run))
    var units = []
    var pending = null
    var position = offset
    for (var i = 0; i < chars.length; ) {
      var length = Math.min(this.vocabulary.hanLongest, chars.length - i)
      while (length > 0 && !this.vocabulary.folded.has(keys.slice(i, i + length).join(""))) length--
      if (length === 0) {
        if (!pending) units.push((pending = unit("", "", "", true, position, position)))
        pending.unknown = true
        pending.text += chars[i]
        pending.key += keys[i]
        pending.end += chars[i].length
        position += chars[i].length
        i++
        continue
      }
      pending = null
      var text = chars.slice(i, i + length).join("")
      var key = keys.slice(i, i + length).join("")
      units.push(unit(text, termOf(text), key, true, position, position + text.length))
      position += text.length
      i += length
    }
    units.forEach(function (each) {
      if (each.unknown) each.term = termOf(each.text)
    })
    return units
  }

  // The routes a unit can be satisfied by, most trusted first.
  Reader.prototype.route = function (unit) {
    var vocabulary = this.vocabulary
    var seen = new Set()
    function add(terms, tier, boost) {
      if (terms.length === 1 && seen.has(terms[0])) return
      if (terms.length === 1) seen.add(terms[0])
      unit.routes.push({ terms: terms, tier: tier, boost: boost || TIER_BOOST[tier] })
    }
    function addEach(terms, tier, boost) {
      terms.forEach(function (term) {
        add([term], tier, boost)
      })
    }
    if (unit.han) {
      ;(vocabulary.folded.get(unit.key) || []).forEach(function (term) {
        add([term], term === unit.term ? TIER.EXACT : TIER.OTHER)
      })
      if (unit.unknown) addEach(vocabulary.containing(unit.key), TIER.PART)
      return
    }
    var term = unit.term
    if (vocabulary.has(term)) add([term], TIER.EXACT)
    if (this.stemming) addEach(vocabulary.siblings(term), TIER.EXACT, SIBLING_BOOST)
    addEach(vocabulary.folded.get(unit.key) || [], TIER.OTHER)
    if (term.length >= 2 || HAS_DIGIT.test(term)) addEach(vocabulary.completions(term), TIER.PART)
    if (!LATIN_WORD.test(term)) return
    if (!vocabulary.has(term))
      vocabulary.splits(term).forEach(function (parts) {
        add(parts, TIER.OTHER)
      })
    if (term.length >= 5) addEach(vocabulary.near(term), TIER.TYPO)
  }

  // What a unit is compared by in phrases: its stem, folded.
  Reader.prototype.keyOf = function (unit) {
    var stemmed = !unit.han && this.stemming && LATIN_WORD.test(unit.key)
    return stemmed ? this.tools.stem(unit.key) : unit.key
  }

  // The index's own words for a text, or null when one is not in the index.
  Reader.prototype.indexWords = function (text) {
    var vocabulary = this.vocabulary
    var units = this.units(text)
    var words = units.map(function (each) {
      if (vocabulary.has(each.term)) return each.term
      var forms = vocabulary.folded.get(each.key)
      return forms ? forms[0] : null
    })
    return units.length && words.indexOf(null) < 0 ? words : null
  }

  // Routes that satisfy several units at once: synonyms and joined words.
  Reader.prototype.shareRoutes = function (units, synonyms) {
    var self = this
    var keys = units.map(function (each) {
      return self.keyOf(each)
    })
    synonyms.forEach(function (group) {
      group.forEach(function (member) {
        for (var first = 0; first + member.keys.length <= keys.length; first++) {
          var same = member.keys.every(function (key, i) {
            return keys[first + i] === key
          })
          if (!same) continue
          group.forEach(function (other) {
            if (other === member || !other.words) return
            var route = { terms: other.words, tier: TIER.OTHER, boost: TIER_BOOST[TIER.OTHER] }
            units.slice(first, first + member.keys.length).forEach(function (each) {
              each.routes.push(route)
            })
          })
        }
      })
    })
    for (var i = 0; i + 1 < units.length; i++) {
      if (units[i].han || units[i + 1].han) continue
      var joined = units[i].term + units[i + 1].term
      if (!this.vocabulary.has(joined)) continue
      var route = { terms: [joined], tier: TIER.OTHER, boost: TIER_BOOST[TIER.OTHER] }
      units[i].routes.push(route)
      units[i + 1].routes.push(route)
    }
  }

  // ── The engine ─────────────────────────────────────────────────────────

  function Engine(index, tools) {
    var split = splitter(index.separator)
    var fields = index.fields.map(function (field) {
      return field.name
    })
    this.docs = index.docs
    this.fields = fields
    this.tools = tools
    this.suggests = index.suggest
    this.stopWords = index.stopWords
    this.words = index.docs.map(function (doc) {
      var byField = {}
      fields.forEach(function (name) {
        byField[name] = wordsOfHtml(doc.values[name], split)
      })
      return byField
    })
    this.postings = new Postings(
      this.words,
      index.fields,
      index.docs.map(function (doc) {
        return doc.boost
      }),
    )
    var stem = index.stemming ? tools.stem : null
    this.vocabulary = new Vocabulary(this.postings.frequency, folder(index.variants), stem)
    this.reader = new Reader(this.vocabulary, split, tools, index.stemming)
    var reader = this.reader
    this.synonyms = index.synonyms.map(function (group) {
      return group.map(function (member) {
        var units = reader.units(member)
        return {
          keys: units.map(function (each) {
            return reader.keyOf(each)
          }),
          words: reader.indexWords(member),
        }
      })
    })
  }

  Engine.prototype.read = function (query) {
    var reader = this.reader
    var units = reader.units(query.normalize("NFKC"))
    units.forEach(function (each) {
      reader.route(each)
    })
    reader.shareRoutes(units, this.synonyms)
    if (this.stopWords) {
      var tools = this.tools
      var kept = units.filter(function (each) {
        return each.han || !tools.isStopWord(each.term)
      })
      if (kept.length) units = kept
    }
    return units
  }

  Engine.prototype.search = function (query) {
    var units = this.read(query)
    var boosts = new Map()
    units.forEach(function (each) {
      each.routes.forEach(function (route) {
        route.terms.forEach(function (term) {
          boosts.set(term, Math.max(boosts.get(term) || 0, route.boost))
        })
      })
    })
    var clauses = Array.from(boosts, function (entry) {
      return { term: entry[0], boost: entry[1] }
    })
    var judged = this.postings.query(clauses).map(function (hit) {
      return judge(hit, units)
    })
    var complete = judged.filter(function (hit) {
      return hit.covered === units.length
    })
    var hits = complete.length ? complete : judged
    hits.sort(function (a, b) {
      return b.covered - a.covered || a.tier - b.tier || b.score - a.score || a.number - b.number
    })
    var self = this
    return {
      hits: hits.slice(0, MAX_HITS).map(function (hit) {
        return self.show(hit, units)
      }),
      suggest: this.suggests ? this.suggestion(query, units) : null,
    }
  }

  // How many units a hit satisfies, and the least trusted tier it needed.
  function judge(hit, units) {
    var matched = hit.positions
    var covered = 0
    var tier = 0
    var satisfied = units.map(function (each) {
      var best = Infinity
      each.routes.forEach(function (route) {
        var all = route.terms.every(function (term) {
          return term in matched
        })
        if (all) best = Math.min(best, route.tier)
      })
      if (best === Infinity) return false
      covered++
      tier = Math.max(tier, best)
      return true
    })
    return {
      number: hit.number,
      score: hit.score,
      positions: matched,
      covered: covered,
      tier: tier,
      satisfied: satisfied,
    }
  }

  // A hit as shown: fields with marks, the words marked, the units found.
  Engine.prototype.show = function (hit, units) {
    var doc = this.docs[hit.number]
    var words = this.words[hit.number]
    var marked = {}
    Object.keys(hit.positions).forEach(function (term) {
      Object.keys(hit.positions[term]).forEach(function (field) {
        marked[field] = (marked[field] || []).concat(hit.positions[term][field])
      })
    })
    var fields = {}
    var written = new Map()
    this.fields.forEach(function (name) {
      var value = doc.values[name]
      var spans = Array.from(new Set(marked[name] || []))
        .sort(function (a, b) {
          return a - b
        })
        .map(function (position) {
          var word = words[name][position]
          var text = value.slice(word.start, word.end)
          if (!written.has(text.toLowerCase())) written.set(text.toLowerCase(), text)
          return word
        })
      var teaser = name === "text" && spans.length
      fields[name] = teaser ? snippet(value, spans) : markAll(value, 0, value.length, spans)
    })
    var terms = {}
    units.forEach(function (each, i) {
      terms[each.text] = terms[each.text] || hit.satisfied[i]
    })
    return { doc: doc, fields: fields, words: Array.from(written.values()), terms: terms }
  }

  function markAll(html, from, to, spans) {
    var out = ""
    var at = from
    spans.forEach(function (span) {
      if (span.start < from || span.end > to) return
      out += html.slice(at, span.start) + "<mark>" + html.slice(span.start, span.end) + "</mark>"
      at = span.end
    })
    return out + html.slice(at, to)
  }

  // The first blocks of a text field that hold a mark, as Material shows them.
  function snippet(html, spans) {
    var shown = blocksOf(html).filter(function (block) {
      return spans.some(function (span) {
        return span.start >= block[0] && span.end <= block[1]
      })
    })
    return shown
      .slice(0, SHOWN_BLOCKS)
      .map(function (block) {
        return markAll(html, block[0], block[1], spans)
      })
      .join("")
  }

  // The last word completed, spelled as typed, for Material's suggestion.
  Engine.prototype.suggestion = function (query, units) {
    var last = units[units.length - 1]
    var typed = query.normalize("NFKC")
    if (!last || last.han || last.end !== typed.length || this.vocabulary.has(last.term)) return []
    var completion = this.vocabulary.completions(last.term)[0]
    if (!completion || last.text.toLowerCase() !== last.term) return []
    return [last.text + completion.slice(last.term.length)]
  }

  scope.searchEngine = {
    create: function (index, tools) {
      return new Engine(index, tools)
    },
  }
})(self)
