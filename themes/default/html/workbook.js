/* prepbook workbook: saves answers in this browser, shows progress, exports
   answers as TOML, keeps the contents in step with the reading position.
   Plain ES2019, no libraries; every profile value is handled as text. */
(function () {
  'use strict';

  var doc = document;
  var body = doc.body;
  if (!body) {
    return;
  }

  var workbookId = body.getAttribute('data-workbook-id') || 'workbook';
  var fileStem = body.getAttribute('data-file-stem') || 'workbook';
  var personName = body.getAttribute('data-person-name') || '';
  var keyPrefix = 'prepbook:' + workbookId + ':';
  var wideQuery = '(min-width: 1000px)';

  // What the page says, in the workbook's language (the theme's i18n file).
  var strings = jsonData('workbook-strings') || { script: {}, export: '', singular: [1] };
  var said = strings.script;

  // A string with its {placeholders} filled in from `values` (and {export},
  // the export button's name), in one pass, as strings::fill does.
  function say(template, values) {
    var known = values || {};
    return String(template || '').replace(/\{([a-z_]+)\}/g, function (whole, name) {
      if (Object.prototype.hasOwnProperty.call(known, name)) {
        return String(known[name]);
      }
      return name === 'export' ? strings.export : whole;
    });
  }

  function jsonData(id) {
    var element = byId(id);
    if (!element) {
      return null;
    }
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || doc).querySelectorAll(selector));
  }

  function byId(id) {
    return doc.getElementById(id);
  }

  /* Storage ------------------------------------------------------------ */

  // localStorage may be missing or throw (private mode, file:// policies,
  // sandboxed frames): the workbook then works without persistence.
  var store = (function () {
    try {
      var candidate = window.localStorage;
      if (!candidate) {
        return null;
      }
      var probe = 'prepbook-probe';
      candidate.setItem(probe, probe);
      candidate.removeItem(probe);
      return candidate;
    } catch (error) {
      return null;
    }
  })();

  function readAnswer(id) {
    if (!store) {
      return null;
    }
    try {
      return store.getItem(keyPrefix + id);
    } catch (error) {
      return null;
    }
  }

  var saveFailed = false;

  function writeAnswer(id, value) {
    if (!store) {
      return;
    }
    try {
      store.setItem(keyPrefix + id, value);
    } catch (error) {
      if (!saveFailed) {
        saveFailed = true;
        setStatus(say(said.save_failed));
      }
    }
  }

  function storedKeys() {
    var keys = [];
    if (!store) {
      return keys;
    }
    try {
      for (var i = 0; i < store.length; i += 1) {
        var key = store.key(i);
        if (key !== null && key.indexOf(keyPrefix) === 0) {
          keys.push(key);
        }
      }
    } catch (error) {
      return keys;
    }
    return keys;
  }

  /* Fields ------------------------------------------------------------- */

  var textareas = all('textarea[data-prompt-id]');
  var radios = all('input[type="radio"][data-prompt-id]');
  var statementIds = [];
  var radiosById = {};

  radios.forEach(function (radio) {
    var id = radio.getAttribute('data-prompt-id');
    if (!Object.prototype.hasOwnProperty.call(radiosById, id)) {
      radiosById[id] = [];
      statementIds.push(id);
    }
    radiosById[id].push(radio);
  });

  function promptId(element) {
    return element.getAttribute('data-prompt-id');
  }

  function mirrorOf(textarea) {
    var next = textarea.nextElementSibling;
    return next && next.classList.contains('print-answer') ? next : null;
  }

  function hasText(value) {
    return /\S/.test(value);
  }

  // Browsers without `field-sizing: content` grow the box by script.
  var cssGrows = !!(window.CSS && CSS.supports && CSS.supports('field-sizing', 'content'));

  function autosize(textarea) {
    if (cssGrows) {
      return;
    }
    textarea.style.height = '';
    var border = textarea.offsetHeight - textarea.clientHeight;
    if (textarea.scrollHeight > textarea.clientHeight) {
      textarea.style.height = (textarea.scrollHeight + border) + 'px';
    }
  }

  function refreshTextarea(textarea) {
    var mirror = mirrorOf(textarea);
    if (mirror) {
      mirror.textContent = textarea.value;
    }
    var prompt = textarea.closest('.prompt');
    if (prompt) {
      prompt.classList.toggle('is-answered', hasText(textarea.value));
    }
    autosize(textarea);
  }

  function checkedValue(id) {
    var group = radiosById[id] || [];
    for (var i = 0; i < group.length; i += 1) {
      if (group[i].checked) {
        return group[i].value;
      }
    }
    return null;
  }

  function restoreStatement(id, value) {
    (radiosById[id] || []).forEach(function (radio) {
      radio.checked = value === null ? radio.defaultChecked : radio.value === value;
    });
  }

  /* Progress ----------------------------------------------------------- */

  var progressText = byId('progress-text');
  var progressFill = byId('progress-fill');

  function updateProgress() {
    var total = textareas.length + statementIds.length;
    var done = 0;
    textareas.forEach(function (textarea) {
      if (hasText(textarea.value)) {
        done += 1;
      }
    });
    statementIds.forEach(function (id) {
      if (checkedValue(id) !== null) {
        done += 1;
      }
    });
    var text = say(said.progress, { done: done, total: total });
    if (progressText && progressText.textContent !== text) {
      progressText.textContent = text;
    }
    if (progressFill) {
      progressFill.style.width = (total ? Math.round((done / total) * 1000) / 10 : 0) + '%';
    }
  }

  /* Status messages ---------------------------------------------------- */

  var statusBox = byId('answers-status');

  function setStatus(message) {
    if (statusBox) {
      statusBox.textContent = message;
    }
  }

  /* Restore and save --------------------------------------------------- */

  textareas.forEach(function (textarea) {
    var stored = readAnswer(promptId(textarea));
    if (stored !== null) {
      textarea.value = stored;
    }
    refreshTextarea(textarea);
  });

  statementIds.forEach(function (id) {
    var stored = readAnswer(id);
    if (stored !== null) {
      restoreStatement(id, stored);
    }
  });

  updateProgress();

  if (!store && textareas.length + statementIds.length > 0) {
    var note = byId('answers-panel-note');
    if (note) {
      note.textContent = say(said.not_saving);
    }
  }

  doc.addEventListener('input', function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('textarea[data-prompt-id]')) {
      var id = promptId(target);
      writeAnswer(id, target.value);
      // The same prompt may appear twice in a workbook: keep the copies equal.
      textareas.forEach(function (textarea) {
        if (textarea === target || promptId(textarea) === id) {
          if (textarea !== target) {
            textarea.value = target.value;
          }
          refreshTextarea(textarea);
        }
      });
      updateProgress();
    }
  });

  doc.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('input[type="radio"][data-prompt-id]') && target.checked) {
      writeAnswer(promptId(target), target.value);
      updateProgress();
    }
  });

  // Another tab with the same workbook open: follow its changes.
  window.addEventListener('storage', function (event) {
    if (!store || event.storageArea !== store || !event.key || event.key.indexOf(keyPrefix) !== 0) {
      return;
    }
    var id = event.key.slice(keyPrefix.length);
    textareas.forEach(function (textarea) {
      if (promptId(textarea) === id && textarea !== doc.activeElement) {
        textarea.value = event.newValue === null ? textarea.defaultValue : event.newValue;
        refreshTextarea(textarea);
      }
    });
    if (radiosById[id]) {
      restoreStatement(id, event.newValue);
    }
    updateProgress();
  });

  /* Export ------------------------------------------------------------- */

  var bareKey = /^[A-Za-z0-9_-]+$/;

  function tomlString(text) {
    return '"' + String(text).replace(/[\\"\u0000-\u001f\u007f]/g, function (ch) {
      switch (ch) {
        case '\\': return '\\\\';
        case '"': return '\\"';
        case '\n': return '\\n';
        case '\t': return '\\t';
        case '\r': return '\\r';
        case '\b': return '\\b';
        case '\f': return '\\f';
        default: return '\\u' + ('0000' + ch.charCodeAt(0).toString(16).toUpperCase()).slice(-4);
      }
    }) + '"';
  }

  function tomlKey(key) {
    return bareKey.test(key) ? key : tomlString(key);
  }

  // Current non-empty answers, in page order, as [id, text] pairs.
  function currentAnswers() {
    var answers = [];
    all('textarea[data-prompt-id], input[type="radio"][data-prompt-id]').forEach(function (field) {
      if (field.tagName === 'TEXTAREA') {
        if (hasText(field.value)) {
          answers.push([promptId(field), field.value]);
        }
      } else if (field.checked) {
        answers.push([promptId(field), field.value]);
      }
    });
    return answers;
  }

  // Dotted ids become nested tables; a Map keeps page order (a plain object
  // would sort keys such as "1", "2", "10" on its own). An id that cannot
  // nest because another id already made its path a value, or a table (say
  // `growth_plan.goals` beside `growth_plan.goals.steps`), is written whole
  // as a quoted top-level key, which reads back as the same dotted id.
  function answersToToml(answers) {
    var root = new Map();
    var whole = [];
    var seen = {};
    answers.forEach(function (pair) {
      var id = pair[0];
      if (Object.prototype.hasOwnProperty.call(seen, id)) {
        return;
      }
      seen[id] = true;
      var path = id.split('.');
      var leaf = path.pop();
      var table = root;
      for (var i = 0; i < path.length; i += 1) {
        var child = table.get(path[i]);
        if (child === undefined) {
          child = new Map();
          table.set(path[i], child);
        } else if (typeof child === 'string') {
          whole.push(pair);
          return;
        }
        table = child;
      }
      if (table.has(leaf)) {
        whole.push(pair);
      } else {
        table.set(leaf, pair[1]);
      }
    });

    var comment = say(said.answers_file, { name: personName, file: exportName() })
      .replace(/[\u0000-\u001f\u007f]+/g, ' ');
    var lines = ['# ' + comment];

    (function emit(table, path) {
      var values = [];
      var tables = [];
      table.forEach(function (value, key) {
        (typeof value === 'string' ? values : tables).push(key);
      });
      var loose = path.length ? [] : whole;
      if (values.length || loose.length) {
        lines.push('');
        if (path.length) {
          lines.push('[' + path.map(tomlKey).join('.') + ']');
        }
        values.forEach(function (key) {
          lines.push(tomlKey(key) + ' = ' + tomlString(table.get(key)));
        });
        loose.forEach(function (pair) {
          lines.push(tomlString(pair[0]) + ' = ' + tomlString(pair[1]));
        });
      }
      tables.forEach(function (key) {
        emit(table.get(key), path.concat(key));
      });
    })(root, []);

    return { text: lines.join('\n') + '\n', count: Object.keys(seen).length };
  }

  function exportName() {
    return 'answers-' + fileStem.replace(/[^A-Za-z0-9._-]+/g, '-') + '.toml';
  }

  function exportAnswers() {
    var name = exportName();
    try {
      var toml = answersToToml(currentAnswers());
      var blob = new Blob([toml.text], { type: 'application/toml' });
      var url = URL.createObjectURL(blob);
      var link = doc.createElement('a');
      link.href = url;
      link.download = name;
      link.hidden = true;
      body.appendChild(link);
      link.click();
      body.removeChild(link);
      window.setTimeout(function () {
        URL.revokeObjectURL(url);
      }, 30000);
      var one = strings.singular.indexOf(toml.count) >= 0;
      setStatus(say(one ? said.exported_one : said.exported, { file: name, count: toml.count }));
    } catch (error) {
      setStatus(say(said.export_failed));
    }
  }

  function clearAnswers() {
    var ok = false;
    try {
      ok = window.confirm(say(said.clear_confirm));
    } catch (error) {
      ok = false;
    }
    if (!ok) {
      return;
    }
    storedKeys().forEach(function (key) {
      try {
        store.removeItem(key);
      } catch (error) {
        /* nothing more to remove */
      }
    });
    textareas.forEach(function (textarea) {
      textarea.value = textarea.defaultValue;
      refreshTextarea(textarea);
    });
    statementIds.forEach(function (id) {
      restoreStatement(id, null);
    });
    updateProgress();
    setStatus(say(said.cleared));
  }

  var exportButton = byId('export-answers');
  var clearButton = byId('clear-answers');
  if (exportButton) {
    exportButton.addEventListener('click', exportAnswers);
  }
  if (clearButton) {
    clearButton.addEventListener('click', clearAnswers);
  }

  /* Feedback on the drafted answer --------------------------------------- */

  // The rules of content/review.toml and what they compare the answer with,
  // shipped as JSON by the build. The functions below mirror
  // src/review/text.rs and src/review/check.rs: keep them in step.
  var reviewRules = jsonData('review-rules');
  var reviewContext = jsonData('review-context');
  var wordChar = /[\p{Alphabetic}\p{N}]/u;
  var spaceChar = /\s/u;

  function sentencesOf(text) {
    var out = [];
    var current = '';
    var chars = Array.from(text);
    function push() {
      var sentence = current.trim();
      if (sentence) {
        out.push(sentence);
      }
      current = '';
    }
    for (var i = 0; i < chars.length; i += 1) {
      var ch = chars[i];
      if (ch === '\n' || ch === '\r') {
        push();
        continue;
      }
      current += ch;
      if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 >= chars.length || spaceChar.test(chars[i + 1]))) {
        push();
      }
    }
    push();
    return out;
  }

  function finishWord(word) {
    return word.slice(-2) === "'s" ? word.slice(0, -2) : word;
  }

  // As fold_accents in text.rs: decomposed, without combining marks.
  function foldAccents(text) {
    return text.normalize('NFD').replace(/\p{M}/gu, '');
  }

  function wordsOf(text, vocabulary) {
    var lower = text.toLowerCase().replace(/[\u2019\u2018]/g, "'");
    var chars = Array.from(vocabulary.fold_accents ? foldAccents(lower) : lower);
    var out = [];
    var word = '';
    for (var i = 0; i < chars.length; i += 1) {
      var ch = chars[i];
      var innerApostrophe = ch === "'" && word !== '' && i + 1 < chars.length && wordChar.test(chars[i + 1]);
      if (wordChar.test(ch) || innerApostrophe) {
        word += ch;
      } else if (word) {
        out.push(finishWord(word));
        word = '';
      }
    }
    if (word) {
      out.push(finishWord(word));
    }
    return out;
  }

  function containsPhrase(words, phrase, numbers) {
    if (!phrase.length || phrase.length > words.length) {
      return false;
    }
    for (var start = 0; start + phrase.length <= words.length; start += 1) {
      var all = true;
      for (var k = 0; k < phrase.length && all; k += 1) {
        var word = words[start + k];
        all = phrase[k] === '#' ? (/^[0-9]+$/.test(word) || numbers.indexOf(word) >= 0) : word === phrase[k];
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  function sameStem(a, b) {
    if (a === b) {
      return true;
    }
    var x = Array.from(a);
    var y = Array.from(b);
    return x.length >= 5 && y.length >= 5 && x.slice(0, 5).join('') === y.slice(0, 5).join('');
  }

  function startsWithOneOf(word, stems) {
    return stems.some(function (stem) { return word.indexOf(stem) === 0; });
  }

  function related(a, b, vocabulary) {
    return sameStem(a, b) || vocabulary.families.some(function (family) {
      return startsWithOneOf(a, family) && startsWithOneOf(b, family);
    });
  }

  function contentWords(text, vocabulary) {
    return wordsOf(text, vocabulary).filter(function (word) {
      return Array.from(word).length >= 4 && vocabulary.ignore.indexOf(word) < 0;
    });
  }

  function sharedWords(text, other, vocabulary) {
    var theirs = contentWords(other, vocabulary);
    var seen = {};
    var count = 0;
    contentWords(text, vocabulary).forEach(function (word) {
      if (seen[word] === true) {
        return;
      }
      seen[word] = true;
      if (theirs.some(function (t) { return related(word, t, vocabulary); })) {
        count += 1;
      }
    });
    return count;
  }

  function phraseWords(phrase, vocabulary) {
    var out = [];
    phrase.split(/\s+/u).forEach(function (part) {
      if (part === '#') {
        out.push('#');
      } else {
        out.push.apply(out, wordsOf(part, vocabulary));
      }
    });
    return out;
  }

  function firstIndex(list, test) {
    for (var i = 0; i < list.length; i += 1) {
      if (test(list[i], i)) {
        return i;
      }
    }
    return -1;
  }

  // Mirrors review() in check.rs: a draft, then one function per check.
  function reviewDraft(rules, context, text) {
    var sentences = sentencesOf(text).map(function (sentence) {
      return { text: sentence, words: wordsOf(sentence, rules.words) };
    }).filter(function (s) {
      return s.words.length > 0;
    });
    var count = 0;
    sentences.forEach(function (s) {
      count += s.words.length;
    });
    if (count === 0) {
      return null;
    }
    var pace = rules.speaking.words_per_minute;
    var seconds = Math.floor((count * 60 + Math.floor(pace / 2)) / pace);
    var draft = { rules: rules, context: context, sentences: sentences, count: count, seconds: seconds };
    return {
      words: count,
      seconds: seconds,
      findings: [checkAspiration(draft), checkCompany(draft), checkPositive(draft),
        checkSpecific(draft), checkLength(draft)]
    };
  }

  function fill(draft, template, example) {
    var speaking = draft.rules.speaking;
    return template.split('{company}').join(draft.context.company || draft.rules.company.unnamed)
      .split('{example}').join(example)
      .split('{seconds}').join(String(draft.seconds))
      .split('{words}').join(String(draft.count))
      .split('{min}').join(String(speaking.min_seconds))
      .split('{max}').join(String(speaking.max_seconds));
  }

  function finding(draft, check, title, verdict, message, example, at) {
    return {
      check: check,
      title: fill(draft, title, example),
      verdict: verdict,
      label: draft.rules.verdicts[verdict],
      message: fill(draft, message, example),
      sentence: at === undefined || at === null ? null : quoted(at.text)
    };
  }

  // As the Rust review does (QUOTE_CHARS): a long sentence is quoted up to
  // the last space before 300 characters, then "…".
  var QUOTE_CHARS = 300;

  function quoted(text) {
    var chars = Array.from(text);
    if (chars.length <= QUOTE_CHARS) {
      return text;
    }
    var head = chars.slice(0, QUOTE_CHARS).join('');
    var cut = head.lastIndexOf(' ');
    return head.slice(0, cut < 0 ? head.length : cut).replace(/\s+$/, '') + '\u2026';
  }

  function has(draft, sentence, phrases) {
    return phrases.some(function (p) {
      return containsPhrase(sentence.words, p, draft.rules.words.numbers);
    });
  }

  function phrasesOf(list, vocabulary) {
    return list.map(function (phrase) { return phraseWords(phrase, vocabulary); });
  }

  function checkAspiration(draft) {
    var r = draft.rules.aspiration;
    var sentences = draft.sentences;
    var goals = phrasesOf(r.goal_phrases, draft.rules.words);
    var aims = phrasesOf(r.aspiration_phrases, draft.rules.words);
    var firstGoal = firstIndex(sentences, function (s) { return has(draft, s, goals); });
    var firstAim = firstIndex(sentences, function (s) { return !has(draft, s, goals) && has(draft, s, aims); });
    if (firstAim >= 0 && firstGoal >= 0 && firstGoal < firstAim) {
      return finding(draft, 'aspiration', r.title, 'warn', r.buried, '', sentences[firstAim]);
    }
    if (firstAim >= 0) {
      return finding(draft, 'aspiration', r.title, 'pass', r.pass, '', sentences[firstAim]);
    }
    if (firstGoal >= 0) {
      return finding(draft, 'aspiration', r.title, 'fail', r.goal_only, '', sentences[firstGoal]);
    }
    return finding(draft, 'aspiration', r.title, 'fail', r.none, '', sentences[0]);
  }

  function checkCompany(draft) {
    var r = draft.rules.company;
    var context = draft.context;
    var vocabulary = draft.rules.words;
    var sentences = draft.sentences;
    var names = phrasesOf(r.reference_phrases, vocabulary);
    if (context.company) {
      var name = wordsOf(context.company, vocabulary);
      var short = name.length > 1 && r.articles.indexOf(name[0]) >= 0 ? name.slice(1) : name;
      if (short.length && Array.from(short[0]).length >= 5 && vocabulary.ignore.indexOf(short[0]) < 0) {
        names.push([short[0]]);
      }
      names.push(short);
      names.push(name);
    }
    var aims = context.company_statements.concat(context.company_aims).join('. ');
    var linked = firstIndex(sentences, function (s) { return has(draft, s, names); });
    if (linked < 0) {
      linked = firstIndex(sentences, function (s) { return sharedWords(s.text, aims, vocabulary) >= r.shared_words; });
    }
    var statements = context.company_statements.map(function (s) { return wordsOf(s, vocabulary); });
    var run = r.recital_words;
    var recital = firstIndex(sentences, function (s) {
      if (run <= 0) {
        return false;
      }
      for (var i = 0; i + run <= s.words.length; i += 1) {
        var piece = s.words.slice(i, i + run).join(' ');
        for (var j = 0; j < statements.length; j += 1) {
          for (var k = 0; k + run <= statements[j].length; k += 1) {
            if (statements[j].slice(k, k + run).join(' ') === piece) {
              return true;
            }
          }
        }
      }
      return false;
    });
    if (recital >= 0) {
      return finding(draft, 'company', r.title, 'warn', r.recital, '', sentences[recital]);
    }
    if (linked >= 0) {
      return finding(draft, 'company', r.title, 'pass', r.pass, '', sentences[linked]);
    }
    return finding(draft, 'company', r.title, 'fail', r.missing, '', sentences[sentences.length - 1]);
  }

  function checkPositive(draft) {
    var r = draft.rules.positive;
    var problems = r.problem.map(function (p) { return phrasesOf(p.phrases, draft.rules.words); });
    for (var i = 0; i < draft.sentences.length; i += 1) {
      for (var k = 0; k < problems.length; k += 1) {
        if (has(draft, draft.sentences[i], problems[k])) {
          return finding(draft, 'positive', r.title, 'fail', r.problem[k].advice, '', draft.sentences[i]);
        }
      }
    }
    return finding(draft, 'positive', r.title, 'pass', r.pass, '', null);
  }

  function checkSpecific(draft) {
    var r = draft.rules.specific;
    var personal = draft.context.personal;
    var example = personal.length ? personal[0] : '';
    if (!personal.length) {
      return finding(draft, 'specific', r.title, 'warn', r.unknown, example, null);
    }
    var mine = firstIndex(draft.sentences, function (s) {
      return personal.some(function (item) { return sharedWords(s.text, item, draft.rules.words) > 0; });
    });
    if (mine >= 0) {
      return finding(draft, 'specific', r.title, 'pass', r.pass, example, draft.sentences[mine]);
    }
    return finding(draft, 'specific', r.title, 'fail', r.missing, example, draft.sentences[0]);
  }

  function checkLength(draft) {
    var r = draft.rules.length;
    var speaking = draft.rules.speaking;
    var sentences = draft.sentences;
    var longest = null;
    sentences.forEach(function (s) {
      if (longest === null || s.words.length > longest.words.length) {
        longest = s;
      }
    });
    if (draft.seconds < speaking.min_seconds) {
      return finding(draft, 'length', r.title, 'warn', r.short, '', sentences[sentences.length - 1]);
    }
    if (draft.seconds > speaking.max_seconds) {
      return finding(draft, 'length', r.title, 'fail', r.long, '', longest);
    }
    return finding(draft, 'length', r.title, 'pass', r.pass, '', null);
  }

  // The panel replaces the printed feedback section when the page has one,
  // and otherwise sits under the draft's text box.
  var draftBox = doc.querySelector('textarea[data-prompt-id="aspiration.draft_answer"]');
  var reviewPanel = null;

  function placeReviewPanel() {
    reviewPanel = doc.createElement('div');
    reviewPanel.className = 'live-review';
    reviewPanel.id = 'live-review';
    var heading = byId('feedback-on-your-answer');
    if (heading) {
      var next = heading.nextElementSibling;
      while (next && !/^H[12]$/.test(next.tagName) && !next.classList.contains('worksheet')) {
        var gone = next;
        next = next.nextElementSibling;
        gone.parentNode.removeChild(gone);
      }
      heading.parentNode.insertBefore(reviewPanel, heading.nextSibling);
    } else {
      var prompt = draftBox.closest('.prompt');
      (prompt || draftBox.parentNode).appendChild(reviewPanel);
    }
  }

  function element(tag, className, text) {
    var made = doc.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text !== undefined) {
      made.textContent = text;
    }
    return made;
  }

  function showReview() {
    var result = reviewDraft(reviewRules, reviewContext, draftBox.value);
    var text = reviewRules.feedback;
    while (reviewPanel.firstChild) {
      reviewPanel.removeChild(reviewPanel.firstChild);
    }
    if (result === null) {
      reviewPanel.appendChild(element('p', 'live-review-summary', text.waiting));
      return;
    }
    var good = result.findings.filter(function (f) { return f.verdict === 'pass'; }).length;
    var summary = element('p', 'live-review-summary', say(text.live, {
      words: result.words, seconds: result.seconds, good: good, checks: result.findings.length
    }));
    summary.setAttribute('aria-live', 'polite');
    reviewPanel.appendChild(summary);
    var list = element('ul', 'review-findings');
    result.findings.forEach(function (f) {
      var item = element('li', 'finding finding-' + f.verdict);
      item.setAttribute('data-check', f.check);
      item.setAttribute('data-verdict', f.verdict);
      var line = element('p', 'finding-text');
      line.appendChild(element('strong', null, f.label + ': ' + f.title + '.'));
      line.appendChild(doc.createTextNode(' ' + f.message));
      item.appendChild(line);
      if (f.sentence !== null) {
        item.appendChild(element('p', 'finding-quote', text.quote.split('{sentence}').join(f.sentence)));
      }
      list.appendChild(item);
    });
    reviewPanel.appendChild(list);
  }

  if (reviewRules && reviewContext && draftBox) {
    placeReviewPanel();
    showReview();
    doc.addEventListener('input', function (event) {
      if (event.target === draftBox) {
        showReview();
      }
    });
  }

  /* Contents drawer (narrow screens) ----------------------------------- */

  var menuButton = byId('menu-button');
  var closeButton = byId('drawer-close');
  var drawer = byId('drawer');
  var backdrop = byId('backdrop');
  var masthead = doc.querySelector('.masthead');
  var content = doc.querySelector('.content');
  var media = window.matchMedia ? window.matchMedia(wideQuery) : null;

  function isWide() {
    return media ? media.matches : window.innerWidth >= 1000;
  }

  function setInert(on) {
    [masthead, content].forEach(function (element) {
      if (!element) {
        return;
      }
      if (on) {
        element.setAttribute('inert', '');
      } else {
        element.removeAttribute('inert');
      }
    });
  }

  function drawerIsOpen() {
    return body.classList.contains('drawer-open');
  }

  function openDrawer() {
    if (!drawer || isWide()) {
      return;
    }
    body.classList.add('drawer-open');
    if (menuButton) {
      menuButton.setAttribute('aria-expanded', 'true');
    }
    if (backdrop) {
      backdrop.hidden = false;
    }
    setInert(true);
    var current = drawer.querySelector('.toc a.is-active') || closeButton;
    if (current) {
      current.focus();
    }
  }

  function closeDrawer(returnFocus) {
    if (!drawerIsOpen()) {
      return;
    }
    body.classList.remove('drawer-open');
    if (menuButton) {
      menuButton.setAttribute('aria-expanded', 'false');
    }
    if (backdrop) {
      backdrop.hidden = true;
    }
    setInert(false);
    if (returnFocus && menuButton) {
      menuButton.focus();
    }
  }

  if (menuButton) {
    menuButton.addEventListener('click', function () {
      if (drawerIsOpen()) {
        closeDrawer(true);
      } else {
        openDrawer();
      }
    });
  }
  if (closeButton) {
    closeButton.addEventListener('click', function () {
      closeDrawer(true);
    });
  }
  if (backdrop) {
    backdrop.addEventListener('click', function () {
      closeDrawer(true);
    });
  }
  doc.addEventListener('keydown', function (event) {
    if ((event.key === 'Escape' || event.key === 'Esc') && drawerIsOpen()) {
      closeDrawer(true);
    }
  });
  if (drawer) {
    drawer.addEventListener('click', function (event) {
      var link = event.target && event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (link && drawerIsOpen()) {
        closeDrawer(false);
      }
    });
  }
  if (media) {
    var onMediaChange = function () {
      if (isWide()) {
        closeDrawer(false);
      }
      markScrollableTables();
    };
    if (media.addEventListener) {
      media.addEventListener('change', onMediaChange);
    } else if (media.addListener) {
      media.addListener(onMediaChange);
    }
  }

  /* Tables that scroll sideways must be reachable by keyboard ---------- */

  function markScrollableTables() {
    all('.table-wrap').forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute('tabindex')) {
          wrap.setAttribute('tabindex', '0');
          wrap.setAttribute('role', 'region');
          var caption = wrap.querySelector('caption');
          wrap.setAttribute('aria-label', caption && hasText(caption.textContent) ? caption.textContent : say(said.table));
        }
      } else if (wrap.getAttribute('role') === 'region') {
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-label');
      }
    });
  }

  var resizeQueued = false;
  window.addEventListener('resize', function () {
    if (resizeQueued) {
      return;
    }
    resizeQueued = true;
    window.requestAnimationFrame(function () {
      resizeQueued = false;
      markScrollableTables();
      if (!cssGrows) {
        textareas.forEach(autosize);
      }
    });
  });

  markScrollableTables();

  /* Current chapter and section in the contents ------------------------ */

  var chapterLinks = {};
  all('.toc a[data-chapter]').forEach(function (link) {
    chapterLinks[link.getAttribute('data-chapter')] = link;
  });
  var sectionLinks = {};
  all('.toc a[data-section]').forEach(function (link) {
    sectionLinks[link.getAttribute('data-section')] = link;
  });

  var chapters = all('main .chapter');
  var activeChapter = null;
  var activeSection = null;
  var sidebar = byId('sidebar');

  function keepInView(link) {
    if (!sidebar || !isWide() || !link) {
      return;
    }
    var box = sidebar.getBoundingClientRect();
    var item = link.getBoundingClientRect();
    var top = box.top + (masthead ? masthead.offsetHeight : 0) + 8;
    if (item.top < top) {
      sidebar.scrollTop -= top - item.top;
    } else if (item.bottom > box.bottom - 8) {
      sidebar.scrollTop += item.bottom - box.bottom + 8;
    }
  }

  function setActiveSection(id) {
    if (id === activeSection) {
      return;
    }
    if (activeSection && sectionLinks[activeSection]) {
      sectionLinks[activeSection].classList.remove('is-active');
    }
    activeSection = id;
    if (id && sectionLinks[id]) {
      sectionLinks[id].classList.add('is-active');
      keepInView(sectionLinks[id]);
    }
  }

  function setActiveChapter(id) {
    if (id === activeChapter) {
      return;
    }
    if (activeChapter && chapterLinks[activeChapter]) {
      chapterLinks[activeChapter].classList.remove('is-active');
      chapterLinks[activeChapter].removeAttribute('aria-current');
    }
    activeChapter = id;
    if (id && chapterLinks[id]) {
      chapterLinks[id].classList.add('is-active');
      chapterLinks[id].setAttribute('aria-current', 'location');
      keepInView(chapterLinks[id]);
    }
  }

  // The section is the last listed h2 of the current chapter whose top has
  // passed the reading line (a fifth of the way down the window).
  function updateSection() {
    var chapter = activeChapter ? byId(activeChapter) : null;
    var found = null;
    if (chapter) {
      var line = window.innerHeight * 0.2;
      var headings = all('h2[id]', chapter);
      for (var i = 0; i < headings.length; i += 1) {
        if (!sectionLinks[headings[i].id]) {
          continue;
        }
        if (headings[i].getBoundingClientRect().top <= line) {
          found = headings[i].id;
        } else {
          break;
        }
      }
    }
    setActiveSection(found);
  }

  // Above the first chapter the first one is current; at the very bottom,
  // the last (it may be too short to reach the band).
  var bandChapter = null;

  function followEdges() {
    var band = window.innerHeight * 0.2;
    if (chapters[0].getBoundingClientRect().top > band) {
      setActiveChapter(chapters[0].id);
    } else if (window.innerHeight + window.pageYOffset >= doc.documentElement.scrollHeight - 2) {
      setActiveChapter(chapters[chapters.length - 1].id);
    } else if (bandChapter) {
      setActiveChapter(bandChapter);
    }
  }

  if (chapters.length) {
    setActiveChapter(chapters[0].id);
    followEdges();
  }

  if (chapters.length && 'IntersectionObserver' in window) {
    // A thin band near the top of the window: the chapter crossing it is
    // the one being read.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          bandChapter = entry.target.id;
        }
      });
      followEdges();
      updateSection();
    }, { rootMargin: '-15% 0px -80% 0px', threshold: 0 });
    chapters.forEach(function (chapter) {
      observer.observe(chapter);
    });

    var sectionQueued = false;
    window.addEventListener('scroll', function () {
      if (sectionQueued) {
        return;
      }
      sectionQueued = true;
      window.requestAnimationFrame(function () {
        sectionQueued = false;
        followEdges();
        updateSection();
      });
    }, { passive: true });
  }
})();
