import { describe, expect, it } from 'vitest';
import { checkCriteria, comparisonFor, describeVerdict, judge, reuseWarning } from '$src/core/model/accept';

describe('checkCriteria', () => {
  it('accepts the metrics of the task with finite thresholds in range', () => {
    expect(checkCriteria([{ metric: 'Accuracy', threshold: 0.9 }, { metric: 'Log loss', threshold: 0.4 }], 'classification')).toBeNull();
    expect(checkCriteria([{ metric: 'RMSE', threshold: 3.5 }, { metric: 'R²', threshold: -0.5 }], 'regression')).toBeNull();
  });

  it('refuses an empty list', () => {
    expect(checkCriteria([], 'classification')).toMatch(/at least one criterion/);
  });

  it('refuses a metric the task does not have, naming the ones it has', () => {
    const reason = checkCriteria([{ metric: 'RMSE', threshold: 3 }], 'classification');
    expect(reason).toMatch(/RMSE is not a classification metric/);
    expect(reason).toMatch(/Accuracy, Balanced accuracy, Precision, Recall, F1, MCC, ROC AUC, PR AUC, Log loss, Brier score/);
    expect(checkCriteria([{ metric: 'Accuracy', threshold: 0.9 }], 'regression')).toMatch(/not a regression metric.*MAE, RMSE, R²/);
    expect(checkCriteria([{ metric: 'Speed', threshold: 1 }], 'regression')).toMatch(/Speed is not a regression metric/);
  });

  it('refuses non-finite thresholds and thresholds outside the metric range', () => {
    for (const threshold of [NaN, Infinity, -Infinity]) {
      expect(checkCriteria([{ metric: 'Accuracy', threshold }], 'classification')).toBe('The threshold for Accuracy must be a number.');
    }
    expect(checkCriteria([{ metric: 'Accuracy', threshold: 1.5 }], 'classification')).toMatch(/Accuracy must be from 0 to 1; it is 1.5/);
    expect(checkCriteria([{ metric: 'RMSE', threshold: -1 }], 'regression')).toMatch(/RMSE must be at least 0/);
    expect(checkCriteria([{ metric: 'R²', threshold: 1.2 }], 'regression')).toMatch(/R² must be at most 1/);
  });

  it('refuses two criteria on one metric', () => {
    expect(checkCriteria([{ metric: 'F1', threshold: 0.8 }, { metric: 'F1', threshold: 0.9 }], 'classification')).toMatch(/F1 has more than one criterion/);
  });
});

describe('judge', () => {
  it('compares with ≥ where higher is better and ≤ where lower is better', () => {
    expect(comparisonFor('Accuracy')).toBe('≥');
    expect(comparisonFor('R²')).toBe('≥');
    expect(comparisonFor('RMSE')).toBe('≤');
    expect(comparisonFor('Log loss')).toBe('≤');

    const verdict = judge(
      [{ metric: 'Accuracy', threshold: 0.9 }, { metric: 'Log loss', threshold: 0.3 }],
      { Accuracy: 0.9512, 'Log loss': 0.21, F1: 0.5 },
    );
    expect(verdict).toEqual({
      passed: true,
      results: [
        { metric: 'Accuracy', threshold: 0.9, value: 0.9512, passed: true, comparison: '≥' },
        { metric: 'Log loss', threshold: 0.3, value: 0.21, passed: true, comparison: '≤' },
      ],
    });
  });

  it('passes a value equal to the threshold, fails one on the wrong side', () => {
    expect(judge([{ metric: 'Accuracy', threshold: 0.9 }], { Accuracy: 0.9 }).passed).toBe(true);
    expect(judge([{ metric: 'RMSE', threshold: 3.5 }], { RMSE: 3.5 }).passed).toBe(true);
    expect(judge([{ metric: 'Accuracy', threshold: 0.9 }], { Accuracy: 0.89 }).passed).toBe(false);
    expect(judge([{ metric: 'RMSE', threshold: 3.5 }], { RMSE: 4.1 }).passed).toBe(false);
    expect(judge([{ metric: 'RMSE', threshold: 3.5 }], { RMSE: 1 }).passed).toBe(true);
  });

  it('fails a null, missing or non-finite value', () => {
    const verdict = judge(
      [{ metric: 'ROC AUC', threshold: 0.8 }, { metric: 'Accuracy', threshold: 0.5 }, { metric: 'F1', threshold: 0.5 }],
      { 'ROC AUC': null, Accuracy: NaN },
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.results.map((r) => [r.value, r.passed])).toEqual([[null, false], [null, false], [null, false]]);
  });

  it('fails when one of several criteria fails', () => {
    const verdict = judge([{ metric: 'MAE', threshold: 2.5 }, { metric: 'RMSE', threshold: 3.5 }], { MAE: 2.2, RMSE: 4.1 });
    expect(verdict.passed).toBe(false);
    expect(verdict.results.map((r) => r.passed)).toEqual([true, false]);
  });

  it('does not pass an empty list', () => {
    expect(judge([], { Accuracy: 1 })).toEqual({ passed: false, results: [] });
  });
});

describe('describeVerdict', () => {
  it('says the verdict, value, comparison and threshold', () => {
    expect(describeVerdict(judge([{ metric: 'Accuracy', threshold: 0.9 }], { Accuracy: 0.95123 }))).toBe('Passed: Accuracy 0.9512 ≥ 0.9');
    expect(describeVerdict(judge([{ metric: 'RMSE', threshold: 3.5 }], { RMSE: 4.1 }))).toBe('Failed: RMSE 4.1 > 3.5');
    expect(describeVerdict(judge([{ metric: 'R²', threshold: 0.8 }], { 'R²': 0.75 }))).toBe('Failed: R² 0.75 < 0.8');
    expect(describeVerdict(judge([{ metric: 'RMSE', threshold: 3.5 }], { RMSE: 3.5 }))).toBe('Passed: RMSE 3.5 ≤ 3.5');
  });

  it('describes every criterion, including one that could not be computed', () => {
    const verdict = judge([{ metric: 'MAE', threshold: 2.5 }, { metric: 'RMSE', threshold: 3.5 }], { MAE: 2.2, RMSE: 4.1 });
    expect(describeVerdict(verdict)).toBe('Failed: MAE 2.2 ≤ 2.5; RMSE 4.1 > 3.5');
    expect(describeVerdict(judge([{ metric: 'ROC AUC', threshold: 0.8 }], { 'ROC AUC': null }))).toBe(
      'Failed: ROC AUC could not be computed (needed ≥ 0.8)',
    );
    expect(describeVerdict(judge([], {}))).toBe('Failed: no criteria were set.');
  });

  it('shows enough digits that a near miss does not read as equal', () => {
    expect(describeVerdict(judge([{ metric: 'Accuracy', threshold: 0.9 }], { Accuracy: 0.89999 }))).toBe('Failed: Accuracy 0.89999 < 0.9');
    expect(describeVerdict(judge([{ metric: 'Log loss', threshold: 0.001 }], { 'Log loss': 0.000123456 }))).toBe(
      'Passed: Log loss 0.000123 ≤ 0.001',
    );
  });
});

describe('reuseWarning', () => {
  it('is silent for the first run', () => {
    expect(reuseWarning(0)).toBeNull();
  });

  it('explains why a second look at the test set is optimistic', () => {
    const once = reuseWarning(1);
    expect(once).toMatch(/used once before/);
    expect(once).toMatch(/optimistic/);
    expect(once).toMatch(/first result/);
    expect(reuseWarning(3)).toMatch(/used 3 times before/);
  });
});
