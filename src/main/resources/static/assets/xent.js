// xent's playground: builds a JSON request from the form, posts it to the endpoint (a
// relative path, so it works behind a gateway prefix), shows the answer, the per-sample
// losses and the pictures (the same request with "plot" and Accept: image/svg+xml).
// Numbers are sent as typed, so the service, not this script, judges them.
(function () {
  'use strict';

  var ENDPOINTS = {
    'cross-entropy/binary': { family: 'binary', focal: false },
    'cross-entropy/multilabel': { family: 'multilabel', focal: false },
    'cross-entropy/categorical': { family: 'categorical', focal: false },
    'focal/binary': { family: 'binary', focal: true },
    'focal/multilabel': { family: 'multilabel', focal: true },
    'focal/categorical': { family: 'categorical', focal: true }
  };
  var INPUT_TYPES = {
    binary: ['probabilities', 'logits'],
    multilabel: ['probabilities', 'logits'],
    categorical: ['probabilities', 'logits', 'log-probabilities']
  };
  var HELP = {
    binary: ['One number per sample: P(y = 1) in [0, 1], or a logit.',
      'One label per sample: 0 or 1, or a soft label in [0, 1].'],
    multilabel: ['One row of K numbers per sample, a line each: P(1) per label, or logits.',
      'One row of K labels per sample, 0/1 or soft, a line each.'],
    categorical: ['One row of C ≥ 2 numbers per sample, a line each: probabilities summing to 1, logits or log-probabilities.',
      'One class index per sample (0 to C − 1); or one target row per line, sent as targets.']
  };
  var PLOTS = ['losses', 'reliability', 'groups'];
  // The JSON number grammar (RFC 8259): what the service accepts, checked before sending.
  var NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

  var $ = function (id) { return document.getElementById(id); };
  var seed = 0;
  // Whether the inputs are a generated example (then a new endpoint or input type makes a
  // new one) rather than the user's own numbers (which are never overwritten unasked).
  var generated = false;
  var imageUrls = [];

  function InputError(field, message) {
    this.field = field;
    this.message = message;
  }

  function endpoint() {
    return ENDPOINTS[$('endpoint').value];
  }

  function refreshEndpoint() {
    var e = endpoint();
    var select = $('inputType');
    var current = select.value;
    select.textContent = '';
    INPUT_TYPES[e.family].forEach(function (type) {
      var option = document.createElement('option');
      option.value = type;
      option.textContent = type;
      select.appendChild(option);
    });
    select.value = INPUT_TYPES[e.family].indexOf(current) >= 0 ? current : 'probabilities';
    document.querySelectorAll('.focal-only').forEach(function (el) { el.hidden = !e.focal; });
    document.querySelectorAll('.ce-only').forEach(function (el) {
      el.hidden = e.focal;
      if (e.focal) {
        el.querySelector('input').checked = false;
      }
    });
    $('predictions-help').textContent = HELP[e.family][0];
    $('labels-help').textContent = HELP[e.family][1];
  }

  // ---- generated examples --------------------------------------------------------------

  function random(seedValue) {
    var a = seedValue >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function gaussian(next) {
    var u = next() || 1e-12;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }

  function sigmoid(z) {
    return 1 / (1 + Math.exp(-z));
  }

  // How the example model turns the true log-odds into its own.
  function modelLogit(kind, z, next) {
    if (kind === 'overconfident') {
      return 3 * z;
    }
    if (kind === 'noisy') {
      return 0.35 * z + 1.2 * gaussian(next);
    }
    return z;
  }

  function softmax(z) {
    var max = Math.max.apply(null, z);
    var e = z.map(function (v) { return Math.exp(v - max); });
    var s = e.reduce(function (a, b) { return a + b; }, 0);
    return e.map(function (v) { return v / s; });
  }

  function draw(p, next) {
    var u = next();
    for (var c = 0; c < p.length - 1; c++) {
      u -= p[c];
      if (u < 0) {
        return c;
      }
    }
    return p.length - 1;
  }

  // A probability row in units of 1e-6 that sums to exactly 1 (and no zeroes).
  function rowOfProbabilities(p) {
    var units = p.map(function (v) { return Math.max(1, Math.round(v * 1e6)); });
    var top = units.indexOf(Math.max.apply(null, units));
    units[top] += 1e6 - units.reduce(function (a, b) { return a + b; }, 0);
    return units.map(function (u) { return u / 1e6; });
  }

  function generate() {
    var e = endpoint();
    var kind = $('example').value;
    var type = $('inputType').value;
    var next = random(++seed * 7919);
    var names = ['en', 'de', 'fr', 'es'];
    var predictions = [];
    var labels = [];
    var groups = [];
    var n = e.family === 'binary' ? 300 : 160;
    var width = e.family === 'multilabel' ? 3 : 4;
    for (var i = 0; i < n; i++) {
      var group = names[Math.floor(next() * names.length)];
      groups.push(group);
      // One group is harder: its true log-odds are flatter.
      var scale = group === 'es' ? 0.8 : 2.5;
      if (e.family === 'categorical') {
        var z = [];
        for (var c = 0; c < width; c++) {
          z.push(scale * gaussian(next));
        }
        labels.push(String(draw(softmax(z), next)));
        var model = z.map(function (v) { return modelLogit(kind, v, next); });
        if (type === 'logits') {
          predictions.push(model.map(function (v) { return v.toFixed(3); }).join(', '));
        }
        else {
          var row = rowOfProbabilities(softmax(model));
          predictions.push(row.map(function (v) {
            return type === 'probabilities' ? String(v) : Math.log(v).toPrecision(15);
          }).join(', '));
        }
      }
      else {
        var xs = [];
        var ys = [];
        for (var k = 0; k < (e.family === 'binary' ? 1 : width); k++) {
          var t = scale * gaussian(next);
          ys.push(next() < sigmoid(t) ? '1' : '0');
          var m = modelLogit(kind, t, next);
          xs.push(type === 'logits' ? m.toFixed(3)
            : String(Math.min(0.999, Math.max(0.001, Math.round(sigmoid(m) * 1000) / 1000))));
        }
        predictions.push(xs.join(', '));
        labels.push(ys.join(', '));
      }
    }
    $('predictions').value = predictions.join(e.family === 'binary' ? ', ' : '\n');
    $('labels').value = labels.join(e.family === 'multilabel' ? '\n' : ', ');
    $('groups').value = groups.join(', ');
    generated = true;
    status('Generated ' + n + ' samples of ' + $('example').selectedOptions[0].textContent + '.');
  }

  // ---- the request ---------------------------------------------------------------------

  function tokens(text) {
    return text.split(/[\s,;]+/).filter(function (t) { return t.length > 0; });
  }

  function numbers(field, text) {
    var items = tokens(text);
    items.forEach(function (t) {
      if (!NUMBER.test(t)) {
        throw new InputError(field, '"' + t.slice(0, 20) + '" is not a number.');
      }
    });
    return '[' + items.join(',') + ']';
  }

  // A column as JSON: as typed when it is a JSON array, else numbers (rows: one a line).
  function column(field, text, rows) {
    var trimmed = text.trim();
    if (trimmed.length === 0) {
      throw new InputError(field, 'is empty.');
    }
    if (trimmed.charAt(0) === '[') {
      try {
        JSON.parse(trimmed);
      }
      catch (ex) {
        throw new InputError(field, 'looks like JSON but is not: ' + ex.message);
      }
      return trimmed;
    }
    if (!rows) {
      return numbers(field, trimmed);
    }
    return '[' + trimmed.split(/\n+/).filter(function (line) { return line.trim().length > 0; })
      .map(function (line) { return numbers(field, line); }).join(',') + ']';
  }

  // Categorical labels as target rows: a JSON array of arrays, or several lines of several
  // numbers (a single line is class indices).
  function isRows(text) {
    var trimmed = text.trim();
    if (trimmed.charAt(0) === '[') {
      return /^\[\s*\[/.test(trimmed);
    }
    var lines = trimmed.split(/\n+/).filter(function (line) { return line.trim().length > 0; });
    return lines.length > 1 && lines.some(function (line) { return tokens(line).length > 1; });
  }

  function option(fields, name, id) {
    var value = $(id || name).value.trim();
    if (value.length > 0) {
      if (!NUMBER.test(value)) {
        throw new InputError(name, 'must be a number.');
      }
      fields.push(JSON.stringify(name) + ':' + value);
    }
  }

  function buildRequest() {
    var path = $('endpoint').value;
    var e = endpoint();
    var fields = ['"inputType":' + JSON.stringify($('inputType').value)];
    fields.push('"predictions":' + column('predictions', $('predictions').value, e.family !== 'binary'));
    var labelsText = $('labels').value;
    if (e.family === 'categorical' && isRows(labelsText)) {
      fields.push('"targets":' + column('labels', labelsText, true));
    }
    else {
      fields.push('"labels":' + column('labels', labelsText, e.family === 'multilabel'));
    }
    var groupsText = $('groups').value.trim();
    var hasGroups = groupsText.length > 0;
    if (hasGroups) {
      if (groupsText.charAt(0) === '[') {
        fields.push('"groups":' + column('groups', groupsText, false));
      }
      else {
        fields.push('"groups":' + JSON.stringify(tokens(groupsText)));
      }
    }
    if ($('reduction').value !== 'mean') {
      fields.push('"reduction":' + JSON.stringify($('reduction').value));
    }
    if ($('compat').value) {
      fields.push('"compat":' + JSON.stringify($('compat').value));
    }
    option(fields, 'labelSmoothing');
    if (e.focal) {
      option(fields, 'gamma');
      option(fields, 'alpha');
    }
    var summaries = Array.prototype.slice.call(document.querySelectorAll('input[name=summaries]:checked'))
      .filter(function (box) { return !box.closest('[hidden]'); })
      .map(function (box) { return box.value; });
    if (summaries.length > 0) {
      fields.push('"summaries":' + JSON.stringify(summaries));
    }
    option(fields, 'calibrationBins');
    return { path: 'v1/' + path, fields: fields, hasGroups: hasGroups };
  }

  function body(request, extra) {
    return '{' + request.fields.concat(extra || []).join(',') + '}';
  }

  // ---- answers -------------------------------------------------------------------------

  function status(text) {
    $('status').textContent = text;
  }

  function format(x) {
    if (x === null || x === undefined) {
      return '–';
    }
    if (typeof x !== 'number') {
      return String(x);
    }
    return Math.abs(x) >= 1e-4 || x === 0 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
  }

  function clearMarks() {
    document.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
  }

  function mark(pointer) {
    var name = String(pointer || '').split('/')[1];
    var id = { targets: 'labels', sampleWeights: 'predictions' }[name] || name;
    var el = id ? $(id) : null;
    if (el && el.matches('input, select, textarea')) {
      el.setAttribute('aria-invalid', 'true');
    }
  }

  function showProblem(problem) {
    $('result').hidden = true;
    $('problem-title').textContent = problem.title || 'The service refused the request';
    $('problem-detail').textContent = (problem.status ? problem.status + ': ' : '') + (problem.detail || '');
    var list = $('problem-errors');
    list.textContent = '';
    (problem.errors || []).slice(0, 20).forEach(function (error) {
      var item = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = error.pointer || '';
      item.appendChild(code);
      item.appendChild(document.createTextNode(' ' + (error.detail || '')));
      list.appendChild(item);
      mark(error.pointer);
    });
    $('problem').hidden = false;
    $('problem').focus();
  }

  function addNumber(list, name, value) {
    var div = document.createElement('div');
    var dt = document.createElement('dt');
    var dd = document.createElement('dd');
    dt.textContent = name;
    dd.textContent = format(value);
    div.appendChild(dt);
    div.appendChild(dd);
    list.appendChild(div);
  }

  function showResult(answer, request, requestBody) {
    var list = $('aggregates');
    list.textContent = '';
    ['count', 'weightSum', 'sum', 'mean'].forEach(function (name) { addNumber(list, name, answer[name]); });
    var s = answer.summaries || {};
    if (s.stderr) {
      addNumber(list, 'stderr of the mean', s.stderr.stderr);
    }
    if (s.accuracy) {
      addNumber(list, 'accuracy', s.accuracy.accuracy);
    }
    if (s.calibration) {
      addNumber(list, 'ECE', s.calibration.ece);
      addNumber(list, 'Brier', s.calibration.brier);
    }
    if (s.divergence) {
      addNumber(list, 'KL divergence', s.divergence.kl);
    }
    if (s.perplexity) {
      addNumber(list, 'perplexity', s.perplexity.perplexity);
    }
    var rows = $('losses').tBodies[0];
    rows.textContent = '';
    var losses = answer.losses || [];
    var gradients = answer.gradients || [];
    for (var i = 0; i < Math.min(losses.length, 500); i++) {
      var tr = document.createElement('tr');
      [String(i), format(losses[i]), Array.isArray(gradients[i])
        ? gradients[i].map(format).join(', ') : format(gradients[i])].forEach(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    }
    $('response').textContent = JSON.stringify(answer, null, 1);
    var url = new URL(request.path, document.baseURI).href;
    $('curl').textContent = 'curl -s \'' + url + '\' -H \'Content-Type: application/json\' \\\n  -d \''
      + requestBody.replace(/'/g, '\'\\\'\'') + '\'\n# the picture: add "plot": "losses" to the body and -H \'Accept: image/svg+xml\'';
    $('plot-groups').hidden = !request.hasGroups;
    $('problem').hidden = true;
    $('result').hidden = false;
  }

  function unescapeXml(text) {
    return text.replace(/&(lt|gt|quot|apos|amp);/g, function (m, name) {
      return { lt: '<', gt: '>', quot: '"', apos: '\'', amp: '&' }[name];
    });
  }

  async function drawPlot(request, plot) {
    var figure = $('plot-' + plot);
    var img = figure.querySelector('img');
    var caption = figure.querySelector('figcaption');
    caption.dataset.text = caption.dataset.text || caption.textContent;
    caption.textContent = caption.dataset.text;
    var response = await fetch(request.path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'image/svg+xml' },
      body: body(request, ['"plot":' + JSON.stringify(plot)])
    });
    if (!response.ok) {
      var problem = await response.json().catch(function () { return {}; });
      caption.textContent = 'No ' + plot + ' plot: ' + (problem.detail || response.status);
      img.removeAttribute('src');
      return;
    }
    var svg = await response.text();
    // The alternative text: the chart's title and subtitle. Read from the text, not parsed
    // into a document, which would apply the SVG's inline styles under this page's policy.
    var title = /<title>([^<]*)<\/title>/.exec(svg);
    var texts = svg.match(/<text[^>]*>[^<]*<\/text>/g) || [];
    img.alt = unescapeXml(title ? title[1] : plot)
      + (texts.length > 1 ? '. ' + unescapeXml(texts[1].replace(/<[^>]*>/g, '')) : '');
    var url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    imageUrls.push(url);
    await new Promise(function (resolve) {
      img.onload = resolve;
      img.onerror = resolve;
      img.src = url;
    });
  }

  async function score(event) {
    event.preventDefault();
    clearMarks();
    $('problem').hidden = true;
    var request;
    try {
      request = buildRequest();
    }
    catch (ex) {
      if (!(ex instanceof InputError)) {
        throw ex;
      }
      showProblem({ title: 'Check the form', detail: ex.field + ' ' + ex.message,
        errors: [{ pointer: '/' + ex.field, detail: ex.message }] });
      status('Not sent: ' + ex.field + ' ' + ex.message);
      return;
    }
    var button = $('score');
    button.disabled = true;
    status('Scoring…');
    try {
      var requestBody = body(request);
      var response = await fetch(request.path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: requestBody
      });
      var text = await response.text();
      var answer = null;
      try {
        answer = JSON.parse(text);
      }
      catch (ex) {
        answer = { detail: text.slice(0, 300) };
      }
      if (!response.ok) {
        answer.status = answer.status || response.status;
        showProblem(answer);
        status('Refused with ' + response.status + ': ' + (answer.title || '') + '.');
        return;
      }
      imageUrls.forEach(function (url) { URL.revokeObjectURL(url); });
      imageUrls = [];
      showResult(answer, request, requestBody);
      status('Scored ' + answer.count + ' samples; drawing the plots…');
      var plots = PLOTS.filter(function (plot) { return plot !== 'groups' || request.hasGroups; });
      await Promise.all(plots.map(function (plot) { return drawPlot(request, plot); }));
      status('Scored ' + answer.count + ' samples: mean loss ' + format(answer.mean) + '. '
        + plots.length + ' plots drawn.');
      $('result-h').focus();
    }
    catch (ex) {
      showProblem({ title: 'The service could not be reached', detail: String(ex && ex.message || ex) });
      status('Failed: ' + (ex && ex.message || ex));
    }
    finally {
      button.disabled = false;
    }
  }

  function start() {
    refreshEndpoint();
    generate();
    $('endpoint').addEventListener('change', function () {
      refreshEndpoint();
      if (generated) {
        generate();
      }
    });
    $('inputType').addEventListener('change', function () {
      if (generated) {
        generate();
      }
    });
    ['predictions', 'labels', 'groups'].forEach(function (id) {
      $(id).addEventListener('input', function () { generated = false; });
    });
    $('generate').addEventListener('click', generate);
    var form = $('play');
    form.addEventListener('submit', score);
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  start();
}());
