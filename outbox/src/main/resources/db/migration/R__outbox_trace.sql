-- Shipped with the outbox library, applied by Flyway after the service's own migrations (which create the outbox
-- table): the W3C trace context of the change that wrote each event, so a trace goes on through Kafka. Repeatable and
-- idempotent: change it only additively.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS traceparent text;
