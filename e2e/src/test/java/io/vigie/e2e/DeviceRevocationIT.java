package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A device admin revokes a connected device's credentials: ingestion closes its connection and refuses it after. */
class DeviceRevocationIT extends E2e {

    @Test
    void shouldCloseTheConnectionOfARevokedDeviceWithinSecondsAndRefuseItsReconnection() {
        // given a connected scale
        Ward.Patient p = patient("hopital-nord", "HEART_FAILURE", false, Catalogue.SCALE);
        Ward.Device scale = p.devices().get(0);
        AtomicReference<Instant> lost = new AtomicReference<>();
        List<String> refusals = new CopyOnWriteArrayList<>();
        DeviceLink link = connect(scale, 4, new DeviceLink.Listener() {
            @Override
            public void disconnected() {
                lost.compareAndSet(null, Instant.now());
            }

            @Override
            public void refused(String code) {
                refusals.add(String.valueOf(code));
            }
        });
        try {
            await("connected", link::isConnected);
            // when its credentials are revoked in the registry
            Instant revoked = Instant.now();
            API.post("device-admin-nord", API.registry("/api/v1/devices/" + scale.id() + "/credentials/revoke"), null);
            // then ingestion closes the connection within seconds (the state travels through Kafka)
            await("connection closed by ingestion", Duration.ofSeconds(15), () -> lost.get() != null);
            Services.log("revoked device disconnected " + Duration.between(revoked, lost.get()).toMillis() + " ms after the revocation");
            assertTrue(Duration.between(revoked, lost.get()).toSeconds() < 10);
            // and its reconnection (same secret) is refused: not authorized
            await("reconnection refused", () -> !refusals.isEmpty());
            assertTrue(refusals.get(0).contains("NOT_AUTHORIZED") || refusals.get(0).contains("BAD_USER_NAME_OR_PASSWORD"), refusals.toString());
            assertTrue(!link.isConnected());
        } finally {
            link.reconnect(false);
            link.close();
        }
    }
}
