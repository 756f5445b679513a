/** The report's inline stylesheet and script: the file must open offline, so nothing is linked. */
export const reportCss = `
:root { --pass:#1a7f37; --fail:#cf222e; --na:#6e7781; --ne:#9a6700; --waived:#8250df; --ink:#1f2328; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; padding: 24px 32px 48px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.banner-partial { background: #fff8c5; border: 2px solid #d4a72c; color: #633c01; padding: 12px 16px; border-radius: 6px; font-weight: 600; margin: 12px 0; }
.outcome { display: inline-block; font-weight: 700; padding: 2px 10px; border-radius: 4px; color: #fff; }
.outcome.PASS { background: var(--pass); } .outcome.FAIL { background: var(--fail); } .outcome.INCOMPLETE, .outcome.INCONCLUSIVE { background: var(--ne); }
.counts { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.count { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; background: var(--bg); }
.count b { display: block; font-size: 22px; }
.count.pass b { color: var(--pass); } .count.fail b { color: var(--fail); } .count.na b { color: var(--na); } .count.ne b { color: var(--ne); } .count.waived b { color: var(--waived); }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.id { white-space: nowrap; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict { font-weight: 700; white-space: nowrap; }
tr[data-verdict="PASS"] .verdict { color: var(--pass); } tr[data-verdict="FAIL"] .verdict { color: var(--fail); }
tr[data-verdict="NOT APPLICABLE"] .verdict { color: var(--na); } tr[data-verdict="NOT EXERCISED"] .verdict { color: var(--ne); } tr[data-verdict="WAIVED"] .verdict { color: var(--waived); }
tr[data-verdict="FAIL"][data-level="MUST"] { background: #ffebe9; }
details summary { cursor: pointer; color: var(--muted); } details ul { margin: 4px 0; padding-left: 18px; }
.filters { margin: 8px 0; } .filters button { border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 3px 10px; margin-right: 6px; cursor: pointer; }
.filters button[aria-pressed="true"] { background: var(--ink); color: #fff; }
tr.hidden { display: none; }
pre { background: var(--bg); border: 1px solid var(--line); padding: 12px; overflow: auto; max-height: 480px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); } svg .tick { fill: var(--muted); } svg .lane-sub { fill: var(--muted); font-size: 10px; }
svg .grid { stroke: #eaeef2; } svg .axis { stroke: var(--muted); }
svg .lane-bg { fill: #57606a; fill-opacity: 0.05; } svg .fault-band { fill: #fb8f44; fill-opacity: 0.16; }
svg .session.main { fill: #0969da; } svg .session.sub { fill: #1b7c83; } svg .alarm { fill: var(--fail); }
svg .event line { stroke-width: 1; stroke-dasharray: 3 3; } svg .ev-fault line, svg .ev-fault path { stroke: #bc4c00; fill: #bc4c00; }
svg .ev-clear line, svg .ev-clear path { stroke: var(--pass); fill: var(--pass); } svg .ev-mark line, svg .ev-mark path { stroke: #8250df; fill: #8250df; }
svg .ev-other line, svg .ev-other path { stroke: var(--muted); fill: var(--muted); }
svg .agg-pulled { fill: none; stroke: #0969da; stroke-width: 2; } svg .agg-alarm { fill: none; stroke: var(--fail); stroke-width: 2; }
svg .bar { fill: #0969da; } svg .pct line { stroke: var(--fail); stroke-dasharray: 4 3; } svg .pct text { fill: var(--fail); font-size: 10px; }
.legend { color: var(--muted); font-size: 12px; margin: 4px 0 14px; } .legend span { display: inline-block; width: 12px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
.dists { display: flex; gap: 32px; flex-wrap: wrap; }
@media print { .filters { display: none; } details { display: block; } }
`;

/** Verdict filter buttons and "expand all"; the report reads fine with scripts disabled too. */
export const reportScript = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#requirements tbody tr'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll('.filters button[data-filter]'));
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      var f = b.getAttribute('data-filter');
      buttons.forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)); });
      rows.forEach(function (r) { r.classList.toggle('hidden', f !== 'all' && r.getAttribute('data-verdict') !== f); });
    });
  });
  var expand = document.getElementById('expand-all');
  if (expand) expand.addEventListener('click', function () {
    var all = document.querySelectorAll('#requirements details');
    var open = Array.prototype.some.call(all, function (d) { return !d.open; });
    Array.prototype.forEach.call(all, function (d) { d.open = open; });
  });
})();
`;
