/* leadloop dashboard: revenue and return by source, and sales' feedback (issue 17). Called by app.js's render. */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  // An absent figure is a dash, never 0: a cost nobody gave is unknown, not free.
  const money = (v) => (v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
  const figure = (v, digits) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits }));

  function rows(tableId, list, cells) {
    const tbody = $(tableId).querySelector('tbody');
    tbody.replaceChildren(
      ...list.map((item) => {
        const tr = document.createElement('tr');
        cells(item).forEach(([value, isNum], i) => {
          const td = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) td.scope = 'row';
          td.textContent = value;
          if (isNum) td.className = 'num';
          tr.appendChild(td);
        });
        return tr;
      }),
    );
  }

  const revenueCells = (s) => [[s.key, false], [money(s.revenue), true], [figure(s.dealsWon, 2), true], [money(s.averageDealValue), true], [figure(s.medianDaysMqlToWon, 1), true]];

  window.leadloopRenderRevenue = function (r) {
    const v = r.revenue;
    if (!v) return;
    const names = { firstTouch: 'first touch', lastTouchBeforeMql: 'last touch before MQL', linear: 'linear' };
    $('revenue-model').textContent = `Credited by ${names[v.model] || v.model}${v.currency ? `; amounts in ${v.currency}` : ''}. Deals won in the period: ${v.wins.deals}, revenue ${money(v.wins.total.revenue)}. Deals won so far by the period's MQLs: ${v.cohort.deals}, revenue ${money(v.cohort.total.revenue)}.`;
    const dim = $('revenue-dimension').value;
    const key = { source: 'bySource', sourceDetail: 'bySourceDetail', form: 'byForm', campaign: 'byCampaign' }[dim];
    rows('revenue-wins', v.wins[key], revenueCells);
    rows('revenue-cohort', v.cohort[key], revenueCells);
    const ret = (s) => [[s.key, false], [money(s.cost), true], [String(s.mqls), true], [money(s.costPerMql), true], [figure(s.customers, 2), true], [money(s.costPerCustomer), true], [figure(s.revenueOverCost, 2), true]];
    rows('return-source', v.return.bySource, ret);
    rows('return-campaign', v.return.byCampaign, ret);
    $('return-note').hidden = v.return.costsGiven;

    const f = r.salesFeedback;
    const feedback = (x) => [[x.key, false], [String(x.rejected), true], [x.reasons.map((y) => `${y.reason} ${y.count}`).join(', ') || '—', false], [String(x.accepted), true], [String(x.outcomes.won), true], [String(x.outcomes.lost), true], [String(x.outcomes.open), true]];
    rows('feedback-source', f.bySource, feedback);
    rows('feedback-form', f.byForm, feedback);
  };

  document.addEventListener('DOMContentLoaded', () => {
    $('revenue-dimension').addEventListener('change', () => window.leadloopLastReport && window.leadloopRenderRevenue(window.leadloopLastReport));
  });
})();
