// The vocabulary of the synthetic skill library: technical nouns, verbs, adjectives and tool names.
// Plural nouns and the inflected verb forms are derived, so the bank holds well over 1,500 distinct words.

const nounText = `
access account adapter address agent alert algorithm alias allocation analyzer anchor annotation
api application archive argument array artifact assertion asset attribute audit authentication
author backend backlog backoff backup balance bandwidth banner baseline batch benchmark binary
binding bitmap blob block body boundary branch breakpoint bridge browser bucket buffer bug build
bundle button byte cache callback canary candidate capability capacity carrier catalog category
certificate change channel character chart checkpoint checksum chunk cipher class clause client
clock cluster codec collection column command comment commit compiler component compression
condition config connection connector console constant constraint consumer container context
contract controller cookie coordinate core counter coverage credential cron cursor customer
daemon dashboard database dataset deadline debugger decoder default delay delimiter dependency
deployment descriptor detail device diagram dialect diff digest directory disk dispatcher
distribution document domain download draft driver duration edge editor element emitter encoder
endpoint engine entity entry environment error estimate event exception executor exit exporter
expression extension extractor factory failure feature feed field file filter fixture flag
folder font footer fork form format fragment frame framework function gateway generator glyph
gradient graph grid group guard handler hash header heap heuristic hint histogram hook host
hotspot identifier image import incident index indicator inode input installer instance
integration interface interval inventory invoice issue item iterator job journal kernel key
keyboard label lambda language latency launcher layer layout lease ledger library license
lifecycle limit line link linker listener literal loader locale lock log lookup loop machine
macro manifest map marker master matrix measure memory merge message metadata method metric
middleware migration mirror mode model module monitor mount mutation namespace network node
notebook notification object observer offset operand operator optimizer option order origin
outage outcome output owner package packet page pager pane panel parameter parser partition
password patch path pattern payload peer permission phase pipeline pixel placeholder platform
plugin pointer policy pool port predicate prefix preset primitive principal printer priority
probe procedure process processor producer profile profiler program project prompt property
protocol provider proxy publisher query queue quota range rate reader record recovery reducer
reference region registry regression release remote renderer replica report repository request
resolver resource response result retry revision role rollback rollout root route router row
rule runbook runner runtime sample sandbox scanner schedule scheduler schema scope score script
secret section segment selector semaphore sensor sequence serializer server service session
setting shader shard shell signal signature sink sketch slice snapshot socket source span
specification spike spreadsheet stack stage statement status storage store stream string stub
subnet subscriber subscription suffix suite summary supervisor surface switch symbol syntax
table tag target task template tenant terminal test thread threshold ticket tile timeout timer
timestamp token tool topic trace tracker transaction transform transport tree trigger tuple
type unit upload user utility validator value variable vector vendor version view viewport
volume vulnerability wallet warning watcher webhook widget window worker workflow workload
workspace wrapper writer zone accessor aggregate allocator appliance approval assembly backfill
beacon blueprint bootstrap breadcrumb broker cadence caveat changelog checklist classifier
cohort collector compactor compositor concurrency consensus coroutine crawler cutover dataframe
deduplication denominator deprecation diagnostic digraph dispatch embedding enclave enumeration
epoch escalation evaluator exemplar facet failover federation fence fingerprint firmware flake
forecast formatter funnel garbage governance handoff handshake harness heartbeat hierarchy
hydration idempotency ingestion inheritance initializer inspector invariant keystore lattice
leaderboard lexer lineage linter locator manifold marshaller membrane mesh microservice
milestone mnemonic modifier monorepo multiplexer mutex nonce normalizer notation onboarding
orchestrator outlier overlay paginator parity perimeter permalink persona pivot planner
playbook poller portal postmortem precondition prefetch preprocessor quorum ranker reconciler
redirect refactor regressor relay remediation renewal rescheduler residual retention rotation
sanitizer scaffold scraper sidecar sitemap skeleton snippet spool stakeholder stencil subgraph
subsystem tarball telemetry tensor throttle tokenizer topology traversal triage tunnel
unmarshaller upstream downstream validation vocabulary walkthrough watermark wildcard
`;

const verbText = `
accept acquire activate adapt add adjust aggregate allocate allow analyze annotate append apply
approve archive assert assign attach audit authenticate authorize backfill batch benchmark bind
block boot branch broadcast buffer build bump bundle cache calculate call cancel capture cast
change check checkout chunk clamp classify clean clear clone close cluster coalesce collapse
collect combine commit compact compare compile complete compress compute configure confirm
connect consume contain convert copy correct count crawl create crop debounce debug declare
decode decompress decouple decrypt dedupe defer define delegate delete deploy deprecate derive
describe deserialize design detach detect diagnose disable discard discover dispatch display
distribute document download drain draw dump edit emit enable encode encrypt enforce enqueue
ensure enumerate escalate escape estimate evaluate evict examine exclude execute expand expire
explain export expose extend extract fail fetch filter finalize find fix flatten flush fold
follow force fork format forward freeze generate group guard handle hash hide highlight hoist
host hydrate identify ignore import improve include increment index infer inject inline inspect
install instrument integrate intercept invalidate invert invoke isolate iterate join keep label
launch lint list load localize locate lock log lookup maintain manage map mark marshal match
measure merge migrate minify mirror mock model modify monitor mount move multiplex mutate name
navigate negotiate normalize notify observe obtain open optimize order override package paginate
parse partition patch pause perform persist pin pipe plan plot poll populate port post predict
prefer prefetch prepare preserve prevent preview print prioritize probe process produce profile
promote prompt propagate protect provision prune publish pull purge push query queue raise rank
read rebase rebuild receive reconcile record recover redact redirect reduce refactor refresh
register reindex reject release reload remove rename render reorder repair replace replay
replicate report request require rerun reset resize resolve restart restore retain retry return
reuse review revoke rewrite rollback rotate route run sample sanitize save scaffold scale scan
schedule score scrape search secure seed select send serialize serve set shard share shift ship
shorten simplify simulate skip slice snapshot sort split stage start stash store stream strip
stub submit subscribe summarize supervise suppress swap sync tag tail test throttle tokenize
trace track train transform translate traverse trigger trim truncate tune unblock unlock unpack
unwrap update upgrade upload validate verify version visualize wait warn watch wrap write yield
`;

const adjectiveText = `
abstract active adaptive additional affected aggressive alternate ambiguous anonymous applicable
approximate arbitrary asynchronous atomic automatic available backward bad balanced basic
bidirectional binary blocking bounded broken buffered cached canonical careful central cheap
clean cold common compatible complete complex composite compressed concurrent conditional
consistent constant corrupt costly critical cross-platform current custom dangling dark dedicated
deep default deferred dense dependent deprecated derived deterministic different dirty disabled
distinct distributed duplicate durable dynamic eager early effective elastic embedded empty
encrypted ephemeral equivalent exact excessive exclusive existing expensive experimental explicit
exponential external failing fast fatal faulty final fine-grained flaky flat flexible foreign
fragile frequent fresh full functional generic global graceful granular green hardcoded healthy
heavy hidden hierarchical high historical hot huge idempotent identical idle immutable implicit
inactive incoming incomplete incremental independent indirect inefficient initial inline inner
insecure intermediate internal invalid isolated large late latent lazy legacy lightweight linear
live local logical long loose low main malformed managed manual matching maximum mutable
minimal missing mixed modular monotonic multiple mutable native nested new noisy nominal
non-blocking normal noticeable nullable numeric obsolete offline old online opaque optional
orphaned outbound outdated outer overlapping parallel parent partial passive pending periodic
persistent physical plain pluggable portable predictable preferred primary private public
qualified quick random raw readable readonly recent recursive redundant regional relative
reliable remote repeated required resilient restricted reusable robust root safe scalable
scheduled scoped secondary secure semantic sensitive sequential serial shallow shared short
silent similar simple single slow small sparse specific stable stale standard static strict
structured subtle successful sufficient supported suspicious synchronous temporary terse thin
tight transient transparent trivial trusted typed unbounded unknown unreachable unsafe unsorted
unstable unused upstream urgent valid verbose virtual visible volatile warm weak wide
`;

const toolText = `
git github gitlab bitbucket docker podman kubernetes helm kustomize terraform pulumi ansible
chef puppet vagrant packer nomad consul vault etcd zookeeper kafka rabbitmq nats redis memcached
postgres mysql mariadb sqlite mongodb cassandra scylla clickhouse duckdb snowflake bigquery
redshift athena presto trino spark flink beam airflow dagster prefect luigi dbt pandas polars
numpy scipy pytorch tensorflow jax onnx triton cuda nginx haproxy envoy traefik caddy apache
istio linkerd prometheus grafana loki tempo jaeger zipkin opentelemetry datadog sentry pagerduty
opsgenie splunk elasticsearch opensearch kibana logstash fluentd fluentbit vector graphite
influxdb timescaledb victoriametrics webpack vite rollup esbuild parcel turbopack babel swc tsc
eslint prettier biome stylelint jest vitest mocha playwright cypress puppeteer selenium storybook
react vue svelte angular solid nextjs nuxt remix astro gatsby express fastify koa nestjs django
flask fastapi rails sinatra laravel symfony spring quarkus micronaut gin echo fiber actix axum
rocket tokio serde cargo rustup clippy npm pnpm yarn bun deno node pip poetry uv conda pyenv
virtualenv ruff mypy pyright black isort pytest tox nox gradle maven sbt bazel buck pants ninja
cmake meson make autoconf clang gcc llvm gdb lldb valgrind perf strace ltrace tcpdump wireshark
curl wget httpie jq yq sed awk grep ripgrep fzf tmux vim neovim emacs vscode xcode
android gradlew fastlane cocoapods carthage homebrew apt dnf pacman nix flatpak snap systemd
launchd cron bash zsh fish powershell openssl letsencrypt certbot oauth saml ldap keycloak auth0
okta stripe twilio sendgrid mailgun slack discord jira confluence notion linear figma sketch
openapi graphql grpc protobuf thrift avro parquet arrow orc json yaml toml csv xml markdown
latex pandoc mermaid graphviz plantuml s3 gcs azure lambda cloudrun ec2 ecs eks gke aks fargate
cloudflare fastly akamai vercel netlify heroku flyio render supabase firebase
`;

const words = (text: string): string[] => text.trim().split(/\s+/);

const irregularPlural: Record<string, string> = { index: 'indexes', matrix: 'matrices', vertex: 'vertices', datum: 'data', criterion: 'criteria', schema: 'schemas' };
const doubled = new Set(['map', 'ship', 'plan', 'log', 'tag', 'pin', 'drop', 'strip', 'wrap', 'scan', 'skip', 'stop', 'grep', 'trim', 'set', 'run', 'swap', 'submit', 'commit', 'plot', 'dump', 'stub', 'chop', 'step', 'zip']);

function plural(noun: string): string {
	if (irregularPlural[noun]) {
		return irregularPlural[noun];
	}
	if (/(?:s|x|z|ch|sh)$/.test(noun)) {
		return noun + 'es';
	}
	if (/[^aeiou]y$/.test(noun)) {
		return noun.slice(0, -1) + 'ies';
	}
	return noun + 's';
}

function thirdPerson(verb: string): string {
	return plural(verb);
}

function stemFor(verb: string): string {
	if (doubled.has(verb) && !/(?:mp|ck)$/.test(verb)) {
		return verb + verb[verb.length - 1];
	}
	return verb;
}

function gerund(verb: string): string {
	if (/[^e]e$/.test(verb) && !verb.endsWith('ee')) {
		return verb.slice(0, -1) + 'ing';
	}
	return stemFor(verb) + 'ing';
}

function past(verb: string): string {
	if (verb.endsWith('e')) {
		return verb + 'd';
	}
	if (/[^aeiou]y$/.test(verb)) {
		return verb.slice(0, -1) + 'ied';
	}
	return stemFor(verb) + 'ed';
}

export interface Verb {
	base: string;
	third: string;
	gerund: string;
	past: string;
}

export const nouns: readonly string[] = words(nounText);
export const pluralNouns: readonly string[] = nouns.map(plural);
export const verbs: readonly Verb[] = words(verbText).map(base => ({ base, third: thirdPerson(base), gerund: gerund(base), past: past(base) }));
export const adjectives: readonly string[] = words(adjectiveText);
export const tools: readonly string[] = words(toolText);

/** Every distinct word of the bank, for the record. */
export function bankSize(): number {
	return new Set([...nouns, ...pluralNouns, ...verbs.flatMap(verb => [verb.base, verb.third, verb.gerund, verb.past]), ...adjectives, ...tools]).size;
}
