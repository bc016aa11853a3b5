package io.vigie.ingestion.pipeline;

/** A message that cannot be read at all: refused as a whole. The message never quotes the payload. */
public class Unparseable extends Exception {
    public Unparseable(String reason) {
        super(reason, null, false, false);
    }
}
