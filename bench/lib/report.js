// Ratios, sustainable rates, the targets of BENCHMARK.md, and the terminal table.
import { columnsFor } from './columns.js';

const BASELINES = ['raw-ws', 'raw-ws+sqlite', 'raw-ws+sqlite-batched'];

/** @param {unknown} a @param {unknown} b */
export function ratio(a, b) {
  if (
    typeof a !== 'number' ||
    typeof b !== 'number' ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    b === 0
  ) {
    return null;
  }
  return Math.round((a / b) * 100) / 100;
}

/**
 * Every figure of every contender as a ratio to each baseline, per step; and to each of
 * its own variants (a result's `variants`: the same server run another way in the same
 * step, e.g. `inbox` on room sockets), under the variant's name.
 * @param {string} workload @param {Record<string, any>} byContender step results
 */
export function stepRatios(workload, byContender) {
  /** @type {Record<string, Record<string, Record<string, number | null>>>} */
  const out = {};
  const figures = (/** @type {any} */ r, /** @type {any} */ b) =>
    Object.fromEntries(
      columnsFor(workload)
        .filter((c) => c.ratio)
        .map((c) => [c.label, ratio(c.get(r), c.get(b))]),
    );
  for (const [name, r] of Object.entries(byContender)) {
    if (!r || r.error || r.skipped) continue;
    for (const [variant, v] of Object.entries(r.variants ?? {})) {
      if (!v || v.error) continue;
      out[name] ??= {};
      out[name][variant] = figures(r, v);
    }
    for (const base of BASELINES) {
      const b = byContender[base];
      if (base === name || !b || b.error || b.skipped) continue;
      out[name] ??= {};
      out[name][base] = figures(r, b);
    }
  }
  return out;
}

/**
 * The last (highest) passing step of a contender, with its headline figure.
 * @param {any[]} steps @param {string} name @param {string} headline
 */
export function sustainable(steps, name, headline, climbOn = 'pass') {
  let best = null;
  for (const s of steps) {
    const r = s.results[name];
    const ok = climbOn === 'exact' ? r && !r.error && !r.skipped && r.exact : r?.pass;
    if (ok) best = { step: s.step, value: r[headline] ?? s.step };
  }
  return best;
}

const fmt = (/** @type {any} */ v, digits = 2) => {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 100000) return `${Math.round(v / 1000)}k`;
  return v.toFixed(digits);
};
const fmtRatio = (/** @type {number | null} */ v) => (v === null ? '-' : `${v.toFixed(2)}x`);

/** @param {string[][]} rows */
function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

/**
 * The terminal report of one workload: sustainable rates with ratios, then per step the
 * ratio rows (subject ÷ each baseline) before the absolute rows.
 * @param {any} w the workload's results
 * @param {string[]} order contender names in run order
 */
export function renderWorkload(w, order) {
  const cols = columnsFor(w.id);
  const lines = [`\n== ${w.id}: ${w.title} ==`];
  const subject = order.includes('fadmann') ? 'fadmann' : null;
  const sus = w.sustainable;
  const susText = order
    .map((n) => {
      const s = sus[n];
      if (!s) return `${n} none`;
      const vs = BASELINES.filter((b) => sus[b]).map(
        (b) => `${fmtRatio(ratio(s.value, sus[b].value))} ${b}`,
      );
      const rs = n === subject && vs.length ? ` (${vs.join(', ')})` : '';
      return `${n} ${fmt(s.value, 0)}${rs}`;
    })
    .concat(
      variantNames(w).map((v) => {
        const last = w.steps
          .filter((/** @type {any} */ s) => s.results[subject ?? '']?.variants?.[v]?.pass)
          .at(-1);
        return `${v} ${last ? fmt(last.results[subject ?? ''].variants[v][w.headline] ?? last.step, 0) : 'none'}`;
      }),
    )
    .join(' | ');
  if (!w.httpOnly) lines.push(`sustainable (${w.headlineLabel}, last passing step): ${susText}`);
  const header = ['step', 'contender', 'status', ...cols.map((c) => c.label)];
  const rows = [header];
  for (const s of w.steps) {
    const ratioSubjects = subject ? [subject] : order.filter((n) => n !== 'raw-ws');
    for (const name of ratioSubjects) {
      for (const [base, figs] of Object.entries(s.ratios[name] ?? {})) {
        if (!subject && BASELINES.indexOf(base) > BASELINES.indexOf(name)) continue;
        if (Object.values(figs).every((v) => v === null)) continue;
        rows.push([
          String(s.step),
          `${name} ÷ ${base}`,
          '',
          ...cols.map((c) => (c.ratio ? fmtRatio(figs[c.label]) : '')),
        ]);
      }
    }
    for (const name of order) {
      const r = s.results[name];
      if (!r) continue;
      if (r.skipped) continue;
      if (r.error) {
        rows.push([String(s.step), name, 'ERROR', r.error.slice(0, 60)]);
        continue;
      }
      rows.push([String(s.step), name, r.status, ...cols.map((c) => fmt(c.get(r), c.digits))]);
      for (const [variant, v] of Object.entries(r.variants ?? {})) {
        if (v.error) rows.push([String(s.step), variant, 'ERROR', v.error.slice(0, 60)]);
        else
          rows.push([
            String(s.step),
            variant,
            v.status,
            ...cols.map((c) => fmt(c.get(v), c.digits)),
          ]);
      }
    }
  }
  lines.push(table(rows.map((r) => r.map((c) => c ?? ''))));
  for (const s of w.steps) {
    /** @type {[string, any][]} */
    const shown = Object.entries(s.results).flatMap(([name, r]) => [
      /** @type {[string, any]} */ ([name, r]),
      ...Object.entries(r?.variants ?? {}),
    ]);
    for (const [name, r] of shown) {
      if (r && !r.error && !r.skipped && r.why?.length)
        lines.push(`  ${s.step} ${name}: ${r.why.join('; ')}`);
      if (r?.errorSamples?.length)
        lines.push(`  ${s.step} ${name}: error frames ${JSON.stringify(r.errorFrames)}`);
      if (r?.genSaturated)
        lines.push(
          `  ${s.step} ${name}: the load generator was saturated (${r.genCpuPct}% CPU): compare CPU-µs per delivery`,
        );
    }
  }
  return lines.join('\n');
}

/** The names of the variants that a workload's results carry (e.g. inbox's room sockets). @param {any} w */
function variantNames(w) {
  const names = new Set();
  for (const s of w.steps)
    for (const r of Object.values(s.results))
      for (const v of Object.keys(/** @type {any} */ (r)?.variants ?? {})) names.add(v);
  return [...names];
}

/**
 * The targets of BENCHMARK.md, each MET / NOT MET / NOT MEASURED, said plainly.
 * @param {Record<string, any>} workloads
 */
export function targets(workloads) {
  const out = [];
  // Kept up with the offered rate, so CPU per delivery is compared at the same rate.
  const ok = (/** @type {any} */ r) =>
    r &&
    !r.error &&
    !r.skipped &&
    r.cpuUsPerDelivery != null &&
    r.deliveriesPerSec >= 0.95 * r.offeredDeliveries;
  const add = (
    /** @type {string} */ what,
    /** @type {number | null} */ value,
    /** @type {string} */ target,
    /** @type {boolean | null} */ met,
    /** @type {string} */ note = '',
  ) =>
    out.push({
      what,
      value,
      target,
      status: met === null ? 'NOT MEASURED' : met ? 'MET' : 'NOT MET',
      note,
    });
  const sus = (/** @type {string} */ w, /** @type {string} */ n) =>
    workloads[w]?.sustainable?.[n] ?? null;
  const ran = (/** @type {string} */ w) =>
    workloads[w] && workloads[w].contenders.includes('fadmann');

  for (const [w, base, min, label] of /** @type {[string, string, number, string][]} */ ([
    ['fanout', 'raw-ws', 0.8, 'fanout sustainable deliveries/s'],
    ['rooms', 'raw-ws+sqlite', 0.75, 'rooms sustainable msgs/s'],
    ['dm', 'raw-ws+sqlite-batched', 0.8, 'dm sustainable msgs/s'],
  ])) {
    if (!ran(w)) {
      add(`${label} vs ${base}`, null, `>= ${min}x`, null, 'fadmann did not run');
      continue;
    }
    const f = sus(w, 'fadmann');
    const b = sus(w, base);
    const r = b ? ratio(f?.value ?? 0, b.value) : null;
    add(
      `${label} vs ${base}`,
      r,
      `>= ${min}x`,
      r === null ? null : r >= min,
      b ? '' : `${base} passed no step`,
    );

    // Server CPU per delivery at the highest step both kept up with: robust to a saturated
    // generator and to latency noise, so shown even without a target of its own.
    const both = [...workloads[w].steps]
      .reverse()
      .find((x) => ok(x.results.fadmann) && ok(x.results[base]));
    if (both) {
      const r2 = ratio(both.results.fadmann.cpuUsPerDelivery, both.results[base].cpuUsPerDelivery);
      out.push({
        what: `${w} server CPU-µs per delivery vs ${base} (step ${both.step})`,
        value: r2,
        target: '(no target; lower is better)',
        status: 'INFO',
        note: `${both.results.fadmann.cpuUsPerDelivery} vs ${both.results[base].cpuUsPerDelivery} µs`,
      });
    }

    // Latency at half and at 80% of the baseline's sustainable rate.
    if (!b) continue;
    const steps = workloads[w].steps;
    for (const [share, checks] of /** @type {[number, string[]][]} */ ([
      [0.5, ['p50', 'p99']],
      [0.8, ['p99']],
    ])) {
      const s = [...steps]
        .reverse()
        .find((x) => x.step <= b.step * share && x.results[base] && !x.results[base].error);
      const fr = s?.results.fadmann;
      for (const p of checks) {
        const what = `${w} ${p} at ${share * 100}% of ${base}'s rate`;
        if (!s || !fr || fr.error || fr.skipped) {
          add(
            what,
            null,
            p === 'p50' ? '<= baseline + 1 ms' : '<= 1.5x',
            null,
            s ? 'fadmann did not run that step' : 'no step that low',
          );
          continue;
        }
        const fv = fr.latency?.[p];
        const bv = s.results[base].latency?.[p];
        if (p === 'p50') {
          const d =
            typeof fv === 'number' && typeof bv === 'number'
              ? Math.round((fv - bv) * 100) / 100
              : null;
          add(
            `${what} (step ${s.step}), ms over baseline`,
            d,
            '<= +1 ms',
            d === null ? null : d <= 1,
          );
        } else {
          const r2 = ratio(fv, bv);
          add(`${what} (step ${s.step})`, r2, '<= 1.5x', r2 === null ? null : r2 <= 1.5);
        }
      }
    }
  }

  if (ran('idle')) {
    const steps = workloads.idle.steps;
    const held = (/** @type {any} */ r) => r && !r.error && !r.skipped && r.exact;
    const common = [...steps]
      .reverse()
      .find((s) => held(s.results.fadmann) && held(s.results['raw-ws']));
    const r = common
      ? ratio(common.results.fadmann.rssPerConnKB, common.results['raw-ws'].rssPerConnKB)
      : null;
    add(
      `memory per idle socket vs raw-ws${common ? ` (at ${common.step})` : ''}`,
      r,
      '<= 1.5x',
      r === null ? null : r <= 1.5,
    );
    const fh = sus('idle', 'fadmann')?.value ?? 0;
    const bh = sus('idle', 'raw-ws')?.value ?? 0;
    const r2 = bh ? ratio(fh, bh) : null;
    add('idle sockets held vs raw-ws', r2, '>= 0.8x', r2 === null ? null : r2 >= 0.8);
    add(
      'idle sockets held, absolute',
      fh,
      '>= 50000 where limits allow',
      fh >= 50000,
      workloads.idle.limitNote ?? '',
    );
  } else
    add(
      'idle: memory per socket and sockets held',
      null,
      '<= 1.5x, >= 0.8x',
      null,
      'fadmann did not run',
    );

  for (const w of ['history', 'login']) {
    const s = workloads[w]?.steps?.[0];
    const f = s?.results.fadmann;
    const b = s?.results['raw-ws+sqlite'];
    const r = f?.pass && b?.pass ? ratio(f.rps, b.rps) : null;
    add(
      `${w} req/s vs a plain handler`,
      r,
      '>= 0.8x',
      r === null ? null : r >= 0.8,
      f ? (f.pass ? '' : 'fadmann failed the step') : 'fadmann did not run',
    );
  }
  // inbox: reported with ratios, per-user sockets ÷ room sockets (no target of its own).
  if (ran('inbox')) {
    for (const s of workloads.inbox.steps) {
      const f = s.results.fadmann;
      const v = f?.variants?.['fadmann (room sockets)'];
      if (!f || f.error || f.skipped || !v || v.error) continue;
      out.push({
        what: `inbox at ${s.step} msg/s: server CPU-µs per message, per-user ÷ room sockets`,
        value: ratio(f.cpuUsPerMessage, v.cpuUsPerMessage),
        target: '(reported; lower is better)',
        status: 'INFO',
        note: `${f.cpuUsPerMessage} vs ${v.cpuUsPerMessage} µs/msg; per frame ${f.cpuUsPerDelivery} vs ${v.cpuUsPerDelivery}; p99 ${f.latency?.p99 ?? '-'} vs ${v.latency?.p99 ?? '-'} ms; ${f.status} / ${v.status}`,
      });
    }
  }
  // upload: Fadmann only (the baselines have no uploads): what uploads cost the chat.
  if (ran('upload')) {
    for (const s of workloads.upload.steps) {
      const f = s.results.fadmann;
      const v = f?.variants?.['fadmann (no uploads)'];
      if (!f || f.error || f.skipped || !v || v.error) continue;
      out.push({
        what: `upload, ${s.step} uploaders of 1 MB: chat p99 with ÷ without uploads`,
        value: ratio(f.latency?.p99, v.latency?.p99),
        target: '(reported; lower is better)',
        status: 'INFO',
        note: `${f.latency?.p99 ?? '-'} vs ${v.latency?.p99 ?? '-'} ms; ${f.uploadsPerSec} uploads/s, ${f.upMBps} MB/s up, ${f.downMBps} MB/s down; ${f.status}`,
      });
    }
  }
  add(
    '2 instances + Redis vs 1 instance',
    null,
    'CPU-µs/delivery <= 1.3x, added p99 <= 2 ms',
    null,
    'later: not built yet',
  );
  return out;
}

/** @param {ReturnType<typeof targets>} list */
export function renderTargets(list) {
  const rows = [['target', 'value', 'wanted', 'status', 'note']];
  for (const t of list)
    rows.push([t.what, t.value === null ? '-' : String(t.value), t.target, t.status, t.note]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return [
    '\n== targets (fadmann vs baseline, same run) ==',
    ...rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')),
  ].join('\n');
}
