-- Companion reminders (package vn.sen.app.companion.reminder; docs/companion.md, "Reminders and escalation").
-- Module-private queue tables: what FHIR cannot hold (send times, attempts, leases). Anything clinical the
-- pipeline concludes (an escalation to a caregiver) is written as FHIR resources through the repository.
-- Sized for 1,000,000 patients, about 3 million reminders a day: rows are narrow, the work queues are
-- partial indexes that hold only open rows (a day's worth, not the whole history), and every step works
-- on batches with one statement per batch.

-- Per-patient settings; a patient without a row gets the configured defaults.
create table reminder_preference (
  patient_id             text        not null,
  -- channel names: 'in-page' or a configured webhook endpoint ('sms', 'zalo', …)
  channels               text[],
  zone                   text,
  quiet_start            time,
  quiet_end              time,
  -- 'shift' (to the nearer edge of the quiet hours), 'drop', 'none' (no quiet hours); null: the defaults
  quiet_policy           text,
  stopped                boolean     not null default false,
  escalate               boolean     not null default false,
  -- id of the RelatedPerson to escalate to (consent is checked at escalation time)
  caregiver              text,
  caregiver_channels     text[],
  escalate_after_minutes integer,
  escalate_after_misses  integer,
  consecutive_misses     integer     not null default 0,
  updated_at             timestamptz not null default now(),
  constraint reminder_preference_pk primary key (patient_id),
  constraint reminder_preference_policy_ck check (quiet_policy in ('shift', 'drop', 'none')),
  constraint reminder_preference_after_ck check (escalate_after_minutes > 0 and escalate_after_misses > 0)
);

-- One row per expected dose of the planned window; the unit escalation watches.
create table reminder_dose (
  id                 bigint      generated always as identity,
  patient_id         text        not null,
  -- stable key of the dose in its schedule: MedicationRequest id and due instant
  dose_key           text        not null,
  medication_request text        not null,
  due_at             timestamptz not null,
  dose_label         text        not null,
  medication         text        not null,
  -- escalation watch: 'none' (not watched), 'open', 'answered', 'missed', 'escalated', 'unauthorised'
  watch              text        not null,
  check_at           timestamptz,
  constraint reminder_dose_pk primary key (id),
  constraint reminder_dose_watch_ck
    check (watch in ('none', 'open', 'answered', 'missed', 'escalated', 'unauthorised'))
);
-- Materialising twice (or from two instances) inserts each dose once: ON CONFLICT on this index.
create unique index reminder_dose_key_uq on reminder_dose (patient_id, dose_key);
-- The escalation work queue: only doses still waiting for an answer.
create index reminder_dose_check_ix on reminder_dose (check_at) where watch = 'open';
create index reminder_dose_due_ix on reminder_dose (due_at);

-- The outbox: one row per dose (or escalation) and channel. No foreign key to reminder_dose: a per-row
-- trigger check would slow the bulk insert of a day's reminders, and both tables are purged together by
-- due time.
create table reminder (
  id              bigint      generated always as identity,
  dose_id         bigint      not null,
  patient_id      text        not null,
  -- 'dose' (to the patient) or 'escalation' (to the caregiver)
  kind            text        not null,
  -- Patient/… or RelatedPerson/…
  recipient       text        not null,
  channel         text        not null,
  due_at          timestamptz not null,
  state           text        not null default 'pending',
  attempts        integer     not null default 0,
  -- when a pending reminder is next due to be tried; a claim moves it forward by the lease, so a
  -- reminder claimed by a dispatcher that died is tried again once the lease has passed
  next_attempt_at timestamptz not null,
  sent_at         timestamptz,
  delivered_at    timestamptz,
  constraint reminder_pk primary key (id),
  constraint reminder_kind_ck check (kind in ('dose', 'escalation')),
  constraint reminder_state_ck
    check (state in ('pending', 'sent', 'delivered', 'failed', 'expired', 'cancelled'))
);
-- Idempotent materialisation: one reminder per (dose, kind, channel), i.e. per (patient, dose key, channel).
create unique index reminder_dose_channel_uq on reminder (dose_id, kind, channel);
-- The dispatch work queue: pending rows by next attempt; small because sent rows leave it.
create index reminder_next_ix on reminder (next_attempt_at) where state = 'pending';
-- stop-reminders cancels a patient's pending reminders at once.
create index reminder_patient_pending_ix on reminder (patient_id) where state = 'pending';
-- The in-page inbox the companion page polls.
create index reminder_inbox_ix on reminder (recipient, due_at) where state = 'sent' and channel = 'in-page';
create index reminder_due_ix on reminder (due_at);

-- Every attempt and its outcome; never message text or addresses.
create table reminder_delivery (
  reminder_id bigint      not null,
  attempt     integer     not null,
  at          timestamptz not null,
  channel     text        not null,
  -- 'sent', 'delivered', 'retry', 'failed', 'expired'
  outcome     text        not null,
  http_status integer,
  detail      text
);
create index reminder_delivery_reminder_ix on reminder_delivery (reminder_id, attempt);
create index reminder_delivery_at_ix on reminder_delivery (at);
