// The Kubernetes manifests as a hospital's security review reads them: rendered by kustomize, validated offline
// against the Kubernetes and CRD schemas, and checked against the policies. The negative cases prove each check bites.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, schemaErrors, policyViolations, POLICIES } from "../validate.mjs";
import { GENERATED } from "../../tools/generate.mjs";
import { readFileSync } from "node:fs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const render = (dir) => parse(execFileSync("kubectl", ["kustomize", join(root, dir)], { encoding: "utf8", maxBuffer: 64 << 20 }));
const RENDERED = { dev: render("k8s/overlays/dev"), prod: render("k8s/overlays/prod"), infra: render("k8s/infra") };
const clone = (o) => JSON.parse(JSON.stringify(o));
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);

for (const [name, objs] of Object.entries(RENDERED)) {
  test(`${name}: every object is valid against its schema`, async () => {
    assert.ok(objs.length > 20, `${name} rendered ${objs.length} objects`);
    assert.deepEqual(await schemaErrors(objs), []);
  });
  test(`${name}: every policy holds`, () => {
    assert.deepEqual(policyViolations(objs, { production: name !== "dev" }), []);
  });
}

test("generated files (topics from topics.tsv, realm import from auth/) are up to date", () => {
  for (const [file, make] of Object.entries(GENERATED)) {
    assert.equal(readFileSync(join(root, file), "utf8"), make(), `${file} is stale: run node k8s/tools/generate.mjs`);
  }
});

test("the production realm import has no demo user, no dev-only client and no secret value", () => {
  const realm = find(RENDERED.infra, "KeycloakRealmImport", "vigie-realm").spec.realm;
  assert.equal(realm.users, undefined);
  assert.deepEqual(realm.clients.filter((c) => ["vigie-cli", "vigie-test-short-lived"].includes(c.clientId)), []);
  for (const c of realm.clients.filter((c) => c.secret !== undefined)) assert.match(c.secret, /^\$\{VIGIE_SECRET_[A-Z_]+\}$/);
  assert.doesNotMatch(JSON.stringify(realm), /dev-only|DevOnly|127\.0\.0\.1|localhost/);
});

test("every topic of topics.tsv is a KafkaTopic, retention of the readings at least the 72 h rule window", () => {
  const tsv = readFileSync(join(root, "events/src/main/resources/topics.tsv"), "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  const topics = RENDERED.infra.filter((o) => o.kind === "KafkaTopic");
  assert.equal(topics.length, tsv.length);
  const readings = topics.find((t) => t.spec.topicName === "ingestion.reading.accepted.v1");
  assert.ok(readings.spec.config["retention.ms"] >= 72 * 3600 * 1000);
  for (const t of topics.filter((t) => t.spec.topicName.endsWith("state.v1"))) assert.equal(t.spec.config["cleanup.policy"], "compact");
});

test("dev: one replica each, no autoscaler; prod: 3 replicas spread over zones, autoscaling, TLS ingress", () => {
  const deployments = (objs) => objs.filter((o) => o.kind === "Deployment");
  assert.equal(deployments(RENDERED.dev).length, 4);
  assert.ok(deployments(RENDERED.dev).every((d) => d.spec.replicas === 1));
  assert.equal(RENDERED.dev.filter((o) => o.kind === "HorizontalPodAutoscaler").length, 0);
  for (const d of deployments(RENDERED.prod)) {
    assert.ok(d.spec.replicas >= 3, d.metadata.name);
    assert.equal(d.spec.template.spec.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
    assert.ok(d.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.length > 0);
  }
  assert.deepEqual(RENDERED.prod.filter((o) => o.kind === "HorizontalPodAutoscaler").map((h) => h.metadata.name).sort(), ["alerting-service", "ingestion-service"]);
  const ingresses = RENDERED.prod.filter((o) => o.kind === "Ingress");
  assert.ok(ingresses.length > 0 && ingresses.every((i) => i.spec.tls?.length));
  const mqtt = find(RENDERED.prod, "Service", "ingestion-mqtt");
  assert.equal(mqtt.spec.type, "LoadBalancer");
  assert.deepEqual(mqtt.spec.ports.map((p) => p.port), [8883]);
});

// each check must catch what it is about: break one thing, expect that check (and only a problem) to report it
const prod = RENDERED.prod;
const BREAKS = {
  "every container has CPU and memory requests and limits": (o) => { delete find(o, "Deployment", "alerting-service").spec.template.spec.containers[0].resources.limits; },
  "every container has liveness, readiness and startup probes": (o) => { delete find(o, "Deployment", "patient-service").spec.template.spec.containers[0].startupProbe; },
  "every container runs as non-root, read-only root FS, no privilege escalation, all capabilities dropped": (o) => {
    find(o, "Deployment", "device-registry").spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
  },
  "pods do not mount a service-account token": (o) => { delete find(o, "Deployment", "device-registry").spec.template.spec.automountServiceAccountToken; },
  "images are pinned (a tag other than latest, or a digest)": (o) => { find(o, "Deployment", "ingestion-service").spec.template.spec.containers[0].image = "registry.hospital.example/vigie/ingestion-service:latest"; },
  "no Secret carries data (secrets are referenced, never committed)": (o) => { o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "oops", namespace: "vigie" }, stringData: { password: "x" } }); },
  "every namespace has a default-deny NetworkPolicy (ingress and egress)": (o) => { o.splice(o.indexOf(find(o, "NetworkPolicy", "default-deny")), 1); },
  "ConfigMaps hold no secret-looking values": (o) => { find(o, "ConfigMap", "device-registry-config").data.QUARKUS_DATASOURCE_PASSWORD = "x"; },
  "alerting replicas never exceed the partitions of the readings topic": (o) => { find(o, "HorizontalPodAutoscaler", "alerting-service").spec.maxReplicas = 24; },
  "Kafka topics are replicated (replication 3, min.insync.replicas 2) in production": (o) => {
    o.push({ apiVersion: "kafka.strimzi.io/v1beta2", kind: "KafkaTopic", metadata: { name: "t", namespace: "vigie" }, spec: { partitions: 1, replicas: 1, config: {} } });
  },
};

test("every policy has a negative case", () => assert.deepEqual(Object.keys(BREAKS).sort(), Object.keys(POLICIES).sort()));

for (const [policy, breakIt] of Object.entries(BREAKS)) {
  test(`policy catches: ${policy}`, () => {
    const objs = clone(prod);
    breakIt(objs);
    const found = policyViolations(objs);
    assert.ok(found.length > 0, "no violation reported");
    assert.ok(found.every((v) => v.startsWith(policy + ":")), found.join("\n"));
  });
}

test("schema validation catches a wrong type in a built-in object and an unknown field in a custom resource", async () => {
  const objs = clone(prod);
  find(objs, "Deployment", "device-registry").spec.replicas = "three";
  const topic = clone(RENDERED.infra.find((o) => o.kind === "KafkaTopic"));
  topic.spec.partition = 3; // typo of partitions
  const errors = await schemaErrors([find(objs, "Deployment", "device-registry"), topic]);
  assert.equal(errors.length >= 2, true, errors.join("\n"));
  assert.ok(errors.some((e) => e.startsWith("Deployment/vigie/device-registry: schema")));
  assert.ok(errors.some((e) => e.includes("KafkaTopic") && e.includes("partition")));
});

test("an object of a kind without a schema is reported, not silently accepted", async () => {
  const errors = await schemaErrors([{ apiVersion: "example.org/v1", kind: "Widget", metadata: { name: "w" }, spec: {} }]);
  assert.equal(errors.length, 1);
});
