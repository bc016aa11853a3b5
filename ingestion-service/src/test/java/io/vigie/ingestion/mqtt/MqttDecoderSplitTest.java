package io.vigie.ingestion.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Netty's MQTT decoder as the front door runs it, fed the way a TCP socket may deliver bytes: a PUBLISH cut inside its
 * variable header (topic, packet id) by two reads. Netty 4.1.133 (the Quarkus 3.33.2 BOM) refused that with
 * {@code TooLongFrameException: message length exceeds 65536: <small>} and closed the connection (netty/netty #16776,
 * fixed by #16916 in 4.1.137, imported before the Quarkus BOM in the root pom).
 */
class MqttDecoderSplitTest {

    static final String TOPIC = "vigie/v1/devices/2f1c5c1e-8a43-4a4b-9a8e-0d2f7b7e6a11/readings";
    static final String PAYLOAD = "{\"seq\":1,\"readings\":[{\"id\":\"r-1\",\"code\":\"8867-4\",\"value\":72,\"unit\":\"/min\",\"ts\":\"2026-12-07T10:00:00Z\"}]}";

    @Test
    void shouldDecodeAQos1PublishCutInsideItsTopic() {
        byte[] publish = MqttPackets.publishQos1(TOPIC, 7, PAYLOAD);
        int cut = MqttPackets.topicStart(publish) + 10;
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(65536));

        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(publish, 0, cut)));
        assertNull(channel.readInbound(), "half a packet decodes nothing yet");
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(publish, cut, publish.length)));

        assertPublish(channel.readInbound(), 7);
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldDecodeTwoPipelinedPublishesTheSecondCutInItsPacketId() {
        byte[] first = MqttPackets.publishQos1(TOPIC, 1, PAYLOAD);
        byte[] second = MqttPackets.publishQos1(TOPIC, 2, PAYLOAD);
        byte[] wire = new byte[first.length + second.length];
        System.arraycopy(first, 0, wire, 0, first.length);
        System.arraycopy(second, 0, wire, first.length, second.length);
        int cut = first.length + MqttPackets.topicStart(second) + TOPIC.length() + 1; // between the two bytes of the packet id
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(65536));

        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, 0, cut)));
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, cut, wire.length)));

        assertPublish(channel.readInbound(), 1);
        assertPublish(channel.readInbound(), 2);
        channel.finishAndReleaseAll();
    }

    private static void assertPublish(Object decoded, int packetId) {
        assertNotNull(decoded, "PUBLISH " + packetId + " decoded");
        MqttPublishMessage m = assertInstanceOf(MqttPublishMessage.class, decoded, () -> "a PUBLISH, not a decoding failure: " + decoded);
        try {
            assertTrue(m.decoderResult().isSuccess(), () -> "decoded without error: " + m.decoderResult().cause());
            assertEquals(TOPIC, m.variableHeader().topicName());
            assertEquals(packetId, m.variableHeader().packetId());
            assertEquals(PAYLOAD, m.payload().toString(StandardCharsets.UTF_8));
        } finally {
            m.release();
        }
    }
}
