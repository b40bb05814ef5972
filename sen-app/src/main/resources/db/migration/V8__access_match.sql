-- Patient/$match: which user identified which patient by a national identifier, for how long that lets
-- them open a first Encounter at their own organisation (FirstEncounters). One row per user and patient;
-- a new match extends it. Rows past their expiry grant nothing and are removed by later matches.
CREATE TABLE access_match (
  username      text        NOT NULL,
  organization  text        NOT NULL,
  patient_id    text        NOT NULL,
  matched_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (username, patient_id)
);

CREATE INDEX access_match_expires_idx ON access_match (expires_at);
