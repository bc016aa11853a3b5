package io.vigie.ingestion.it;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;


/** Real MQTT clients (Eclipse Paho) for 3.1.1 and 5 against the ingestion server. */
public final class Mqtt {

    private Mqtt() {
    }

    public static String url(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    public static org.eclipse.paho.client.mqttv3.MqttClient v3(int port, String user, String password) throws MqttException {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient(url(port), "t3-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        client.setTimeToWait(15_000);
        client.connect(o);
        return client;
    }

    /** An MQTT 5 client (asynchronous API: publish tokens carry the PUBACK reason codes). */
    public static org.eclipse.paho.mqttv5.client.MqttAsyncClient v5(int port, String user, String password)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        var client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(url(port), "t5-" + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o).waitForCompletion(15_000);
        return client;
    }

    public static void close(org.eclipse.paho.mqttv5.client.MqttAsyncClient client) throws org.eclipse.paho.mqttv5.common.MqttException {
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
