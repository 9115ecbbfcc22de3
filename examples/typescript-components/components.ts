/**
 * The steps of the reviews pipeline written in TypeScript. This module declares components only, so that
 * it loads cleanly in a container: the compiler bundles it (with what it imports) into each step.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { t, tsComponent } from '@kfp-ts/dsl';
import { score, tokenize } from './sentiment.js';

/** Writes a labelled dataset of reviews as JSON lines. */
export const loadReviews = tsComponent({
  name: 'load-reviews',
  inputs: { copies: t.integer().default(1) },
  outputs: { reviews: t.dataset(), count: t.integer() },
  async run({ copies }, { reviews }) {
    const base = [
      { text: 'great product, works well', label: 'positive' },
      { text: 'terrible, broke after a day', label: 'negative' },
      { text: 'good value and great support', label: 'positive' },
      { text: 'bad packaging, poor quality', label: 'negative' },
    ];
    const rows = Array.from({ length: copies }, () => base).flat();
    await writeFile(reviews.path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    reviews.metadata.format = 'jsonl';
    return { count: rows.length };
  },
});

/** Classifies the reviews with a word list and reports how well that did. */
export const evaluateClassifier = tsComponent({
  name: 'evaluate-classifier',
  inputs: { reviews: t.dataset(), threshold: t.float().default(0) },
  outputs: {
    accuracy: t.float(),
    metrics: t.metrics(),
    confusion: t.classificationMetrics(),
    report: t.markdown(),
  },
  async run({ reviews, threshold }, { metrics, confusion, report }) {
    const rows = (await readFile(reviews.path, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; label: string });
    const labels = ['positive', 'negative'];
    const matrix = labels.map(() => labels.map(() => 0));
    let correct = 0;
    for (const row of rows) {
      const predicted = score(tokenize(row.text)) > threshold ? 'positive' : 'negative';
      matrix[labels.indexOf(row.label)][labels.indexOf(predicted)]++;
      if (predicted === row.label) correct++;
    }
    const accuracy = correct / rows.length;
    metrics.logMetric('accuracy', accuracy);
    metrics.logMetric('reviews', rows.length);
    confusion.logConfusionMatrix(labels, matrix);
    await report.writeMarkdown(`# Word-list classifier\n\nAccuracy: **${(accuracy * 100).toFixed(1)}%** on ${rows.length} reviews.\n`);
    return { accuracy };
  },
});

/** The exit task: says how the run ended. */
export const announce = tsComponent({
  name: 'announce',
  inputs: { status: t.taskFinalStatus(), channel: t.string() },
  outputs: { message: t.string() },
  run({ status, channel }) {
    const message = `[${channel}] run ${status.pipelineJobResourceName} ended: ${status.state}`;
    console.log(message);
    return { message };
  },
});
