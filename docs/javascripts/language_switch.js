/*
 * The language switch keeps the reader's place.
 *
 * Choosing a language in the header opens the same section of the page in that
 * language: the section the URL's fragment names, or when it names none (or
 * the reader has scrolled away from it), the section in view. Which section
 * of the other page stands for it comes from the map the build writes into
 * the page (overrides/hooks/language_switch.py). A section without a
 * counterpart opens the other page at its top, which is also what the plain
 * link does without JavaScript.
 *
 * Material maps the switch to the other page itself, from the sitemap.xml of
 * every <link rel="alternate" hreflang> in the page, all fetched at start-up:
 * three requests, one of them twice the same file (x-default repeats the
 * default language). The build's map does that job here, so those links are
 * kept out of Material's sight while it starts, and put back right after.
 */
;(function () {
  "use strict"

  var ALTERNATES = 'link[rel="alternate"][hreflang]'
  var SWITCH_LINK = "a.md-select__link[hreflang]"
  var MENU = ".md-select"
  var DATA = "__language_switch"
  var PARKED_REL = "alternate-parked"

  // Material reads the alternates when DOMContentLoaded fires, in a listener
  // its bundle (an earlier deferred script) added before this one.
  function parkAlternates() {
    if (document.readyState === "complete") return
    var parked = document.querySelectorAll(ALTERNATES)
    Array.prototype.forEach.call(parked, function (link) {
      link.setAttribute("rel", PARKED_REL)
    })
    function restore() {
      Array.prototype.forEach.call(parked, function (link) {
        link.setAttribute("rel", "alternate")
      })
    }
    document.addEventListener("DOMContentLoaded", restore, { once: true })
    window.addEventListener("load", restore, { once: true })
  }

  var data = null
  function switchData() {
    if (data === null) {
      var block = document.getElementById(DATA)
      try {
        data = block ? JSON.parse(block.textContent) : {}
      } catch (error) {
        data = {}
      }
    }
    return data
  }

  function fragment() {
    try {
      return decodeURIComponent(location.hash.slice(1))
    } catch (error) {
      return ""
    }
  }

  function headerBottom() {
    var header = document.querySelector(".md-header")
    return header ? header.getBoundingClientRect().bottom : 0
  }

  // The section being read: a heading in the upper half of the content area
  // starts it, else it is the one whose heading was scrolled past last. At the
  // very top of the page the reader is at the title: no section.
  function sectionInView(sections) {
    var scroller = document.scrollingElement || document.documentElement
    if (scroller.scrollTop <= 0) return null
    var top = headerBottom()
    var upperHalf = top + (window.innerHeight - top) / 2
    var above = null
    for (var i = 0; i < sections.length; i++) {
      var heading = document.getElementById(sections[i])
      if (!heading || heading.tagName === "H1") continue // the title is the page's top
      var box = heading.getBoundingClientRect()
      if (box.bottom > top) return box.top < upperHalf ? heading.id : above
      above = heading.id
    }
    return above
  }

  // Is any of the section named by the fragment on screen (down to the next heading)?
  function onScreen(sections, index) {
    var heading = document.getElementById(sections[index])
    var next = document.getElementById(sections[index + 1])
    if (!heading) return false
    var starts = heading.getBoundingClientRect().top
    var ends = next ? next.getBoundingClientRect().top : Infinity
    return starts < window.innerHeight && ends > headerBottom()
  }

  // The fragment's section while the reader is still in it, else the one in view.
  function currentSection(sections) {
    var named = sections.indexOf(fragment())
    return named >= 0 && onScreen(sections, named) ? sections[named] : sectionInView(sections)
  }

  // The reader's section is taken as they reach for the language menu: opening
  // it may scroll the page under the menu, and that is not the reader moving.
  var reached = { taken: false, section: null }
  function reach(event) {
    var target = event.target
    if (!target.closest || !target.closest(MENU) || target.closest(SWITCH_LINK)) return
    reached = { taken: true, section: currentSection(switchData().sections || []) }
  }
  function leave(event) {
    var menu = event.target.closest && event.target.closest(MENU)
    if (menu && !(event.relatedTarget && menu.contains(event.relatedTarget)))
      reached = { taken: false, section: null }
  }

  // The other language's page, at the counterpart of the reader's section.
  function target(link) {
    var url = new URL(link.getAttribute("href"), location.href)
    var map = switchData()
    var counterparts = (map.counterparts || {})[link.getAttribute("hreflang")] || {}
    var section = reached.taken ? reached.section : currentSection(map.sections || [])
    url.hash = section && counterparts[section] ? counterparts[section] : ""
    return url.href
  }

  function aim(event) {
    var link = event.target.closest && event.target.closest(SWITCH_LINK)
    if (!link) return
    link.href = target(link)
    // Plain clicks follow the link as aimed; nothing else may re-route them.
    if (event.type === "click") event.stopPropagation()
  }

  parkAlternates()
  ;["pointerover", "pointerdown", "focusin"].forEach(function (type) {
    document.addEventListener(type, reach, true)
  })
  ;["pointerout", "focusout"].forEach(function (type) {
    document.addEventListener(type, leave, true)
  })
  ;["click", "auxclick", "contextmenu"].forEach(function (type) {
    document.addEventListener(type, aim, true)
  })
})()
