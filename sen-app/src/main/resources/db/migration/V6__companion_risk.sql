-- Companion non-adherence risk: trained model weights, one row per training run (docs/companion.md).
-- Everything the model concludes about patients is a FHIR RiskAssessment in the resource store; this
-- table holds only what FHIR cannot: the weights, and how well they did.
create table companion_risk_model (
  version      bigint generated always as identity primary key,
  trained_at   timestamptz not null,
  as_of        date not null,
  rows_trained integer not null,
  model        jsonb not null,
  metrics      jsonb not null
);
