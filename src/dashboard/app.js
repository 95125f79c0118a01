/* leadloop dashboard: fetches /api/report and draws it. Plain browser JavaScript; Chart.js is served by leadloop. */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);
  const num = (v) => (v === null || v === undefined ? '–' : String(v));
  const COLORS = ['#0b6bcb', '#2a9d8f', '#e9c46a', '#f4a261', '#9b5de5'];
  const charts = {};
  let current = {};

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), { ...config, options: { responsive: true, maintainAspectRatio: true, animation: false, ...(config.options || {}) } });
  }

  function rows(tbodyParent, list, cells) {
    const tbody = $(tbodyParent).querySelector('tbody');
    tbody.replaceChildren(
      ...list.map((item) => {
        const tr = document.createElement('tr');
        for (const [value, isNum] of cells(item)) {
          const td = document.createElement('td');
          td.textContent = value;
          if (isNum) td.className = 'num';
          tr.appendChild(td);
        }
        return tr;
      }),
    );
  }

  function render(r) {
    const c = r.contract;
    $('kpi-mqls').textContent = String(c.mqlsDelivered);
    $('kpi-commitment').textContent = String(c.commitmentForPeriod);
    $('kpi-intime').textContent = `${pct(c.firstTouchedInTime.share)} of ${c.firstTouchedInTime.of}`;
    $('kpi-hours').textContent = `${num(c.hoursToFirstTouch.median)} / ${num(c.hoursToFirstTouch.p90)}`;
    $('kpi-attempts').textContent = num(c.attemptsPerLead);
    rows('contract-parts', c.terms || [], (t) => [
      [`${t.from.slice(0, 10)} – ${t.to.slice(0, 10)}`, false],
      [t.versionId === null ? 'config/sla.json' : `v${t.versionId} (${t.author})`, false],
      [String(t.commitment), true],
      [String(t.commitmentForSegment), true],
      [String(t.mqlsDelivered), true],
      [pct(t.firstTouchedInTime.share), true],
      [pct(t.attemptsKept.share), true],
    ]);
    $('print-title').textContent = `leadloop review: ${current.month || `${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}`} (printed from the dashboard)`;
    document.title = `leadloop review ${current.month || r.period.from.slice(0, 7)}`;

    draw('chart-mqls', {
      data: {
        labels: c.byWeek.map((w) => w.weekStart),
        datasets: [
          { type: 'bar', label: 'MQLs delivered', data: c.byWeek.map((w) => w.mqls), backgroundColor: COLORS[0] },
          { type: 'line', label: 'Commitment', data: c.byWeek.map((w) => w.commitment), borderColor: COLORS[3], backgroundColor: COLORS[3] },
        ],
      },
    });
    $('chart-mqls').setAttribute('aria-label', `MQLs by week: ${c.byWeek.map((w) => `${w.weekStart}: ${w.mqls} of ${w.commitment}`).join('; ')}`);

    const inTime = Math.round((c.firstTouchedInTime.share || 0) * c.firstTouchedInTime.of);
    draw('chart-sla', { type: 'doughnut', data: { labels: ['Touched in time', 'Late or not yet'], datasets: [{ data: [inTime, c.firstTouchedInTime.of - inTime], backgroundColor: [COLORS[1], '#d1495b'] }] } });
    $('chart-sla').setAttribute('aria-label', `First touch in time: ${inTime} of ${c.firstTouchedInTime.of}`);

    draw('chart-overdue', { type: 'bar', data: { labels: c.overdueNow.map((o) => o.ownerName || o.ownerId || 'unowned'), datasets: [{ label: 'Overdue leads', data: c.overdueNow.map((o) => o.overdue), backgroundColor: '#d1495b' }] }, options: { indexAxis: 'y' } });
    $('chart-overdue').setAttribute('aria-label', `Overdue per owner: ${c.overdueNow.map((o) => `${o.ownerName || o.ownerId || 'unowned'} ${o.overdue}`).join('; ') || 'none'}`);

    const sources = r.funnel.bySource.slice(0, 8);
    const stages = ['lead', 'mql', 'sql', 'opportunity', 'customer'];
    draw('chart-funnel', { type: 'bar', data: { labels: sources.map((s) => s.key), datasets: stages.map((st, i) => ({ label: st, data: sources.map((s) => s.counts[st]), backgroundColor: COLORS[i] })) } });
    $('chart-funnel').setAttribute('aria-label', `Funnel by source: ${sources.map((s) => `${s.key}: ${stages.map((st) => `${s.counts[st]} ${st}`).join(', ')}`).join('; ')}`);

    const d = r.funnel.medianDaysInStage;
    rows('time-in-stage', [d], (x) => [[num(x.lead), true], [num(x.mql), true], [num(x.sql), true], [num(x.opportunity), true]]);
    const quality = (q) => [[q.key, false], [String(q.mqls), true], [pct(q.acceptedShare), true], [pct(q.rejectedShare), true]];
    rows('quality-source', r.quality.bySource, quality);
    rows('quality-form', r.quality.byForm, quality);
    rows('duplicates', r.duplicates, (g) => [[g.reason, false], [g.key, false], [g.contacts.map((x) => `${x.displayName || ''} (${x.contactId})`).join(', '), false]]);

    window.leadloopLastReport = r;
    if (window.leadloopRenderRevenue) window.leadloopRenderRevenue(r);

    const k = r.calculator;
    $('calc-result').textContent = k.plan
      ? `${k.plan.dealsPerMonth} deals, ${k.plan.opportunitiesPerMonth} opportunities and ${k.plan.mqlsPerMonth} MQLs a month; ${k.plan.gapToCommitment > 0 ? `${k.plan.gapToCommitment} more MQLs than the commitment of ${c.commitment}` : `the commitment of ${c.commitment} covers it`}. Rates used: lead → opportunity ${pct(k.leadToOpportunity)}, opportunity → customer ${pct(k.opportunityToCustomer)}.`
      : `Measured rates this period: lead → opportunity ${pct(k.leadToOpportunity)}, opportunity → customer ${pct(k.opportunityToCustomer)}. Enter a revenue target and a deal value.`;
  }

  // The contract's versions and next month's proposal: the same for every month shown, loaded once.
  async function loadContract() {
    const res = await fetch('/api/contract').catch(() => null);
    if (!res || !res.ok) return;
    const { versions, proposal } = await res.json();
    rows('contract-history', versions.slice().reverse(), (v) => [
      [`v${v.id}`, false],
      [v.startsAt ? new Date(v.startsAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '–', false],
      [String(v.terms.monthlyMqlCommitment), true],
      [`${v.terms.firstTouch.deadlineHours} ${v.terms.firstTouch.mode} h`, false],
      [`${v.terms.attempts.minimum} in ${v.terms.attempts.withinDays} days`, false],
      [v.author, false],
    ]);
    $('proposal').textContent = proposal.code
      ? `No proposal: ${proposal.message}.`
      : `Proposal for ${proposal.month}: ${proposal.proposedCommitment} MQLs a month (now ${proposal.currentCommitment}; delivered in ${proposal.delivered.month}: ${proposal.delivered.mqls} of ${proposal.delivered.commitment}). From a revenue target of ${proposal.inputs.revenuePerMonth} at ${proposal.inputs.averageDealValue} a deal and the rates of ${proposal.inputs.ratesMeasuredFrom} to ${proposal.inputs.ratesMeasuredTo}: lead → opportunity ${pct(proposal.inputs.leadToOpportunity)}, opportunity → customer ${pct(proposal.inputs.opportunityToCustomer)}. Adopt with: leadloop contract propose --month ${proposal.month} --adopt`;
    document.body.dataset.contractLoaded = 'true';
  }

  async function load() {
    const params = new URLSearchParams(current);
    $('status').textContent = 'Loading…';
    $('csv').href = `/api/report.csv?${params}`;
    const started = performance.now();
    const early = window.leadloopFirstReport;
    window.leadloopFirstReport = undefined;
    const res = early && params.toString() === `month=${early.month}` ? await early.response : await fetch(`/api/report?${params}`);
    const body = await res.json();
    if (!res.ok) {
      $('status').textContent = `Could not load the report: ${(body.error && body.error.message) || res.status}`;
      return;
    }
    render(body);
    // The scoring rules in force (leadloop rules apply): a number that moves for a reason the reader can see.
    if (body.rules) $('rules-version').textContent = `Scoring rules ${body.rules.version}${body.rules.since ? ` in force since ${body.rules.since.slice(0, 16).replace('T', ' ')} UTC` : ''}`;
    // Milliseconds since the navigation started: what "the page loaded in" means to the person waiting.
    document.body.dataset.readyAt = String(Math.round(performance.now()));
    document.body.dataset.loaded = 'true';
    $('status').textContent = `${body.period.from.slice(0, 10)} to ${body.period.to.slice(0, 10)} — loaded in ${Math.round(performance.now() - started)} ms`;
  }

  // The backfill scoring contacts that existed before leadloop: one line while it runs; the report is reloaded
  // when it finishes, so the funnel shows every contact.
  async function watchBackfill(seenRunning) {
    const res = await fetch('/api/backfill').catch(() => null);
    const b = res && res.ok ? await res.json() : null;
    const running = Boolean(b && b.status === 'running');
    const line = $('backfill');
    line.hidden = !running;
    if (running) {
      const eta = b.etaSeconds === null ? '?' : b.etaSeconds < 90 ? `${b.etaSeconds} s` : `${Math.round(b.etaSeconds / 60)} min`;
      line.textContent = `Backfill: ${b.done}/${b.total}, ETA ${eta}`;
      setTimeout(() => watchBackfill(true), 3000);
    } else if (seenRunning) load();
  }

  const now = new Date();
  const asked = new URLSearchParams(location.search).get('month');
  $('month').value = (window.leadloopFirstReport && window.leadloopFirstReport.month) || (/^\d{4}-(0[1-9]|1[0-2])$/.test(asked || '') ? asked : `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`);
  current = { month: $('month').value };
  $('period').addEventListener('submit', (e) => {
    e.preventDefault();
    current = { ...current, month: $('month').value };
    // The address names the month shown: a link to it (or a reload) opens the same month.
    history.replaceState(null, '', `?month=${current.month}`);
    load();
  });
  $('calculator').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    current = { month: current.month };
    for (const [k, v] of f.entries()) if (v !== '') current[k] = v;
    load();
  });
  $('print').addEventListener('click', () => window.print());
  load();
  loadContract();
  watchBackfill(false);
})();
