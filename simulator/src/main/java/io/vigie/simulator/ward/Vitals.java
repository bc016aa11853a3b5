package io.vigie.simulator.ward;

import java.util.Random;

/**
 * Plausible, stable vitals of one patient: a baseline drawn once per patient, small noise at each measurement,
 * kept inside normal ranges so that only the scripted deteriorations raise alerts.
 */
final class Vitals {

    private final Random random;
    final double heartRate;
    final double respirationRate;
    final double spo2;
    final double temperature;
    final double systolic;
    final double diastolic;
    final double weight;
    final double glucose;
    private long steps;

    Vitals(long seed) {
        random = new Random(seed);
        heartRate = 66 + random.nextInt(18);
        respirationRate = 14 + random.nextInt(4);
        spo2 = 96 + random.nextInt(3);
        temperature = 36.6 + random.nextInt(5) / 10.0;
        systolic = 118 + random.nextInt(16);
        diastolic = 70 + random.nextInt(10);
        weight = 62 + random.nextInt(28);
        glucose = 105 + random.nextInt(45);
    }

    double noisy(double base, double spread, double min, double max) {
        return Math.max(min, Math.min(max, Math.round((base + random.nextGaussian() * spread) * 10) / 10.0));
    }

    double heartRate() {
        return Math.round(noisy(heartRate, 3, 55, 100));
    }

    double respirationRate() {
        return Math.round(noisy(respirationRate, 1, 12, 20));
    }

    double spo2() {
        return Math.round(noisy(spo2, 0.7, 94, 100));
    }

    double temperature() {
        return noisy(temperature, 0.1, 36.2, 37.6);
    }

    double systolic() {
        return Math.round(noisy(systolic, 4, 105, 150));
    }

    double diastolic() {
        return Math.round(noisy(diastolic, 3, 60, 90));
    }

    double weight() {
        return noisy(weight, 0.1, 40, 200);
    }

    double glucose() {
        return Math.round(noisy(glucose, 12, 85, 190));
    }

    double steps() {
        steps += random.nextInt(40);
        return steps;
    }
}
