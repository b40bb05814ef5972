/**
 * Non-adherence risk: per patient and medicine class, the probability that dose-level adherence falls
 * below 80% in the next 30 days. Features come from the record only ({@link PatientHistory},
 * {@link FeatureExtractor}); a regularised logistic regression is trained in-process on Sen's own data
 * ({@link RiskTrainer}), evaluated against a synthetic population's ground truth ({@link RiskEvaluation}),
 * and its results are written as FHIR RiskAssessments ({@link RiskService}), with Tasks on the care
 * team's worklist for high risk and falling adherence. docs/companion.md, "Non-adherence risk".
 */
@NullMarked
package vn.sen.app.companion.risk;

import org.jspecify.annotations.NullMarked;
