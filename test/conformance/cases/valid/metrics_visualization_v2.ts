import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const scikitLearn = {
    packagesToInstall: ['scikit-learn'],
    baseImage: 'registry.access.redhat.com/ubi9/python-311:latest',
  };
  const digitClassification = pythonComponent({
    ...golden.python('exec-digit-classification'),
    ...scikitLearn,
    outputs: { metrics: t.metrics() },
  });
  const wineClassification = pythonComponent({
    ...golden.python('exec-wine-classification'),
    ...scikitLearn,
    outputs: { metrics: t.classificationMetrics() },
  });
  const irisSgdClassifier = pythonComponent({
    ...golden.python('exec-iris-sgdclassifier'),
    ...scikitLearn,
    inputs: { test_samples_fraction: t.float() },
    outputs: { metrics: t.classificationMetrics() },
  });
  const htmlVisualization = pythonComponent({
    ...golden.python('exec-html-visualization'),
    outputs: { html_artifact: t.html() },
  });
  const markdownVisualization = pythonComponent({
    ...golden.python('exec-markdown-visualization'),
    outputs: { markdown_artifact: t.markdown() },
  });

  return pipeline({ name: 'metrics-visualization-pipeline' }, () => {
    wineClassification();
    irisSgdClassifier({ test_samples_fraction: 0.3 });
    digitClassification();
    htmlVisualization();
    markdownVisualization();
  });
};
