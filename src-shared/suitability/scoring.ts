import type { Answer, CustomerRiskLevel, QuestionnaireDefinition } from './suitability-fields';

/**
 * Score a filled-in questionnaire (风险测评). Pure; the handler scores on the main side, never
 * trusting a total from the UI.
 *
 * * Each question is answered exactly once; a single-choice question with exactly one option,
 *   a `multi` question with one or more distinct options, which scores its highest option.
 * * The total picks the band: the last band whose `minScore` ≤ total (bands are C1…C5 with
 *   strictly increasing `minScore`, C1 from 0, checked by the definition's schema).
 * * Lowest-risk-tolerance (最低风险承受能力) is set by a chosen option flagged `lowest`, or a total
 *   strictly below `lowestBelow`. Such a customer is C1 whatever the total says.
 */

export type ScoreProblem = { path: (string | number)[]; message: string; params?: Record<string, string | number> };
export type ScoreResult = { ok: true; score: number; level: CustomerRiskLevel; lowest: boolean } | { ok: false; problems: ScoreProblem[] };

export function levelForScore(def: Pick<QuestionnaireDefinition, 'bands'>, score: number): CustomerRiskLevel {
  let level: CustomerRiskLevel = 'C1';
  for (const b of def.bands) if (score >= b.minScore) level = b.level;
  return level;
}

export function scoreAnswers(def: QuestionnaireDefinition, answers: readonly Answer[]): ScoreResult {
  const problems: ScoreProblem[] = [];
  const byQuestion = new Map<string, { answer: Answer; index: number }>();
  answers.forEach((a, index) => {
    if (byQuestion.has(a.question)) problems.push({ path: ['answers', index, 'question'], message: 'validation.suitability.answerTwice', params: { question: a.question } });
    else byQuestion.set(a.question, { answer: a, index });
    if (!def.questions.some((q) => q.key === a.question)) problems.push({ path: ['answers', index, 'question'], message: 'validation.suitability.unknownQuestion', params: { question: a.question } });
  });

  let score = 0;
  let lowest = false;
  def.questions.forEach((q, qi) => {
    const found = byQuestion.get(q.key);
    if (!found) {
      problems.push({ path: ['answers'], message: 'validation.suitability.unanswered', params: { question: q.key, number: qi + 1 } });
      return;
    }
    const { answer, index } = found;
    const chosen = [...new Set(answer.options)];
    if (chosen.length !== answer.options.length || (!q.multi && chosen.length !== 1)) {
      problems.push({ path: ['answers', index, 'options'], message: 'validation.suitability.oneOption', params: { question: q.key, number: qi + 1 } });
      return;
    }
    let best = 0;
    for (const key of chosen) {
      const o = q.options.find((x) => x.key === key);
      if (!o) {
        problems.push({ path: ['answers', index, 'options'], message: 'validation.suitability.unknownOption', params: { question: q.key, number: qi + 1, option: key } });
        continue;
      }
      best = Math.max(best, o.score);
      if (o.lowest) lowest = true;
    }
    score += best;
  });
  if (problems.length > 0) return { ok: false, problems };
  if (def.lowestBelow !== null && score < def.lowestBelow) lowest = true;
  return { ok: true, score, level: lowest ? 'C1' : levelForScore(def, score), lowest };
}

/**
 * The last day an assessment taken on `assessedOn` (YYYY-MM-DD) is valid: `years` later, less a
 * day (taken 2024-03-01, valid 2 years: through 2026-02-28). A 29 February rolls to 1 March
 * before the day is taken off.
 */
export function expiryDate(assessedOn: string, years: number): string {
  const [y, m, d] = assessedOn.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y + years, m - 1, d) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whether an assessment that is valid through `expiresAt` is still valid on `today`. */
export function assessmentValidOn(expiresAt: string | null, today: string): boolean {
  return expiresAt !== null && expiresAt >= today;
}
