package io.vigie.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * What a hospital's OpenTelemetry collector would be, in memory: an OTLP/HTTP (protobuf) receiver the e2e services
 * export their spans to. It decodes the few fields the tests read — service, trace and span ids, parent, name,
 * attributes, event attributes — straight from the protobuf wire format (ExportTraceServiceRequest).
 */
final class OtlpReceiver implements AutoCloseable {

    /** A received span: attribute and event-attribute values rendered as text. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentId, String name, Map<String, String> attributes,
            List<Map<String, String>> events) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", x -> {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(x.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(x.getRequestBody()) : x.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                decodeRequest(body);
                x.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                x.sendResponseHeaders(200, 0); // an empty ExportTraceServiceResponse
            } catch (RuntimeException e) {
                x.sendResponseHeaders(400, -1);
            }
            x.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void decodeRequest(byte[] b) {
        Wire w = new Wire(b, 0, b.length);
        while (w.more()) {
            int tag = w.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                decodeResourceSpans(w.message());
            } else {
                w.skip(tag);
            }
        }
    }

    private void decodeResourceSpans(Wire w) {
        String service = null;
        List<Wire> scopes = new ArrayList<>();
        while (w.more()) {
            int tag = w.tag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                Wire resource = w.message();
                while (resource.more()) {
                    int t = resource.tag();
                    if (t >>> 3 == 1 && (t & 7) == 2) {
                        Map.Entry<String, String> kv = keyValue(resource.message());
                        if (kv.getKey().equals("service.name")) {
                            service = kv.getValue();
                        }
                    } else {
                        resource.skip(t);
                    }
                }
            } else if (field == 2 && (tag & 7) == 2) {
                scopes.add(w.message());
            } else {
                w.skip(tag);
            }
        }
        for (Wire scope : scopes) {
            while (scope.more()) {
                int tag = scope.tag();
                if (tag >>> 3 == 2 && (tag & 7) == 2) {
                    spans.add(decodeSpan(service, scope.message()));
                } else {
                    scope.skip(tag);
                }
            }
        }
    }

    private static ReceivedSpan decodeSpan(String service, Wire w) {
        String trace = null;
        String span = null;
        String parent = "";
        String name = null;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Map<String, String>> events = new ArrayList<>();
        while (w.more()) {
            int tag = w.tag();
            switch (tag >>> 3) {
                case 1 -> trace = HexFormat.of().formatHex(w.bytes());
                case 2 -> span = HexFormat.of().formatHex(w.bytes());
                case 4 -> parent = HexFormat.of().formatHex(w.bytes());
                case 5 -> name = w.string();
                case 9 -> {
                    Map.Entry<String, String> kv = keyValue(w.message());
                    attributes.put(kv.getKey(), kv.getValue());
                }
                case 11 -> {
                    Wire e = w.message();
                    Map<String, String> event = new LinkedHashMap<>();
                    while (e.more()) {
                        int t = e.tag();
                        if (t >>> 3 == 2 && (t & 7) == 2) {
                            event.put("name", e.string());
                        } else if (t >>> 3 == 3 && (t & 7) == 2) {
                            Map.Entry<String, String> kv = keyValue(e.message());
                            event.put(kv.getKey(), kv.getValue());
                        } else {
                            e.skip(t);
                        }
                    }
                    events.add(event);
                }
                default -> w.skip(tag);
            }
        }
        return new ReceivedSpan(service, trace, span, parent, name, attributes, events);
    }

    private static Map.Entry<String, String> keyValue(Wire w) {
        String key = null;
        String value = null;
        while (w.more()) {
            int tag = w.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                key = w.string();
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                value = anyValue(w.message());
            } else {
                w.skip(tag);
            }
        }
        return Map.entry(key == null ? "" : key, value == null ? "" : value);
    }

    /** AnyValue as text: string, bool, int, double, array (values joined by commas), kvlist, bytes (hex). */
    private static String anyValue(Wire w) {
        StringBuilder out = new StringBuilder();
        while (w.more()) {
            int tag = w.tag();
            switch (tag >>> 3) {
                case 1 -> out.append(w.string());
                case 2, 3 -> out.append(w.varint());
                case 4 -> out.append(Double.longBitsToDouble(w.fixed64()));
                case 5, 6 -> {
                    Wire inner = w.message();
                    List<String> parts = new ArrayList<>();
                    while (inner.more()) {
                        int t = inner.tag();
                        if (t >>> 3 == 1 && (t & 7) == 2) {
                            Wire item = inner.message();
                            parts.add(tag >>> 3 == 5 ? anyValue(item) : keyValue(item).toString());
                        } else {
                            inner.skip(t);
                        }
                    }
                    out.append(String.join(",", parts));
                }
                case 7 -> out.append(HexFormat.of().formatHex(w.bytes()));
                default -> w.skip(tag);
            }
        }
        return out.toString();
    }

    /** A protobuf reader over a byte range. */
    private static final class Wire {
        private final byte[] b;
        private int pos;
        private final int end;

        Wire(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) (b[pos++] & 0xff) << (8 * i);
            }
            return v;
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Wire message() {
            int n = (int) varint();
            Wire w = new Wire(b, pos, pos + n);
            pos += n;
            return w;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int n = (int) varint(); // read first: "pos += varint()" would add to pos as it was before the varint
                    pos += n;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("unsupported wire type " + (tag & 7));
            }
        }
    }

}
