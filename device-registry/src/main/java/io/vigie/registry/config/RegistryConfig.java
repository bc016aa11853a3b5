package io.vigie.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "vigie.registry")
public interface RegistryConfig {

    /** How long a rotated device secret stays valid beside the new one, so devices can be reconfigured. */
    @WithDefault("PT24H")
    Duration rotationGrace();

    /** Default horizon of the certificate expiry report, in days. */
    @WithDefault("90")
    int expiryReportDays();
}
