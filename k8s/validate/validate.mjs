// Offline validation of rendered manifests (kubectl kustomize output):
//  1. every built-in object against the Kubernetes OpenAPI schema (kubernetes-models: types, required fields, enums);
//  2. every custom resource against the schema of its operator's CRD in crd-schemas/ (structural schemas of the fields
//     Vigie uses, unknown fields refused);
//  3. the policy checks a hospital's security review asks for (see POLICIES).
// node validate.mjs FILE.yaml…  prints the violations and exits 1 if there are any.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));

export function parse(text) {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === "object");
}

const ajv = new Ajv({ allErrors: true, strict: false });
const CRDS = {};
for (const f of readdirSync(join(here, "crd-schemas"))) {
  const s = JSON.parse(readFileSync(join(here, "crd-schemas", f), "utf8"));
  CRDS[`${s["x-api-version"]}/${s["x-kind"]}`] = ajv.compile(s);
}

async function builtIn(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const path = `kubernetes-models/${group ? group + "/" : ""}${version}/${obj.kind}`;
  let mod;
  try {
    mod = await import(path);
  } catch {
    return null; // not a built-in kind
  }
  try {
    new mod[obj.kind](obj).validate();
    return [];
  } catch (e) {
    return [`schema: ${e.message.split("\n").slice(0, 6).join("; ")}`];
  }
}

function id(o) {
  return `${o.kind}/${o.metadata?.namespace ? o.metadata.namespace + "/" : ""}${o.metadata?.name}`;
}

export async function schemaErrors(objects) {
  const out = [];
  for (const o of objects) {
    if (!o.apiVersion || !o.kind) {
      out.push(`${JSON.stringify(o).slice(0, 60)}: no apiVersion/kind`);
      continue;
    }
    const crd = CRDS[`${o.apiVersion}/${o.kind}`];
    if (crd) {
      if (!crd(o)) out.push(...crd.errors.map((e) => `${id(o)}: CRD schema: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? " (" + e.params.additionalProperty + ")" : ""}`));
      continue;
    }
    const errors = await builtIn(o);
    if (errors === null) out.push(`${id(o)}: unknown kind ${o.apiVersion} ${o.kind} (no schema to validate it against)`);
    else out.push(...errors.map((e) => `${id(o)}: ${e}`));
  }
  return out;
}

const WORKLOADS = ["Deployment", "StatefulSet", "DaemonSet", "Job"];
const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];

const REPLICATED_TOPICS = "Kafka topics are replicated (replication 3, min.insync.replicas 2) in production";

/** The security review's rules; each returns the violations of a rendered set of objects. */
export const POLICIES = {
  "every container has CPU and memory requests and limits": (objs) =>
    containers(objs).flatMap(({ o, c }) => ["requests", "limits"].flatMap((k) => ["cpu", "memory"]
      .filter((r) => !c.resources?.[k]?.[r]).map((r) => `${id(o)} container ${c.name}: no ${k}.${r}`))),
  "every container has liveness, readiness and startup probes": (objs) =>
    containers(objs).flatMap(({ o, c }) => PROBES.filter((p) => !c[p]).map((p) => `${id(o)} container ${c.name}: no ${p}`)),
  "every container runs as non-root, read-only root FS, no privilege escalation, all capabilities dropped": (objs) =>
    containers(objs).flatMap(({ o, c, pod }) => {
      const v = [];
      const sc = c.securityContext ?? {};
      if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) v.push("may run as root (runAsNonRoot)");
      if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) v.push("runs as UID 0");
      if (sc.readOnlyRootFilesystem !== true) v.push("writable root file system");
      if (sc.allowPrivilegeEscalation !== false) v.push("privilege escalation allowed");
      if (sc.privileged) v.push("privileged");
      if (!sc.capabilities?.drop?.includes("ALL")) v.push("capabilities not dropped (ALL)");
      if ((sc.seccompProfile ?? pod.securityContext?.seccompProfile)?.type !== "RuntimeDefault") v.push("no seccomp RuntimeDefault");
      return v.map((x) => `${id(o)} container ${c.name}: ${x}`);
    }),
  "pods do not mount a service-account token": (objs) =>
    workloads(objs).filter(({ pod }) => pod.automountServiceAccountToken !== false).map(({ o }) => `${id(o)}: automountServiceAccountToken is not false`),
  "images are pinned (a tag other than latest, or a digest)": (objs) =>
    containers(objs).filter(({ c }) => { const m = /^(.*?)(?::([^:/@]+))?(@sha256:[0-9a-f]{64})?$/.exec(c.image); return !m[3] && (!m[2] || m[2] === "latest"); })
      .map(({ o, c }) => `${id(o)} container ${c.name}: image ${c.image} is not pinned`),
  "no Secret carries data (secrets are referenced, never committed)": (objs) =>
    objs.filter((o) => o.kind === "Secret" && (Object.keys(o.data ?? {}).length || Object.keys(o.stringData ?? {}).length)).map((o) => `${id(o)}: carries data`),
  "every namespace has a default-deny NetworkPolicy (ingress and egress)": (objs) => {
    const namespaces = new Set(objs.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
    objs.filter((o) => o.metadata?.namespace).forEach((o) => namespaces.add(o.metadata.namespace));
    return [...namespaces].filter((ns) => !objs.some((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === ns
      && Object.keys(o.spec.podSelector ?? {}).length === 0 && !o.spec.ingress && !o.spec.egress
      && ["Ingress", "Egress"].every((t) => o.spec.policyTypes?.includes(t)))).map((ns) => `namespace ${ns}: no default-deny NetworkPolicy`);
  },
  "ConfigMaps hold no secret-looking values": (objs) =>
    objs.filter((o) => o.kind === "ConfigMap").flatMap((o) => Object.entries(o.data ?? {})
      .filter(([k, v]) => /(PASSWORD|SECRET|_TOKEN|PRIVATE_KEY|JAAS_CONFIG)$/i.test(k) || /password=|BEGIN [A-Z ]*PRIVATE KEY/i.test(String(v)))
      .map(([k]) => `${id(o)}: ${k} looks secret: use a Secret reference`)),
  "alerting replicas never exceed the partitions of the readings topic": (objs) => {
    const topic = objs.find((o) => o.kind === "KafkaTopic" && o.spec.topicName === "ingestion.reading.accepted.v1");
    const partitions = topic?.spec.partitions ?? 12; // topics.tsv, when the infrastructure is managed elsewhere
    return objs.filter((o) => o.metadata?.name === "alerting-service" && (o.kind === "HorizontalPodAutoscaler" || o.kind === "Deployment"))
      .filter((o) => (o.kind === "Deployment" ? o.spec.replicas : o.spec.maxReplicas) > partitions)
      .map((o) => `${id(o)}: more replicas than the ${partitions} partitions of ingestion.reading.accepted.v1`);
  },
  [REPLICATED_TOPICS]: (objs) =>
    objs.filter((o) => o.kind === "KafkaTopic" && (o.spec.replicas < 3 || Number(o.spec.config?.["min.insync.replicas"]) < 2))
      .map((o) => `${id(o)}: replicas ${o.spec.replicas}, min.insync.replicas ${o.spec.config?.["min.insync.replicas"]}`),
};
/** Checks that only hold for production renderings. */
export const PRODUCTION_ONLY = new Set([REPLICATED_TOPICS]);

function workloads(objs) {
  return objs.filter((o) => WORKLOADS.includes(o.kind)).map((o) => ({ o, pod: o.spec.template?.spec ?? o.spec.jobTemplate?.spec.template.spec }));
}
function containers(objs) {
  return workloads(objs).flatMap(({ o, pod }) => [...(pod.initContainers ?? []), ...pod.containers].map((c) => ({ o, c, pod })));
}

export function policyViolations(objs, { production = true } = {}) {
  return Object.entries(POLICIES).filter(([name]) => production || !PRODUCTION_ONLY.has(name)).flatMap(([name, check]) => check(objs).map((v) => `${name}: ${v}`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const objs = parse(readFileSync(file, "utf8"));
    const errors = [...(await schemaErrors(objs)), ...policyViolations(objs, { production: !file.includes("dev") })];
    console.log(`${file}: ${objs.length} objects, ${errors.length} problem(s)`);
    errors.forEach((e) => console.log("  " + e));
    failed += errors.length;
  }
  process.exit(failed ? 1 : 0);
}
