-- The trace of the alert change a webhook delivery carries (W3C traceparent, ids only), so its POST joins that trace.
ALTER TABLE webhook_delivery ADD COLUMN traceparent text;
