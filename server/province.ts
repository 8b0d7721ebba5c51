// The province's views over its offices: each office's live summary with alerts, and the
// comparison report. Figures come from each office's own engine and Reports (one report
// engine: the per-office summary's totals), never recomputed here.
import type { OfficeAlertKind, OfficeSummary, ProvinceReport, ProvinceReportRow } from '../shared/types.js';
import type { Deployment } from './deployment.js';
import type { OfficeHost } from './offices.js';
import type { ReportFilter } from './reports.js';

const ALERT_TEXT: Record<OfficeAlertKind, (x: { wait: number; target: number | null }) => { vi: string; en: string }> = {
  wait_over_target: ({ wait, target }) => ({
    vi: `Chờ lâu nhất ${wait} phút, vượt mục tiêu ${target ?? 0} phút`,
    en: `Longest wait ${wait} min, over the ${target ?? 0} min target`,
  }),
  printer: () => ({ vi: 'Máy in phiếu cần kiểm tra', en: 'The ticket printer needs attention' }),
  disk: () => ({ vi: 'Ổ đĩa ghi lỗi: không nhận thao tác mới', en: 'The disk fails to write: no changes accepted' }),
  no_counter_open: () => ({ vi: 'Có người chờ nhưng không quầy nào mở', en: 'People are waiting but no counter is open' }),
};

function printerState(host: OfficeHost): OfficeSummary['live']['printer'] {
  const p = host.office.printerStatus();
  if (p.status === 'disabled') return 'none';
  if (p.status !== 'ok') return 'error';
  return p.paperNearEnd ? 'warning' : 'ok';
}

/** One office's live state, read from its engine now. */
export function officeSummary(host: OfficeHost, nowMs: number): OfficeSummary {
  const { office } = host;
  const snapshot = office.engine.staffSnapshot();
  let waiting = 0;
  let longestMs = 0;
  let targetWaitMin: number | null = null;
  for (const s of snapshot.services) {
    const queue = snapshot.waiting[s.id] ?? [];
    waiting += queue.length;
    for (const t of queue) {
      const waited = nowMs - Date.parse(t.issuedAt);
      if (waited > longestMs) {
        longestMs = waited;
        targetWaitMin = s.targetWaitMin;
      }
    }
  }
  const longestWaitMin = Math.max(0, Math.floor(longestMs / 60_000));
  const countersOpen = snapshot.counters.filter((c) => c.status !== 'closed').length;
  const live: OfficeSummary['live'] = {
    waiting,
    longestWaitMin,
    targetWaitMin: waiting > 0 ? targetWaitMin : null,
    countersOpen,
    countersTotal: snapshot.counters.length,
    printer: printerState(host),
    disk: office.disk.status.status,
  };
  const kinds: OfficeAlertKind[] = [];
  if (live.targetWaitMin !== null && longestWaitMin > live.targetWaitMin) kinds.push('wait_over_target');
  if (live.printer === 'error' || live.printer === 'warning') kinds.push('printer');
  if (live.disk === 'failing') kinds.push('disk');
  if (waiting > 0 && countersOpen === 0) kinds.push('no_counter_open');
  return {
    id: office.id,
    slug: office.slug,
    name: office.settings.officeName,
    timeZone: office.settings.timeZone,
    archived: office.archived,
    live,
    alerts: office.archived ? [] : kinds.map((kind) => ({ kind, ...ALERT_TEXT[kind]({ wait: longestWaitMin, target: live.targetWaitMin }) })),
  };
}

export function officeSummaries(hosts: OfficeHost[], nowMs: number): OfficeSummary[] {
  return hosts.map((h) => officeSummary(h, nowMs));
}

/**
 * Offices whose summaries are asked at once. A warm summary is two small queries and a merge of
 * cached aggregates, so one office after another mostly waits on round trips (100 offices: ~25 ms
 * each on a busy machine); a few at a time overlap those waits, and a cold report still folds
 * only a few offices' days at once.
 */
const REPORT_PARALLEL = 8;

/** The comparison: each office's report totals over the same days (its own time zone's days). */
export async function provinceReport(deployment: Deployment, hosts: OfficeHost[], f: Pick<ReportFilter, 'from' | 'to'>): Promise<ProvinceReport> {
  const offices: ProvinceReportRow[] = new Array(hosts.length);
  let next = 0;
  const lane = async () => {
    while (next < hosts.length) {
      const i = next++;
      const h = hosts[i]!;
      const { total } = await h.reports.summary({ from: f.from, to: f.to }, { rows: false });
      offices[i] = {
        slug: h.office.slug,
        name: h.office.settings.officeName,
        issued: total.issued,
        served: total.served,
        noShow: total.noShows,
        avgWaitMin: total.avgWaitMin,
        withinTargetShare: total.withinTarget,
        satisfaction: total.satisfied,
        ratings: total.ratings,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(REPORT_PARALLEL, hosts.length) }, lane));
  void deployment;
  return { from: f.from, to: f.to, offices };
}

const CSV_HEADER = ['Mã trung tâm', 'Tên trung tâm', 'Số phiếu đã cấp', 'Đã phục vụ', 'Vắng mặt', 'Chờ trung bình (phút)', 'Tỷ lệ đúng mục tiêu', 'Tỷ lệ hài lòng', 'Số đánh giá'];

const cell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const share = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** UTF-8 with a BOM (Excel reads Vietnamese right), Vietnamese headers, one row per office. */
export function provinceCsv(report: ProvinceReport): string {
  const rows = report.offices.map((o) =>
    [o.slug, o.name.vi, o.issued, o.served, o.noShow, round1(o.avgWaitMin), share(o.withinTargetShare), share(o.satisfaction), o.ratings].map(cell).join(','),
  );
  return '\uFEFF' + [CSV_HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
