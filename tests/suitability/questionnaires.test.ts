import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app';
import { scoreAnswers, expiryDate, levelForScore } from '../../src-shared/suitability/scoring';
import { zQuestionnaireDefinition } from '../../src-shared/suitability/suitability-fields';
import { shanghaiToday } from '../../src-main/customers/customers.queries';
import { DEF, activeQuestionnaire, answers, assessed, count, customer } from './fixtures';

let t: TestApp;
afterEach(() => t?.close());

describe('scoring (pure)', () => {
  it.each([
    // q1..q4 (0/3/5/10; q4 0/1/2/10), q5 multi (0/2/5, highest counts)
    [answers('a', 'a', 'a', 'd'), 10, 'C2', false], // 10: the C2 band's first point
    [answers('d', 'a', 'a', 'a', ['a']), 10, 'C2', false],
    [answers('c', 'b', 'a', 'a'), 8, 'C1', false], // 5..9 is C1, not lowest
    [answers('c', 'a', 'a', 'a'), 5, 'C1', false], // 5 = lowestBelow: not lowest
    [answers('b', 'a', 'a', 'b'), 4, 'C1', true], // 4 < 5: lowest
    [answers('a', 'a', 'a', 'a'), 0, 'C1', true],
    [answers('d', 'c', 'b', 'b'), 19, 'C2', false], // 19: last point of C2
    [answers('d', 'd', 'a', 'a'), 20, 'C3', false], // 20: first of C3
    [answers('d', 'd', 'd', 'c', ['a']), 32, 'C4', false],
    [answers('d', 'd', 'd', 'c', ['a', 'b']), 34, 'C4', false], // multi scores its highest option (2), not the sum
    [answers('d', 'd', 'd', 'a', ['b', 'c']), 35, 'C4', false],
    [answers('d', 'd', 'd', 'c', ['c']), 37, 'C4', false],
    [answers('d', 'd', 'd', 'd', ['a']), 40, 'C5', false], // 40: first of C5
    [answers('d', 'd', 'd', 'd', ['c']), 45, 'C5', false],
    [answers('none', 'd', 'd', 'd', ['c']), 45, 'C1', true], // a flagged option makes the lowest category whatever the total
  ] as const)('%j scores %i → %s (lowest %s)', (a, score, level, lowest) => {
    expect(scoreAnswers(DEF, [...a].map((x) => ({ question: x.question, options: [...x.options] })))).toEqual({ ok: true, score, level, lowest });
  });

  it('names the question that is missing, answered twice, unknown or given two options', () => {
    const r = scoreAnswers(DEF, [
      { question: 'q1', options: ['a', 'b'] },
      { question: 'q2', options: ['zz'] },
      { question: 'q3', options: ['a'] },
      { question: 'q3', options: ['b'] },
      { question: 'q9', options: ['a'] },
      { question: 'q5', options: ['a', 'a'] },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { path: ['answers', 3, 'question'], message: 'validation.suitability.answerTwice', params: { question: 'q3' } },
      { path: ['answers', 4, 'question'], message: 'validation.suitability.unknownQuestion', params: { question: 'q9' } },
      { path: ['answers', 0, 'options'], message: 'validation.suitability.oneOption', params: { question: 'q1', number: 1 } },
      { path: ['answers', 1, 'options'], message: 'validation.suitability.unknownOption', params: { question: 'q2', number: 2, option: 'zz' } },
      { path: ['answers'], message: 'validation.suitability.unanswered', params: { question: 'q4', number: 4 } },
      { path: ['answers', 5, 'options'], message: 'validation.suitability.oneOption', params: { question: 'q5', number: 5 } },
    ]);
  });

  it('levelForScore below the first band is C1; expiry is N years less a day', () => {
    expect(levelForScore(DEF, 0)).toBe('C1');
    expect(levelForScore(DEF, 10_000)).toBe('C5');
    expect(expiryDate('2024-03-01', 2)).toBe('2026-02-28');
    expect(expiryDate('2024-02-29', 2)).toBe('2026-02-28');
    expect(expiryDate('2025-06-15', 1)).toBe('2026-06-14');
  });

  it('the definition schema refuses bands out of order, not from 0, or duplicate keys', () => {
    const bad = (patch: object) => zQuestionnaireDefinition.safeParse({ ...DEF, ...patch }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(bad({ bands: [...DEF.bands.slice(0, 4), { level: 'C5', minScore: 30 }] })).toEqual([['bands.4.minScore', 'validation.suitability.bandOrder']]);
    expect(bad({ bands: [{ level: 'C1', minScore: 1 }, ...DEF.bands.slice(1)] })).toEqual([['bands.0.minScore', 'validation.suitability.bandStart']]);
    expect(bad({ bands: [DEF.bands[1], DEF.bands[0], ...DEF.bands.slice(2)] })?.map((x) => x[1])).toContain('validation.suitability.bandOrder');
    expect(bad({ questions: [DEF.questions[0], DEF.questions[0]] })).toEqual([['questions.1.key', 'validation.suitability.duplicateKey']]);
  });
});

describe('questionnaires and assessments through dispatch', () => {
  it('only HQ edits questionnaires: branch compliance is FORBIDDEN, HQ compliance may', async () => {
    t = await makeTestApp();
    const comp1 = await t.login('comp1');
    const hqcomp = await t.login('hqcomp');
    const am1 = await t.login('am1');
    const denied = await t.call(comp1, 'questionnaires.saveDraft', { name: '问卷', definition: DEF });
    expect(denied.ok ? 'ok' : `${denied.error.code} ${denied.error.message}`).toBe('FORBIDDEN error.suitability.hqOnly');
    const noPerm = await t.call(am1, 'questionnaires.saveDraft', { name: '问卷', definition: DEF });
    expect(noPerm.ok ? 'ok' : noPerm.error.code).toBe('FORBIDDEN');
    const q = await t.ok(hqcomp, 'questionnaires.saveDraft', { name: '问卷', definition: DEF });
    expect(q).toMatchObject({ version: 1, status: 'draft', questionCount: 5 });
  });

  it('one active questionnaire at a time; an active one is immutable; editing makes a new draft version', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const v1 = await t.ok(admin, 'questionnaires.saveDraft', { name: '问卷一', definition: DEF });
    // A draft may be edited in place.
    const v1b = await t.ok(admin, 'questionnaires.saveDraft', { id: v1.id, name: '问卷一（修订）', definition: DEF });
    expect(v1b).toMatchObject({ id: v1.id, version: 1, name: '问卷一（修订）' });
    await t.ok(admin, 'questionnaires.activate', { id: v1.id });
    const edit = await t.call(admin, 'questionnaires.saveDraft', { id: v1.id, name: '偷改', definition: DEF });
    expect(edit.ok ? 'ok' : `${edit.error.code} ${edit.error.message}`).toBe('CONFLICT error.suitability.questionnaireImmutable');
    const v2 = await t.ok(admin, 'questionnaires.saveDraft', { name: '问卷二', definition: { ...DEF, lowestBelow: 8 } });
    expect(v2.version).toBe(2);
    await t.ok(admin, 'questionnaires.activate', { id: v2.id });
    const list = await t.ok(admin, 'questionnaires.list', {});
    expect(list.map((q) => [q.version, q.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
    expect(count(t, `SELECT count(*) FROM questionnaires WHERE status = 'active'`)).toBe(1);
    const again = await t.call(admin, 'questionnaires.activate', { id: v1.id });
    expect(again.ok ? 'ok' : again.error.message).toBe('error.suitability.questionnaireNotDraft');
    expect((await t.ok(admin, 'questionnaires.active', {}))?.id).toBe(v2.id);
    const stillV1 = await t.ok(admin, 'questionnaires.get', { id: v1.id });
    expect(stillV1.name).toBe('问卷一（修订）');
  });

  it('an assessment is scored on the server, kept with its version, and sets the derived level; the latest one wins', async () => {
    t = await makeTestApp();
    const qid = await activeQuestionnaire(t);
    const c = customer(t);
    const am1 = await t.login('am1');
    const today = shanghaiToday(new Date());

    const first = await t.ok(am1, 'suitability.assess', { customerId: c, questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') });
    expect(first.assessment).toMatchObject({ score: 20, level: 'C3', lowest: false, questionnaireVersion: 1, valid: true, assessedByName: '李客户经理', expiresAt: expiryDate(today, 2) });
    expect(first.profile).toMatchObject({ riskLevel: 'C3', riskLowest: false, assessmentStatus: 'valid', latestAssessmentId: first.assessment.id, riskExpiresAt: expiryDate(today, 2) });

    const second = await t.ok(am1, 'suitability.assess', { customerId: c, questionnaireId: qid, answers: answers('b', 'a', 'a', 'a') });
    expect(second.assessment).toMatchObject({ score: 3, level: 'C1', lowest: true });
    expect(second.profile).toMatchObject({ riskLevel: 'C1', riskLowest: true, latestAssessmentId: second.assessment.id });
    const history = await t.ok(am1, 'suitability.assessments', { customerId: c });
    expect(history.map((a) => a.id)).toEqual([second.assessment.id, first.assessment.id]);
    expect(history[1]!.answers).toEqual(answers('d', 'd', 'a', 'a'));
    // The customer row holds exactly the latest assessment's values.
    expect(t.db.sqlite.prepare(`SELECT risk_level, risk_lowest, risk_expires_at FROM customers WHERE id = ?`).get(c)).toEqual({ risk_level: 'C1', risk_lowest: 1, risk_expires_at: expiryDate(today, 2) });
    // Assessments are insert-only: a hard delete is refused by capture.
    expect(() => t.db.sqlite.prepare(`DELETE FROM risk_assessments WHERE id = ?`).run(first.assessment.id)).toThrow();
  });

  it('the validity is a setting', async () => {
    t = await makeTestApp();
    const qid = await activeQuestionnaire(t);
    const admin = await t.login('admin');
    expect(await t.ok(admin, 'suitability.settings.update', { validityYears: 3 })).toEqual({ validityYears: 3, reassessLeadDays: 30 });
    const am1 = await t.login('am1');
    const r = await t.ok(am1, 'suitability.assess', { customerId: customer(t), questionnaireId: qid, answers: answers('d', 'd', 'a', 'a') });
    expect(r.assessment.expiresAt).toBe(expiryDate(shanghaiToday(new Date()), 3));
  });

  it('answers are checked against the questionnaire: issues name the question', async () => {
    t = await makeTestApp();
    const qid = await activeQuestionnaire(t);
    const am1 = await t.login('am1');
    const r = await t.call(am1, 'suitability.assess', { customerId: customer(t), questionnaireId: qid, answers: answers('d', 'd', 'a', 'a').slice(0, 4) });
    expect(r.ok ? 'ok' : r.error).toEqual({ code: 'VALIDATION', message: 'error.VALIDATION', issues: [{ path: ['answers'], message: 'validation.suitability.unanswered', params: { question: 'q5', number: 5 } }] });
    expect(count(t, `SELECT count(*) FROM risk_assessments`)).toBe(0);
  });

  it('an assessment with a retired questionnaire is refused', async () => {
    t = await makeTestApp();
    const old = await activeQuestionnaire(t);
    await activeQuestionnaire(t);
    const am1 = await t.login('am1');
    const r = await t.call(am1, 'suitability.assess', { customerId: customer(t), questionnaireId: old, answers: answers('d', 'd', 'a', 'a') });
    expect(r.ok ? 'ok' : `${r.error.code} ${r.error.message}`).toBe('CONFLICT error.suitability.questionnaireNotActive');
  });

  it('the derived level follows the latest assessment, also when an older one arrives later (sync)', async () => {
    t = await makeTestApp();
    const c = customer(t);
    assessed(t, c, { level: 'C4', assessedAt: '2025-01-01T00:00:00.000Z', expiresAt: '2099-01-01' });
    // An older assessment taken elsewhere arrives afterwards: it does not win.
    assessed(t, c, { level: 'C2', assessedAt: '2024-01-01T00:00:00.000Z', expiresAt: '2098-01-01' });
    expect(t.db.sqlite.prepare(`SELECT risk_level, risk_expires_at FROM customers WHERE id = ?`).get(c)).toEqual({ risk_level: 'C4', risk_expires_at: '2099-01-01' });
  });
});
