import type { QuestionnaireDefinition, Question } from '../../src-shared/suitability/suitability.contract';

/** Option keys A, B, C… as printed on paper questionnaires. */
export const optionKey = (i: number): string => String.fromCharCode(65 + i);

/** A new question with a key not yet used (`q<n>`), two empty options. */
export function blankQuestion(used: readonly string[]): Question {
  let n = used.length + 1;
  while (used.includes(`q${n}`)) n++;
  return {
    key: `q${n}`,
    text: '',
    options: [
      { key: 'A', text: '', score: 0 },
      { key: 'B', text: '', score: 0 },
    ],
  };
}

/** A new draft from nothing: one empty question, five bands to set, no score threshold for the lowest category. */
export function blankDefinition(): QuestionnaireDefinition {
  return {
    questions: [blankQuestion([])],
    bands: [
      { level: 'C1', minScore: 0 },
      { level: 'C2', minScore: 20 },
      { level: 'C3', minScore: 40 },
      { level: 'C4', minScore: 60 },
      { level: 'C5', minScore: 80 },
    ],
    lowestBelow: null,
  };
}

/** The highest total a questionnaire allows: every question's best option. */
export function maxScore(def: Pick<QuestionnaireDefinition, 'questions'>): number {
  return def.questions.reduce((sum, q) => sum + Math.max(0, ...q.options.map((o) => (Number.isFinite(o.score) ? o.score : 0))), 0);
}
