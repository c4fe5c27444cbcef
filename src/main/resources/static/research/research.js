// The research page: asks /api/research/feasibility with the form's criteria and shows the counts (no patient data).
(function () {
  'use strict';

  const EXPORT_POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  let csrf = null;
  let chart = null;
  let answers = 0;

  function status(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  async function loadCsrfToken() {
    const response = await fetch('/research/csrf',
      { headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
    if (response.status === 401) {
      window.location.href = '/login';
      throw new Error('Please log in again');
    }
    if (!response.ok) throw new Error('no session (' + response.status + ')');
    csrf = await response.json();
  }

  // The page's own calls use the session: X-Requested-With routes them to the page chain and answers 401, not a prompt.
  function call(method, path, body) {
    const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrf && method !== 'GET') headers[csrf.headerName] = csrf.token;
    return fetch(path, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function send(method, path, body) {
    let response = await call(method, path, body);
    if (response.status === 403 && method !== 'GET') {
      await loadCsrfToken(); // the token changes with the session, e.g. after logging in again elsewhere
      response = await call(method, path, body);
    }
    if (response.status === 401) {
      window.location.href = '/login';
      throw new Error('Please log in again');
    }
    return response;
  }

  async function problemOf(response) {
    try { return await response.json(); } catch (ignored) { return {}; }
  }

  function criteria() {
    const asked = {};
    for (const name of ['diagnosis', 't', 'n', 'm', 'modality', 'from', 'to', 'sex']) {
      const value = $(name).value.trim();
      if (value) asked[name] = value;
    }
    for (const name of ['minAge', 'maxAge']) {
      const value = $(name).value.trim();
      if (value) asked[name] = Number(value);
    }
    return asked;
  }

  function showErrors(messages) {
    const list = $('error-list');
    list.replaceChildren(...messages.map((message) => {
      const li = document.createElement('li');
      li.textContent = message;
      return li;
    }));
    $('errors').hidden = messages.length === 0;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    for (const [text, className] of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      if (className) td.className = className;
      tr.appendChild(td);
    }
    return tr;
  }

  function drawChart(centres) {
    if (!chart) {
      chart = echarts.init($('chart-centres'));
      window.addEventListener('resize', () => chart.resize());
      chart.on('finished', () => { document.body.dataset.chartFinished = String(answers); });
    }
    // a hidden count ("<5") is drawn as an empty bar labelled as given; its size is not known
    chart.setOption({
      tooltip: { trigger: 'axis', formatter: (items) => items[0].name + ': ' + items[0].data.shown },
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      xAxis: { type: 'category', data: centres.map((c) => c.name || c.centre) },
      yAxis: { type: 'value', minInterval: 1, name: 'patients' },
      series: [{ type: 'bar', barMaxWidth: 48, color: '#2d6cdf',
        label: { show: true, position: 'top', formatter: (item) => item.data.shown },
        data: centres.map((c) => ({ value: /^\d+$/.test(c.count) ? Number(c.count) : 0, shown: c.count })) }]
    }, true);
  }

  function drawAnswer(answer) {
    $('result-empty').hidden = true;
    $('result').hidden = false;
    $('total').textContent = answer.total;
    $('threshold').textContent = answer.threshold;
    $('threshold-shown').textContent = answer.threshold;
    $('asked-at').textContent = new Date(answer.askedAt).toLocaleString();
    const body = $('centres-table').querySelector('tbody');
    body.replaceChildren(...answer.centres.map((c) => row([[c.name || c.centre], [c.count, 'number']])));
    for (const c of answer.unavailableCentres) body.appendChild(row([[(c.name || c.centre) + ' (did not answer)'], ['–', 'number']]));
    const incomplete = $('incomplete');
    incomplete.hidden = answer.complete;
    incomplete.textContent = answer.complete ? '' : 'Incomplete: ' + answer.unavailableCentres
      .map((c) => (c.name || c.centre) + ' (' + c.reason + ')').join(', ')
      + ' did not answer; their patients are missing from every count, the total included.';
    answers++;
    drawChart(answer.centres);
    document.body.dataset.answers = String(answers);
  }

  async function ask(event) {
    event.preventDefault();
    $('ask').disabled = true;
    status('asking the centres…');
    try {
      const response = await send('POST', '/api/research/feasibility', criteria());
      if (response.ok) {
        showErrors([]);
        drawAnswer(await response.json());
        status('Answered ' + new Date().toLocaleTimeString());
      } else if (response.status === 400) {
        const problem = await problemOf(response);
        showErrors(problem.errors || [problem.detail || 'The criteria cannot be asked']);
        status('Please correct the criteria', true);
      } else if (response.status === 429) {
        const seconds = response.headers.get('Retry-After') || '60';
        status('Too many queries, try again in ' + seconds + ' s', true);
      } else {
        const problem = await problemOf(response);
        status('Could not count: ' + (problem.detail || response.status + ' ' + response.statusText), true);
      }
    } catch (error) {
      status('Could not count: ' + error.message, true);
    } finally {
      $('ask').disabled = false;
    }
  }

  function exportStatus(text, isError) {
    $('export-status').textContent = text;
    $('export-status').className = isError ? 'error' : '';
  }

  function showFiles(result) {
    $('export-files').replaceChildren(...result.output.map((file) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = file.url;
      a.textContent = file.type + ' (' + file.count + ')';
      li.appendChild(a);
      return li;
    }));
    exportStatus('Export completed: ' + result.patients + ' patients' +
      (result.expires ? '; files available until ' + new Date(result.expires).toLocaleString() : '') + '.');
  }

  async function poll(location) {
    const response = await send('GET', location);
    if (response.status === 202) {
      exportStatus('Export running' + (response.headers.get('X-Progress') ? ': ' + response.headers.get('X-Progress') : '…'));
      setTimeout(() => poll(location).catch((error) => exportStatus('Export status unknown: ' + error.message, true)),
        EXPORT_POLL_MS);
      return;
    }
    const result = await problemOf(response);
    if (response.ok && result.status === 'completed') {
      showFiles(result);
    } else {
      exportStatus('Export failed: ' + (result.error || result.detail || response.status), true);
    }
  }

  async function startExport(event) {
    event.preventDefault();
    const project = $('project').value.trim();
    const types = [...document.querySelectorAll('#export-form input[name=types]:checked')].map((box) => box.value);
    if (!project || types.length === 0) {
      exportStatus('Name the project and choose at least one resource type.', true);
      return;
    }
    $('export-files').replaceChildren();
    exportStatus('Requesting the export…');
    try {
      const response = await send('POST', '/api/research/exports', { project, criteria: criteria(), types });
      if (response.status === 202) {
        await poll(response.headers.get('Content-Location'));
      } else if (response.status === 404) {
        exportStatus('Exports are not available on this server yet.', true);
      } else if (response.status === 429) {
        exportStatus('Too many queries, try again in ' + (response.headers.get('Retry-After') || '60') + ' s', true);
      } else {
        const problem = await problemOf(response);
        exportStatus('Export refused: ' + (problem.errors || [problem.detail || response.status]).join('; '), true);
      }
    } catch (error) {
      exportStatus('Could not request the export: ' + error.message, true);
    }
  }

  function fillOptions(options) {
    for (const modality of options.modalities) $('modality').add(new Option(modality.display, modality.code));
    for (const sex of options.sexes) $('sex').add(new Option(sex, sex));
    for (const [category, examples] of Object.entries(options.tnmExamples)) {
      $(category + '-values').replaceChildren(...examples.map((value) => new Option(value)));
    }
  }

  async function start() {
    await loadCsrfToken();
    const response = await send('GET', '/api/research/criteria-options');
    if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
    fillOptions(await response.json());
    $('criteria').addEventListener('submit', ask);
    $('export-form').addEventListener('submit', startExport);
    status('Ready');
    document.body.dataset.ready = 'true';
  }

  start().catch((error) => status('Could not start the research page: ' + error.message, true));
})();
