-- A user's withdrawal of an app's access (/auth/apps), by the app's client id and the user: every Sen process
-- refuses that app's access tokens for that user issued before the moment (docs/identity.md, "Withdrawing").
-- A row is needed only as long as an access token lives; older rows are deleted.
CREATE TABLE app_access_withdrawal (
  client_id text NOT NULL,
  principal_name text NOT NULL,
  withdrawn_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, principal_name)
);
