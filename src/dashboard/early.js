// Ask for this month's report at once, while the charting library loads: the page is ready sooner.
// A file of its own, not inline: the Content-Security-Policy allows scripts from this origin only.
(function () {
  var d = new Date();
  // A link to a month (the monthly review's `/?month=YYYY-MM`) opens that month.
  var asked = new URLSearchParams(location.search).get('month');
  var month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked || '') ? asked : d.getUTCFullYear() + '-' + String(d.getUTCMonth() + 1).padStart(2, '0');
  window.leadloopFirstReport = { month: month, response: fetch('/api/report?month=' + month) };
})();
