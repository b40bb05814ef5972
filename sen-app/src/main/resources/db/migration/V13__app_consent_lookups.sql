-- A user's grants to apps, found by user (/auth/apps lists them; the primary key leads with the client), and
-- an app's authorizations for one user (deleted when the user withdraws the grant), without reading the whole
-- tables: both grow with every patient who grants an app and every token issued.
CREATE INDEX oauth2_authorization_consent_principal_ix ON oauth2_authorization_consent (principal_name);
CREATE INDEX oauth2_authorization_principal_client_ix ON oauth2_authorization (principal_name, registered_client_id);
