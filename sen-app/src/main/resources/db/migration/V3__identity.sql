-- Identity, version 3: users, the OAuth 2.0 clients and authorizations of Spring Authorization Server,
-- and the keys Sen signs its tokens with (docs/identity.md).

-- People who sign in. Passwords are stored only as a DelegatingPasswordEncoder hash ({argon2}…, {bcrypt}…).
create table identity_user (
  username          text        not null,
  password_hash     text        not null,
  -- role codes (RolePermissions): doctor, nurse, pharmacist, …
  roles             text[]      not null,
  -- the FHIR resource the user is: Practitioner/x, PractitionerRole/x, Patient/x, RelatedPerson/x
  fhir_user         text,
  organization      text,
  -- for patient users, their own Patient id
  patient           text,
  enabled           boolean     not null default true,
  -- login throttling: failures since the last success, and when the last one happened
  failed_logins     integer     not null default 0,
  last_failed_login timestamptz,
  created           timestamptz not null default now(),
  constraint identity_user_pk primary key (username),
  constraint identity_user_name_ck check (username ~ '^[A-Za-z0-9._@-]{1,100}$')
);

-- Signing keys (RSA). The current key signs; older ones stay published in the JWKS until every token they
-- signed has expired (retired + the longest token lifetime).
create table identity_signing_key (
  kid         text        not null,
  private_key bytea       not null,
  public_key  bytea       not null,
  created     timestamptz not null,
  retired     timestamptz,
  constraint identity_signing_key_pk primary key (kid)
);
-- at most one current key
create unique index identity_signing_key_current_uq on identity_signing_key ((true)) where retired is null;

-- Spring Authorization Server's JDBC schema (oauth2-registered-client-schema.sql,
-- oauth2-authorization-schema.sql, oauth2-authorization-consent-schema.sql), with PostgreSQL types.
create table oauth2_registered_client (
  id                            varchar(100)  not null,
  client_id                     varchar(100)  not null,
  client_id_issued_at           timestamptz   default current_timestamp not null,
  client_secret                 varchar(200)  default null,
  client_secret_expires_at      timestamptz   default null,
  client_name                   varchar(200)  not null,
  client_authentication_methods varchar(1000) not null,
  authorization_grant_types     varchar(1000) not null,
  redirect_uris                 varchar(1000) default null,
  post_logout_redirect_uris     varchar(1000) default null,
  scopes                        varchar(1000) not null,
  client_settings               varchar(2000) not null,
  token_settings                varchar(2000) not null,
  constraint oauth2_registered_client_pk primary key (id)
);
create unique index oauth2_registered_client_client_id_uq on oauth2_registered_client (client_id);

create table oauth2_authorization (
  id                            varchar(100) not null,
  registered_client_id          varchar(100) not null,
  principal_name                varchar(200) not null,
  authorization_grant_type      varchar(100) not null,
  authorized_scopes             varchar(1000) default null,
  attributes                    text default null,
  state                         varchar(500) default null,
  authorization_code_value      text default null,
  authorization_code_issued_at  timestamptz default null,
  authorization_code_expires_at timestamptz default null,
  authorization_code_metadata   text default null,
  access_token_value            text default null,
  access_token_issued_at        timestamptz default null,
  access_token_expires_at       timestamptz default null,
  access_token_metadata         text default null,
  access_token_type             varchar(100) default null,
  access_token_scopes           varchar(1000) default null,
  oidc_id_token_value           text default null,
  oidc_id_token_issued_at       timestamptz default null,
  oidc_id_token_expires_at      timestamptz default null,
  oidc_id_token_metadata        text default null,
  refresh_token_value           text default null,
  refresh_token_issued_at       timestamptz default null,
  refresh_token_expires_at      timestamptz default null,
  refresh_token_metadata        text default null,
  user_code_value               text default null,
  user_code_issued_at           timestamptz default null,
  user_code_expires_at          timestamptz default null,
  user_code_metadata            text default null,
  device_code_value             text default null,
  device_code_issued_at         timestamptz default null,
  device_code_expires_at        timestamptz default null,
  device_code_metadata          text default null,
  constraint oauth2_authorization_pk primary key (id)
);
-- Spring Authorization Server finds authorizations by equality on a token value (long texts: hash indexes).
create index oauth2_authorization_state_ix on oauth2_authorization using hash (state);
create index oauth2_authorization_code_ix on oauth2_authorization using hash (authorization_code_value);
create index oauth2_authorization_access_ix on oauth2_authorization using hash (access_token_value);
create index oauth2_authorization_refresh_ix on oauth2_authorization using hash (refresh_token_value);

create table oauth2_authorization_consent (
  registered_client_id varchar(100)  not null,
  principal_name       varchar(200)  not null,
  authorities          varchar(1000) not null,
  constraint oauth2_authorization_consent_pk primary key (registered_client_id, principal_name)
);
