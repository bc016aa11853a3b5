package io.vigie.ingestion.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/** MQTT 3.1.1 packets as bytes on the wire (Netty's encoder), for tests that cut them where a socket read may. */
public final class MqttPackets {

    private MqttPackets() {
    }

    public static byte[] bytes(MqttMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.writeOutbound(message);
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            channel.finishAndReleaseAll();
        }
    }

    public static byte[] connect(String clientId, String user, String password) {
        return bytes(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(30)
                .hasUser(true).username(user).hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8)).build());
    }

    public static byte[] publishQos1(String topic, int packetId, String payload) {
        return bytes(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId).retained(false)
                .payload(Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))).build());
    }

    /** Where the topic of a PUBLISH starts: after the fixed header (1 byte + remaining length) and the topic's 2-byte length. */
    public static int topicStart(byte[] publish) {
        int i = 1;
        while ((publish[i] & 0x80) != 0) {
            i++;
        }
        return i + 1 + 2;
    }
}
