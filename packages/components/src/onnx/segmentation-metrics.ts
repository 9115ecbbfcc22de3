/**
 * Dice and IoU of binary segmentation masks, per image: the prediction is the model output above a
 * probability threshold, the truth is the mask above half its range (masks may be 0/1 or 0/255).
 */

/** Dice and IoU of one image. Two empty masks agree perfectly (1). */
export interface OverlapScores {
  dice: number;
  iou: number;
}

/** Scores of the images of a batch: `probabilities` and `mask` hold `images` planes of `pixels` values each. */
export function overlapScores(
  probabilities: ArrayLike<number>,
  mask: ArrayLike<number>,
  images: number,
  options: { threshold?: number; maskThreshold?: number } = {},
): OverlapScores[] {
  if (probabilities.length !== mask.length) {
    throw new Error(`prediction has ${probabilities.length} values, mask ${mask.length}`);
  }
  const pixels = probabilities.length / images;
  const threshold = options.threshold ?? 0.5;
  const maskThreshold = options.maskThreshold ?? (maxOf(mask) > 1 ? 127.5 : 0.5);
  const scores: OverlapScores[] = [];
  for (let image = 0; image < images; image++) {
    let predicted = 0;
    let truth = 0;
    let both = 0;
    for (let p = image * pixels; p < (image + 1) * pixels; p++) {
      const isPredicted = probabilities[p] > threshold;
      const isTrue = mask[p] > maskThreshold;
      if (isPredicted) predicted++;
      if (isTrue) truth++;
      if (isPredicted && isTrue) both++;
    }
    const union = predicted + truth - both;
    scores.push({
      dice: predicted + truth === 0 ? 1 : (2 * both) / (predicted + truth),
      iou: union === 0 ? 1 : both / union,
    });
  }
  return scores;
}

/** Logistic function, for models whose output is logits. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function maxOf(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}
