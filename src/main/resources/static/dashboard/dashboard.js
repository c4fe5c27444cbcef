// The pathway dashboard: reads /api/dashboard/* with the page's filters and redraws in place (no reload).
(function () {
  'use strict';

  const STAGES = ['referral', 'diagnostics', 'tumour-board', 'treatment', 'follow-up'];
  const AGES = [['underOneDay', '< 1 day'], ['oneToThreeDays', '1–3 days'], ['threeToSevenDays', '3–7 days'],
    ['overSevenDays', '> 7 days']];
  const charts = {};
  let refreshTimer = null;
  let refreshSeconds = 30;
  let loads = 0;

  const $ = (id) => document.getElementById(id);

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init($(id));
      window.addEventListener('resize', () => charts[id].resize());
    }
    return charts[id];
  }

  function query() {
    const params = new URLSearchParams();
    for (const name of ['from', 'to', 'centre', 'model']) {
      const value = $('filter-' + name).value;
      if (value) params.set(name, value);
    }
    return params;
  }

  async function get(path, extra) {
    const params = query();
    for (const [name, value] of Object.entries(extra || {})) params.set(name, value);
    const response = await fetch('/api/dashboard/' + path + '?' + params,
      { headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
    if (response.status === 401) {
      window.location.href = '/login';
      throw new Error('Please log in again');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not a problem detail */ }
      throw new Error(detail);
    }
    return response.json();
  }

  const number = (value, digits) => value === null || value === undefined ? '–' : value.toFixed(digits ?? 1);
  const percent = (share) => share === null || share === undefined ? '–' : Math.round(share * 100) + ' %';
  const date = (instant) => instant ? new Date(instant).toISOString().slice(0, 10) : '';

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function link(text, href) {
    const td = document.createElement('td');
    if (href) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function fill(tableId, rows, toCells, emptyText) {
    const body = $(tableId).querySelector('tbody');
    body.replaceChildren();
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(emptyText, 'empty');
      td.colSpan = $(tableId).querySelectorAll('th').length;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    for (const row of rows) {
      const tr = document.createElement('tr');
      toCells(row).forEach((td) => tr.appendChild(td));
      body.appendChild(tr);
    }
  }

  function drawStages(active) {
    $('kpi-active').textContent = active.total;
    const centres = [...new Set(active.byStageAndCentre.map((c) => c.centre || 'unknown'))].sort();
    const stages = STAGES.filter((s) => active.byStageAndCentre.some((c) => c.stage === s))
      .concat([...new Set(active.byStageAndCentre.map((c) => c.stage))].filter((s) => !STAGES.includes(s)));
    chart('chart-stages').setOption({
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: stages }, yAxis: { type: 'value', minInterval: 1 },
      series: centres.map((centre) => ({
        name: centre, type: 'bar', stack: 'pathways', label: { show: true },
        data: stages.map((stage) => active.byStageAndCentre
          .filter((c) => c.stage === stage && (c.centre || 'unknown') === centre)
          .reduce((sum, c) => sum + c.pathways, 0) || null)
      }))
    }, true);
  }

  function drawTreatment(figures) {
    $('kpi-target').textContent = number(figures.targetDays, 0);
    $('kpi-decision-target').textContent = number(figures.decisionTargetDays, 0);
    $('kpi-median').textContent = number(figures.referralToTreatment.median);
    $('kpi-p90').textContent = number(figures.referralToTreatment.p90);
    $('kpi-within').textContent = percent(figures.referralToTreatment.shareWithinTarget);
    $('kpi-decision-median').textContent = number(figures.decisionToTreatment.median);
    $('kpi-waiting').textContent = figures.waitingBeyondTarget;
    chart('chart-trend').setOption({
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: figures.trend.map((p) => p.period) },
      yAxis: [{ type: 'value', name: 'days' }, { type: 'value', name: 'within', max: 100, min: 0,
        axisLabel: { formatter: '{value} %' } }],
      series: [
        { name: 'median', type: 'line', data: figures.trend.map((p) => p.median),
          markLine: { symbol: 'none', label: { formatter: 'target {c} d' }, lineStyle: { color: '#b3261e' },
            data: [{ yAxis: figures.targetDays }] } },
        { name: 'p90', type: 'line', data: figures.trend.map((p) => p.p90) },
        { name: 'within target', type: 'bar', yAxisIndex: 1, barMaxWidth: 24, itemStyle: { opacity: 0.35 },
          data: figures.trend.map((p) => p.shareWithinTarget === null ? null : Math.round(p.shareWithinTarget * 100)) }
      ]
    }, true);
  }

  function drawHandovers(handovers) {
    const pairs = handovers.pairs.map((p) => p.fromCentre + ' → ' + p.toCentre);
    chart('chart-handovers').setOption({
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 130, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'value', name: 'hours' }, yAxis: { type: 'category', data: pairs, inverse: true },
      series: [
        { name: 'sent → accepted (median)', type: 'bar', label: { show: true, position: 'right' },
          data: handovers.pairs.map((p) => p.medianHoursToAccept) },
        { name: 'accepted → started (median)', type: 'bar', label: { show: true, position: 'right' },
          data: handovers.pairs.map((p) => p.medianHoursToStart) }
      ]
    }, true);
    fill('handovers-table', handovers.pairs, (p) => [cell(p.fromCentre), cell(p.toCentre),
      cell(p.referrals, 'number'), cell(number(p.medianHoursToAccept) + ' / ' + number(p.p90HoursToAccept), 'number'),
      cell(number(p.medianHoursToStart) + ' / ' + number(p.p90HoursToStart), 'number')], 'No referrals in the period');
  }

  function drawOpen(open) {
    $('kpi-overdue').textContent = open.overdueTotal;
    const statuses = open.byStatus.map((s) => s.status);
    chart('chart-open').setOption({
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 80, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: statuses },
      series: AGES.map(([key, name]) => ({ name, type: 'bar', stack: 'age', label: { show: true },
        data: open.byStatus.map((s) => s[key] || null) }))
    }, true);
    fill('overdue-table', open.overdue, (r) => [link(r.twinId || '–', r.twinLink), cell(r.fromCentre),
      cell(r.toCentre), cell(r.modality || ''), cell(r.status), cell(date(r.sentAt)), cell(date(r.dueAt)),
      cell(number(r.daysOverdue), 'number'), link('Pathway', r.pathwayLink), link('Cockpit', r.cockpitLink)], 'No referral is overdue');
  }

  function drawRejections(rows) {
    fill('rejections-table', rows, (r) => [cell(r.centre), cell(r.status), cell(r.reason),
      cell(r.referrals, 'number')], 'No rejection or failure in the period');
  }

  function drawIncidents(incidents) {
    $('kpi-incidents').textContent = incidents.open;
    fill('incidents-table', incidents.newest, (i) => [cell(date(i.since)), cell(i.type), cell(i.message || ''),
      link('Open in Cockpit', i.cockpitLink)], 'No open incident');
  }

  function updateCsvLinks() {
    for (const a of document.querySelectorAll('a.csv')) {
      const params = query();
      params.set('format', 'csv');
      if (a.dataset.csv === 'time-to-treatment') params.set('bucket', $('filter-bucket').value);
      a.href = '/api/dashboard/' + a.dataset.csv + '?' + params;
    }
  }

  async function refresh() {
    updateCsvLinks();
    try {
      const [active, treatment, handovers, open, rejections, incidents] = await Promise.all([
        get('active-pathways'), get('time-to-treatment', { bucket: $('filter-bucket').value }), get('handovers'),
        get('open-referrals'), get('rejections'), get('incidents')]);
      drawStages(active);
      drawTreatment(treatment);
      drawHandovers(handovers);
      drawOpen(open);
      drawRejections(rejections);
      drawIncidents(incidents);
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      $('updated').className = '';
    } catch (error) {
      $('updated').textContent = 'Could not load the figures: ' + error.message;
      $('updated').className = 'error';
    }
    document.body.dataset.loads = String(++loads);
  }

  function schedule() {
    clearInterval(refreshTimer);
    if ($('auto-refresh').checked) refreshTimer = setInterval(refresh, refreshSeconds * 1000);
  }

  async function start() {
    const settings = await get('settings');
    refreshSeconds = settings.refreshSeconds;
    for (const centre of settings.centres) $('filter-centre').add(new Option(centre, centre));
    for (const model of settings.models) $('filter-model').add(new Option(model, model));
    const today = new Date();
    const yearAgo = new Date(today);
    yearAgo.setFullYear(today.getFullYear() - 1);
    $('filter-from').value = yearAgo.toISOString().slice(0, 10);
    $('filter-to').value = today.toISOString().slice(0, 10);
    $('filters').addEventListener('change', (event) => {
      if (event.target.id === 'auto-refresh') schedule(); else refresh();
    });
    $('filters').addEventListener('submit', (event) => event.preventDefault());
    await refresh();
    schedule();
  }

  start().catch((error) => {
    $('updated').textContent = 'Could not start the dashboard: ' + error.message;
    $('updated').className = 'error';
  });
})();
