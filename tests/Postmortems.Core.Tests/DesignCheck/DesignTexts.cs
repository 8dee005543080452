namespace Postmortems.Core.Tests.DesignCheck;

/// <summary>
/// A design text as an engineer writes it before a change, and the past incidents that should come up for it.
/// </summary>
/// <param name="Seed">Incidents in content/ that should come up: each was read and is about the same risk.</param>
/// <param name="Corpus">Incidents of ../shared/corpus (by the id the importer gives them) that should come up.</param>
public sealed record DesignText(string Name, string Text, IReadOnlyList<string> Seed, IReadOnlyList<string> Corpus)
{
    public IEnumerable<string> All => Seed.Concat(Corpus);

    public override string ToString() => Name;
}

/// <summary>
/// The judged set the acceptance of the design check is measured on. The texts were written first, in the words a
/// design doc or pull request uses (not the incidents' words); the expected incidents were then chosen by reading the
/// seed incidents and the public archives (found by topic with grep, judged by reading their summaries and bodies):
/// an incident is expected when it failed through the same mechanism the change risks.
/// </summary>
public static class DesignTexts
{
    public static readonly IReadOnlyList<DesignText> All =
    [
        new("schema migration on a big table",
            """
            # Add fulfilment_region to orders

            We need a `fulfilment_region` column on the `orders` table (about 450M rows, Postgres 15) so the routing
            service can stop joining through `warehouses` on every request. Plan: an `ALTER TABLE orders ADD COLUMN
            fulfilment_region text NOT NULL DEFAULT 'eu'`, then a backfill job that sets the real region for historic
            orders, then `CREATE INDEX` on (fulfilment_region, created_at). The migration runs from the deploy pipeline
            like our other Flyway migrations.

            The backfill updates every row, so we'll run it in the evening. Rollback is dropping the column. Tested on
            the staging database, where the migration took 2 seconds.
            """,
            ["2025-01-21-orders-migration-table-rewrite-lock", "2025-10-14-unbatched-backfill-replica-lag"],
            ["2019-07-08-15-seconds-of-api-downtime-during-postgresql-migration",
             "2021-11-27-github-november-2021-availability-incident-due-to-mysql-sche",
             "2025-04-09-incident-io-database-outage-due-to-pgaudit",
             "2012-09-10-github-com-availability-issues-in-september-2012"]),

        new("a new retry policy",
            """
            ## Retries for the shipping-rates client

            Checkout calls the carrier rates API synchronously and about 0.3% of calls fail with 503 or time out
            after 2s, which shows up as failed checkouts. This PR wraps the HTTP client in a Polly retry policy: up
            to 4 retries on 5xx, 429 and timeouts, with a fixed 200 ms delay, applied in every checkout pod (40 pods
            at peak). The same policy is registered for the address-validation client.

            We don't expect extra load because failures are rare. Unit tests cover the policy with a mocked handler.
            """,
            ["2025-08-26-tax-client-retry-storm", "2025-07-10-push-campaign-rate-limit-suspension"],
            ["2013-04-27-spotify-popcount-service-outage-of-april-2013",
             "summary-of-the-amazon-dynamodb-service-disruption-and-relate",
             "2017-03-20-discord-connectivity-issues-march-2017",
             "2021-12-07-aws-us-east-1-internal-network-congestion-on-december-7-2021",
             "2017-03-16-square-service-disruption-of-march-16-2017"]),

        new("a config rollout to all regions",
            """
            # Central edge config, pushed everywhere

            Today each region's edge proxies read routing and rate-limit rules from a file baked into the image, so a
            rule change means a full redeploy per region. We'll move the rules into the config service: an engineer
            edits the YAML in the admin UI, it is validated against the JSON schema, and the config service pushes it
            to every edge node in all regions within about 30 seconds. Nodes reload the rules without restarting.

            This makes rule changes fast and consistent across regions. The schema check catches typos.
            """,
            ["2026-07-09-terraform-rate-limit-copy-paste"],
            ["2025-06-12-global-google-cloud-api-outage-due-to-service-control-null-p",
             "2014-01-24-google-logged-in-services-outage-due-to-incorrect-configurat",
             "2019-07-02-cloudflare-global-outage-on-july-2-2019",
             "2025-11-18-cloudflare-systemwide-outage-november-18-2025",
             "2024-07-19-crowdstrike-falcon-content-update-incident-of-july-2024",
             "2021-06-08-fastly-global-outage-of-june-8-2021",
             "2013-03-03-cloudflare-global-outage-due-to-router-configuration-error",
             "2018-11-21-amazon-ec2-dns-resolution-issues-in-ap-northeast-2",
             "2020-09-24-datadog-us-region-infrastructure-connectivity-issue"]),

        new("a Kubernetes upgrade",
            """
            ## EKS 1.29 to 1.31 for the production clusters

            We're two minor versions behind and 1.29 leaves standard support in March. The plan is the usual one: bump
            the control plane one minor version at a time with Terraform, then roll the managed node groups onto the
            new AMI, then update the add-ons (CoreDNS, kube-proxy, vpc-cni) and our Helm charts for the ingress
            controller and cert-manager. We did the same on the staging cluster last week and everything came up.

            Some APIs were removed between these versions; `kubectl convert` didn't flag any of our manifests.
            """,
            ["2025-02-18-k8s-125-upgrade-silent-cronjobs"],
            ["2020-02-03-coredns-upgrade-issue",
             "2023-03-14-circleci-jobs-not-starting-due-to-kubernetes-networking-fail",
             "reddit-outage-for-over-5-hours-when-a-critical-kubernetes-cl",
             "2022-10-29-bad-aws-eks-ami",
             "2020-11-17-kiam-service-disruption-due-to-upgrade",
             "2024-04-09-pods-not-able-to-start-while-being-moved-to-new-nodes-during"]),

        new("certificate rotation",
            """
            # Automate rotation of the internal mTLS certificates

            Service-to-service calls between payments, ledger and the bank gateway use mutual TLS with certificates we
            issue by hand from the internal CA, valid for one year. We'll install cert-manager with the internal CA as
            an issuer, issue 90-day certificates, and renew them 30 days before they lapse. Services will pick up the
            new certificate from the mounted secret on their next restart.

            The CA's own root and intermediate stay as they are for now.
            """,
            ["2025-09-16-ledger-mtls-cert-expiry"],
            ["2019-05-04-firefox-add-ons-outage-due-to-certificate-expiration",
             "2021-03-31-adfs-outage",
             "2020-01-21-kiam-service-disruption",
             "2012-02-29-windows-azure-service-disruption-on-feb-29th-2012"]),

        new("a cache in front of a service",
            """
            ## Read-through cache for product pricing

            The pricing service is at 70% CPU at peak and most requests ask for the same few thousand SKUs. We'll
            put a Redis read-through cache in front of it: the catalog API asks Redis first, and on a miss calls
            pricing and stores the answer for 10 minutes. On each deploy of pricing we clear the keys so no old
            prices are served. The cache cluster is three nodes, and if Redis is down the API calls pricing directly.
            """,
            ["2025-05-08-redis-flush-cache-stampede", "2025-12-03-cdn-stale-bundle-cart-api-contract"],
            ["2022-02-22-slack-s-incident-on-2-22-22",
             "2017-03-20-discord-connectivity-issues-march-2017",
             "2022-09-08-honeycomb-ingest-system-outage-shepherd-cache-delays"]),

        new("a DNS change",
            """
            # Move api.example.com to the new load balancer

            The new NLB in front of the API is ready and tested through its own hostname. To switch traffic we'll
            change the CNAME of api.example.com in Route 53 to point at the new load balancer, and after a week
            delete the old ELB. We'll do it on a Tuesday morning and watch the dashboards for an hour.
            """,
            ["2025-04-15-dns-cutover-24h-ttl-dead-vip"],
            ["2014-01-08-github-dns-outage-on-january-8-2014",
             "2021-12-15-pagerduty-on-december-15th-2021-at-00-17-utc-we-deployed-a-d",
             "2024-10-11-github-dns-infrastructure-failure-and-service-degradation-on",
             "2018-11-21-amazon-ec2-dns-resolution-issues-in-ap-northeast-2"]),

        new("a connection pool change",
            """
            ## PgBouncer in front of the orders database

            We keep running into the database's connection limit when the checkout and orders services scale out,
            each pod opening its own pool of 20 connections. This change puts PgBouncer in transaction mode between
            the services and Postgres, lowers each service's pool to 5, and sets the pool size from a new
            environment variable `DB_POOL_SIZE` instead of the hard-coded value. Local dev keeps connecting directly.
            """,
            ["2024-12-02-checkout-pool-env-var-rename", "2025-04-08-scram-verifier-broke-login"],
            ["2023-04-20-incident-io-intermittent-database-connection-pool-timeouts",
             "2022-03-16-github-mysql1-cluster-repeated-service-disruptions-march-202",
             "2019-03-26-circleci-workflow-delay-incidents-march-26-april-10-2019",
             "2023-09-26-incident-io-gke-dataplane-v2-anetd-cpu-saturation-causes-con"]),

        new("read replicas and failover",
            """
            # Send reads to replicas, and a standby in a second zone

            To take load off the primary we'll route read-only queries (reports, order history, search sync) to two
            read replicas, chosen by the data-access layer based on a `readOnly` flag on the repository method. We'll
            also enable a synchronous standby in another availability zone so a primary failure fails over
            automatically. Writes keep going to the primary endpoint.
            """,
            ["2025-11-04-us-east-writes-hit-read-replica", "2025-10-14-unbatched-backfill-replica-lag"],
            ["2018-10-21-github-october-2018-service-degradation-due-to-mysql-failove",
             "2019-12-01-razorpay-rds-multi-az-failover-and-data-loss-in-december-201",
             "2012-09-10-github-com-availability-issues-in-september-2012",
             "2022-03-16-github-mysql1-cluster-repeated-service-disruptions-march-202",
             "2013-03-07-kickstarter-mysql-replication-failure"]),

        new("a feature behind a flag in a new region",
            """
            ## Launch self-serve returns in the APAC region

            Returns are built and hidden behind the `returns-self-serve` feature flag. For the APAC launch we'll
            deploy the same build to the new region, create the flag environment for it, and turn the flag on for
            5% of accounts, then 100% over a week. The mobile apps read flags through the flag SDK, which falls
            back to the defaults bundled in the app when it can't reach the flag service.
            """,
            ["2026-04-14-refund-flag-default-on"],
            ["2025-09-29-posthog-feature-flags-service-outage-september-29-2025",
             "2025-10-21-posthog-feature-flags-service-multiple-outages-october-2025",
             "2024-02-28-decide-is-down",
             "2012-08-01-knight-capital-smars-deployment-incident"]),

        new("a dependency upgrade",
            """
            # Renovate: auto-merge minor and patch bumps

            We spend hours a week merging dependency bumps. This turns on Renovate auto-merge for minor and patch
            versions of npm and NuGet packages when CI is green, groups them weekly, and rebuilds the service base
            images from the latest upstream tags every night. Major versions still need a review.
            """,
            ["2025-09-16-json-date-format-ios-crash"],
            ["2025-11-24-post-mortem-of-shai-hulud-attack-on-november-24th-2025",
             "2018-07-12-malicious-packages-published-to-npm",
             "2022-03-07-node-ipc-incident-response",
             "2021-02-15-flux-unintended-version-update",
             "2022-10-29-bad-aws-eks-ami"]),

        new("a nightly job moved to UTC containers",
            """
            ## Move settlement and payout jobs to Kubernetes CronJobs

            The nightly settlement run and the seller payout cut-off run from crontab on an old VM in Amsterdam. We'll
            move both to Kubernetes CronJobs scheduled at the same wall-clock times, in the cluster's default
            time zone, with concurrencyPolicy Forbid. The jobs compute "yesterday" from the current date.
            """,
            ["2025-11-02-dst-double-billing-run", "2026-01-12-payout-cutoff-server-timezone",
             "2026-10-31-invoice-due-date-month-end", "2025-02-18-k8s-125-upgrade-silent-cronjobs"],
            []),

        new("capacity for a traffic peak",
            """
            # Black Friday capacity plan for orders

            Marketing expects 6x normal order traffic during the Black Friday week, with an email campaign going out
            at 09:00 on the Thursday. The order workers scale on queue depth with the HPA; we'll raise the node group
            maximum and pre-scale the API the night before. The database is sized for 3x today's peak.
            """,
            ["2026-11-20-campaign-spike-hpa-max-replicas", "2024-12-02-checkout-pool-env-var-rename"],
            ["2018-02-03-fortnite-service-outages-of-february-3-4-2018",
             "2019-08-29-zerodha-order-management-system-overload-on-august-29-2019",
             "2016-08-22-buildkite-outage-of-august-22nd-2016"]),

        new("removing an old API version",
            """
            ## Remove the v1 mobile API

            v1 of the mobile API was deprecated a year ago and v2 has been the default since app version 8.0. We'll
            delete the v1 routes and controllers on the announced sunset date, and return 410 Gone for any v1 path.
            Analytics show under 2% of sessions still on old app versions.
            """,
            ["2026-11-18-api-v2-sunset-crashed-old-apps", "2025-12-03-cdn-stale-bundle-cart-api-contract"],
            []),

        new("moving secrets to a secrets manager",
            """
            # Secrets from Vault instead of .env files

            Services currently get their secrets (database passwords, the JWT signing key, API keys) from .env files
            written by the CI pipeline into the image. We'll move them to Vault: each service reads its secrets at
            startup through the Vault agent sidecar, and the .env files go away. The names of the variables stay the
            same where we can.
            """,
            ["2025-02-11-empty-token-signing-key", "2024-12-10-web-image-shipped-source-and-env",
             "2024-12-02-checkout-pool-env-var-rename"],
            ["2018-07-31-homebrew-github-token-leak-from-jenkins"]),
    ];
}
