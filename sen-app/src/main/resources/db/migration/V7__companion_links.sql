-- One-time links (and their QR codes) that open the companion pages for a patient, or for a caregiver
-- acting for a patient, without an account. Only the SHA-256 of the 256-bit random token is kept: a copy
-- of this table opens nothing.
CREATE TABLE companion_link (
  token_hash         bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  patient_id         text        NOT NULL,
  related_person_id  text,
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL,
  used_at            timestamptz,
  revoked            boolean     NOT NULL DEFAULT false
);

-- Revoking a patient's open links, and clean-up of old ones.
CREATE INDEX companion_link_patient_idx ON companion_link (patient_id);
CREATE INDEX companion_link_expires_idx ON companion_link (expires_at);
