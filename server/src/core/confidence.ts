/**
 * Confidence from weighted evidence, shared by the rules that grade their findings (issue #19:
 * severity that matches value and confidence): the claim detector (rules/claim/detector.ts) and the
 * term rules (rules/term/confidence.ts). Each piece of evidence that holds adds its weight to a bias;
 * confidence = logistic(score). A finding at or above the `strong` confidence keeps its rule's
 * severity, a weaker one becomes a hint (out of the Problems panel, still in the CLI's JSON).
 * Weights, biases and thresholds are data, never code (data/claims/detector.json,
 * data/glossary/term-confidence.json).
 */

/** One piece of evidence that held, with its weight (positive: for the finding; negative: against it). */
export interface Evidence {
  id: string;
  weight: number;
}

export interface Weighed {
  score: number;
  /** logistic(score), in (0, 1). */
  confidence: number;
}

export function logistic(score: number): number {
  return 1 / (1 + Math.exp(-score));
}

/** Score = bias + the weights of the evidence; confidence = logistic(score). */
export function weigh(bias: number, evidence: readonly Evidence[]): Weighed {
  const score = bias + evidence.reduce((a, x) => a + x.weight, 0);
  return { score, confidence: logistic(score) };
}

/** A confidence rounded for `data` and hovers (three decimals). */
export function roundConfidence(n: number): number {
  return Math.round(n * 1000) / 1000;
}
