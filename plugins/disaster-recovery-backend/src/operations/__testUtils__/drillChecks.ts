import {
  DrillKind,
  DrillReport,
  DrPolicy,
  evaluate,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import request from 'supertest';
import { loadTargetEvidence } from '../../posture/storeEvidence';
import { ALICE, TENANT_REF } from './operationsSuite';
import { OperationsTestBackend } from './operationsTestBackend';

/** What the drill checks need of a started operations backend. */
export interface DrillSuite {
  readonly ctx: OperationsTestBackend;
  post(body: unknown): Promise<request.Response>;
  waitForEnd(id: string): Promise<RecoveryRun>;
  sideEffectState(): Promise<unknown>;
}

/** The drill checks every drill kind's suite shares: plan, run, report figures, evidence, posture. */
export function drillChecks(suite: DrillSuite, policy: DrPolicy) {
  /** The posture's drill check of a scenario, judged on the target's evidence now. */
  async function drillCheck(scenario: string) {
    const evidence = await loadTargetEvidence(suite.ctx.stores, 'ecommerce');
    return {
      evidence,
      check: evaluate(
        policy,
        { entityRef: TENANT_REF, ...evidence },
        Date.now(),
      ).checks.find(c => c.id === `drill:${scenario}`)!,
    };
  }

  return {
    drillCheck,

    /** Starts a drill and waits for its end. */
    async runDrill(body: object): Promise<RecoveryRun> {
      const res = await suite.post({ operation: 'drill', ...body });
      expect(res.status).toBe(202);
      return suite.waitForEnd(res.body.run.id);
    },

    /**
     * A drill's dry run: planned with these steps, kind and targets, what it creates (when it
     * creates anything) removed again, and nothing changed.
     */
    async planDrill(
      body: { entityRef: string; parameters: Record<string, unknown> },
      expected: {
        steps: string[];
        kind: DrillKind;
        targets: { rto: string; rpo: string };
      },
    ): Promise<RecoveryRun> {
      const before = await suite.sideEffectState();
      const res = await suite.post({
        operation: 'drill',
        dryRun: true,
        ...body,
      });
      expect(res.status).toBe(200);
      const run = res.body.run as RecoveryRun;
      expect(run).toMatchObject({
        status: 'planned',
        purpose: 'drill',
        scenario: body.parameters.scenario,
      });
      expect(run.steps.map(s => s.id)).toEqual(expected.steps);
      expect(run.output).toMatchObject({
        kind: expected.kind,
        targets: expected.targets,
      });
      expect(run.output!.removes).toEqual(run.output!.creates);
      expect(await suite.sideEffectState()).toEqual(before);
      return run;
    },

    /**
     * A succeeded drill's report and run figures: its RTO is the run's start to the end of the
     * step that ended the recovery (the last of that id). Returns the report.
     */
    expectRtoUntil(run: RecoveryRun, stepId: string): DrillReport {
      expect(run.status).toBe('succeeded');
      const report = run.output!.report as DrillReport;
      const end = run.steps.find(s => s.id === stepId)!;
      const rtoMs = Date.parse(end.finishedAt!) - Date.parse(run.startedAt);
      expect(report.results.find(r => r.id === 'rto')!.achievedMs).toBe(rtoMs);
      expect(run.achievedRtoSeconds).toBe(Math.round(rtoMs / 100) / 10);
      return report;
    },

    /**
     * The drill is the target's evidence of its kind, its scenario's drill check passes (or
     * warns), and its report downloads as Markdown saying PASS. Returns the Markdown.
     */
    async expectPassingEvidence(
      run: RecoveryRun,
      kind: DrillKind,
    ): Promise<string> {
      const { evidence, check } = await drillCheck(run.scenario!);
      expect(evidence.drills).toContainEqual(
        expect.objectContaining({ id: run.id, kind }),
      );
      expect(['pass', 'warn']).toContain(check.status);
      const md = await request(suite.ctx.server)
        .get(`/api/disaster-recovery/runs/${run.id}/report.md`)
        .set('Authorization', ALICE);
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toMatch(/^text\/markdown/);
      expect(md.headers['content-disposition']).toContain(
        `dr-drill-${kind}-${run.scenario}-`,
      );
      expect(md.text).toContain('| Result | **PASS** |');
      // eslint-disable-next-line no-console
      console.log(`${kind} drill report:\n${md.text}`);
      return md.text;
    },

    /** A drill of a scenario with a 1 ms RTO: the run succeeds, its report and drill check fail. */
    async expectFailsRto(body: object): Promise<DrillReport> {
      const res = await suite.post({ operation: 'drill', ...body });
      expect(res.status).toBe(202);
      const run = await suite.waitForEnd(res.body.run.id);
      expect(run.status).toBe('succeeded');
      const report = run.output!.report as DrillReport;
      expect(report.result).toBe('fail');
      expect(report.results.find(r => r.id === 'rto')).toMatchObject({
        result: 'fail',
        targetMs: 1,
      });
      const { check } = await drillCheck(run.scenario!);
      expect(check.status).toBe('fail');
      expect(check.reason).toMatch(/more than the 1ms RTO/);
      return report;
    },
  };
}
