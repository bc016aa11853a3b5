package io.vigie.simulator.api;

/**
 * Where the four services and the MQTT front door answer. Defaults are the ports {@code ./platform up} uses;
 * each can be set by a system property ({@code -Dvigie.registry.url=…}) or an environment variable
 * ({@code VIGIE_REGISTRY_URL}).
 */
public record Endpoints(String registry, String ingestion, String alerting, String patient, String mqttHost, int mqttPort) {

    public static Endpoints fromEnvironment() {
        return new Endpoints(setting("vigie.registry.url", "http://127.0.0.1:8081"), setting("vigie.ingestion.url", "http://127.0.0.1:8082"),
                setting("vigie.alerting.url", "http://127.0.0.1:8083"), setting("vigie.patient.url", "http://127.0.0.1:8084"),
                setting("vigie.mqtt.host", "127.0.0.1"), Integer.parseInt(setting("vigie.mqtt.port", "1884")));
    }

    public static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
