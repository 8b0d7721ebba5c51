// Deployment-wide routes of the province: offices (live summary, create, archive) and the
// comparison report. A province admin sees every office; an office admin or supervisor only
// their own; creating and archiving offices is the province admin's.
import { Router, type Request } from 'express';
import { hasRole, inOffice, isProvinceAdmin } from '../../auth.js';
import type { OfficeHost } from '../../offices.js';
import { officeSummaries, officeSummary, provinceCsv, provinceReport } from '../../province.js';
import { luotError } from '../../validate.js';
import type { CommonDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';
import { reportFilter } from './reports.js';

/** The offices `user` may look at from the province pages. */
export function visibleOffices(hosts: OfficeHost[], user: { role: Parameters<typeof hasRole>[0]['role']; officeId?: string | null }): OfficeHost[] {
  return hosts.filter((h) => isProvinceAdmin(user) || (hasRole(user, 'supervisor') && inOffice(user, h.office.id)));
}

export function provinceRoutes({ deployment, now }: CommonDeps): Router {
  const r = Router();
  const wide = { get accounts() { return deployment.accounts.data; } };
  const supervisor = requireRole(wide, 'supervisor', now);
  const provinceAdmin = requireRole(wide, 'admin', now);
  const mine = (req: Request) => visibleOffices(deployment.all(), req.user!);
  const onlyProvince = (req: Request) => {
    if (!isProvinceAdmin(req.user!)) throw luotError('forbidden', 'forbidden');
  };

  /** The office as the contract has it (id, slug, name, timeZone, archived, createdAt) with its live summary. */
  const withRecord = (host: OfficeHost) => ({ ...officeSummary(host, now()), createdAt: deployment.record(host.office.id)!.createdAt });

  r.get('/offices', supervisor, (req, res) => ok(res, { offices: officeSummaries(mine(req), now()) }));

  r.post('/offices', provinceAdmin, async (req, res) => {
    onlyProvince(req);
    const host = await deployment.createOffice(req.body, new Date(now()));
    ok(res, { office: withRecord(host) }, 201);
  });

  r.delete('/offices/:slug', provinceAdmin, async (req, res) => {
    onlyProvince(req);
    const host = await deployment.archiveOffice(String(req.params.slug));
    ok(res, { office: withRecord(host) });
  });

  r.get('/report', supervisor, async (req, res) => {
    const f = reportFilter({ from: req.query.from, to: req.query.to });
    const report = await provinceReport(deployment, mine(req), f);
    if (req.query.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="luot-tinh-${f.from}_${f.to}.csv"`);
      res.send(provinceCsv(report));
      return;
    }
    ok(res, report);
  });
  return r;
}
