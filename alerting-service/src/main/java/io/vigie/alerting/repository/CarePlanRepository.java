package io.vigie.alerting.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.vigie.alerting.model.CarePlanRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class CarePlanRepository implements PanacheRepositoryBase<CarePlanRow, UUID> {
}
